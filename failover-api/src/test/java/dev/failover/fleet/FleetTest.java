package dev.failover.fleet;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.ISC_A;
import static dev.failover.plan.Fixtures.ISC_B;
import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.iscPair;
import static dev.failover.plan.Fixtures.keaPair;
import static dev.failover.plan.Fixtures.lab;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.json.FailoverJson;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.IscFailoverState;
import dev.failover.state.KeaHaState;
import dev.failover.state.WindowsFailoverState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A fleet survey answers for every server and relationship, whatever some servers do")
class FleetTest {

  private StubBackend isc;
  private StubBackend windows;
  private StubBackend kea;
  private Failover failover;

  /** The office scope with one more reservation: two items differ from {@code office()}. */
  static Scope officeEdited() {
    return Scope.builder().from(office()).addReservation(Reservation.of("00:16:3e:00:00:02", "10.1.0.11"))
        .build();
  }

  @BeforeEach
  void setUp() {
    isc = new StubBackend(Vendor.ISC,
        state(ISC_A, Vendor.ISC, office()).withRelationships(iscPair("10.1.0.0/24")),
        state(ISC_B, Vendor.ISC, office()).withRelationships(iscPair("10.1.0.0/24")));
    windows = new StubBackend(Vendor.WINDOWS,
        state(WIN_A, Vendor.WINDOWS, office(), lab()).withRelationships(windowsPair("10.1.0.0/24", "10.2.0.0/24")),
        state(WIN_B, Vendor.WINDOWS, officeEdited(), lab())
            .withRelationships(windowsPair("10.1.0.0/24", "10.2.0.0/24")));
    kea = new StubBackend(Vendor.KEA,
        state(KEA_A, Vendor.KEA, lab()).withRelationships(keaPair("10.2.0.0/24")),
        state(KEA_B, Vendor.KEA, lab()).withRelationships(keaPair("10.2.0.0/24")));
    isc.failoverStates.put(ISC_A, IscFailoverState.NORMAL);
    isc.failoverStates.put(ISC_B, IscFailoverState.NORMAL);
    windows.failoverStates.put(WIN_A, WindowsFailoverState.NORMAL);
    windows.failoverStates.put(WIN_B, WindowsFailoverState.NORMAL);
    kea.failoverStates.put(KEA_A, KeaHaState.HOT_STANDBY);
    kea.failoverStates.put(KEA_B, KeaHaState.HOT_STANDBY);
    failover = Failover.builder().inventory(INVENTORY).backends(isc, windows, kea).build();
  }

  @Test
  @DisplayName("every relationship of the inventory, by name: each server's status and the partners' drift (2 items on the Windows pair)")
  void everyRelationship() {
    FleetReport report = Fleet.of(failover).survey();
    assertThat(report.servers()).extracting(a -> a.server().value())
        .containsExactly("isc-a", "isc-b", "win-a", "win-b", "kea-a", "kea-b");
    assertThat(report.servers()).allSatisfy(a -> assertThat(a.answered()).isTrue());
    assertThat(report.server(WIN_A).orElseThrow().scopes()).isEqualTo(2);
    assertThat(report.relationships()).extracting(r -> r.name().value()).containsExactly("fo1", "kea-pair", "win-pair");
    RelationshipReport kp = report.relationship("kea-pair").orElseThrow();
    assertThat(kp.statuses()).extracting(s -> s.status().orElseThrow().local())
        .containsExactly(KeaHaState.HOT_STANDBY, KeaHaState.HOT_STANDBY);
    assertThat(kp.driftCount()).hasValue(0);
    assertThat(report.relationship("win-pair").orElseThrow().driftCount()).hasValue(1);
    assertThat(report.relationship("fo1").orElseThrow().driftCount()).hasValue(0);
    // each server read once: the survey's drift comes from the same reads
    assertThat(isc.reads.get() + windows.reads.get() + kea.reads.get()).isEqualTo(6);
  }

  @Test
  @DisplayName("one server's link cut and one hanging past the timeout: the others' answers are all there, each silent one carries its error, and the survey took about one timeout, not a sum")
  void partialResults() throws Exception {
    isc.unreachable.add(ISC_B);
    kea.hanging.add(KEA_B);
    windows.hanging.add(WIN_B);
    Duration timeout = Duration.ofMillis(600);
    long start = System.nanoTime();
    FleetReport report = Fleet.builder(failover).timeout(timeout).parallelism(6).build().survey();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.multipliedBy(2).plusMillis(500));
    assertThat(report.servers()).filteredOn(ServerAnswer::answered).extracting(a -> a.server().value())
        .containsExactly("isc-a", "win-a", "kea-a");
    Problem cut = report.server(ISC_B).orElseThrow().problem().orElseThrow();
    assertThat(cut.kind()).isEqualTo(Problem.Kind.UNREACHABLE);
    assertThat(cut.message()).contains("isc-b", "connection refused");
    Problem hung = report.server(KEA_B).orElseThrow().problem().orElseThrow();
    assertThat(hung.kind()).isEqualTo(Problem.Kind.TIMED_OUT);
    assertThat(hung.message()).isEqualTo("gave no answer within 600 ms (the per-server timeout)");
    assertThat(report.server(KEA_B).orElseThrow().elapsed()).isGreaterThanOrEqualTo(timeout);

