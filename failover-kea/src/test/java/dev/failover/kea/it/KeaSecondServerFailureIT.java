package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.errors.IncompleteApplyException;
import dev.failover.ServerOutcome;
import dev.failover.Failover;
import dev.failover.Progress;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerPlan;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A two-server plan applied to a real Kea 2.2 pair that succeeds on kea-a and then fails on
 * kea-b, whose Control Agent this test stops (by the PID of the process the pair started) right
 * after kea-a's part is written: the facade restores kea-a with the inverse part, and kea-a's
 * configuration is afterwards exactly what it was (same fingerprint); kea-b, which can be neither
 * reached nor read, is reported as unknown (it is found unchanged once its agent is back).
 */
@DisplayName("a failure on the second real Kea server restores the first")
class KeaSecondServerFailureIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);

  private RealKeaFixture fx;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private Failover failover;

  @BeforeEach
  void start() {
    fx = new RealKeaFixture();
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).audit(audit::add).build();
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  @DisplayName("modify relationship: kea-a changed, kea-b's agent stopped, kea-a restored to the same fingerprint")
  void modifyRestoresTheFirstServer() {
    fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope("10.90.0.0/24", 3));
    Relationship r = fx.relationship("pair", List.of(Subnet.parse("10.90.0.0/24")));
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    KeaHaSettings kea = (KeaHaSettings) r.settings();
    Relationship changed = Relationship.builder().from(r).settings(ImmutableKeaHaSettings.copyOf(kea)
        .withHeartbeatDelay(kea.heartbeatDelay().plusSeconds(2))).build();
    Plan plan = failover.plan(ModifyRelationship.of(changed));
    assertThat(plan.servers()).extracting(ServerPlan::server).containsExactly(RealKeaFixture.A, RealKeaFixture.B);
    String aBefore = plan.part(RealKeaFixture.A).orElseThrow().fingerprint();
    String bBefore = plan.part(RealKeaFixture.B).orElseThrow().fingerprint();
    assertThat(fx.client(RealKeaFixture.A).configGet().fingerprint()).isEqualTo(aBefore);

    AtomicBoolean stopped = new AtomicBoolean();
    List<String> aDuringTheCall = new CopyOnWriteArrayList<>();
    audit.clear();
    assertThatThrownBy(() -> failover.apply(plan, ADMIN, p -> {
      if (p.server().equals(RealKeaFixture.A) && p.phase() == Progress.Phase.APPLY && stopped.compareAndSet(false, true)) {
        // kea-a's part is written: prove it, then take kea-b's agent away before kea-b's part
        aDuringTheCall.add(fx.client(RealKeaFixture.A).configGet().fingerprint());
        fx.pair().stopAgent(2);
      }
    })).isInstanceOfSatisfying(IncompleteApplyException.class, e -> {
      // kea-b could not be reached, nor read afterwards: whether it changed cannot be known
      assertThat(e.server()).isEqualTo("kea-b");
      assertThat(e.outcomes()).containsEntry(RealKeaFixture.A, ServerOutcome.RESTORED)
          .containsEntry(RealKeaFixture.B, ServerOutcome.UNKNOWN);
      assertThat(e.getCause()).isInstanceOf(BackendException.class);
    });

    assertThat(stopped).isTrue();
    assertThat(aDuringTheCall).singleElement().isNotEqualTo(aBefore);
    assertThat(fx.client(RealKeaFixture.A).configGet().fingerprint()).as("kea-a restored exactly").isEqualTo(aBefore);
    assertThat(failover.state("kea-a").relationship(r.name()).orElseThrow().settings())
        .isInstanceOfSatisfying(KeaHaSettings.class, s -> assertThat(s.heartbeatDelay()).isEqualTo(kea.heartbeatDelay()));
    assertThat(audit).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILED);
      assertThat(e.detail()).contains("failed on kea-b").contains("kea-a restored").contains("kea-b in an unknown state");
      assertThat(e.serverOutcomes()).containsEntry(RealKeaFixture.A, ServerOutcome.RESTORED)
          .containsEntry(RealKeaFixture.B, ServerOutcome.UNKNOWN);
    });

    fx.pair().startAgent(2);
    assertThat(fx.client(RealKeaFixture.B).configGet().fingerprint()).as("kea-b never changed").isEqualTo(bBefore);
    assertThat(failover.drift("pair").isEmpty()).isTrue();
  }
}
