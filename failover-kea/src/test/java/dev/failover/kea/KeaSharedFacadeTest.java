package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.ApplyResult;
import dev.failover.errors.ConflictException;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.diff.DriftReport;
import dev.failover.kea.client.KeaClient;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.kea.KeaFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One {@link Failover} shared by many threads, over fake Kea pairs. */
@DisplayName("one facade shared by many threads")
class KeaSharedFacadeTest {

  private static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Duration CALL_LIMIT = Duration.ofSeconds(60);

  private final List<FakeKeaPair> pairs = new ArrayList<>();
  private Failover failover;
  private ExecutorService threads;

  @AfterEach
  void stop() throws InterruptedException {
    if (threads != null) {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    try {
      if (failover != null) {
        failover.close();
      }
    } finally {
      pairs.forEach(FakeKeaPair::close);
    }
  }

  private Failover start(int count) {
    List<Server> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      FakeKeaPair p = FakeKeaPair.hotStandby().serverNames("p" + i + "-a", "p" + i + "-b")
          .withScope("10.7." + i + ".0/24").withScope("10.8." + i + ".0/24").start();
      pairs.add(p);
      servers.add(server("p" + i + "-a", p.primary()));
      servers.add(server("p" + i + "-b", p.secondary()));
    }
    failover = Failover.builder().inventory(Inventory.of(servers)).backends(new KeaBackend()).build();
    return failover;
  }

  private static Server server(String id, FakeKeaServer fake) {
    return Server.builder().id(dev.failover.server.ServerId.of(id)).vendor(Vendor.KEA).address("127.0.0.1").endpoint(fake.url()).build();
  }

  @Test
  @DisplayName("4 threads x 3 drifts on 4 different relationships, every answer 150 ms late: each result is its own relationship's, and the calls overlap (wall time well under the serial sum)")
  void differentRelationshipsRunInParallel() throws Exception {
    int relationships = 4;
    int calls = 3;
    Duration delay = Duration.ofMillis(150);
    start(relationships);
    for (int i = 0; i < relationships; i++) {
      assertThat(failover.drift("p" + i + "-a").isEmpty()).isTrue();
    }
    pairs.forEach(p -> p.servers().forEach(s -> s.fault(KeaFault.slowAnswer(delay))));
    threads = Executors.newFixedThreadPool(relationships);
    CyclicBarrier go = new CyclicBarrier(relationships);
    List<Future<List<DriftReport>>> results = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < relationships; i++) {
      String name = "p" + i + "-a";
      results.add(threads.submit(() -> {
        go.await(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
        List<DriftReport> out = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
          out.add(failover.drift(name));
        }
        return out;
      }));
    }
    for (int i = 0; i < relationships; i++) {
      List<DriftReport> reports = results.get(i).get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
      for (DriftReport r : reports) {
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.first().value()).isEqualTo("p" + i + "-a");
        assertThat(r.second().value()).isEqualTo("p" + i + "-b");
      }
    }
    long wall = (System.nanoTime() - started) / 1_000_000;
    // one drift: a config-get to each partner, one after the other; serially the 12 drifts would
    // take at least 12 x 2 x 150 ms = 3.6 s
    long serial = (long) relationships * calls * 2 * delay.toMillis();
    assertThat(wall).as("wall time of %d drifts in %d threads (serially at least %d ms)", relationships * calls,
        relationships, serial).isLessThan(serial / 2);
  }

  @Test
  @DisplayName("two applies planned from the same state of one server, started together: exactly one wins, the other is a conflict, and re-planned it applies too, nothing lost")
  void twoAppliesOnOneServerAreDecidedByTheFingerprintGuard() throws Exception {
    start(1);
    FakeKeaPair pair = pairs.get(0);
    Subnet x = Subnet.parse("10.7.0.0/24");
    Subnet y = Subnet.parse("10.8.0.0/24");
    // the primary's copies of both scopes get a reservation the standby lacks
    try (KeaClient primary = KeaClient.builder(pair.primary().url()).build()) {
      var config = primary.configGet();
      List<Scope> changed = new ArrayList<>();
      for (Subnet s : List.of(x, y)) {
        Scope scope = failover.state("p0-a").scope(s).orElseThrow();
        boolean first = s.equals(x);
        changed.add(Scope.builder().from(scope).addReservation(Reservation.of(
            first ? "00:16:3e:00:07:01" : "00:16:3e:00:08:01", first ? "10.7.0.20" : "10.8.0.20")).build());
      }
      primary.configSet(config.withScopes(changed));
    }
    Plan one = failover.plan(Replicate.scope(x.toString()).from("p0-a"));
    Plan other = failover.plan(Replicate.scope(y.toString()).from("p0-a"));
    assertThat(one.part(dev.failover.server.ServerId.of("p0-b")).orElseThrow().fingerprint())
        .isEqualTo(other.part(dev.failover.server.ServerId.of("p0-b")).orElseThrow().fingerprint());

    threads = Executors.newFixedThreadPool(2);
    CyclicBarrier go = new CyclicBarrier(2);
    List<Future<ApplyResult>> applies = new ArrayList<>();
    for (Plan p : List.of(one, other)) {
      applies.add(threads.submit(() -> {
        go.await(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return failover.apply(p, ADMIN);
      }));
    }
    List<Plan> won = new ArrayList<>();
    List<Plan> lost = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try {
        applies.get(i).get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
        won.add(i == 0 ? one : other);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ConflictException.class).hasMessageContaining("p0-b");
        lost.add(i == 0 ? one : other);
      }
    }
    assertThat(won).hasSize(1);
    assertThat(lost).hasSize(1);
    Subnet winner = won.get(0) == one ? x : y;
    Subnet loser = winner.equals(x) ? y : x;
    assertThat(failover.state("p0-b").scope(winner)).isEqualTo(failover.state("p0-a").scope(winner));
    assertThat(failover.state("p0-b").scope(loser)).isNotEqualTo(failover.state("p0-a").scope(loser));

    // the loser plans again from what the standby holds now, and applies
    failover.apply(failover.plan(Replicate.scope(loser.toString()).from("p0-a")), ADMIN);
    assertThat(failover.drift("p0-a").isEmpty()).isTrue();
  }
}