    RelationshipReport kp = report.relationship("kea-pair").orElseThrow();
    assertThat(kp.status(KEA_A).orElseThrow().status()).isPresent();
    assertThat(kp.status(KEA_B).orElseThrow().problem()).contains(hung);
    assertThat(kp.drift()).isEmpty();
    assertThat(kp.driftProblem().orElseThrow().message()).startsWith("cannot compare without kea-b: gave no answer");
    // the relationship whose primary is cut off is still reported, from its partner's view
    assertThat(report.relationship("fo1").orElseThrow().status(ISC_A).orElseThrow().answered()).isTrue();
    // the task given up was interrupted, not left to hang for its 20 s
    assertThat(kea.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("the parallelism bounds how many servers are asked at once, and with one slot two hanging servers cost two timeouts")
  void parallelism() {
    List<Server> many = new ArrayList<>();
    List<dev.failover.plan.ServerState> states = new ArrayList<>();
    for (int i = 0; i < 9; i++) { // three rounds of three
      many.add(Server.of("w" + i, Vendor.WINDOWS, "192.0.2." + (10 + i), URI.create("ssh://admin@127.0.0.1:22")));
      states.add(state(ServerId.of("w" + i), Vendor.WINDOWS, office()));
    }
    StubBackend wide = new StubBackend(Vendor.WINDOWS, states.toArray(dev.failover.plan.ServerState[]::new));
    wide.gather = 3;
    Failover f = Failover.builder().inventory(Inventory.of(many.toArray(Server[]::new))).backends(wide).build();
    FleetReport report = Fleet.builder(f).parallelism(3).timeout(Duration.ofSeconds(10)).build().survey();
    assertThat(report.servers()).hasSize(9).allSatisfy(a -> assertThat(a.answered()).isTrue());
    assertThat(wide.maxInFlight.get()).isEqualTo(3);

    wide.gather = 0;
    wide.hanging.add(ServerId.of("w0"));
    wide.hanging.add(ServerId.of("w1"));
    long start = System.nanoTime();
    FleetReport serial = Fleet.builder(f).parallelism(1).timeout(Duration.ofMillis(300)).build().survey();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(serial.servers()).filteredOn(a -> !a.answered()).extracting(a -> a.problem().orElseThrow().kind())
        .containsExactly(Problem.Kind.TIMED_OUT, Problem.Kind.TIMED_OUT);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600)).isLessThan(Duration.ofMillis(2500));
    assertThat(wide.maxInFlight.get()).isEqualTo(3);
  }

  @Test
  @DisplayName("a selection by name or by predicate reports only those relationships, and every server still answers")
  void selection() {
    FleetReport named = Fleet.of(failover).survey(List.of("win-pair", "no-such-pair"));
    assertThat(named.relationships()).extracting(r -> r.name().value()).containsExactly("win-pair");
    assertThat(named.servers()).hasSize(6);
    FleetReport kea = Fleet.of(failover).survey(r -> r.vendor() == Vendor.KEA);
    assertThat(kea.relationships()).extracting(r -> r.name().value()).containsExactly("kea-pair");
  }

  @Test
  @DisplayName("a server that refuses, and a vendor with no backend, are problems of their own kind in operator words")
  void refusedAndNoBackend() {
    windows.refusing.add(WIN_A);
    Failover noKea = Failover.builder().inventory(INVENTORY).backends(isc, windows).build();
    FleetReport report = Fleet.of(noKea).survey();
    Problem refused = report.server(WIN_A).orElseThrow().problem().orElseThrow();
    assertThat(refused.kind()).isEqualTo(Problem.Kind.REFUSED);
    assertThat(refused.message()).contains("401 Unauthorized").doesNotContain("Exception");
    Problem none = report.server(KEA_A).orElseThrow().problem().orElseThrow();
    assertThat(none.kind()).isEqualTo(Problem.Kind.NO_BACKEND);
    assertThat(none.message()).isEqualTo("no Kea backend on the class path");
    // the Windows relationship is reported from its secondary's view
    assertThat(report.relationship("win-pair").orElseThrow().status(WIN_B).orElseThrow().answered()).isTrue();
  }

  @Test
  @DisplayName("a report goes through FailoverJson and comes back equal")
  void json() {
    isc.unreachable.add(ISC_B);
    FleetReport report = Fleet.of(failover).survey();
    String json = FailoverJson.write(report);
    assertThat(json).contains("\"kind\":\"UNREACHABLE\"", "\"driftProblem\"", "\"vendor\":\"kea\"");
    assertThat(FailoverJson.read(json, FleetReport.class)).isEqualTo(report);
  }

  @Test
  @DisplayName("settings out of range are refused, naming the setting, the value and the rule")
  void settings() {
    assertThatThrownBy(() -> Fleet.builder(failover).parallelism(0).timeout(Duration.ZERO).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("parallelism").hasMessageContaining("between 1 and 1024")
        .hasMessageContaining("timeout").hasMessageContaining("PT0S");
  }
}
