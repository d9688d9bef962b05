package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.Replicate;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Vendor;
import dev.failover.state.CommonState;
import dev.failover.testkit.memory.InMemoryPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeFakeExampleTest {

  // the application code under test: repairs every relationship that drifted, from its primary
  static int repairDrift(Failover failover, Principal who, List<String> relationships) {
    int repaired = 0;
    for (String name : relationships) {
      if (!failover.drift(name).isEmpty()) {
        Relationship r = failover.relationship(name);
        failover.apply(failover.plan(Replicate.relationship(name).from(r.primary().value())), who);
        repaired++;
      }
    }
    return repaired;
  }

  static final Principal OPERATOR = Principal.withRoles("ops", BuiltInRole.DHCP_ADMINISTRATORS);
  static final Subnet OFFICE = Subnet.parse("10.1.0.0/24");

  @Test
  void repairsWhatDriftedAndNothingElse() {
    Scope office = Generators.scopesOf(OFFICE).sample(7);
    InMemoryPair pair = InMemoryPair.of(Vendor.KEA).withRelationship("ha-1", office);
    pair.secondary().withScopes(Generators.scopesOf(OFFICE).sample(8));   // someone edits b by hand

    assertThat(repairDrift(pair.failover(), OPERATOR, List.of("ha-1"))).isEqualTo(1);
    assertThat(pair.failover().drift("ha-1").isEmpty()).isTrue();
    assertThat(pair.secondary().state().scope(OFFICE)).isEqualTo(pair.primary().state().scope(OFFICE));
    assertThat(repairDrift(pair.failover(), OPERATOR, List.of("ha-1"))).isZero();
  }

  @Test
  void reportsAFailedWriteAndLeavesTheServerAsItWas() {
    InMemoryPair pair = InMemoryPair.of(Vendor.WINDOWS).withRelationship("fo-1", Generators.scopesOf(OFFICE).sample(1));
    pair.secondary().withScopes(Generators.scopesOf(OFFICE).sample(2));
    String before = pair.secondary().state().fingerprint();
    pair.secondary().failNextWrite("connection reset by peer");

    assertThatThrownBy(() -> repairDrift(pair.failover(), OPERATOR, List.of("fo-1")))
        .isInstanceOf(FailoverException.class).hasMessageContaining("connection reset by peer");
    assertThat(pair.secondary().state().fingerprint()).isEqualTo(before);
  }

  @Test
  void seesPartnerDownOnceTheLinkIsCutForLongEnough() {
    InMemoryPair pair = InMemoryPair.of(Vendor.KEA).withRelationship("ha-1", Generators.scopesOf(OFFICE).sample(3));
    pair.cutLink();
    pair.advance(Duration.ofSeconds(2));                   // Kea: still hot-standby, partner not heard
    assertThat(pair.failover().status("ha-1")).allSatisfy(s -> assertThat(s.local().common()).isEqualTo(CommonState.NORMAL));
    pair.advance(Duration.ofSeconds(5));                   // past max-response-delay (5 s)
    assertThat(pair.failover().status("ha-1")).allSatisfy(s -> assertThat(s.local().common()).isEqualTo(CommonState.PARTNER_DOWN));
  }
}
