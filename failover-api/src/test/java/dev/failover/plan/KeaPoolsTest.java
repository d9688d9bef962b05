package dev.failover.plan;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static dev.failover.plan.Fixtures.lab;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.gen.Properties;
import dev.failover.gen.ScopeGen;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Kea load balancing splits pools between HA_ classes (vendor-facts §3.7); hot standby makes them whole. */
class KeaPoolsTest {

  private static Relationship kea(FailoverMode mode, String... scopes) {
    Relationship.Builder b = Relationship.builder().name("kea-pair").mode(mode).primary("kea-a").secondary("kea-b")
        .settings(KeaHaSettings.forPair(mode, KEA_A, URI.create("http://127.0.0.1:18001/"), KEA_B,
            URI.create("http://127.0.0.1:18002/")));
    for (String s : scopes) {
      b.addScope(s);
    }
    return b.build();
  }

  @Test
  void creatingALoadBalancingRelationshipSplitsEveryPoolOnBothServers() {
    Plan plan = Planner.plan(CreateRelationship.of(kea(FailoverMode.LOAD_BALANCING, "10.1.0.0/24")), INVENTORY,
        List.of(state(KEA_A, Vendor.KEA, office()), state(KEA_B, Vendor.KEA)));
    ServerState a = state(KEA_A, Vendor.KEA, office()).apply(plan.part(KEA_A).orElseThrow().changes());
    ServerState b = state(KEA_B, Vendor.KEA).apply(plan.part(KEA_B).orElseThrow().changes());
    List<Pool> pools = a.scope(Subnet.parse("10.1.0.0/24")).orElseThrow().pools();
    assertThat(pools).extracting(p -> p.range() + " " + p.clientClass().orElse(""))
        .containsExactly("10.1.0.100-10.1.0.149 HA_kea-a", "10.1.0.150-10.1.0.200 HA_kea-b");
    assertThat(b.scopes()).isEqualTo(a.scopes());
    assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.POOLS_SPLIT);
  }

  @Test
  void switchingToHotStandbyMakesThePoolsWholeAgain() {
    Relationship lb = kea(FailoverMode.LOAD_BALANCING, "10.2.0.0/24");
    Scope split = KeaPools.split(lab(), "HA_kea-a", "HA_kea-b");
    Plan plan = Planner.plan(ModifyRelationship.of(kea(FailoverMode.HOT_STANDBY, "10.2.0.0/24")), INVENTORY,
        List.of(state(KEA_A, Vendor.KEA, split).withRelationships(lb), state(KEA_B, Vendor.KEA, split).withRelationships(lb)));
    ServerState a = state(KEA_A, Vendor.KEA, split).withRelationships(lb).apply(plan.part(KEA_A).orElseThrow().changes());
    assertThat(a.scope(Subnet.parse("10.2.0.0/24"))).contains(lab());
    assertThat(a.relationships().get(0).mode()).isEqualTo(FailoverMode.HOT_STANDBY);
  }

  @Test
  @org.junit.jupiter.api.DisplayName("removing a load-balancing relationship makes the pools whole on both kept copies and says the scopes stay served")
  void removingALoadBalancingRelationshipMergesThePools() {
    Relationship lb = kea(FailoverMode.LOAD_BALANCING, "10.2.0.0/24");
    Scope split = KeaPools.split(lab(), "HA_kea-a", "HA_kea-b");
    ServerState a = state(KEA_A, Vendor.KEA, split).withRelationships(lb);
    ServerState b = state(KEA_B, Vendor.KEA, split).withRelationships(lb);
    Plan plan = Planner.plan(RemoveRelationship.of("kea-pair").keepScopesOn("kea-a", ScopeFate.DISABLE), INVENTORY,
        List.of(a, b));
    ServerState after = a.apply(plan.part(KEA_A).orElseThrow().changes());
    assertThat(after.scope(Subnet.parse("10.2.0.0/24"))).contains(lab());
    assertThat(b.apply(plan.part(KEA_B).orElseThrow().changes()).scope(Subnet.parse("10.2.0.0/24")).orElseThrow()
        .pools()).isEqualTo(lab().pools());
    assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.POOLS_MERGED, WarningCode.SCOPES_DISABLED);
    assertThat(plan.warnings()).filteredOn(w -> w.code().equals(WarningCode.SCOPES_DISABLED)).singleElement()
        .satisfies(w -> assertThat(w.message()).contains("they stay in service on kea-a"));
  }

  @Test
  @org.junit.jupiter.api.DisplayName("a removal whose survivor lacks a scope does not claim the scope stays in service")
  void theWarningDoesNotClaimServiceWhereThereIsNone() {
    Relationship hs = kea(FailoverMode.HOT_STANDBY, "10.2.0.0/24");
    ServerState a = state(KEA_A, Vendor.KEA).withRelationships(hs);
    ServerState b = state(KEA_B, Vendor.KEA, lab()).withRelationships(hs);
    Plan plan = Planner.plan(RemoveRelationship.of("kea-pair").keepScopesOn("kea-a", ScopeFate.DISABLE), INVENTORY,
        List.of(a, b));
    assertThat(plan.warnings()).filteredOn(w -> w.code().equals(WarningCode.SCOPES_DISABLED)).singleElement()
        .satisfies(w -> assertThat(w.message()).doesNotContain("they stay in service")
            .contains("NOT every scope stays in service on kea-a").contains("no copy of 10.2.0.0/24"));
  }

  @Test
  @org.junit.jupiter.api.DisplayName("the last scope of a load-balancing relationship is refused too, naming the removal of the relationship as the way out")
  void removingTheLastScopeFromLoadBalancingIsRefused() {
    Relationship lb = kea(FailoverMode.LOAD_BALANCING, "10.2.0.0/24");
    Scope split = KeaPools.split(lab(), "HA_kea-a", "HA_kea-b");
    ServerState a = state(KEA_A, Vendor.KEA, split).withRelationships(lb);
    ServerState b = state(KEA_B, Vendor.KEA, split).withRelationships(lb);
    for (ScopeFate fate : ScopeFate.values()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Planner.plan(RemoveScope.of("kea-pair", "10.2.0.0/24",
          "kea-b", fate), INVENTORY, List.of(a, b)))
          .isInstanceOfSatisfying(dev.failover.errors.ValidationException.class, e -> assertThat(e.getMessage())
              .contains("as the relationship's last scope", "about half",
                  "relationships remove kea-pair --keep-scopes-on kea-b"));
    }
  }

  @Test
  @org.junit.jupiter.api.DisplayName("one scope of several is refused leaving a load-balancing relationship, whatever becomes of the other copy, with the next step in operator words")
  void removingOneOfSeveralScopesFromLoadBalancingIsRefused() {
    Relationship lb = kea(FailoverMode.LOAD_BALANCING, "10.1.0.0/24", "10.2.0.0/24");
    Scope office = KeaPools.split(office(), "HA_kea-a", "HA_kea-b");
    Scope lab = KeaPools.split(lab(), "HA_kea-a", "HA_kea-b");
    ServerState a = state(KEA_A, Vendor.KEA, office, lab).withRelationships(lb);
    ServerState b = state(KEA_B, Vendor.KEA, office, lab).withRelationships(lb);
    for (ScopeFate fate : ScopeFate.values()) {
      for (String survivor : List.of("kea-a", "kea-b")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Planner.plan(RemoveScope.of("kea-pair", "10.2.0.0/24",
            survivor, fate), INVENTORY, List.of(a, b)))
            .isInstanceOfSatisfying(dev.failover.errors.ValidationException.class, e -> {
              assertThat(e.violations()).extracting(dev.failover.errors.Violation::field).containsExactly("subnet");
              assertThat(e.getMessage()).contains("load-balancing relationship kea-pair", "about half",
                  "relationships modify kea-pair --mode hot-standby", "relationships remove kea-pair")
                  .doesNotContain("Planner", "RemoveScope", "ModifyRelationship");
            });
      }
    }
  }

  @Test
  @org.junit.jupiter.api.DisplayName("renaming the peers of a load-balancing relationship splits the pools between the new classes")
  void renamingPeersResplitsThePools() {
    Relationship lb = kea(FailoverMode.LOAD_BALANCING, "10.2.0.0/24");
    Scope split = KeaPools.split(lab(), "HA_kea-a", "HA_kea-b");
    KeaHaSettings old = (KeaHaSettings) lb.settings();
    Relationship renamed = dev.failover.relationship.ImmutableRelationship.copyOf(lb).withSettings(
        dev.failover.relationship.ImmutableKeaHaSettings.copyOf(old).withPeers(old.peers().stream()
            .map(p -> (dev.failover.relationship.KeaPeer) dev.failover.relationship.ImmutableKeaPeer.copyOf(p)
                .withName("n-" + p.name())).toList()));
    ServerState a = state(KEA_A, Vendor.KEA, split).withRelationships(lb);
    ServerState b = state(KEA_B, Vendor.KEA, split).withRelationships(lb);
    Plan plan = Planner.plan(ModifyRelationship.of(renamed), INVENTORY, List.of(a, b));
    assertThat(a.apply(plan.part(KEA_A).orElseThrow().changes()).scope(Subnet.parse("10.2.0.0/24")).orElseThrow()
        .pools()).isEqualTo(KeaPools.split(lab(), "HA_n-kea-a", "HA_n-kea-b").pools());
  }

  @Test
  void adjacentPoolsStayApartAfterARoundTrip() {
    Scope adjacent = Scope.builder().subnet(Subnet.parse("10.3.0.0/24")).addPool(Pool.of("10.3.0.1", "10.3.0.10"))
        .addPool(Pool.of("10.3.0.11", "10.3.0.20")).addPool(Pool.of("10.3.0.21", "10.3.0.21")).build();
    assertThat(KeaPools.merge(KeaPools.split(adjacent, "HA_a", "HA_b"), "HA_a", "HA_b")).isEqualTo(adjacent);
  }

  @Test
  void splittingThenMergingGivesBackThePoolsAndCoversTheSameAddresses() {
    Properties.check("merge(split(s)) == s", () -> Properties.theory().forAll(ScopeGen.seeds()).checkAssert(seed -> {
      Scope s = ScopeGen.scope(ScopeGen.subnet(3), new Random(seed));
      Scope split = KeaPools.split(s, "HA_a", "HA_b");
      long before = s.pools().stream().mapToLong(p -> p.range().end().bits() - p.range().start().bits() + 1L).sum();
      long after = split.pools().stream().mapToLong(p -> p.range().end().bits() - p.range().start().bits() + 1L).sum();
      assertThat(after).isEqualTo(before);
      assertThat(split.pools()).allSatisfy(p -> assertThat(p.clientClass()).isPresent());
      assertThat(KeaPools.merge(split, "HA_a", "HA_b")).isEqualTo(s);
      assertThat(KeaPools.split(split, "HA_a", "HA_b")).isEqualTo(split);
    }));
  }
}
