package dev.failover.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.json.FailoverJson;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per row of the permission table (DESIGN.md, failover-management.txt "Permissions"). */
class AccessPolicyTest {

  private static final ServerId A = ServerId.of("dhcp-a");
  private static final ServerId B = ServerId.of("dhcp-b");
  private static final Subnet NET = Subnet.parse("10.1.0.0/24");
  private static final AccessPolicy POLICY = AccessPolicy.standard();

  private static final Principal DHCP_ADMIN = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Principal IPAM_ADMIN = Principal.withRoles("ivan", BuiltInRole.IPAM_ADMINISTRATORS);
  private static final Principal NOBODY = Principal.named("eve").build();

  @Test
  void relationshipsAndPeersNeedADhcpAdministrator() {
    assertThat(POLICY.manageRelationship(DHCP_ADMIN, "creating relationship pair-1").allowed()).isTrue();
    AccessDecision ipam = POLICY.manageRelationship(IPAM_ADMIN, "creating relationship pair-1");
    assertThat(ipam.allowed()).isFalse();
    assertThat(ipam.reason()).isEqualTo("denied: ivan creating relationship pair-1 needs DHCP administrator "
        + "(built-in role DHCP Administrators) on the DHCP service");
    Principal withEveryBit = Principal.named("bits").addServerGrants(ServerGrant.of("dhcp-a", ServerAccessBit.values()))
        .build();
    assertThat(POLICY.manageRelationship(withEveryBit, "removing relationship pair-1").allowed())
        .as("access bits do not make a DHCP administrator").isFalse();
  }

  @Test
  void addingOrRemovingAScopeNeedsAddAScopeOnEveryServerItChanges() {
    Principal onA = Principal.named("bob").addServerGrants(ServerGrant.of("dhcp-a", ServerAccessBit.ADD_A_SCOPE)).build();
    AccessDecision d = POLICY.changeRelationshipScopes(onA, "adding scope 10.1.0.0/24 to pair-1", List.of(A, B));
    assertThat(d.allowed()).isFalse();
    assertThat(d.missing()).containsExactly(ImmutableMissing.of("\"Add a scope\"", "server dhcp-b"));
    Principal onBoth = Principal.named("bob").from(onA).addServerGrants(ServerGrant.of("dhcp-b", ServerAccessBit.ADD_A_SCOPE))
        .build();
    assertThat(POLICY.changeRelationshipScopes(onBoth, "adding", List.of(A, B)).allowed()).isTrue();
    assertThat(POLICY.changeRelationshipScopes(DHCP_ADMIN, "adding", List.of(A, B)).allowed()).isTrue();
    assertThat(POLICY.changeRelationshipScopes(IPAM_ADMIN, "adding", List.of(A, B)).allowed()).isFalse();
  }

  @Test
  void replicatingOneScopeNeedsAnyScopeBitOnTheDestinationsScope() {
    for (ScopeAccessBit bit : ScopeAccessBit.values()) {
      Principal p = Principal.named("bob").addScopeGrants(ScopeGrant.of("dhcp-b", "10.1.0.0/24", bit)).build();
      assertThat(POLICY.replicateScope(p, "replicating", B, NET, Set.of(ItemKind.RESERVATION)).allowed())
          .as(bit.title()).isTrue();
    }
    assertThat(POLICY.replicateScope(IPAM_ADMIN, "replicating", B, NET, Set.of()).allowed()).isTrue();
    assertThat(POLICY.replicateScope(DHCP_ADMIN, "replicating", B, NET, Set.of()).allowed()).isTrue();
    Principal otherScope = Principal.named("bob")
        .addScopeGrants(ScopeGrant.of("dhcp-b", "10.2.0.0/24", ScopeAccessBit.EDIT_RESERVATIONS)).build();
    assertThat(POLICY.replicateScope(otherScope, "replicating", B, NET, Set.of()).allowed()).isFalse();
  }

