package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The backend refuses to leave a pool limited to an {@code HA_} class no HA peer of the server
 * assigns any more (a plan made without merging load-balancing pools back), before anything is
 * sent; the planner's own removal passes.
 */
@DisplayName("the Kea backend refuses pools left limited to an HA class nobody assigns")
class KeaUnassignedHaClassTest {

  private static final Principal ADMIN = Principal.withRoles("test-admin", BuiltInRole.DHCP_ADMINISTRATORS);

  @Test
  @DisplayName("a removal that would leave the split pools behind is refused by check, naming the pool and the class")
  void refused() throws Exception {
    try (KeaFakeFixture fx = new KeaFakeFixture()) {
      Failover failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
      fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.90.0.0/24", 1));
      Relationship r = fx.relationship("lb", FailoverMode.LOAD_BALANCING, List.of(Subnet.parse("10.90.0.0/24")));
      failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
      Server a = fx.inventory().require(KeaFakeFixture.A);
      ServerState now = fx.backend().read(a, fx.inventory());
      ServerPlan bare = ImmutableServerPlan.builder().server(KeaFakeFixture.A).vendor(Vendor.KEA)
          .fingerprint(now.fingerprint()).addChanges(RelationshipChange.delete(now.relationship(r.name()).orElseThrow()))
          .build();
      String before = fx.config(KeaFakeFixture.A).fingerprint();
      assertThatThrownBy(() -> fx.backend().check(a, bare)).isInstanceOfSatisfying(ValidationException.class,
          e -> assertThat(e.getMessage()).contains("10.90.0.0/24").contains("10.90.0.100-10.90.0.149")
              .contains("HA_kea-a").contains("no HA relationship of server kea-a assigns"));
      assertThat(fx.config(KeaFakeFixture.A).fingerprint()).isEqualTo(before);
      // the planner's removal merges the pools, and passes
      failover.apply(failover.plan(RemoveRelationship.of("lb").keepScopesOn("kea-a", ScopeFate.DISABLE)), ADMIN);
      assertThat(fx.config(KeaFakeFixture.A).highAvailability()).isEmpty();
    }
  }
}
