package dev.failover.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.fleet.Fleet;
import dev.failover.fleet.FleetReport;
import dev.failover.fleet.RelationshipReport;
import dev.failover.isc.IscBackend;
import dev.failover.kea.KeaBackend;
import dev.failover.server.Inventory;
import dev.failover.server.Vendor;
import dev.failover.windows.WindowsBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet benchmark's set-up builds what it claims, so the benchmark cannot silently measure nothing. */
@DisplayName("the fleet benchmark's fake fleet: N relationships of the three vendors, every one surveyed whole")
class FakeFleetTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("7 relationships are ISC, Kea, Windows in turn, two servers each; a survey through the three real backends reports each one whole (both statuses, the drift, empty) and every server's fake counts requests")
  void buildsMixedRelationshipsThatSurveyWhole() throws Exception {
    try (FakeFleet fleet = FakeFleet.start(7, dir)) {
      assertThat(fleet.pairs()).extracting(FakeFleet.Pair::vendor).containsExactly(Vendor.ISC, Vendor.KEA,
          Vendor.WINDOWS, Vendor.ISC, Vendor.KEA, Vendor.WINDOWS, Vendor.ISC);
      Inventory inventory = fleet.inventory();
      assertThat(inventory.servers()).hasSize(14);
      assertThat(inventory.servers().stream().collect(Collectors.groupingBy(s -> s.vendor(), Collectors.counting())))
          .isEqualTo(Map.of(Vendor.ISC, 6L, Vendor.KEA, 4L, Vendor.WINDOWS, 4L));
      assertThat(fleet.requests()).hasSize(14).allSatisfy((id, n) -> assertThat(n).as("requests to %s", id).isZero());

      try (Failover failover = Failover.builder().inventory(inventory)
          .backends(new KeaBackend(), new IscBackend(), new WindowsBackend()).build()) {
        FleetReport report = Fleet.builder(failover).timeout(Duration.ofSeconds(60)).build().survey();
        assertThat(report.servers()).allSatisfy(a -> assertThat(a.answered()).as("%s", a).isTrue());
        assertThat(report.relationships()).extracting(r -> r.name().value())
            .containsExactlyInAnyOrderElementsOf(fleet.pairs().stream().map(FakeFleet.Pair::name).toList());
        for (RelationshipReport r : report.relationships()) {
          assertThat(r.statuses()).as("%s", r.name()).hasSize(2).allSatisfy(s -> assertThat(s.answered()).isTrue());
          assertThat(r.drift()).as("%s", r.name()).hasValueSatisfying(d -> assertThat(d.isEmpty()).isTrue());
          assertThat(r.servers().get(0).value()).startsWith(r.name().value().replaceAll("-a$", ""));
        }
        assertThat(report.servers()).allSatisfy(a -> assertThat(a.scopes())
            .isEqualTo(FakeFleet.SCOPES_PER_RELATIONSHIP));
        assertThat(FleetBenchmark.whole(report)).isEqualTo(7);
      }
      assertThat(fleet.requests()).allSatisfy((id, n) -> assertThat(n).as("requests to %s", id).isPositive());
    }
  }

  @Test
  @DisplayName("the benchmark's measure over the first 3 of 6 relationships surveys 6 servers of three vendors, all whole, and prints a line per survey")
  void measuresTheFirstRelationships() throws Exception {
    try (FakeFleet fleet = FakeFleet.start(6, dir)) {
      Inventory three = FakeFleet.firstRelationships(fleet.inventory(), fleet.pairs(), 3);
      assertThat(three.servers()).extracting(s -> s.id().value()).containsExactly("isc-0-a", "isc-0-b", "kea-1-a",
          "kea-1-b", "win-2-a", "win-2-b");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      List<FleetBenchmark.Line> lines = FleetBenchmark.measure(three, 3, 2, 4, Duration.ofSeconds(60),
          fleet::requests, new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertThat(lines).hasSize(2).allSatisfy(l -> {
        assertThat(l.whole()).isEqualTo(3);
        assertThat(l.problems()).isZero();
        assertThat(l.requests().keySet()).containsExactlyInAnyOrder(Vendor.ISC, Vendor.KEA, Vendor.WINDOWS);
        assertThat(l.requests().values()).allSatisfy(mm -> assertThat(mm[0]).isPositive());
        assertThat(l.heapPeakMb()).isPositive();
      });
      assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
          .allSatisfy(t -> assertThat(t).startsWith("3\t6\t"));
      // the other three relationships' servers were not asked
      assertThat(fleet.requests()).allSatisfy((id, n) -> {
        if (three.find(id).isEmpty()) {
          assertThat(n).as("requests to %s", id).isZero();
        }
      });
    }
  }
}
