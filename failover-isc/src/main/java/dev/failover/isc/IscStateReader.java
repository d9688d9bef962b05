package dev.failover.isc;

import dev.failover.errors.BackendException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.CallReads;
import dev.failover.spi.Texts;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.isc.store.IscConfigSnapshot;
import dev.failover.isc.store.IscConfigStore;
import dev.failover.plan.IscPeer;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ISC server into a {@link ServerState}: its scopes are its subnet declarations; its
 * peers its {@code failover peer} declarations (dormant ones included); each peer is a
 * relationship with the inventory server at its {@code peer address}, its settings read from both
 * servers' declarations, its scopes the subnets whose pools refer to the peer (failover-isc/README.md).
 */
final class IscStateReader {

  private static final Logger LOG = LoggerFactory.getLogger(IscStateReader.class);

  private final IscStores stores;
  /** How many configurations this reader has read (each server's own and each partner's), for tests. */
  private final AtomicLong configurationsRead = new AtomicLong();

  IscStateReader(IscStores stores) {
    this.stores = stores;
  }

  private IscConfigSnapshot snapshot(Server server, CallReads reads) {
    return reads.once(server.id(), IscConfigSnapshot.class, () -> {
      configurationsRead.incrementAndGet();
      return stores.with(server, IscConfigStore::read);
    });
  }

  long configurationsRead() {
    return configurationsRead.get();
  }

  ServerState read(Server server, Inventory inventory) {
    return read(server, inventory, CallReads.forOneCall());
  }

  /** Reads the server and, for its relationships' settings, its partners: each configuration once per call. */
  ServerState read(Server server, Inventory inventory, CallReads reads) {
    IscConfigSnapshot snap = snapshot(server, reads);
    IscConfig config = snap.config();
    List<String> problems = new ArrayList<>();
    config.unreadable().forEach(e -> problems.add(e.getMessage()));
    Map<String, IscPeerStatement> statements = IscPartRenderer.statements(config, server.id().value());
    List<IscPeer> peers = IscPartRenderer.peers(config, statements, server.address(), problems);
    List<Scope> scopes = config.scopes();
    List<Relationship> relationships = new ArrayList<>();
    Map<dev.failover.server.ServerId, Optional<Map<String, IscPeerStatement>>> partners = new LinkedHashMap<>();
    for (IscPeer peer : peers) {
      try {
        relationships.add(relationship(server, inventory, peer, scopes, partners, reads));
      } catch (ValidationException e) {
        // one peer that cannot be a relationship does not hide the others: it is reported, the rest is read
        problems.add(config.location(peer.name()).map(l -> l + ": ").orElse("") + e.getMessage()
            + " (the peer is read, its relationship is left out until this is repaired)");
        LOG.warn("isc {}: {}", server.id(), e.getMessage());
      }
    }
    return ServerState.builder().server(server.id()).vendor(Vendor.ISC).fingerprint(snap.fingerprint())
        .scopes(scopes).peers(peers).relationships(relationships).problems(problems).build();
  }

  /** The subnets whose pools refer to the peer. */
  static Set<Subnet> coveredSubnets(Collection<Scope> scopes, String peer) {
    Set<Subnet> out = new TreeSet<>();
    for (Scope s : scopes) {
      for (Pool p : s.pools()) {
        if (p.failoverPeer().equals(Optional.of(peer))) {
          out.add(s.subnet());
          break;
        }
      }
    }
    return out;
  }

  private Relationship relationship(Server server, Inventory inventory, IscPeer peer, List<Scope> scopes,
      Map<dev.failover.server.ServerId, Optional<Map<String, IscPeerStatement>>> partners, CallReads reads) {
    String subject = "failover peer " + Texts.quoted(peer.name()) + " on " + server.id();
    RelationshipName name;
    try {
      name = RelationshipName.of(peer.name());
    } catch (ValidationException e) {
      throw new ValidationException(subject, e.violations());
    }
    IscPeerDeclaration mine = peer.declaration();
    List<Server> candidates = inventory.servers().stream()
        .filter(s -> s.vendor() == Vendor.ISC && !s.id().equals(server.id())
            && s.address().equalsIgnoreCase(mine.peerAddress()))
        .toList();
    if (candidates.size() != 1) {
      String known = inventory.servers().stream().filter(s -> s.vendor() == Vendor.ISC && !s.id().equals(server.id()))
          .map(s -> s.id() + " (" + s.address() + ")").collect(Collectors.joining(", "));
      throw new ValidationException(subject, List.of(new Violation("peerAddress", Texts.quoted(mine.peerAddress()),
          candidates.isEmpty() ? "must be the address of an ISC server in the inventory (ISC servers: "
              + (known.isEmpty() ? "none" : known) + ")"
              : "must be the address of exactly one ISC server in the inventory, not of " + candidates.stream()
                  .map(s -> s.id().value()).toList())));
    }
    Server partner = candidates.get(0);
    Optional<Map<String, IscPeerStatement>> declared = partners.computeIfAbsent(partner.id(), k -> partnerPeers(partner, reads));
    IscPeerDeclaration theirs = declared.flatMap(m -> partnerDeclaration(partner, m, peer.name()))
        .orElseGet(() -> IscPeerMapping.mirror(mine));
    boolean primary = mine.role() == ServerRole.PRIMARY;
    IscFailoverSettings settings;
    try {
      settings = primary ? IscFailoverSettings.fromDeclarations(mine, theirs)
          : IscFailoverSettings.fromDeclarations(theirs, mine);
    } catch (ValidationException e) {
      throw new ValidationException("failover peer " + Texts.quoted(peer.name()) + " declared on " + server.id()
          + " and " + partner.id() + " (field names: the primary's and the secondary's declaration)", e.violations());
    }
    int buckets = settings.primaryBuckets();
    FailoverMode mode = buckets == 0 || buckets == 256 ? FailoverMode.HOT_STANDBY : FailoverMode.LOAD_BALANCING;
    return Relationship.builder().name(name).mode(mode)
        .primary(primary ? server.id() : partner.id()).secondary(primary ? partner.id() : server.id())
        .settings(settings).scopes(coveredSubnets(scopes, peer.name())).build();
  }

  /** The partner's peers (declared and dormant), read once per read of a server; empty when unreadable. */
  private Optional<Map<String, IscPeerStatement>> partnerPeers(Server partner, CallReads reads) {
    try {
      return Optional.of(IscPartRenderer.statements(snapshot(partner, reads).config(), partner.id().value()));
    } catch (BackendException | ValidationException e) {
      LOG.warn("cannot read the configuration of partner {} ({}): its relationships are read from one side",
          partner.id(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The partner's declaration of the peer, when it declares it in a form the API holds. */
  private static Optional<IscPeerDeclaration> partnerDeclaration(Server partner, Map<String, IscPeerStatement> peers,
      String name) {
    IscPeerStatement s = peers.get(name);
    if (s == null) {
      LOG.debug("{} declares no failover peer {}: its settings are read from one side", partner.id(), name);
      return Optional.empty();
    }
    try {
      return Optional.of(IscPeerMapping.toDeclaration(s, partner.address()));
    } catch (ValidationException e) {
      LOG.warn("the failover peer {} of partner {} cannot be read ({}): its settings are read from one side", name,
          partner.id(), e.getMessage());
      return Optional.empty();
    }
  }

}
