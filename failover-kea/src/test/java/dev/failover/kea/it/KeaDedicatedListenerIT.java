package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.KeaBackend;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import dev.failover.state.KeaHaState;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A modern Kea pair: multi-threaded servers whose HA hooks listen on dedicated ports, so the
 * peers' URLs are not the control endpoints of the inventory, and inventory ids that are not the
 * peer names. Real Kea 2.2 on loopback; the SDK must match each peer to its server by that
 * server's own {@code this-server-name}.
 */
@DisplayName("a real Kea 2.2 pair with dedicated HA listeners and inventory ids that are not its peer names")
class KeaDedicatedListenerIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final ServerId EAST = ServerId.of("dhcp-east");
  private static final ServerId WEST = ServerId.of("dhcp-west");

  private static Inventory inventory(RealKeaPair pair) {
    Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, pair.hooksDirectory());
    return Inventory.of(
        Server.builder().id(EAST).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(1)).options(options)
            .build(),
        Server.builder().id(WEST).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(2)).options(options)
            .build());
  }

  @Test
  @DisplayName("a pair configured by hand is read from either server, each peer matched to its server, and its status is read")
  void handWrittenPairIsRead() {
    try (RealKeaPair pair = RealKeaPair.builder().mode(RealKeaPair.Mode.HOT_STANDBY).dedicatedListeners().start()) {
      assertThat(pair.peerUrl(1)).isNotEqualTo(pair.agentUrl(1));
      Inventory inventory = inventory(pair);
      KeaBackend backend = new KeaBackend();
      for (ServerId id : List.of(EAST, WEST)) {
        // a backend that has read nothing yet: it must ask the partner for its name
        ServerState state = new KeaBackend().read(inventory.require(id), inventory);
        assertThat(state.relationships()).as("read from %s", id).singleElement().satisfies(r -> {
          assertThat(r.name().value()).isEqualTo("server1");
          assertThat(r.primary()).isEqualTo(EAST);
          assertThat(r.secondary()).isEqualTo(WEST);
          KeaHaSettings kea = (KeaHaSettings) r.settings();
          assertThat(kea.peerFor(EAST)).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("server1"));
          assertThat(kea.peerFor(WEST)).hasValueSatisfying(p -> assertThat(p.url()).isEqualTo(pair.listenerUrl(2)));
          assertThat(kea.multiThreading()).hasValueSatisfying(mt -> assertThat(mt.httpDedicatedListener()).isTrue());
        });
      }
      Failover failover = Failover.builder().inventory(inventory).backends(backend).build();
      List<FailoverStatus> status = await(() -> {
        List<FailoverStatus> s = failover.status("server1");
        return s.stream().allMatch(x -> x.local() == KeaHaState.HOT_STANDBY) ? s : null;
      });
      assertThat(status).extracting(FailoverStatus::server).containsExactly(EAST, WEST);
      assertThat(failover.drift("server1").isEmpty()).isTrue();
    }
  }

  @Test
  @DisplayName("a relationship the SDK creates with dedicated listeners and its own peer names reaches hot-standby and reads back")
  void createdWithDedicatedListeners() {
    try (RealKeaPair pair = RealKeaPair.builder().dedicatedListeners().start()) {
      Inventory inventory = inventory(pair);
      KeaBackend backend = new KeaBackend();
      Failover failover = Failover.builder().inventory(inventory).backends(backend).build();
      ServerState east = backend.read(inventory.require(EAST), inventory);
      org.assertj.core.api.Assertions.assertThat(east.scopes()).isEmpty();
      seed(pair, 1, "10.81.0.0/24");
      KeaHaSettings settings = KeaHaSettings.builder()
          .addPeer(KeaPeer.builder().name("east-ha").server(EAST).url(pair.listenerUrl(1)).role(ServerRole.PRIMARY)
              .build())
          .addPeer(KeaPeer.builder().name("west-ha").server(WEST).url(pair.listenerUrl(2)).role(ServerRole.STANDBY)
              .build())
          .multiThreading(KeaMultiThreading.builder().enableMultiThreading(true).httpDedicatedListener(true)
              .httpListenerThreads(2).httpClientThreads(2).build())
          .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000))
          .maxAckDelay(Duration.ofMillis(1000)).syncTimeout(Duration.ofMillis(10_000)).build();
      Relationship r = Relationship.builder().name("modern").mode(FailoverMode.HOT_STANDBY).primary(EAST).secondary(WEST)
          .settings(settings).build();
      failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
      failover.apply(failover.plan(AddScope.of("modern", "10.81.0.0/24")), ADMIN);
      // a backend that has read nothing yet finds the pair from either side
      for (ServerId id : List.of(EAST, WEST)) {
        Relationship read = new KeaBackend().read(inventory.require(id), inventory).relationship(r.name()).orElseThrow();
        assertThat(read.primary()).isEqualTo(EAST);
        assertThat(read.secondary()).isEqualTo(WEST);
        assertThat(read.scopes()).containsExactly(Subnet.parse("10.81.0.0/24"));
      }
      await(() -> {
        List<FailoverStatus> s = failover.status("modern");
        return s.stream().allMatch(x -> x.local() == KeaHaState.HOT_STANDBY) ? s : null;
      });
      assertThat(failover.drift("modern").isEmpty()).isTrue();
    }
  }

  private static void seed(RealKeaPair pair, int n, String subnet) {
    var client = pair.client(n);
    var config = client.configGet();
    var scope = FailoverBackendContract.sampleScope(subnet, 2);
    scope = dev.failover.scope.Scope.builder().from(scope).properties(dev.failover.scope.ScopeProperties.builder()
        .from(scope.properties()).id(config.nextSubnetId()).build()).build();
    client.configSet(config.withScope(scope));
  }

  private static <T> T await(Supplier<T> probe) {
    Duration limit = Duration.ofSeconds(40);
    long deadline = System.nanoTime() + limit.toNanos();
    RuntimeException last = null;
    for (int polls = 0; polls < 2_000 && System.nanoTime() < deadline; polls++) {
      try {
        T found = probe.get();
        if (found != null) {
          return found;
        }
      } catch (BackendException e) {
        last = e;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("not reached within " + limit + (last == null ? "" : "; last error: " + last.getMessage()));
  }
}
