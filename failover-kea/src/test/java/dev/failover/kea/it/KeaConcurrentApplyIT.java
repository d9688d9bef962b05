package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ConflictException;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two operators applying to the same real Kea 2.2 server at once: two {@link Failover} instances,
 * each with its own backend (as two programs would be), each with a plan made from the same state
 * of kea-b, applied at the same moment from two threads. Kea 2.2 has no compare-and-set: without
 * a guard the later {@code config-set} silently replaces the earlier one.
 */
@DisplayName("concurrent applies to one real Kea 2.2 server")
class KeaConcurrentApplyIT {

  private static final Principal ONE = Principal.withRoles("operator-1", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Principal TWO = Principal.withRoles("operator-2", BuiltInRole.DHCP_ADMINISTRATORS);
  /** Trials; each is a few seconds on loopback. */
  static final int TRIALS = 20;

  private RealKeaFixture fx;
  private ExecutorService pool;

  @BeforeEach
  void start() {
    fx = new RealKeaFixture();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    if (fx != null) {
      fx.close();
    }
  }

  private Failover failover() {
    return Failover.builder().inventory(fx.inventory()).backends(new KeaBackend()).build();
  }

  /** What one apply ended with: "success", "conflict", or the exception's text. */
  private static String outcome(Future<?> f) throws InterruptedException {
    try {
      f.get(120, TimeUnit.SECONDS);
      return "success";
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause() instanceof ConflictException ? "conflict" : "other: " + e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return "other: no answer within 120 s";
    }
  }

  @Test
  @DisplayName("20 trials of two operators replicating different scopes to kea-b at once: one succeeds, the other gets a conflict, nothing is lost")
  void oneWinsTheOtherIsTold() throws Exception {
    Subnet s1 = Subnet.parse("10.94.1.0/24");
    Subnet s2 = Subnet.parse("10.94.2.0/24");
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(s1.toString(), 1));
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(s2.toString(), 1));
    Failover setup = failover();
    setup.apply(setup.plan(CreateRelationship.of(fx.relationship("pair", List.of(s1, s2)))), ONE);
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> lost = new ArrayList<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      // out of band on kea-a: a new reservation in each scope, for each operator to replicate one
      Reservation r1 = Reservation.of(String.format("00:16:3e:01:00:%02x", trial), "10.94.1." + (50 + trial));
      Reservation r2 = Reservation.of(String.format("00:16:3e:02:00:%02x", trial), "10.94.2." + (50 + trial));
      Scope a1 = setup.state("kea-a").scope(s1).orElseThrow();
      fx.seed(RealKeaFixture.A, Scope.builder().from(a1).addReservation(r1).build());
      Scope a2 = setup.state("kea-a").scope(s2).orElseThrow();
      fx.seed(RealKeaFixture.A, Scope.builder().from(a2).addReservation(r2).build());

      Failover first = failover();
      Failover second = failover();
      Plan p1 = first.plan(Replicate.scope(s1.toString()).from("kea-a"));
      Plan p2 = second.plan(Replicate.scope(s2.toString()).from("kea-a"));
      assertThat(p1.part(RealKeaFixture.B).orElseThrow().fingerprint())
          .isEqualTo(p2.part(RealKeaFixture.B).orElseThrow().fingerprint());
      CyclicBarrier go = new CyclicBarrier(2);
      Future<?> f1 = pool.submit(() -> {
        go.await(30, TimeUnit.SECONDS);
        return first.apply(p1, ONE);
      });
      Future<?> f2 = pool.submit(() -> {
        go.await(30, TimeUnit.SECONDS);
        return second.apply(p2, TWO);
      });
      String o1 = outcome(f1);
      String o2 = outcome(f2);
      outcomes.merge(o1 + " + " + o2, 1, Integer::sum);
      // what kea-b holds now must be what the operators were told
      Scope b1 = setup.state("kea-b").scope(s1).orElseThrow();
      Scope b2 = setup.state("kea-b").scope(s2).orElseThrow();
      if (o1.equals("success") && !b1.reservations().contains(r1)) {
        lost.add("trial " + trial + ": operator 1 was told success, kea-b lacks " + r1.key());
      }
      if (o2.equals("success") && !b2.reservations().contains(r2)) {
        lost.add("trial " + trial + ": operator 2 was told success, kea-b lacks " + r2.key());
      }
      // converge before the next trial
      setup.apply(setup.plan(Replicate.relationship("pair").from("kea-a")), ONE);
    }
    System.out.println("concurrent Kea applies, " + TRIALS + " trials: " + outcomes);
    assertThat(lost).as("lost updates").isEmpty();
    assertThat(outcomes.keySet()).as("every trial: one success and one conflict")
        .allMatch(k -> k.equals("success + conflict") || k.equals("conflict + success"));
  }

  @Test
  @DisplayName("a writer elsewhere setting its configuration between this apply's config-set and its read-back: a conflict naming the scope")
  void writerElsewhereFoundByTheReadBack() {
    Subnet s3 = Subnet.parse("10.94.3.0/24");
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(s3.toString(), 1));
    Failover setup = failover();
    setup.apply(setup.plan(CreateRelationship.of(fx.relationship("pair", List.of(s3)))), ONE);
    Scope a3 = setup.state("kea-a").scope(s3).orElseThrow();
    fx.seed(RealKeaFixture.A, Scope.builder().from(a3).addReservation(Reservation.of("00:16:3e:03:00:01", "10.94.3.50"))
        .build());
    // the other writer (on another machine: no lock of this one stops it) sets kea-b with its own reservation
    Reservation theirs = Reservation.of("00:16:3e:03:00:02", "10.94.3.51");
    Dhcp4Config b = fx.client(RealKeaFixture.B).configGet();
    Scope b3 = b.scope(s3).orElseThrow();
    Dhcp4Config foreign = b.withScope(Scope.builder().from(b3).addReservation(theirs).build());
    try (CountingProxy toB = new CountingProxy(fx.pair().agentUrl(2))) {
      Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, fx.pair().hooksDirectory(),
          KeaBackend.OPTION_REQUEST_TIMEOUT, "PT30S");
      Inventory inventory = Inventory.of(fx.inventory().require(RealKeaFixture.A),
          Server.builder().from(fx.inventory().require(RealKeaFixture.B)).endpoint(toB.url()).options(options).build());
      Failover viaProxy = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
      Plan plan = viaProxy.plan(Replicate.scope(s3.toString()).from("kea-a"));
      java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
      toB.afterAnswer(command -> {
        if (command.equals("config-set") && once.compareAndSet(false, true)) {
          fx.client(RealKeaFixture.B).configSet(foreign);
        }
      });
      assertThatThrownBy(() -> viaProxy.apply(plan, ONE)).isInstanceOfSatisfying(ConflictException.class, e -> {
        assertThat(e.server()).isEqualTo("kea-b");
        assertThat(e.getMessage()).contains("another writer set its configuration").contains("scope 10.94.3.0/24 differs");
      });
      assertThat(once).isTrue();
    }
    assertThat(setup.state("kea-b").scope(s3).orElseThrow().reservations()).contains(theirs);
  }
}
