package dev.failover.kea;

import dev.failover.kea.client.KeaAnswer;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.spi.ChangesState;
import java.time.Duration;
import java.util.List;

/**
 * Kea HA commands beyond the SDK's common operations, offered by the Kea backend as a vendor
 * extension:
 *
 * <pre>{@code
 * KeaMaintenance kea = failover.extension("kea-a", KeaMaintenance.class, alice).orElseThrow();
 * Server a = failover.inventory().require("kea-a");
 * kea.maintenanceStart(a);      // kea-a serves every client, its partner may be shut down
 * // ... maintenance of the partner ...
 * kea.maintenanceCancel(a);
 * }</pre>
 *
 * <p>Every method changes the server's state: through the facade, each call needs a DHCP
 * administrator and emits one audit event (asked for without a principal, the extension refuses
 * them). Each method sends one command to the server and returns Kea's answer; Kea's refusals are
 * {@link dev.failover.errors.BackendException}s with Kea's text and result code. Where a relationship
 * is asked for, its name for this server ({@code server-name}) is sent along: Kea 2.2 ignores
 * it (one relationship per server), Kea ≥ 2.6 uses it to pick the relationship.
 */
public interface KeaMaintenance {

  /**
   * {@return {@code ha-maintenance-start}, sent to the server that stays up: it moves to
   * {@code partner-in-maintenance} and serves every client, its partner to {@code in-maintenance}
   * (and may then be shut down)} When the partner does not answer, Kea moves this server to
   * {@code partner-down} at once instead. With several relationships (Kea ≥ 2.6) every partner
   * is notified.
   *
   * @param server the server that stays up
   */
  @ChangesState("ha-maintenance-start")
  KeaAnswer maintenanceStart(Server server);

  /**
   * {@return {@code ha-maintenance-cancel}: back from {@code partner-in-maintenance}, the partner too}
   *
   * @param server the server in {@code partner-in-maintenance}
   */
  @ChangesState("ha-maintenance-cancel")
  KeaAnswer maintenanceCancel(Server server);

  /**
   * {@return {@code ha-continue}: resumes the relationship's state machine where a {@code state-machine} pause stopped it}
   *
   * @param server the paused server
   * @param relationship the relationship
   */
  @ChangesState("ha-continue")
  KeaAnswer haContinue(Server server, Relationship relationship);

  /**
   * {@return {@code ha-sync}: fetches the partner's leases into the server (one way: leases only the
   * server has are kept), its partner's DHCP service paused at most {@code maxPeriod} (whole
   * seconds; null leaves Kea's default)}
   *
   * @param server the server that fetches the leases
   * @param relationship the relationship
   * @param maxPeriod the longest pause of the partner's service; null for Kea's default
   */
  @ChangesState("ha-sync")
  KeaAnswer haSync(Server server, Relationship relationship, Duration maxPeriod);

  /**
   * {@return {@code ha-scopes}: the HA scopes (peer names) the server serves from now on; an empty list
   * serves none} Kea warns that this can make both servers answer the same clients.
   *
   * @param server the server
   * @param relationship the relationship
   * @param scopes the peer names whose scopes it serves
   */
  @ChangesState("ha-scopes")
  KeaAnswer haScopes(Server server, Relationship relationship, List<String> scopes);
}
