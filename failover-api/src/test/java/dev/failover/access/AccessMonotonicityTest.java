package dev.failover.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.gen.Properties;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** Adding a role or an access bit never turns an allow into a deny, under either policy. */
class AccessMonotonicityTest {

  private static final List<ServerId> SERVERS = List.of(ServerId.of("a"), ServerId.of("b"));
  private static final List<Subnet> SUBNETS = List.of(Subnet.parse("10.1.0.0/24"), Subnet.parse("10.2.0.0/24"));

  static Principal randomPrincipal(Random r) {
    var b = Principal.named("p");
    for (BuiltInRole role : BuiltInRole.values()) {
      if (r.nextInt(5) == 0) {
        b.addRoles(role);
      }
    }
    for (ServerId s : SERVERS) {
      EnumSet<ServerAccessBit> bits = EnumSet.noneOf(ServerAccessBit.class);
      for (ServerAccessBit bit : ServerAccessBit.values()) {
        if (r.nextInt(3) == 0) {
          bits.add(bit);
        }
      }
      b.addServerGrants(ImmutableServerGrant.of(s, bits));
      for (Subnet n : SUBNETS) {
        EnumSet<ScopeAccessBit> sbits = EnumSet.noneOf(ScopeAccessBit.class);
        for (ScopeAccessBit bit : ScopeAccessBit.values()) {
          if (r.nextInt(3) == 0) {
            sbits.add(bit);
          }
        }
        b.addScopeGrants(ImmutableScopeGrant.of(s, n, sbits));
      }
    }
    return b.build();
  }

  static Principal withOneMore(Principal p, Random r) {
    var b = Principal.named(p.name()).from(p);
    switch (r.nextInt(3)) {
      case 0 -> b.addRoles(BuiltInRole.values()[r.nextInt(BuiltInRole.values().length)]);
      case 1 -> b.addServerGrants(ImmutableServerGrant.of(SERVERS.get(r.nextInt(2)),
          Set.of(ServerAccessBit.values()[r.nextInt(ServerAccessBit.values().length)])));
      default -> b.addScopeGrants(ImmutableScopeGrant.of(SERVERS.get(r.nextInt(2)), SUBNETS.get(r.nextInt(2)),
          Set.of(ScopeAccessBit.values()[r.nextInt(ScopeAccessBit.values().length)])));
    }
    return b.build();
  }

  @Test
  void addingAnAccessBitNeverTurnsAnAllowIntoADeny() {
    Properties.check("monotonic permissions", () -> Properties.theory().forAll(SourceDSL.longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      Principal before = randomPrincipal(r);
      Principal after = withOneMore(before, r);
      ServerId server = SERVERS.get(r.nextInt(2));
      Subnet subnet = SUBNETS.get(r.nextInt(2));
      Set<ItemKind> kinds = EnumSet.noneOf(ItemKind.class);
      for (ItemKind k : ItemKind.values()) {
        if (r.nextBoolean()) {
          kinds.add(k);
        }
      }
      for (AccessPolicy policy : List.of(AccessPolicy.standard(), AccessPolicy.strict())) {
        List<java.util.function.Function<Principal, AccessDecision>> predicates = List.of(
            p -> policy.manageRelationship(p, "x"),
            p -> policy.changeRelationshipScopes(p, "x", SERVERS),
            p -> policy.replicateMany(p, "x", server),
            p -> policy.replicateScope(p, "x", server, subnet, kinds));
        for (var predicate : predicates) {
          AccessDecision was = predicate.apply(before);
          AccessDecision now = predicate.apply(after);
          if (was.allowed()) {
            assertThat(now.allowed()).as("%s after adding to %s", now.reason(), before).isTrue();
          }
          assertThat(now.missing().size()).isLessThanOrEqualTo(was.missing().size());
        }
      }
    }));
  }
}
