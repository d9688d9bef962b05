package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.ServerReading;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.state.KeaHaState;
import dev.failover.state.ServerStatus;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A real Kea 2.2 pair with one server (kea-dhcp4 and its Control Agent) stopped by PID: the
 * survivor's state and its view of the silent partner are still shown, and the silent one is named
 * with why.
 */
@DisplayName("one Kea server down never hides the other (real Kea 2.2)")
class KeaOutageIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Duration BOUND = Duration.ofSeconds(40);

  private RealKeaFixture fx;
  private Failover failover;

  @BeforeEach
  void start() {
    fx = new RealKeaFixture();
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope("10.70.0.0/24", 2));
    Relationship r = fx.relationship("outage", List.of(Subnet.parse("10.70.0.0/24")));
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    fx.pair().awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  @DisplayName("status: kea-a unreachable with the reason, kea-b's own state and what it saw of kea-a; reads go on")
  void theSurvivorIsShown() throws InterruptedException {
    long[] pids = fx.pair().pids(1);
    fx.pair().stopServer(1);
    assertThat(ProcessHandle.of(pids[0])).isEmpty();
    assertThat(ProcessHandle.of(pids[1])).isEmpty();

    assertThat(failover.relationship("outage").primary()).isEqualTo(RealKeaFixture.A);
    List<ServerStatus> statuses = failover.statuses("outage");
    assertThat(statuses).extracting(s -> s.server().value()).containsExactly("kea-a", "kea-b");
    assertThat(statuses.get(0).answered()).isFalse();
    assertThat(statuses.get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("kea-a"));
    ServerStatus b = statuses.get(1);
    assertThat(b.status()).hasValueSatisfying(s -> {
      assertThat(s.local()).isInstanceOf(KeaHaState.class);
      assertThat(s.partner()).isPresent();
      assertThat(s.details()).containsKey("in-touch");
    });

    // the survivor keeps answering while it notices its partner is gone (bounded poll)
    long deadline = System.nanoTime() + BOUND.toNanos();
    boolean noticed = false;
    ServerStatus now = b;
    for (int i = 0; i < 400 && System.nanoTime() < deadline && !noticed; i++) {
      now = failover.statuses("outage").get(1);
      noticed = now.status().map(s -> "true".equals(s.details().get("communication-interrupted"))
          || s.local() == KeaHaState.PARTNER_DOWN).orElse(false);
      if (!noticed) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    assertThat(noticed).as("kea-b reports its communication with kea-a interrupted within %s: %s", BOUND, now)
        .isTrue();

    List<ServerReading> all = failover.readAll();
    assertThat(all.get(0).problem()).isPresent();
    assertThat(all.get(1).state()).hasValueSatisfying(s -> assertThat(s.relationships()).isNotEmpty());
    assertThatThrownBy(() -> failover.drift("outage")).isInstanceOf(BackendException.class)
        .hasMessageContaining("kea-a");
  }
}