  @Test
  void theServerLevelEditReservationsBitDoesNotGrantScopeReplication() {
    Principal serverBit = Principal.named("bob")
        .addServerGrants(ServerGrant.of("dhcp-b", ServerAccessBit.EDIT_RESERVATIONS)).build();
    AccessDecision d = POLICY.replicateScope(serverBit, "replicating scope 10.1.0.0/24 from dhcp-a to dhcp-b", B, NET,
        Set.of(ItemKind.RESERVATION));
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("denied: bob replicating scope 10.1.0.0/24 from dhcp-a to dhcp-b needs one of "
        + "\"Read/write scope options\", \"Edit reservations\", \"Edit address pools\", \"Edit exclusions\" "
        + "on scope 10.1.0.0/24 of dhcp-b");
  }

  @Test
  void replicatingARelationshipOrServerNeedsAdministerDhcpServersOnTheDestination() {
    assertThat(POLICY.replicateMany(DHCP_ADMIN, "replicating pair-1", B).allowed()).isTrue();
    AccessDecision ipam = POLICY.replicateMany(IPAM_ADMIN, "replicating pair-1", B);
    assertThat(ipam.missing()).containsExactly(ImmutableMissing.of("\"Administer DHCP servers\"", "server dhcp-b"));
    Principal admin = Principal.named("ops")
        .addServerGrants(ServerGrant.of("dhcp-b", ServerAccessBit.ADMINISTER_DHCP_SERVERS)).build();
    assertThat(POLICY.replicateMany(admin, "replicating pair-1", B).allowed()).isTrue();
    assertThat(POLICY.replicateMany(admin, "replicating pair-1", A).allowed()).isFalse();
    assertThat(POLICY.replicateMany(NOBODY, "replicating server dhcp-b", B).allowed()).isFalse();
  }

  @Test
  void theStrictPolicyNeedsTheBitOfEachKindOfChange() {
    Principal reservationsOnly = Principal.named("bob")
        .addScopeGrants(ScopeGrant.of("dhcp-b", "10.1.0.0/24", ScopeAccessBit.EDIT_RESERVATIONS)).build();
    AccessPolicy strict = AccessPolicy.strict();
    assertThat(strict.replicateScope(reservationsOnly, "r", B, NET, Set.of(ItemKind.RESERVATION)).allowed()).isTrue();
    AccessDecision pools = strict.replicateScope(reservationsOnly, "r", B, NET, Set.of(ItemKind.RESERVATION, ItemKind.POOL));
    assertThat(pools.missing()).containsExactly(ImmutableMissing.of("\"Edit address pools\"", "scope 10.1.0.0/24 of dhcp-b"));
    assertThat(strict.replicateScope(reservationsOnly, "r", B, NET, Set.of(ItemKind.OPTION)).missing())
        .extracting(AccessDecision.Missing::needs).containsExactly("\"Read/write scope options\"");
    assertThat(POLICY.replicateScope(reservationsOnly, "r", B, NET, Set.of(ItemKind.POOL)).allowed())
        .as("the standard policy takes any one scope bit").isTrue();
  }

  @Test
  void decisionsAndPrincipalsRoundTripThroughJson() {
    Principal p = Principal.named("bob").addRoles(BuiltInRole.IPAM_ADMINISTRATORS)
        .addServerGrants(ServerGrant.of("dhcp-a", ServerAccessBit.ADD_A_SCOPE))
        .addScopeGrants(ScopeGrant.of("dhcp-b", "10.1.0.0/24", ScopeAccessBit.EDIT_EXCLUSIONS)).build();
    assertThat(FailoverJson.read(FailoverJson.write(p), Principal.class)).isEqualTo(p);
    AccessDecision d = POLICY.replicateMany(p, "replicating pair-1", B);
    assertThat(FailoverJson.read(FailoverJson.write(d), AccessDecision.class)).isEqualTo(d);
  }
}
