package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ConflictException;
import dev.failover.Progress;
import dev.failover.plan.AddScope;
import dev.failover.plan.Plan;
import dev.failover.server.Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The fingerprint guard when a partner's cmdlet has already changed this server")
class WindowsGuardTest extends WindowsTestBase {

  private Plan addScopePlanned() {
    pairWith("pair-g", "10.1.0.0/24");
    w.seed(A, scope("10.2.0.0/24", 2));
    Plan plan = failover.plan(AddScope.of("pair-g", "10.2.0.0/24"));
    read(A);
    read(B); // as the facade does before applying: every server read, its state remembered by fingerprint
    return plan;
  }

  @Test
  @DisplayName("after the primary's Add-DhcpServerv4FailoverScope, the partner's part finds its work done and runs nothing")
  void partnerWorkAccepted() {
    Plan plan = addScopePlanned();
    Server a = w.inventory.require(A);
    Server b = w.inventory.require(B);
    List<Progress> progress = new ArrayList<>();
    w.backend.apply(a, plan.part(A).orElseThrow(), progress::add);
    assertThat(progress).anySatisfy(p -> assertThat(p.subnet()).contains(subnet("10.2.0.0/24")));
    assertThat(progress.get(progress.size() - 1).done()).isEqualTo(progress.get(progress.size() - 1).total());
    assertThat(w.b.scope(subnet("10.2.0.0/24"))).isPresent();
    w.forgetInvocations();
    String after = w.backend.apply(b, plan.part(B).orElseThrow(), p -> { });
    assertThat(w.writes("dhcp-b")).isZero();
    assertThat(after).isEqualTo(read(B).fingerprint());
  }

  @Test
  @DisplayName("anything else changed on the partner meanwhile is a conflict, and nothing runs")
  void otherChangesRefused() {
    Plan plan = addScopePlanned();
    w.backend.apply(w.inventory.require(A), plan.part(A).orElseThrow(), p -> { });
    w.seed(B, scope("10.3.0.0/24", 1));
    int writes = w.b.writes().size();
    assertThatThrownBy(() -> w.backend.apply(w.inventory.require(B), plan.part(B).orElseThrow(), p -> { }))
        .isInstanceOf(ConflictException.class).hasMessageContaining("10.3.0.0/24");
    assertThat(w.b.writes()).hasSize(writes);
  }

  @Test
  @DisplayName("a backend that never read the state the part was planned from refuses it once the server changed")
  void unknownBaseRefused() throws Exception {
    Plan plan = addScopePlanned();
    w.backend.apply(w.inventory.require(A), plan.part(A).orElseThrow(), p -> { });
    try (WindowsBackend fresh = new WindowsBackend(s -> new InProcessShell(w.fake(s.id()), w.invocations))) {
      fresh.read(w.inventory.require(A), w.inventory);
      assertThatThrownBy(() -> fresh.apply(w.inventory.require(B), plan.part(B).orElseThrow(), p -> { }))
          .isInstanceOf(ConflictException.class);
    }
  }
}
