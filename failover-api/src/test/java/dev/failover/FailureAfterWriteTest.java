package dev.failover;

import dev.failover.errors.BackendException;
import dev.failover.errors.IncompleteApplyException;
import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.server.Vendor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A failure after a write is undone and audited, server by server")
class FailureAfterWriteTest {

  private static final Principal ALICE = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);

  @Test
  @DisplayName("verification finds win-b not holding the plan: both servers are restored, one audit event names each")
  void aVerifyMismatchRestoresEveryServer() {
    MemoryBackend backend = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office()),
        state(WIN_B, Vendor.WINDOWS));
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    Failover f = Failover.builder().inventory(INVENTORY).backends(backend).audit(events::add).build();
    Plan plan = f.plan(CreateRelationship.of(windowsPair("10.1.0.0/24")));
    var aBefore = backend.get(WIN_A);
    var bBefore = backend.get(WIN_B);
    backend.ignoreApply.add(WIN_B);
    assertThatThrownBy(() -> f.apply(plan, ALICE)).isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.getMessage()).contains("does not hold what the plan said"));
    assertThat(backend.get(WIN_A).sameContentAs(aBefore)).isTrue();
    assertThat(backend.get(WIN_B).sameContentAs(bBefore)).isTrue();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ROLLED_BACK);
      assertThat(e.serverOutcomes()).containsEntry(WIN_A, ServerOutcome.RESTORED)
          .containsEntry(WIN_B, ServerOutcome.RESTORED);
    });
  }

  @Test
  @DisplayName("outcomes and the exception carry each server's word: unchanged, changed, restored, unknown")
  void theExceptionListsEveryServer() {
    var outcomes = new java.util.LinkedHashMap<dev.failover.server.ServerId, ServerOutcome>();
    outcomes.put(WIN_A, ServerOutcome.CHANGED);
    outcomes.put(WIN_B, ServerOutcome.UNKNOWN);
    IncompleteApplyException e = new IncompleteApplyException("create relationship x", "win-b", outcomes,
        java.util.Map.of(WIN_A, "restoring failed: connection reset"),
        BackendException.transport("win-b", "connection reset", null));
    assertThat(e.getMessage()).contains("win-a changed (restoring failed: connection reset)", "win-b unknown")
        .contains("failed on win-b");
    assertThat(e.retryable()).isFalse();
    assertThat(e.failure()).containsInstanceOf(BackendException.class);
    assertThat(dev.failover.json.FailoverJson.write(ServerOutcome.RESTORED)).isEqualTo("\"restored\"");
  }
}
