package dev.failover;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.plan.CreateRelationship;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Failover.plan: each backend reviews its part while the plan is made")
class FailoverReviewTest {

  private static Failover facade(BiFunction<Server, ServerPlan, List<Warning>> review) {
    MemoryBackend memory = new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office()),
        state(WIN_B, Vendor.WINDOWS));
    return Failover.builder().inventory(INVENTORY).backends(new Reviewing(memory, review)).build();
  }

  @Test
  @DisplayName("what every server would refuse refuses the plan, all servers together, each named")
  void refusalsOfEveryServerAtOnce() {
    Failover f = facade((server, part) -> {
      throw new ValidationException("plan for " + server.id(), List.of(new Violation("relationships", "x",
          "cannot be held by " + server.id())));
    });
    assertThatThrownBy(() -> f.plan(CreateRelationship.of(windowsPair("10.1.0.0/24"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("win-a: relationships", "win-b: relationships"));
  }

  @Test
  @DisplayName("a backend's warnings join the plan's, once each")
  void warningsJoinThePlan() {
    Warning w = Warning.of(WarningCode.READS_FILES, "the server reads a file");
    Plan plan = facade((server, part) -> List.of(w)).plan(CreateRelationship.of(windowsPair("10.1.0.0/24")));
    assertThat(plan.warnings()).containsOnlyOnce(w);
    assertThat(plan.summary()).contains("the server reads a file");
  }

  /** The memory backend with a review of the test's choosing. */
  private record Reviewing(MemoryBackend delegate, BiFunction<Server, ServerPlan, List<Warning>> review)
      implements FailoverBackend {
    @Override
    public Vendor vendor() {
      return delegate.vendor();
    }

    @Override
    public ServerState read(Server server, Inventory inventory) {
      return delegate.read(server, inventory);
    }

    @Override
    public List<Warning> review(Server server, ServerPlan part) {
      return review.apply(server, part);
    }

    @Override
    public void check(Server server, ServerPlan part) {
      delegate.check(server, part);
    }

    @Override
    public String apply(Server server, ServerPlan part, ProgressListener progress) {
      return delegate.apply(server, part, progress);
    }

    @Override
    public FailoverStatus status(Server server, Relationship relationship) {
      return delegate.status(server, relationship);
    }

    @Override
    public void partnerDown(Server server, Relationship relationship) {
      delegate.partnerDown(server, relationship);
    }
  }
}
