package dev.failover.kea;

import dev.failover.errors.ConflictException;
import dev.failover.errors.NotFoundException;
import dev.failover.ProgressListener;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kea backend: Kea DHCPv4 servers with the High Availability hook, managed through their
 * HTTP control channel ({@link KeaClient}: the Control Agent of Kea 2.2–2.6 or the server's own
 * socket of Kea ≥ 3.0, detected). Its parts, one per role as in every backend
 * (docs/architecture.md): {@code KeaServerOptions} (the inventory options below),
 * {@code KeaStateReader} ({@code config-get} into a {@link ServerState}), {@code KeaPartRenderer}
 * (a part into Kea's JSON, reviewed for the server's version), {@code KeaCommitter} ({@code
 * config-test}, {@code config-set} and {@code config-write} under the fingerprint guard: a part
 * whose server changed meanwhile is a {@link ConflictException}), {@code KeaStatusReader}
 * ({@code status-get}, partner-down), and {@code KeaClients} (one client per server, the
 * configuration last read). failover-kea/README.md describes what each does on the server.
 *
 * <p>Options ({@link Server#options()}): {@value #OPTION_TLS_CA}, {@value #OPTION_TLS_CERT},
 * {@value #OPTION_TLS_PKCS8}, {@value #OPTION_CONNECT_TIMEOUT}, {@value #OPTION_REQUEST_TIMEOUT},
 * {@value #OPTION_HOOKS_DIRECTORY}, {@value #OPTION_HA_TRUST_ANCHOR}, {@value #OPTION_HA_CERT_FILE},
 * {@value #OPTION_HA_KEY_FILE}; any other is refused. Thread-safe; {@link #close} releases its HTTP
 * clients.
 */
public final class KeaBackend implements FailoverBackend, KeaMaintenance {

  /** Where Debian's Kea 2.2 packages install the hook libraries. */
  public static final String DEFAULT_HOOKS_DIRECTORY = KeaServerOptions.DEFAULT_HOOKS_DIRECTORY;
  /** Option: PEM file of the certificate authorities an {@code https} endpoint is trusted by. */
  public static final String OPTION_TLS_CA = KeaServerOptions.TLS_CA;
  /** Option: PEM file of the client certificate, for an endpoint that requires one. */
  public static final String OPTION_TLS_CERT = KeaServerOptions.TLS_CERT;
  /** Option: PEM file (PKCS #8, unencrypted) of the client certificate's private key. */
  public static final String OPTION_TLS_PKCS8 = KeaServerOptions.TLS_PKCS8;
  /** Option: time to open a connection (default 5 s). */
  public static final String OPTION_CONNECT_TIMEOUT = KeaServerOptions.CONNECT_TIMEOUT;
  /** Option: time for one request, answer included (default 60 s). */
  public static final String OPTION_REQUEST_TIMEOUT = KeaServerOptions.REQUEST_TIMEOUT;
  /** Option: directory of the hook libraries when the configuration names none (default Debian's). */
  public static final String OPTION_HOOKS_DIRECTORY = KeaServerOptions.HOOKS_DIRECTORY;
  /**
   * Option: this server's own {@code trust-anchor} for the HA entries the backend writes to it,
   * in place of the relationship's ({@link KeaHaSettings#trustAnchor()}); the same for
   * {@value #OPTION_HA_CERT_FILE} and {@value #OPTION_HA_KEY_FILE}. Read back, the relationship
   * shows its settings' values again.
   */
  public static final String OPTION_HA_TRUST_ANCHOR = KeaServerOptions.HA_TRUST_ANCHOR;
  /** Option: this server's own HA {@code cert-file} (see {@link #OPTION_HA_TRUST_ANCHOR}). */
  public static final String OPTION_HA_CERT_FILE = KeaServerOptions.HA_CERT_FILE;
  /** Option: this server's own HA {@code key-file} (see {@link #OPTION_HA_TRUST_ANCHOR}). */
  public static final String OPTION_HA_KEY_FILE = KeaServerOptions.HA_KEY_FILE;

  /**
   * {@return a client of the server's control channel made as this backend makes it: the inventory
   * entry's credential, TLS ({@value #OPTION_TLS_CA}, {@value #OPTION_TLS_CERT}, {@value #OPTION_TLS_PKCS8})
   * and time-outs} For tools that talk to an inventory's Kea server outside the facade (the move of
   * an ISC pair to Kea); the caller closes it.
   *
   * @param server a Kea server of the inventory
   * @throws dev.failover.errors.ValidationException when the server's options are unknown or malformed, each named
   */
  public static KeaClient client(Server server) {
    return KeaServerOptions.client(server);
  }

  private final KeaClients clients = new KeaClients();
  private final KeaStateReader reader = new KeaStateReader(clients);
  private final KeaCommitter committer = new KeaCommitter(clients);
  private final KeaStatusReader statuses;

  /** A backend on the system clock. */
  public KeaBackend() {
    this(Clock.systemUTC());
  }

  /**
   * A backend that stamps {@link FailoverStatus#observedAt()} with {@code clock}.
   *
   * @param clock stamps status reads
   */
  public KeaBackend(Clock clock) {
    this.statuses = new KeaStatusReader(clients, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public Vendor vendor() {
    return Vendor.KEA;
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    return reader.read(server, inventory);
  }

  /**
   * {@code config-get}, and the HA entries of the answer turned into relationships as {@link #read}
   * turns them; the subnets are matched by their prefixes only (no option, pool or reservation
   * mapped) and no fingerprint is computed.
   */
  @Override
  public List<Relationship> relationships(Server server, Inventory inventory) {
    return reader.relationships(server, inventory);
  }

  /**
   * The state of the configuration this backend last read from the server (by {@link #read}, or
   * the {@code config-get} that ends {@link #apply}) when its fingerprint is {@code fingerprint};
   * mapped again with {@code inventory}, no request sent.
   */
  @Override
  public Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    return reader.remembered(server, inventory, fingerprint);
  }

  /**
   * {@return the state of {@code server} as {@code config} describes it: what {@link #read} gives for a
   * server answering {@code config-get} with {@code config}, without a request}
   *
   * @param server the Kea server
   * @param inventory every server, for matching peers
   * @param config the server's configuration
   */
  public static ServerState state(Server server, Inventory inventory, Dhcp4Config config) {
    return KeaStateReader.state(server, inventory, config);
  }

  /**
   * Renders the part over the configuration it was planned from and reviews it as {@link #check}
   * would, without sending it: what the server's version or its HA hook would refuse is refused
   * now, and the HA hook's files are named in a warning.
   */
  @Override
  public List<Warning> review(Server server, ServerPlan part) {
    Dhcp4Config current = clients.lastRead(server, part.fingerprint()).orElseGet(() -> clients.configGet(server));
    return KeaPartRenderer.reviewed(server, clients.client(server), current, part).warnings();
  }

  /** Renders the part and sends it to {@code config-test}; whether the server still has its configuration is {@link #apply}'s to find out. */
  @Override
  public void check(Server server, ServerPlan part) {
    committer.check(server, part);
  }

  /** Commits the part under the fingerprint guard ({@code KeaCommitter}); returns the fingerprint read back. */
  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    return committer.apply(server, part, progress);
  }

  /**
   * {@return the configuration {@code current} becomes with the part's changes: what
   * {@link ServerState#apply} says the changes mean, written into Kea's JSON with every field the
   * SDK does not model kept}
   *
   * @param server the Kea server
   * @param current its configuration now
   * @param part its part of the plan
   */
  public static Dhcp4Config render(Server server, Dhcp4Config current, ServerPlan part) {
    return KeaPartRenderer.render(server, current, part);
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    return statuses.status(server, relationship);
  }

  /** Partner-down as Kea allows it: see failover-kea/README.md (refused while the partner still answers). */
  @Override
  public void partnerDown(Server server, Relationship relationship) {
    statuses.partnerDown(server, relationship);
  }

  @Override
  public KeaAnswer maintenanceStart(Server server) {
    return clients.client(server).haMaintenanceStart();
  }

  @Override
  public KeaAnswer maintenanceCancel(Server server) {
    return clients.client(server).haMaintenanceCancel();
  }

  @Override
  public KeaAnswer haContinue(Server server, Relationship relationship) {
    return clients.client(server).haContinue(KeaStatusReader.ownName(server, relationship));
  }

  @Override
  public KeaAnswer haSync(Server server, Relationship relationship, Duration maxPeriod) {
    ServerId partner = relationship.partnerOf(server.id());
    String name = KeaStatusReader.kea(relationship).peerFor(partner).map(KeaPeer::name)
        .orElseThrow(() -> new NotFoundException("peer", partner.value(), "in Kea relationship " + relationship.name()));
    return clients.client(server).haSync(name, maxPeriod);
  }

  @Override
  public KeaAnswer haScopes(Server server, Relationship relationship, List<String> scopes) {
    KeaStatusReader.ownName(server, relationship);
    return clients.client(server).haScopes(scopes);
  }

  /**
   * Closes every client this backend made: their HTTP clients and idle connections are released
   * and the configurations kept are forgotten. Closing again does nothing; a later request to a
   * Kea server through this backend fails, saying the backend is closed.
   */
  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "KeaBackend[" + clients.size() + " client(s)]";
  }
}
