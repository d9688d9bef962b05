package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaVersion;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The HTTP requests the SDK sends to a real Kea 2.2 pair through the facade, counted by a
 * pass-through ({@link CountingProxy}) in front of each Control Agent: the inventory's endpoints
 * are the proxies, the HA peers' URLs the agents themselves, so only the SDK's requests are
 * counted, each one as the agent received it.
 */
@DisplayName("requests the SDK sends to a real Kea 2.2 pair")
class KeaRequestCountIT {

  private static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final int SUBNETS = 20;
  private static final List<String> APPLY = List.of("config-get", "config-set", "config-write", "config-get");

  private RealKeaFixture fx;
  private CountingProxy toA;
  private CountingProxy toB;
  private Failover failover;

  @BeforeEach
  void open() {
    fx = new RealKeaFixture();
    toA = new CountingProxy(fx.pair().agentUrl(1));
    toB = new CountingProxy(fx.pair().agentUrl(2));
    Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, fx.pair().hooksDirectory(),
        KeaBackend.OPTION_REQUEST_TIMEOUT, "PT30S");
    Inventory inventory = Inventory.of(server(RealKeaFixture.A, toA.url(), options),
        server(RealKeaFixture.B, toB.url(), options));
    failover = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
  }

  private static Server server(ServerId id, URI endpoint, Map<String, String> options) {
    return Server.builder().id(id).vendor(Vendor.KEA).address("127.0.0.1").endpoint(endpoint).options(options).build();
  }

  @AfterEach
  void close() {
    try {
      toA.close();
      toB.close();
    } finally {
      fx.close();
    }
  }

  private void reset() {
    toA.reset();
    toB.reset();
  }

  @Test
  @DisplayName("create over 20 scopes: 1 + 5 to kea-a, 1 + 6 to kea-b; a replication: 1 + 0 to the source, 1 + 5 to the partner")
  void requestsPerPhase() {
    List<Scope> scopes = new ArrayList<>();
    for (int i = 0; i < SUBNETS; i++) {
      Scope s = FailoverBackendContract.sampleScope("10.90." + i + ".0/24", 3);
      scopes.add(Scope.builder().from(s).properties(ScopeProperties.builder().id(i + 1).build()).build());
    }
    KeaClient a = fx.client(RealKeaFixture.A);
    a.configSet(a.configGet().withScopes(scopes));
    Relationship pair = fx.relationship("counted", scopes.stream().map(Scope::subnet).toList());

    // create: the first contact detects the channel (version-get), then one config-get per server
    Plan create = failover.plan(CreateRelationship.of(pair));
    assertThat(toA.commands()).containsExactly("version-get", "config-get");
    assertThat(toB.commands()).containsExactly("version-get", "config-get");
    reset();
    failover.apply(create, ADMIN);
    List<String> first = new ArrayList<>(List.of("config-test"));
    first.addAll(APPLY);
    List<String> later = new ArrayList<>(List.of("config-get", "config-test"));
    later.addAll(APPLY);
    assertThat(toA.commands()).containsExactlyElementsOf(first);
    assertThat(toB.commands()).containsExactlyElementsOf(later);
    assertThat(fx.client(RealKeaFixture.B).configGet().prefixes()).hasSize(SUBNETS);

    // out of band: one reservation less on kea-b's copy of one scope
    Subnet changed = scopes.get(7).subnet();
    Scope onB = failover.state("kea-b").scope(changed).orElseThrow();
    fx.seed(RealKeaFixture.B, Scope.builder().from(onB).reservations(onB.reservations().subList(1, 3)).build());
    reset();

    Plan replicate = failover.plan(Replicate.relationship("counted").from("kea-a"));
    assertThat(replicate.servers()).singleElement().satisfies(part -> {
      assertThat(part.server()).isEqualTo(RealKeaFixture.B);
      assertThat(part.subnets()).containsExactly(changed);
    });
    assertThat(toA.commands()).containsExactly("config-get");
    assertThat(toB.commands()).containsExactly("config-get");
    reset();
    failover.apply(replicate, ADMIN);
    assertThat(toA.commands()).isEmpty();
    assertThat(toB.commands()).containsExactlyElementsOf(first).hasSizeLessThanOrEqualTo(5);
    Dhcp4Config b = fx.client(RealKeaFixture.B).configGet();
    assertThat(b.scope(changed)).isEqualTo(fx.client(RealKeaFixture.A).configGet().scope(changed));
    assertThat(failover.drift("counted").isEmpty()).isTrue();
  }

  @Test
  @DisplayName("a drift sends one config-get to each partner and nothing else, call after call")
  void driftReadsEachPartnerOnce() {
    Scope scope = FailoverBackendContract.sampleScope("10.92.0.0/24", 2);
    fx.seed(RealKeaFixture.A, scope);
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("read-once", List.of(scope.subnet())))), ADMIN);
    for (int call = 0; call < 2; call++) {
      reset();
      assertThat(failover.drift("read-once").isEmpty()).isTrue();
      assertThat(toA.commands()).as("drift %d, to kea-a", call).containsExactly("config-get");
      assertThat(toB.commands()).as("drift %d, to kea-b", call).containsExactly("config-get");
    }
  }

  @Test
  @DisplayName("the agent reports Kea 2.2.0 on detection, and a second relationship on kea-a is refused while planning, in an operator's words")
  void secondRelationshipRefusedOnKea22() {
    KeaVersion version = KeaClient.builder(toA.url()).build().channelVersion().orElseThrow();
    assertThat(version.text()).startsWith("2.2.");
    failover.apply(failover.plan(CreateRelationship.of(fx.relationship("first", List.of()))), ADMIN);
    String before = fx.client(RealKeaFixture.A).configGet().fingerprint();
    // a second relationship between the same two servers, each with its own peer names and its own
    // listener (127.0.0.2), as Kea >= 2.6 wants: only the version stands in its way
    KeaHaSettings settings = KeaHaSettings.builder()
        .addPeer(KeaPeer.builder().server(RealKeaFixture.A).name("kea-a-second")
            .url(URI.create(fx.pair().agentUrl(1).toString().replace("127.0.0.1", "127.0.0.2")))
            .role(ServerRole.PRIMARY).build())
        .addPeer(KeaPeer.builder().server(RealKeaFixture.B).name("kea-b-second")
            .url(URI.create(fx.pair().agentUrl(2).toString().replace("127.0.0.1", "127.0.0.2")))
            .role(ServerRole.STANDBY).build())
        .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000)).build();
    Relationship second = Relationship.builder().name("second").mode(FailoverMode.HOT_STANDBY)
        .primary(RealKeaFixture.A).secondary(RealKeaFixture.B).settings(settings).build();
    reset();
    assertThatThrownBy(() -> failover.plan(CreateRelationship.of(second))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("kea-a: relationships")
        .hasMessageContaining("runs Kea " + version.text() + ", whose HA hook takes exactly one per server")
        .hasMessageContaining("remove its relationship first, or pair the server with one partner only")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[A-Z][a-z]+[A-Z][A-Za-z]*\\.[a-z]+"));
    // planning read each server once and sent nothing else
    assertThat(toA.commands()).containsExactly("config-get");
    assertThat(toB.commands()).containsExactly("config-get");
    assertThat(fx.client(RealKeaFixture.A).configGet().fingerprint()).isEqualTo(before);
  }

  @Test
  @DisplayName("partner-down while the partner answers is refused after reads only: no ha-maintenance-start or -cancel reaches the healthy pair, and both stay hot-standby")
  void refusedPartnerDownSendsNothingThatChangesThePair() {
    Scope scope = FailoverBackendContract.sampleScope("10.91.0.0/24", 2);
    fx.seed(RealKeaFixture.A, scope);
    Relationship pair = fx.relationship("healthy", List.of(scope.subnet()));
    failover.apply(failover.plan(CreateRelationship.of(pair)), ADMIN);
    fx.pair().awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    fx.pair().awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    reset();

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> failover.partnerDown("healthy", "kea-a",
        ADMIN));
    // only reads reached kea-a (the relationship, its HA state, its view of kea-b), and nothing reached kea-b
    assertThat(toA.commands()).isNotEmpty().allMatch(c -> List.of("config-get", "status-get", "ha-heartbeat")
        .contains(c));
    assertThat(toB.commands()).isEmpty();
    assertThat(refused).isInstanceOfSatisfying(dev.failover.errors.BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(dev.failover.errors.BackendException.Kind.REJECTED);
      assertThat(e.serverMessage()).contains("kea-b still answers kea-a", "hot-standby", "nothing was sent");
    });
    assertThat(fx.client(RealKeaFixture.A).haHeartbeat().state()).isEqualTo("hot-standby");
    assertThat(fx.client(RealKeaFixture.B).haHeartbeat().state()).isEqualTo("hot-standby");
  }
}
