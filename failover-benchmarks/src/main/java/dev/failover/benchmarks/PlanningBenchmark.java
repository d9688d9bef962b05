package dev.failover.benchmarks;

import dev.failover.diff.DriftReport;
import dev.failover.json.FailoverJson;
import dev.failover.plan.Plan;
import dev.failover.plan.Planner;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning at the reference sizes of real-servers.md (200 scopes / 5,000 reservations and
 * 2,000 scopes / 50,000 reservations): the replication plan of a whole server whose partner
 * drifted in one scope out of ten, the drift report between the partners, and the plan's JSON.
 * Yardstick: Kea 2.2 spends 2.5 s on {@code config-test} of the large configuration.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PlanningBenchmark {

  @Param({"200", "2000"})
  public int scopes;

  private Inventory inventory;
  private List<ServerState> states;
  private ServerState source;
  private ServerState destination;
  private Relationship pair;
  private Plan plan;

  @Setup
  public void setUp() {
    ServerId a = ServerId.of("kea-a");
    ServerId b = ServerId.of("kea-b");
    inventory = Inventory.of(Server.of("kea-a", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18001/")),
        Server.of("kea-b", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18002/")));
    List<Scope> onA = new ArrayList<>();
    List<Scope> onB = new ArrayList<>();
    Relationship.Builder rb = Relationship.builder().name("pair-1").mode(FailoverMode.HOT_STANDBY).primary("kea-a")
        .secondary("kea-b").settings(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, a,
            URI.create("http://127.0.0.1:18001/"), b, URI.create("http://127.0.0.1:18002/")));
    for (int i = 0; i < scopes; i++) {
      Scope s = scope(i, 0);
      onA.add(s);
      onB.add(i % 10 == 0 ? scope(i, 1) : s);
      rb.addScope(s.subnet().toString());
    }
    pair = rb.build();
    source = ServerState.builder().server(a).vendor(Vendor.KEA).fingerprint("a").scopes(onA).addRelationships(pair)
        .build();
    destination = ServerState.builder().server(b).vendor(Vendor.KEA).fingerprint("b").scopes(onB)
        .addRelationships(pair).build();
    states = List.of(source, destination);
    plan = planServer();
  }

  /** 25 reservations per scope; variant 1 moves five of them and drops one. */
  static Scope scope(int index, int variant) {
    int base = (10 << 24) | (index << 8);
    Subnet subnet = Subnet.of(Ipv4Address.ofBits(base), 24);
    var b = Scope.builder().subnet(subnet)
        .addPool(Pool.of(AddressRange.of(Ipv4Address.ofBits(base + 100), Ipv4Address.ofBits(base + 200))))
        .addOption(OptionValue.of(3, Ipv4Address.ofBits(base + 1).toString()));
    for (int r = 0; r < 25; r++) {
      if (variant == 1 && r == 24) {
        continue;
      }
      int host = variant == 1 && r < 5 ? 60 + r : 10 + r;
      b.addReservation(Reservation.of(String.format("02:00:%02x:%02x:00:%02x", (index >> 8) & 0xff, index & 0xff, r),
          Ipv4Address.ofBits(base + host).toString()));
    }
    return b.build();
  }

  @Benchmark
  public Plan planServer() {
    return Planner.plan(Replicate.server("kea-a"), inventory, states);
  }

  @Benchmark
  public DriftReport drift() {
    return DriftReport.between(source.server(), source.scopes(), destination.server(), destination.scopes());
  }

  @Benchmark
  public ServerState applyPlanInMemory() {
    return destination.apply(plan.part(destination.server()).orElseThrow().changes());
  }

  @Benchmark
  public String planToJson() {
    return FailoverJson.write(plan);
  }
}
