package dev.failover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Failover;
import dev.failover.audit.AuditEvent;
import dev.failover.audit.ImmutableAuditEvent;
import dev.failover.fleet.Fleet;
import dev.failover.fleet.FleetWatch;
import dev.failover.fleet.Problem;
import dev.failover.fleet.WatchEvent;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.spi.MeasuredBackend;
import dev.failover.state.CommonState;
import dev.failover.state.KeaHaState;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Metrics and watch events from a fake Kea pair through the real Kea backend")
class FailoverMetricsTest {

  private FakeKeaPair pair;
  private SimpleMeterRegistry registry;
  private FailoverMetrics metrics;
  private Failover failover;
  private FleetWatch watch;
  private final List<WatchEvent> events = new ArrayList<>();

  private static Server server(String id, FakeKeaServer fake) {
    return Server.builder().id(ServerId.of(id)).vendor(Vendor.KEA).address("127.0.0.1").endpoint(fake.url()).build();
  }

  @BeforeEach
  void setUp() {
    pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24", "10.1.0.100-10.1.0.200").start();
    pair.advance(Duration.ofSeconds(20));
    registry = new SimpleMeterRegistry();
    metrics = FailoverMetrics.bindTo(registry);
    Inventory inventory = Inventory.of(server("kea-a", pair.primary()), server("kea-b", pair.secondary()));
    failover = Failover.builder().inventory(inventory)
        .backends(MeasuredBackend.all(Backends.of(List.of(new KeaBackend())), metrics)).audit(metrics).build();
    watch = FleetWatch.builder(Fleet.builder(failover).timeout(Duration.ofSeconds(5)).build()).listener(metrics)
        .listener(events::add).build();
  }

  @AfterEach
  void tearDown() {
    watch.close();
    pair.close();
  }

  private String relationship() {
    return failover.state("kea-a").relationships().get(0).name().value();
  }

  private Gauge state(String server) {
    return registry.get(FailoverMetrics.STATE).tags("relationship", relationship(), "server", server).gauge();
  }

  @Test
  @DisplayName("the link between the partners is cut: a state change per server, the state gauges follow (code and tags), one series per server")
  void linkCut() {
    assertThat(watch.poll()).isEmpty();
    assertThat(state("kea-a").value()).isEqualTo(0.0);
    assertThat(state("kea-a").getId().getTag("state")).isEqualTo("hot-standby");
    assertThat(state("kea-a").getId().getTag("common")).isEqualTo("normal");
    assertThat(state("kea-a").getId().getTag("vendor")).isEqualTo("kea");
    assertThat(registry.get(FailoverMetrics.DRIFT).tag("relationship", relationship()).gauge().value()).isEqualTo(0.0);
    assertThat(registry.get(FailoverMetrics.ANSWERING).tag("server", "kea-b").gauge().value()).isEqualTo(1.0);

    pair.primary().makePartnerUnreachable();
    pair.advance(Duration.ofSeconds(30));
    List<WatchEvent> cut = watch.poll();
    assertThat(cut).extracting(WatchEvent::kind).containsOnly(WatchEvent.Kind.STATE_CHANGED);
    assertThat(cut).extracting(e -> e.server().orElseThrow().value()).contains("kea-a");
    assertThat(cut).filteredOn(e -> e.server().orElseThrow().value().equals("kea-a")).singleElement()
        .satisfies(e -> {
          assertThat(e.from()).contains(KeaHaState.HOT_STANDBY);
          assertThat(e.to()).contains(KeaHaState.PARTNER_DOWN);
          assertThat(e.message()).isEqualTo(relationship() + ": kea-a went from hot-standby to partner-down (PARTNER_DOWN)");
        });
    assertThat(state("kea-a").value()).isEqualTo(FailoverMetrics.code(CommonState.PARTNER_DOWN)).isEqualTo(2.0);
    assertThat(state("kea-a").getId().getTag("state")).isEqualTo("partner-down");
    assertThat(registry.find(FailoverMetrics.STATE).tags("server", "kea-a").gauges()).hasSize(1);
    assertThat(registry.get(FailoverMetrics.EVENTS).tag("kind", "state-changed").counter().count())
        .isEqualTo(cut.size());
  }

