package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.ApplyResult;
import dev.failover.errors.ConflictException;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One facade shared by threads that apply to the same Windows server at once. */
@DisplayName("two applies on one Windows server at once are decided by the fingerprint guard")
class WindowsSharedFacadeTest extends WindowsTestBase {

  private static final Duration LIMIT = Duration.ofSeconds(60);

  @Test
  @DisplayName("two replications planned from the same state of dhcp-b, started together, 3 times over: each time exactly one wins, the other is a conflict, and re-planned it applies too, nothing lost")
  void oneWinsTheOtherConflicts() throws Exception {
    pairWith("pair-c", "10.1.0.0/24", "10.2.0.0/24");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Subnet x = Subnet.parse("10.1.0.0/24");
        Subnet y = Subnet.parse("10.2.0.0/24");
        for (Subnet s : List.of(x, y)) {
          Scope onA = read(A).scope(s).orElseThrow();
          String last = s.equals(x) ? "1" : "2";
          w.seed(A, Scope.builder().from(onA).addReservation(Reservation.of(
              String.format("00:16:3e:0%s:00:%02x", last, round + 10), "10." + last + ".0." + (50 + round))).build());
        }
        Plan one = failover.plan(Replicate.scope(x.toString()).from("dhcp-a"));
        Plan other = failover.plan(Replicate.scope(y.toString()).from("dhcp-a"));
        assertThat(one.part(B).orElseThrow().fingerprint()).isEqualTo(other.part(B).orElseThrow().fingerprint());
        CyclicBarrier go = new CyclicBarrier(2);
        List<Future<ApplyResult>> applies = new ArrayList<>();
        for (Plan p : List.of(one, other)) {
          applies.add(threads.submit(() -> {
            go.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
            return failover.apply(p, ADMIN);
          }));
        }
        List<Subnet> won = new ArrayList<>();
        List<Subnet> lost = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          Subnet s = i == 0 ? x : y;
          try {
            applies.get(i).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            won.add(s);
          } catch (ExecutionException e) {
            assertThat(e.getCause()).as("round %d", round).isInstanceOf(ConflictException.class);
            lost.add(s);
          }
        }
        assertThat(won).as("round %d", round).hasSize(1);
        assertThat(lost).as("round %d", round).hasSize(1);
        assertThat(read(B).scope(won.get(0))).isEqualTo(read(A).scope(won.get(0)));
        assertThat(read(B).scope(lost.get(0))).isNotEqualTo(read(A).scope(lost.get(0)));
        failover.apply(failover.plan(Replicate.scope(lost.get(0).toString()).from("dhcp-a")), ADMIN);
        assertThat(failover.drift("pair-c").isEmpty()).as("round %d", round).isTrue();
      }
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }
}
