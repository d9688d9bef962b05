package dev.failover.kea;

import dev.failover.errors.BackendException;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.HaRelationshipStatus;
import dev.failover.kea.client.HaRemoteServer;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaStatus;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.KeaHaState;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kea server's failover state: {@code status-get} and {@code ha-heartbeat} for the status, and
 * partner-down through {@code ha-maintenance-start}, the one way Kea can be told its partner is
 * down (see {@link #partnerDown}).
 */
final class KeaStatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(KeaStatusReader.class);
  private static final String MAINTENANCE_PARTNER_DOWN = "partner-down";

  private final KeaClients clients;
  private final Clock clock;

  KeaStatusReader(KeaClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  FailoverStatus status(Server server, Relationship relationship) {
    KeaClient client = clients.client(server);
    String own = ownName(server, relationship);
    KeaStatus status = client.statusGet();
    List<HaRelationshipStatus> all = status.highAvailability();
    if (all.isEmpty()) {
      throw new NotFoundException("Kea HA relationship", relationship.name().value(), "on server " + server.id()
          + " (status-get reports none: the HA hook is not loaded)");
    }
    HaRelationshipStatus ha = all.size() == 1 ? all.get(0) : all.stream()
        .filter(r -> r.local().serverName().filter(own::equals).isPresent()).findFirst()
        .orElseThrow(() -> new NotFoundException("Kea HA relationship", relationship.name().value(),
            "on server " + server.id() + " (no relationship in status-get has the local server name "
                + Texts.quoted(own) + ")"));
    HaHeartbeat beat = client.haHeartbeat(own);
    Instant now = clock.instant();
    var out = FailoverStatus.builder().relationship(relationship.name()).server(server.id())
        .local(state(server, ha.local().state())).observedAt(now);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("ha-mode", ha.haMode());
    details.put("role", ha.local().role());
    details.put("scopes", String.join(",", ha.local().scopes()));
    details.put("unsent-update-count", Long.toString(beat.unsentUpdateCount()));
    details.put("date-time", beat.dateTime());
    if (ha.remote().isPresent()) {
      HaRemoteServer remote = ha.remote().get();
      if (!remote.lastState().isEmpty()) {
        out.partner(state(server, remote.lastState()));
      }
      if (remote.inTouch()) {
        out.lastContact(now.minusSeconds(remote.age()));
      }
      details.put("partner-role", remote.role());
      details.put("partner-scopes", String.join(",", remote.lastScopes()));
      details.put("age", Long.toString(remote.age()));
      details.put("in-touch", Boolean.toString(remote.inTouch()));
      details.put("communication-interrupted", Boolean.toString(remote.communicationInterrupted()));
      details.put("unacked-clients", Long.toString(remote.unackedClients()));
      details.put("unacked-clients-left", Long.toString(remote.unackedClientsLeft()));
      details.put("connecting-clients", Long.toString(remote.connectingClients()));
      details.put("analyzed-packets", Long.toString(remote.analyzedPackets()));
    }
    details.replaceAll((k, val) -> Texts.printable(val) ? val : val.replaceAll("\\p{Cntrl}", "?"));
    return out.details(details).build();
  }

  private static FailoverState state(Server server, String name) {
    try {
      return KeaHaState.fromName(name);
    } catch (ValidationException e) {
      throw BackendException.transport(server.id().value(), "reports an HA state the SDK does not know: "
          + Texts.quoted(name), e);
    }
  }

  /**
   * Kea has no command that puts a server into {@code partner-down}: the HA hook goes there by
   * itself when its partner stops answering (after {@code max-response-delay}, and, unless
   * {@code max-unacked-clients} is 0, once enough clients went unanswered). The one way an
   * operator can tell it the partner is down is {@code ha-maintenance-start}: the server first
   * asks its partner to go {@code in-maintenance}, and when the partner does not answer (or its
   * agent cannot reach it) Kea moves the server to {@code partner-down} at once. This method
   * first reads the server's own view of its partner ({@code status-get}): while the server is in
   * touch with a partner that answers (its last heartbeat answered, in a state other than
   * {@code unavailable}), the partner is not down, and the request is refused
   * ({@link BackendException} of kind {@code REJECTED}) with nothing sent that changes either
   * server. Otherwise it sends {@code ha-maintenance-start}; a server already in
   * {@code partner-down} is left as it is. Should the partner answer Kea after all (it came back
   * between the read and the request), Kea moves the pair into maintenance instead, which this
   * method cancels again before refusing.
   */
  void partnerDown(Server server, Relationship relationship) {
    KeaClient client = clients.client(server);
    String own = ownName(server, relationship);
    HaHeartbeat beat = client.haHeartbeat(own);
    if (beat.state().equals(MAINTENANCE_PARTNER_DOWN)) {
      LOG.info("kea {}: already in partner-down", server.id());
      return;
    }
    ServerId partner = relationship.partnerOf(server.id());
    Optional<HaRemoteServer> remote = remoteOf(client.statusGet(), own);
    if (remote.isPresent() && partnerAnswers(remote.get())) {
      HaRemoteServer r = remote.get();
      throw BackendException.rejected(server.id().value(), partner + " still answers " + server.id() + " (" + server.id()
          + " is " + beat.state() + ", its partner " + partner + " is " + r.lastState() + ", last heard from "
          + r.age() + " s ago), so " + server.id() + " cannot be told its partner is down; nothing was sent."
          + " Kea moves to partner-down by itself when its partner stops answering; once " + partner
          + " is stopped or cut off, run partner-down again. For a planned takeover, put the pair in maintenance"
          + " instead (failover maintenance start).", "partner-reachable");
    }
    KeaAnswer answer = client.haMaintenanceStart();
    String after = client.haHeartbeat(own).state();
    if (after.equals(MAINTENANCE_PARTNER_DOWN)) {
      LOG.info("kea {}: partner-down ({})", server.id(), answer.text().orElse(""));
      return;
    }
    String cancelled;
    try {
      client.haMaintenanceCancel();
      cancelled = "; the maintenance Kea started instead was cancelled";
    } catch (BackendException e) {
      cancelled = "; cancelling the maintenance Kea started instead failed (" + e.serverMessage()
          + "): run failover maintenance cancel on " + server.id();
    }
    throw BackendException.rejected(server.id().value(), partner + " answered " + server.id() + ", so Kea did not move"
        + " to partner-down (it was " + beat.state() + ", Kea answered " + Texts.quoted(answer.text().orElse(""))
        + ", it is now " + after + ")" + cancelled + ". Kea moves to partner-down by itself when its partner stops"
        + " answering; for a planned takeover, put the pair in maintenance instead (failover maintenance start).",
        "partner-reachable");
  }

  /** The server's view of its partner in the relationship whose local server is {@code own}. */
  private static Optional<HaRemoteServer> remoteOf(KeaStatus status, String own) {
    List<HaRelationshipStatus> all = status.highAvailability();
    Optional<HaRelationshipStatus> ha = all.size() == 1 ? Optional.of(all.get(0)) : all.stream()
        .filter(r -> r.local().serverName().filter(own::equals).isPresent()).findFirst();
    return ha.flatMap(HaRelationshipStatus::remote);
  }

  /** Whether the server hears its partner: in touch, not interrupted, last seen in a state other than unavailable. */
  private static boolean partnerAnswers(HaRemoteServer remote) {
    return remote.inTouch() && !remote.communicationInterrupted() && !remote.lastState().isEmpty()
        && !remote.lastState().equals("unavailable");
  }

  static KeaHaSettings kea(Relationship relationship) {
    if (relationship.settings() instanceof KeaHaSettings kea) {
      return kea;
    }
    throw new ValidationException("relationship " + relationship.name(), List.of(new Violation("settings",
        relationship.vendor().displayName(), "must be Kea HA settings")));
  }

  /** The server's own peer name in the relationship ({@code this-server-name}). */
  static String ownName(Server server, Relationship relationship) {
    return kea(relationship).peerFor(server.id()).map(KeaPeer::name).orElseThrow(() -> new NotFoundException(
        "server", server.id().value(), "among the peers of Kea relationship " + relationship.name()));
  }
}
