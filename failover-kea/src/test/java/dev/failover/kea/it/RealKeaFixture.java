package dev.failover.kea.it;

import dev.failover.kea.KeaBackend;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.kea.KeaContractCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Kea pair on loopback (no hooks, no subnets) as {@code kea-a} and {@code kea-b}: the
 * host's 2.2 unless another {@link RealKeaPair.Install} is given. The inventory endpoints are the
 * servers' control URLs (the Control Agents; kea-dhcp4's own HTTP socket on 3.0); on 2.6 and 3.0
 * the contract's relationships name the servers' dedicated HA listeners as peer URLs, with
 * {@code multi-threading} spelled out (the SDK writes what the relationship says).
 * {@link #seed} writes a subnet with its own {@code config-get} / {@code config-set}, as an
 * operator would. The contract's relationships ({@link #relationship(String, List)}) are in the
 * fixture's mode: hot standby unless another is given.
 */
final class RealKeaFixture implements ContractFixture {

  static final ServerId A = ServerId.of("kea-a");
  static final ServerId B = ServerId.of("kea-b");

  private final RealKeaPair pair;
  private final Inventory inventory;
  private final KeaBackend backend = new KeaBackend();
  private final FailoverMode mode;
  /** Whether {@link #close()} stops the pair (else it only resets it, for the next fixture). */
  private final boolean ownsPair;
  /** The relationships' max-unacked-clients; empty: the SDK's default. */
  private java.util.OptionalLong maxUnackedClients = java.util.OptionalLong.empty();

  RealKeaFixture() {
    this(FailoverMode.HOT_STANDBY);
  }

  /** A pair whose contract relationships are in {@code mode}. */
  RealKeaFixture(FailoverMode mode) {
    this(mode, false);
  }

  /**
   * A pair whose contract relationships are in {@code mode}; with {@code dhcp}, both servers
   * answer DHCP on loopback ({@link RealKeaPair.Builder#dhcpOnLoopback()}).
   */
  RealKeaFixture(FailoverMode mode, boolean dhcp) {
    this(mode, dhcp, RealKeaPair.Install.HOST_2_2);
  }

  /** A pair of the given Kea whose contract relationships are in {@code mode}. */
  RealKeaFixture(FailoverMode mode, RealKeaPair.Install install) {
    this(mode, false, install);
  }

  /** A pair of the given Kea whose contract relationships are in {@code mode}; with {@code dhcp}, serving on loopback. */
  RealKeaFixture(FailoverMode mode, boolean dhcp, RealKeaPair.Install install) {
    this(startPair(dhcp, install), mode, true);
  }

  /**
   * A fixture over {@code pair}, a running pair started without HA, whose contract relationships
   * are in {@code mode}. {@link #close()} leaves the pair running as it started ({@link #reset()}),
   * so one pair serves every test of a class; the class stops it.
   */
  RealKeaFixture(RealKeaPair pair, FailoverMode mode) {
    this(pair, mode, false);
  }

  private static RealKeaPair startPair(boolean dhcp, RealKeaPair.Install install) {
    RealKeaPair.Builder b = RealKeaPair.builder().install(install);
    return (dhcp ? b.dhcpOnLoopback() : b).start();
  }

  private RealKeaFixture(RealKeaPair pair, FailoverMode mode, boolean ownsPair) {
    this.mode = mode;
    this.pair = pair;
    this.ownsPair = ownsPair;
    Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, pair.hooksDirectory(),
        KeaBackend.OPTION_REQUEST_TIMEOUT, "PT30S");
    inventory = Inventory.of(
        Server.builder().id(A).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(1)).options(options)
            .build(),
        Server.builder().id(B).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(2)).options(options)
            .build());
  }

  RealKeaPair pair() {
    return pair;
  }

  /** Server {@code id}'s number in the pair (1 or 2). */
  static int number(ServerId id) {
    return id.equals(A) ? 1 : 2;
  }

  KeaClient client(ServerId id) {
    return pair.client(number(id));
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  @Override
  public ServerId primary() {
    return A;
  }

  @Override
  public ServerId secondary() {
    return B;
  }

  @Override
  public KeaBackend backend() {
    return backend;
  }

  @Override
  public void seed(ServerId server, Scope scope) {
    KeaClient client = client(server);
    Dhcp4Config config = client.configGet();
    Scope withId = scope;
    if (scope.properties().id().isEmpty() && config.subnet(scope.subnet()).isEmpty()) {
      withId = Scope.builder().from(scope).properties(ScopeProperties.builder().from(scope.properties())
          .id(config.nextSubnetId()).build()).build();
    }
    client.configSet(config.withScope(withId));
  }

  @Override
  public ContractCapabilities capabilities() {
    return new KeaContractCapabilities();
  }

  @Override
  public Relationship relationship(String name, List<Subnet> scopes) {
    return relationship(name, mode, scopes, Duration.ofMillis(5000));
  }

  /** A relationship of the pair with 1 s heartbeats and the given max-response-delay. */
  Relationship relationship(String name, FailoverMode mode, List<Subnet> scopes, Duration maxResponseDelay) {
    ImmutableKeaHaSettings.Builder settings = KeaHaSettings.builder().from(KeaHaSettings.forPair(mode, A,
            pair.peerUrl(1), B, pair.peerUrl(2)))
        .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(maxResponseDelay)
        .maxAckDelay(Duration.ofMillis(1000)).syncTimeout(Duration.ofMillis(10_000));
    maxUnackedClients.ifPresent(settings::maxUnackedClients);
    if (pair.dedicatedListeners()) {
      settings.multiThreading(KeaMultiThreading.builder().httpListenerThreads(2).httpClientThreads(2).build());
    }
    return Relationship.builder().name(name).mode(mode).primary(A).secondary(B).settings(settings.build())
        .scopes(scopes).build();
  }

  /**
   * The relationships' {@code max-unacked-clients}: 0 makes a server go partner-down when its
   * partner stops answering for {@code max-response-delay} without DHCP traffic to judge by.
   */
  RealKeaFixture maxUnackedClients(long value) {
    this.maxUnackedClients = java.util.OptionalLong.of(value);
    return this;
  }

  /**
   * Puts the pair back as it started: a stopped kea-dhcp4 started again, then each server given
   * its starting configuration (no hooks, no subnets) and that configuration written to its file.
   */
  void reset() {
    for (int n = 1; n <= 2; n++) {
      if (!pair.running(n)) {
        pair.startDhcp4(n);
      }
    }
    for (int n = 1; n <= 2; n++) {
      KeaClient client = pair.client(n);
      client.configSet(Dhcp4Config.of(pair.dhcp4Config(n)));
      client.configWrite();
    }
  }

  @Override
  public void close() {
    if (ownsPair) {
      pair.close();
    } else {
      reset();
    }
  }
}
