package dev.failover.isc;

import dev.failover.errors.BackendException;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.isc.store.IscConfigStore;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An ISC server's failover state over OMAPI: {@code failover-state}, and partner-down. */
final class IscStatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(IscStatusReader.class);

  private final IscStores stores;
  private final Clock clock;

  IscStatusReader(IscStores stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
  }

  OmapiFailoverState failoverState(Server server, String peer) {
    stores.requireOpen();
    IscServerOptions settings = IscServerOptions.of(server);
    try (OmapiClient client = OmapiClient.connect(settings.omapi())) {
      return client.failoverState(peer);
    } catch (BackendException e) {
      throw dormantOr(server, settings, peer, e);
    }
  }

  FailoverStatus status(Server server, Relationship relationship) {
    requireIsc(server, relationship);
    OmapiFailoverState s = failoverState(server, relationship.name().value());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("hierarchy", s.role().name().toLowerCase(java.util.Locale.ROOT));
    details.put("mclt", String.valueOf(s.mclt().getSeconds()));
    details.put("max-response-delay", String.valueOf(s.maxResponseDelay().getSeconds()));
    s.loadBalanceMaxSeconds().ifPresent(d -> details.put("load-balance-max-secs", String.valueOf(d.getSeconds())));
    s.loadBalanceHba().ifPresent(h -> details.put("load-balance-hba", h));
    details.put("max-outstanding-updates", String.valueOf(s.maxOutstandingUpdates()));
    details.put("cur-unacked-updates", String.valueOf(s.currentUnackedUpdates()));
    details.put("local-port", String.valueOf(s.localPort()));
    details.put("partner-port", String.valueOf(s.partnerPort()));
    details.put("skew", String.valueOf(s.skew().getSeconds()));
    details.put("local-stos", s.localStateSince().toString());
    details.put("partner-stos", s.partnerStateSince().toString());
    s.lastPacketSent().ifPresent(t -> details.put("last-packet-sent", t.toString()));
    Optional<Instant> lastContact = s.lastTimestampReceived();
    return FailoverStatus.builder().relationship(relationship.name()).server(server.id()).local(s.localState())
        .partner(s.partnerState()).observedAt(clock.instant()).lastContact(lastContact).details(details).build();
  }

  void partnerDown(Server server, Relationship relationship) {
    requireIsc(server, relationship);
    stores.requireOpen();
    IscServerOptions settings = IscServerOptions.of(server);
    String peer = relationship.name().value();
    try (OmapiClient client = OmapiClient.connect(settings.omapi())) {
      OmapiFailoverState before = client.forcePartnerDown(peer);
      LOG.info("isc {}: failover peer {} set to partner-down over OMAPI (it was {})", server.id(), peer,
          before.localState());
    } catch (BackendException e) {
      throw dormantOr(server, settings, peer, e);
    }
  }

  private static void requireIsc(Server server, Relationship relationship) {
    if (relationship.vendor() != Vendor.ISC || !relationship.involves(server.id())) {
      throw new ValidationException("relationship " + relationship.name(), List.of(new Violation("relationship",
          relationship.name().value(), "must be an ISC relationship of " + server.id())));
    }
  }

  /**
   * dhcpd answers "no object matches specification" for a peer it does not run; when the peer is
   * dormant in the configuration, say so.
   */
  private RuntimeException dormantOr(Server server, IscServerOptions settings, String peer, BackendException e) {
    if (e.kind() != BackendException.Kind.REJECTED || !e.serverCode().equals(Optional.of("ISC_R_NOTFOUND"))) {
      return e;
    }
    try {
      boolean dormant = stores.with(server, IscConfigStore::read).config().dormantPeers().stream()
          .anyMatch(p -> p.name().equals(peer));
      if (dormant) {
        NotFoundException n = new NotFoundException("failover state of peer", Texts.quoted(peer), "on " + server.id()
            + ": the peer is dormant (no pool refers to it yet, so dhcpd does not run it)");
        n.initCause(e);
        return n;
      }
    } catch (RuntimeException readFailure) {
      e.addSuppressed(readFailure);
    }
    return e;
  }
}
