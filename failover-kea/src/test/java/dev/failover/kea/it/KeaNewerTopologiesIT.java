package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.it.RealKeaPair.Install;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
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
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Passive-backup with backup peers, and hub-and-spoke (two hot-standby relationships on one
 * server), created through the backend on three real Kea 2.6 or 3.0 servers (Debian's packages in
 * roots; 2.6 behind agents, 3.0 on its own HTTP sockets; every HA hook on a dedicated listener).
 * Kea runs what the SDK wrote: the servers reach the states of their roles.
 */
@DisplayName("passive-backup and hub-and-spoke through the backend on real Kea 2.6 and 3.0")
class KeaNewerTopologiesIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final ServerId A = ServerId.of("kea-a");
  private static final ServerId B = ServerId.of("kea-b");
  private static final ServerId C = ServerId.of("kea-c");
  private static final Subnet NORTH = Subnet.parse("10.86.0.0/24");
  private static final Subnet SOUTH = Subnet.parse("10.87.0.0/24");

  private static Failover failover(RealKeaPair servers) {
    Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, servers.hooksDirectory(),
        KeaBackend.OPTION_REQUEST_TIMEOUT, "PT30S");
    Inventory inventory = Inventory.of(server(servers, A, 1, options), server(servers, B, 2, options),
        server(servers, C, 3, options));
    return Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
  }

  private static Server server(RealKeaPair servers, ServerId id, int n, Map<String, String> options) {
    return Server.builder().id(id).vendor(Vendor.KEA).address("127.0.0.1").endpoint(servers.agentUrl(n))
        .options(options).build();
  }

  private static void seed(RealKeaPair servers, int n, Subnet subnet, long id) {
    Dhcp4Config config = servers.client(n).configGet();
    Scope scope = FailoverBackendContract.sampleScope(subnet.toString(), 2);
    scope = Scope.builder().from(scope).properties(ScopeProperties.builder().from(scope.properties()).id(id).build())
        .build();
    servers.client(n).configSet(config.withScope(scope));
  }

  private static JsonNode haEntry(RealKeaPair servers, int n, int entry) {
    return servers.client(n).configGet().highAvailability().get(entry);
  }

  private static KeaMultiThreading threads() {
    return KeaMultiThreading.builder().httpListenerThreads(2).httpClientThreads(2).build();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Install.class, names = {"ROOT_2_6", "ROOT_3_0"})
  @DisplayName("passive-backup with two backups: written on all three servers, the primary passive-backup, the backups backup")
  void passiveBackup(Install install) {
    try (RealKeaPair servers = RealKeaPair.builder().install(install).servers(3).start()) {
      Failover failover = failover(servers);
      seed(servers, 1, NORTH, 7);
      KeaHaSettings settings = KeaHaSettings.builder()
          .addPeer(KeaPeer.of(A, servers.peerUrl(1), ServerRole.PRIMARY))
          .addPeer(KeaPeer.of(B, servers.peerUrl(2), ServerRole.BACKUP))
          .addPeer(KeaPeer.of(C, servers.peerUrl(3), ServerRole.BACKUP))
          .syncTimeout(Duration.ofMillis(10_000)).multiThreading(threads()).build();
      Relationship r = Relationship.builder().name("passive").mode(FailoverMode.PASSIVE_BACKUP).primary(A).secondary(B)
          .settings(settings).addScope(NORTH).build();
      Plan plan = failover.plan(CreateRelationship.of(r));
      assertThat(plan.servers()).extracting(p -> p.server()).containsExactly(A, B, C);
      failover.apply(plan, ADMIN);

      for (int n = 1; n <= 3; n++) {
        JsonNode entry = haEntry(servers, n, 0);
        assertThat(entry.path("mode").asText()).isEqualTo("passive-backup");
        assertThat(entry.path("this-server-name").asText()).isEqualTo(List.of("kea-a", "kea-b", "kea-c").get(n - 1));
        assertThat(servers.client(n).configGet().subnet(NORTH)).as("server%d has the subnet", n)
            .hasValueSatisfying(s -> assertThat(s.json().path("id").asInt()).isEqualTo(7));
      }
      servers.awaitState(1, "passive-backup", RealKeaPair.STATE_TIMEOUT);
      servers.awaitState(2, "backup", RealKeaPair.STATE_TIMEOUT);
      servers.awaitState(3, "backup", RealKeaPair.STATE_TIMEOUT);
      for (ServerId id : List.of(A, B, C)) {
        assertThat(failover.state(id.value()).relationship(r.name())).as("read from %s", id)
            .hasValueSatisfying(read -> {
              assertThat(read.mode()).isEqualTo(FailoverMode.PASSIVE_BACKUP);
              assertThat(read.servers()).containsExactly(A, B, C);
            });
      }
      assertThat(failover.status("passive")).extracting(FailoverStatus::server).containsExactly(A, B, C);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Install.class, names = {"ROOT_2_6", "ROOT_3_0"})
  @DisplayName("hub-and-spoke: two hot-standby relationships on the hub, each subnet tagged with its own, both normal; one removed, the other runs on")
  void hubAndSpoke(Install install) {
    try (RealKeaPair servers = RealKeaPair.builder().install(install).servers(3).start()) {
      Failover failover = failover(servers);
      seed(servers, 1, NORTH, 1);
      seed(servers, 1, SOUTH, 2);
      // the hub needs a listener of its own in each relationship: its second one on another port
      Relationship north = hubRelationship("north", servers.peerUrl(1), B, servers.peerUrl(2));
      Relationship south = hubRelationship("south", secondListener(servers), C, servers.peerUrl(3));
      failover.apply(failover.plan(CreateRelationship.of(north)), ADMIN);
      failover.apply(failover.plan(CreateRelationship.of(south)), ADMIN);
      failover.apply(failover.plan(AddScope.of("north", NORTH.toString())), ADMIN);
      failover.apply(failover.plan(AddScope.of("south", SOUTH.toString())), ADMIN);

      Dhcp4Config hub = servers.client(1).configGet();
      assertThat(hub.highAvailability()).extracting(e -> e.path("this-server-name").asText())
          .containsExactly("hub-north", "hub-south");
      assertThat(hub.subnet(NORTH).orElseThrow().haServerName()).contains("hub-north");
      assertThat(hub.subnet(SOUTH).orElseThrow().haServerName()).contains("hub-south");
      assertThat(servers.client(2).configGet().subnet(NORTH).orElseThrow().haServerName()).contains("hub-north");
      assertThat(servers.client(3).configGet().subnet(SOUTH).orElseThrow().haServerName()).contains("hub-south");
      assertThat(servers.client(2).configGet().prefixes()).containsExactly(NORTH);
      assertThat(servers.client(3).configGet().prefixes()).containsExactly(SOUTH);

      awaitNormal(failover, "north");
      awaitNormal(failover, "south");
      assertThat(failover.status("north")).extracting(FailoverStatus::server).containsExactly(A, B);
      assertThat(failover.status("south")).extracting(FailoverStatus::server).containsExactly(A, C);
      assertThat(failover.state("kea-a").relationships()).hasSize(2);
      assertThat(failover.drift("north").isEmpty()).isTrue();
      assertThat(failover.drift("south").isEmpty()).isTrue();

      failover.apply(failover.plan(RemoveRelationship.of("north").keepScopesOn("kea-a", ScopeFate.DELETE)), ADMIN);
      assertThat(servers.client(1).configGet().highAvailability()).singleElement()
          .satisfies(e -> assertThat(e.path("this-server-name").asText()).isEqualTo("hub-south"));
      assertThat(servers.client(2).configGet().highAvailability()).isEmpty();
      servers.awaitAnswer(1, RealKeaPair.STATE_TIMEOUT);
      awaitNormal(failover, "south");
    }
  }

  private static Relationship hubRelationship(String name, URI hubUrl, ServerId spoke, URI spokeUrl) {
    KeaHaSettings settings = KeaHaSettings.builder()
        .addPeer(KeaPeer.builder().server(A).name("hub-" + name).url(hubUrl).role(ServerRole.PRIMARY).build())
        .addPeer(KeaPeer.of(spoke, spokeUrl, ServerRole.STANDBY))
        .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000))
        .maxAckDelay(Duration.ofMillis(1000)).syncTimeout(Duration.ofMillis(10_000)).multiThreading(threads())
        .build();
    return Relationship.builder().name(name).mode(FailoverMode.HOT_STANDBY).primary(A).secondary(spoke)
        .settings(settings).build();
  }

  /** A free loopback port for the hub's second HA listener, held by the pair as its own ports are. */
  private static URI secondListener(RealKeaPair servers) {
    return URI.create("http://127.0.0.1:" + servers.reservePort(false) + "/");
  }

  /** Polls the relationship's status until both servers are normal, at most {@link RealKeaPair#STATE_TIMEOUT}. */
  private static void awaitNormal(Failover failover, String relationship) {
    long deadline = System.nanoTime() + RealKeaPair.STATE_TIMEOUT.toNanos();
    Optional<List<CommonState>> last = Optional.empty();
    for (int polls = 0; polls < 1000 && System.nanoTime() < deadline; polls++) {
      try {
        List<CommonState> states = failover.status(relationship).stream().map(s -> s.local().common()).toList();
        if (states.stream().allMatch(s -> s == CommonState.NORMAL)) {
          return;
        }
        last = Optional.of(states);
      } catch (RuntimeException notYet) {
        last = Optional.empty();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(relationship + " is not normal on both servers within " + RealKeaPair.STATE_TIMEOUT
        + "; last: " + last.map(Object::toString).orElse("(no status)"));
  }
}