  @Test
  @DisplayName("a server taken off the network: unreachable, then reachable again; its gauges say no-answer (-1), 0 answering, drift unknown (NaN)")
  void serverOffTheNetwork() {
    watch.poll();
    pair.secondary().disconnect();
    List<WatchEvent> gone = watch.poll();
    assertThat(gone).filteredOn(e -> e.kind() == WatchEvent.Kind.UNREACHABLE).singleElement().satisfies(e -> {
      assertThat(e.server()).contains(ServerId.of("kea-b"));
      assertThat(e.problem().orElseThrow().kind()).isEqualTo(Problem.Kind.UNREACHABLE);
      assertThat(e.message()).startsWith("kea-b gives no answer (unreachable): ");
    });
    assertThat(registry.get(FailoverMetrics.ANSWERING).tag("server", "kea-b").gauge().value()).isEqualTo(0.0);
    assertThat(state("kea-b").value()).isEqualTo(-1.0);
    assertThat(state("kea-b").getId().getTag("state")).isEqualTo("no-answer");
    assertThat(registry.get(FailoverMetrics.DRIFT).tag("relationship", relationship()).gauge().value()).isNaN();

    pair.secondary().reconnect();
    assertThat(watch.poll()).extracting(WatchEvent::message).contains("kea-b answers again");
    assertThat(registry.get(FailoverMetrics.ANSWERING).tag("server", "kea-b").gauge().value()).isEqualTo(1.0);
  }

  @Test
  @DisplayName("drift appears when one partner's copy of the scope is edited behind the SDK's back, and the gauge counts it")
  void drift() {
    watch.poll();
    KeaClient client = KeaClient.builder(pair.secondary().url()).name("test").build();
    Dhcp4Config config = client.configGet();
    ObjectNode dhcp4 = config.dhcp4();
    ObjectNode subnet = (ObjectNode) dhcp4.withArray("subnet4").get(0);
    subnet.withArray("reservations").addObject().put("hw-address", "00:16:3e:00:00:09").put("ip-address", "10.1.0.9");
    client.configSet(Dhcp4Config.ofDhcp4(dhcp4));
    pair.advance(Duration.ofSeconds(20));
    List<WatchEvent> seen = watch.poll();
    assertThat(seen).filteredOn(e -> e.kind() == WatchEvent.Kind.DRIFT_APPEARED).singleElement()
        .satisfies(e -> assertThat(e.differences()).contains(1));
    assertThat(registry.get(FailoverMetrics.DRIFT).tag("relationship", relationship()).gauge().value()).isEqualTo(1.0);
  }

  @Test
  @DisplayName("backend requests are timed by server, operation and outcome")
  void requestTimers() {
    assertThat(watch.poll()).isEmpty();
    var read = registry.get(FailoverMetrics.REQUESTS)
        .tags("vendor", "kea", "server", "kea-a", "operation", "read", "outcome", "succeeded").timer();
    assertThat(read.count()).isEqualTo(1);
    assertThat(read.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.get(FailoverMetrics.REQUESTS).tags("server", "kea-b", "operation", "status").timer().count())
        .isEqualTo(1);
    pair.secondary().disconnect();
    watch.poll();
    assertThat(registry.get(FailoverMetrics.REQUESTS)
        .tags("server", "kea-b", "operation", "read", "outcome", "unreachable").timer().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("apply outcomes are counted by outcome, through the audit hook")
  void applies() {
    for (AuditEvent.Outcome o : List.of(AuditEvent.Outcome.SUCCEEDED, AuditEvent.Outcome.SUCCEEDED,
        AuditEvent.Outcome.ROLLED_BACK)) {
      metrics.onEvent((AuditEvent) ImmutableAuditEvent.builder().time(Instant.EPOCH).principal("alice")
          .operation("replicate relationship pair").planDigest("d").addServer(ServerId.of("kea-a")).outcome(o)
          .detail("").build());
    }
    assertThat(registry.get(FailoverMetrics.APPLIES).tag("outcome", "succeeded").counter().count()).isEqualTo(2.0);
    assertThat(registry.get(FailoverMetrics.APPLIES).tag("outcome", "rolled-back").counter().count()).isEqualTo(1.0);
  }
}
