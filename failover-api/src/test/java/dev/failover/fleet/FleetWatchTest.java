package dev.failover.fleet;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static dev.failover.plan.Fixtures.keaPair;
import static dev.failover.plan.Fixtures.lab;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.json.FailoverJson;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.server.Vendor;
import dev.failover.state.KeaHaState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A watch tells its listeners when a state changes, a server goes silent or answers, drift appears or clears")
class FleetWatchTest {

  private StubBackend kea;
  private Fleet fleet;

  @BeforeEach
  void setUp() {
    kea = new StubBackend(Vendor.KEA,
        state(KEA_A, Vendor.KEA, lab()).withRelationships(keaPair("10.2.0.0/24")),
        state(KEA_B, Vendor.KEA, lab()).withRelationships(keaPair("10.2.0.0/24")));
    kea.failoverStates.put(KEA_A, KeaHaState.HOT_STANDBY);
    kea.failoverStates.put(KEA_B, KeaHaState.HOT_STANDBY);
    Failover failover = Failover.builder().inventory(INVENTORY).backends(kea).build();
    fleet = Fleet.builder(failover).timeout(Duration.ofSeconds(5)).build();
  }

  private static List<String> lines(List<WatchEvent> events) {
    return events.stream().map(WatchEvent::message).toList();
  }

  @Test
  @DisplayName("polled by hand: the first survey names the silent servers (no backend here) and no state; then each change once, in order")
  void changesInOrder() {
    List<WatchEvent> told = new CopyOnWriteArrayList<>();
    List<FleetReport> reports = new CopyOnWriteArrayList<>();
    FleetWatch watch = FleetWatch.builder(fleet).select(r -> r.vendor() == Vendor.KEA).listener(new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        told.add(event);
      }

      @Override
      public void onReport(FleetReport report) {
        reports.add(report);
      }
    }).build();

    List<WatchEvent> first = watch.poll();
    assertThat(first).extracting(WatchEvent::kind).containsOnly(WatchEvent.Kind.UNREACHABLE).hasSize(4);
    assertThat(first.get(0).message()).isEqualTo("isc-a gives no answer (no backend): no ISC dhcpd backend on the class path");
    assertThat(watch.poll()).as("nothing changed").isEmpty();

    // the link between the partners is cut: the primary takes over
    kea.failoverStates.put(KEA_A, KeaHaState.PARTNER_DOWN);
    List<WatchEvent> takeover = watch.poll();
    assertThat(lines(takeover)).containsExactly("kea-pair: kea-a went from hot-standby to partner-down (PARTNER_DOWN)");
    assertThat(takeover.get(0).from()).contains(KeaHaState.HOT_STANDBY);
    assertThat(takeover.get(0).to()).contains(KeaHaState.PARTNER_DOWN);

    kea.unreachable.add(KEA_B);
    List<WatchEvent> gone = watch.poll();
    assertThat(gone).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(WatchEvent.Kind.UNREACHABLE);
      assertThat(e.problem().orElseThrow().kind()).isEqualTo(Problem.Kind.UNREACHABLE);
      assertThat(e.message()).startsWith("kea-b gives no answer (unreachable): ").contains("connection refused");
    });
    assertThat(watch.poll()).as("still silent: said once").isEmpty();

    // back, and an operator edited kea-b's copy of the scope meanwhile
    kea.unreachable.remove(KEA_B);
    kea.states.put(KEA_B, state(KEA_B, Vendor.KEA,
        Scope.builder().from(lab()).addPool(Pool.of("10.2.0.210", "10.2.0.220")).build())
        .withRelationships(keaPair("10.2.0.0/24")));
    kea.failoverStates.put(KEA_A, KeaHaState.HOT_STANDBY);
    assertThat(lines(watch.poll())).containsExactly("kea-b answers again",
        "kea-pair: kea-a went from partner-down to hot-standby (NORMAL)",
        "kea-pair: drift appeared, 1 item(s) differ between kea-a and kea-b");

    kea.states.put(KEA_B, state(KEA_B, Vendor.KEA, lab()).withRelationships(keaPair("10.2.0.0/24")));
    assertThat(lines(watch.poll())).containsExactly("kea-pair: drift cleared, the partners agree");

    assertThat(told).hasSize(4 + 1 + 1 + 3 + 1);
    assertThat(reports).hasSize(7);
    WatchEvent any = told.get(told.size() - 2);
    assertThat(FailoverJson.read(FailoverJson.write(any), WatchEvent.class)).isEqualTo(any);
  }

  @Test
  @DisplayName("drift already there at the first survey is reported then, not again")
  void driftAtStart() {
    kea.states.put(KEA_B, state(KEA_B, Vendor.KEA, lab(), office()).withRelationships(keaPair("10.2.0.0/24",
        "10.1.0.0/24")));
    FleetWatch watch = FleetWatch.builder(fleet).select(r -> r.vendor() == Vendor.KEA).listener(e -> { }).build();
    assertThat(watch.poll()).filteredOn(e -> e.kind() == WatchEvent.Kind.DRIFT_APPEARED).singleElement()
        .satisfies(e -> assertThat(e.differences()).contains(1));
    assertThat(watch.poll()).isEmpty();
  }

  @Test
  @DisplayName("drift that could not be computed at first (the partner silent) is reported when the partner answers with it")
  void driftFirstKnownLater() {
    kea.unreachable.add(KEA_B);
    kea.states.put(KEA_B, state(KEA_B, Vendor.KEA, lab(), office()).withRelationships(keaPair("10.2.0.0/24",
        "10.1.0.0/24")));
    FleetWatch watch = FleetWatch.builder(fleet).select(r -> r.vendor() == Vendor.KEA).listener(e -> { }).build();
    assertThat(watch.poll()).noneMatch(e -> e.kind() == WatchEvent.Kind.DRIFT_APPEARED);
    kea.unreachable.remove(KEA_B);
    assertThat(lines(watch.poll())).containsExactly("kea-b answers again",
        "kea-pair: drift appeared, 1 item(s) differ between kea-a and kea-b");
  }

  @Test
  @DisplayName("started, it surveys on its own schedule; a failing listener does not stop it; close stops its thread")
  void schedule() {
    List<FleetReport> reports = new CopyOnWriteArrayList<>();
    FleetWatch watch = FleetWatch.builder(fleet).interval(Duration.ofMillis(20)).listener(new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        throw new IllegalStateException("listener broke");
      }

      @Override
      public void onReport(FleetReport report) {
        reports.add(report);
      }
    }).build();
    try (watch) {
      watch.start();
      assertThatThrownBy(watch::start).isInstanceOf(IllegalStateException.class);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (reports.size() < 3 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      assertThat(reports).hasSizeGreaterThanOrEqualTo(3);
    }
    int after = reports.size();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("failover-watch") && t.isAlive());
    assertThat(reports).hasSize(after);
  }

  @Test
  @DisplayName("an interval out of range is refused, naming it")
  void interval() {
    assertThatThrownBy(() -> FleetWatch.builder(fleet).interval(Duration.ofMillis(1)).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("interval")
        .hasMessageContaining("between 10 milliseconds and one day");
  }
}
