package dev.failover.plan;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.ISC_A;
import static dev.failover.plan.Fixtures.ISC_B;
import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.diff.DriftReport;
import dev.failover.gen.Properties;
import dev.failover.gen.ScopeGen;
import dev.failover.json.FailoverJson;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plans over generated servers: they round-trip through JSON, and replication plans do what they say. */
class PlanPropertiesTest {

  private record Case(Operation op, List<ServerState> states) {}

  private static Case generate(long seed) {
    Random r = new Random(seed);
    boolean isc = r.nextBoolean();
    ServerId a = isc ? ISC_A : KEA_A;
    ServerId b = isc ? ISC_B : KEA_B;
    Vendor vendor = isc ? Vendor.ISC : Vendor.KEA;
    List<Scope> onA = new ArrayList<>();
    List<Scope> onB = new ArrayList<>();
    List<String> subnets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Subnet subnet = ScopeGen.subnet(i);
      onA.add(ScopeGen.scope(subnet, r));
      subnets.add(subnet.toString());
      if (r.nextBoolean()) {
        onB.add(ScopeGen.scope(subnet, r));
      }
    }
    Relationship pair = isc ? Fixtures.iscPair(subnets.toArray(String[]::new))
        : Fixtures.keaPair(subnets.toArray(String[]::new));
    String name = pair.name().value();
    ImmutableServerState sa = Fixtures.state(a, vendor, onA.toArray(Scope[]::new));
    ImmutableServerState sb = Fixtures.state(b, vendor, onB.toArray(Scope[]::new));
    switch (r.nextInt(5)) {
      case 0:
        return new Case(CreateRelationship.of(pair), List.of(sa, sb));
      case 1:
        return new Case(RemoveRelationship.of(name).keepScopesOn((r.nextBoolean() ? a : b).value(),
            r.nextBoolean() ? ScopeFate.DELETE : ScopeFate.DISABLE),
            List.of(sa.withRelationships(pair), sb.withRelationships(pair)));
      case 2:
        return new Case(Replicate.scope(subnets.get(r.nextInt(4))).from(a.value()),
            List.of(sa.withRelationships(pair), sb.withRelationships(pair)));
      case 3:
        return new Case(Replicate.relationship(name).from(a.value()),
            List.of(sa.withRelationships(pair), sb.withRelationships(pair)));
      default:
        return new Case(Replicate.server(a.value()), List.of(sa.withRelationships(pair), sb.withRelationships(pair)));
    }
  }

  @Test
  void plansRoundTripThroughJson() {
    Properties.check("plans round-trip through JSON", () -> Properties.theory().forAll(ScopeGen.seeds())
        .checkAssert(seed -> {
          Case c = generate(seed);
          Plan plan = Planner.plan(c.op(), INVENTORY, c.states());
          String json = FailoverJson.write(plan);
          Plan back = FailoverJson.read(json, Plan.class);
          assertThat(back).isEqualTo(plan);
          assertThat(back.digest()).isEqualTo(plan.digest());
          assertThat(back.summary()).isEqualTo(plan.summary());
        }));
  }

  @Test
  void appliedReplicationPlansLeaveNoDrift() {
    Properties.check("replication removes drift", () -> Properties.theory().forAll(ScopeGen.seeds())
        .checkAssert(seed -> {
          Case c = generate(seed);
          if (!(c.op() instanceof Replicate rep) || rep.reach() == Replicate.Reach.SCOPE) {
            return;
          }
          Plan plan = Planner.plan(c.op(), INVENTORY, c.states());
          ServerState a = c.states().get(0);
          ServerState b = c.states().get(1);
          ServerState b2 = plan.part(b.server()).map(p -> b.apply(p.changes())).orElse(b);
          Relationship r = a.relationships().get(0);
          // drift as Failover.drift sees it: the relationship's view (ISC pools of other peers are not its own)
          List<Scope> covered = b2.scopes().stream().filter(s -> r.scopes().contains(s.subnet()))
              .map(s -> dev.failover.diff.RelationshipScopes.view(s, r)).toList();
          List<Scope> source = a.scopes().stream().map(s -> dev.failover.diff.RelationshipScopes.view(s, r)).toList();
          assertThat(DriftReport.between(a.server(), source, b.server(), covered).isEmpty()).isTrue();
          assertThat(plan.part(a.server())).isEmpty();
        }));
  }
}
