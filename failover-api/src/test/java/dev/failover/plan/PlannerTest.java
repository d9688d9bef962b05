package dev.failover.plan;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.ISC_A;
import static dev.failover.plan.Fixtures.ISC_B;
import static dev.failover.plan.Fixtures.KEA_A;
import static dev.failover.plan.Fixtures.KEA_B;
import static dev.failover.plan.Fixtures.WIN_A;
import static dev.failover.plan.Fixtures.WIN_B;
import static dev.failover.plan.Fixtures.iscPair;
import static dev.failover.plan.Fixtures.keaPair;
import static dev.failover.plan.Fixtures.lab;
import static dev.failover.plan.Fixtures.office;
import static dev.failover.plan.Fixtures.state;
import static dev.failover.plan.Fixtures.windowsPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.json.FailoverJson;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static Plan plan(Operation op, ServerState... states) {
    return Planner.plan(op, INVENTORY, List.of(states));
  }

  private static List<String> lines(Plan plan, ServerId server) {
    return plan.part(server).map(p -> p.changes().stream().map(Change::describe).toList()).orElse(List.of());
  }

  private static ServerState applied(Plan plan, ServerState s) {
    return plan.part(s.server()).map(p -> s.apply(p.changes())).orElse(s);
  }

  private static Scope withPeer(Scope s, String peer) {
    return ImmutableScope.copyOf(s).withPools(s.pools().stream()
        .map(p -> (Pool) ImmutablePool.copyOf(p).withFailoverPeer(peer)).toList());
  }

  private static IscPeer peer(String name, Relationship r, ServerId on) {
    return IscPeer.of(name, r.iscDeclarationFor(on));
  }

  @Nested
  class CreatingARelationship {

    @Test
    void iscWritesAPeerOnEachServerAndMigratesTheScopeToThePartner() {
      Relationship r = iscPair("10.1.0.0/24");
      ServerState a = state(ISC_A, Vendor.ISC, office());
      ServerState b = state(ISC_B, Vendor.ISC);
      Plan plan = plan(CreateRelationship.of(r), a, b);
      assertThat(lines(plan, ISC_A)).containsExactly("+failover peer \"fo1\" (primary)",
          "~pool 10.1.0.100-10.1.0.200 in 10.1.0.0/24",
          "+relationship fo1 (load balancing, isc-a and isc-b, 1 scope(s))");
      assertThat(lines(plan, ISC_B)).containsExactly("+failover peer \"fo1\" (secondary)",
          "+scope 10.1.0.0/24 (3 items)", "+relationship fo1 (load balancing, isc-a and isc-b, 1 scope(s))");
      ServerState a2 = applied(plan, a);
      ServerState b2 = applied(plan, b);
      assertThat(a2.scope(Subnet.parse("10.1.0.0/24"))).contains(withPeer(office(), "fo1"));
      assertThat(b2.scopes()).isEqualTo(a2.scopes());
      assertThat(a2.peer("fo1").orElseThrow().declaration().role()).isEqualTo(ServerRole.PRIMARY);
      assertThat(b2.peer("fo1").orElseThrow().declaration().role()).isEqualTo(ServerRole.SECONDARY);
      assertThat(a2.relationships()).containsExactly(r);
      assertThat(plan.part(ISC_A).orElseThrow().fingerprint()).isEqualTo("fp-isc-a-0");
    }

    @Test
    void windowsCreatesTheRelationshipWithoutScopesOnBothServers() {
      Relationship r = windowsPair();
      Plan plan = plan(CreateRelationship.of(r), state(WIN_A, Vendor.WINDOWS, office()), state(WIN_B, Vendor.WINDOWS));
      assertThat(lines(plan, WIN_A)).containsExactly("+relationship win-pair (hot standby, win-a and win-b, 0 scope(s))");
      assertThat(lines(plan, WIN_B)).hasSize(1);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
      Relationship existing = iscPair("10.2.0.0/24");
      Relationship r = Relationship.builder().from(iscPair()).addScope("10.1.0.0/24").addScope("10.2.0.0/24")
          .addScope("10.9.0.0/24").build();
      ServerState a = state(ISC_A, Vendor.ISC, office(), lab()).withRelationships(existing);
      ServerState b = state(ISC_B, Vendor.ISC);
      assertThatThrownBy(() -> plan(CreateRelationship.of(r), a, b)).isInstanceOfSatisfying(ValidationException.class,
          e -> assertThat(e.violations()).extracting(Violation::message).containsExactlyInAnyOrder(
              "name must be free on isc-a, was fo1",
              "scopes must exist on isc-a or isc-b, was 10.9.0.0/24",
              "scopes is already in relationship fo1 on isc-a (one relationship per scope), was 10.2.0.0/24"));
    }

    @Test
    void bothServersMustBeInTheInventoryWithTheRelationshipsVendor() {
      Relationship r = Relationship.builder().from(windowsPair()).primary("isc-a").build();
      assertThatThrownBy(() -> plan(CreateRelationship.of(r), state(ISC_A, Vendor.ISC), state(WIN_B, Vendor.WINDOWS)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be a Windows DHCP server");
      Relationship stranger = Relationship.builder().from(windowsPair()).secondary("win-z").build();
      assertThatThrownBy(() -> plan(CreateRelationship.of(stranger), state(WIN_A, Vendor.WINDOWS)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("secondary must be a server in the inventory");
    }

    @Test
    void windowsAllowsAtMost31RelationshipsPerServer() {
      ServerState a = state(WIN_A, Vendor.WINDOWS);
      ImmutableServerState.Builder full = ServerState.builder().from(a);
      for (int i = 0; i < 31; i++) {
        full.addRelationships(Relationship.builder().from(windowsPair()).name("r" + i).build());
      }
      assertThatThrownBy(() -> plan(CreateRelationship.of(windowsPair()), full.build(), state(WIN_B, Vendor.WINDOWS)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must have fewer than 31 relationships");
    }

    @Test
    void advisoriesBecomeWarnings() {
      Relationship r = Relationship.builder().from(windowsPair()).build();
      Plan plan = plan(CreateRelationship.of(r), state(WIN_A, Vendor.WINDOWS), state(WIN_B, Vendor.WINDOWS));
      assertThat(plan.warnings()).extracting(Warning::message).anyMatch(m -> m.contains("PARTNER DOWN"));
    }
  }

  @Nested
  class RemovingARelationship {

    private final Relationship r = iscPair("10.1.0.0/24");
    private final ServerState a = state(ISC_A, Vendor.ISC, withPeer(office(), "fo1")).withRelationships(r)
        .withPeers(peer("fo1", r, ISC_A));
    private final ServerState b = state(ISC_B, Vendor.ISC, withPeer(office(), "fo1")).withRelationships(r)
        .withPeers(peer("fo1", r, ISC_B));

    @Test
    void withScopesTheCallerMustNameTheSurvivor() {
      assertThatThrownBy(() -> plan(RemoveRelationship.of("fo1"), a, b)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("survivor must name the server the 1 scope(s) survive on: isc-a or isc-b");
      assertThatThrownBy(() -> plan(RemoveRelationship.of("fo1").keepScopesOn("win-a", ScopeFate.DELETE), a, b))
          .isInstanceOf(ValidationException.class).hasMessageContaining("survivor must be isc-a or isc-b");
    }

    @Test
    void disablingKeepsTheOtherCopyOutOfService() {
      Plan plan = plan(RemoveRelationship.of("fo1").keepScopesOn("isc-a", ScopeFate.DISABLE), a, b);
      assertThat(lines(plan, ISC_A)).containsExactly("~pool 10.1.0.100-10.1.0.200 in 10.1.0.0/24",
          "-failover peer \"fo1\"", "-relationship fo1");
      assertThat(lines(plan, ISC_B)).containsExactly("~pool 10.1.0.100-10.1.0.200 in 10.1.0.0/24",
          "~properties properties in 10.1.0.0/24", "-failover peer \"fo1\"", "-relationship fo1");
      ServerState b2 = applied(plan, b);
      assertThat(b2.scope(Subnet.parse("10.1.0.0/24")).orElseThrow().enabled()).isFalse();
      assertThat(b2.peers()).isEmpty();
      assertThat(applied(plan, a).scope(Subnet.parse("10.1.0.0/24"))).contains(office());
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.SCOPES_DISABLED);
    }

    @Test
    void deletingRemovesTheOtherCopy() {
      Plan plan = plan(RemoveRelationship.of("fo1").keepScopesOn("isc-b", ScopeFate.DELETE), a, b);
      assertThat(lines(plan, ISC_A)).containsExactly("-scope 10.1.0.0/24 (3 items)", "-failover peer \"fo1\"",
          "-relationship fo1");
      assertThat(applied(plan, a).scopes()).isEmpty();
    }

    @Test
    void aRelationshipWithoutScopesNeedsNoSurvivor() {
      Relationship empty = windowsPair();
      Plan plan = plan(RemoveRelationship.of("win-pair"), state(WIN_A, Vendor.WINDOWS).withRelationships(empty),
          state(WIN_B, Vendor.WINDOWS).withRelationships(empty));
      assertThat(plan.changes()).hasSize(2);
    }
  }

  @Nested
  class AddingAndRemovingScopes {

    @Test
    void theScopeIsCopiedToThePartnerAndJoinsTheRelationshipOnBoth() {
      Relationship r = windowsPair();
      ServerState a = state(WIN_A, Vendor.WINDOWS, office()).withRelationships(r);
      ServerState b = state(WIN_B, Vendor.WINDOWS).withRelationships(r);
      Plan plan = plan(AddScope.of("win-pair", "10.1.0.0/24"), a, b);
      assertThat(lines(plan, WIN_A)).containsExactly("~relationship win-pair: +scope 10.1.0.0/24");
      assertThat(lines(plan, WIN_B)).containsExactly("+scope 10.1.0.0/24 (3 items)",
          "~relationship win-pair: +scope 10.1.0.0/24");
      assertThat(applied(plan, b).scopes()).containsExactly(office());
    }

    @Test
    void windowsNeedsTheScopeAbsentOnThePartner() {
      Relationship r = windowsPair();
      assertThatThrownBy(() -> plan(AddScope.of("win-pair", "10.1.0.0/24"),
          state(WIN_A, Vendor.WINDOWS, office()).withRelationships(r),
          state(WIN_B, Vendor.WINDOWS, office()).withRelationships(r)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be absent on the partner server");
    }

    @Test
    void iscNeedsAPoolAndWiresThePoolsToThePeer() {
      Relationship r = iscPair();
      ServerState a = state(ISC_A, Vendor.ISC, Scope.of("10.3.0.0/24"), office()).withRelationships(r)
          .withPeers(peer("fo1", r, ISC_A));
      ServerState b = state(ISC_B, Vendor.ISC).withRelationships(r).withPeers(peer("fo1", r, ISC_B));
      assertThatThrownBy(() -> plan(AddScope.of("fo1", "10.3.0.0/24"), a, b)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("must have at least one pool");
      Plan plan = plan(AddScope.of("fo1", "10.1.0.0/24"), a, b);
      assertThat(applied(plan, b).scope(Subnet.parse("10.1.0.0/24"))).contains(withPeer(office(), "fo1"));
      assertThat(applied(plan, a).scope(Subnet.parse("10.1.0.0/24"))).contains(withPeer(office(), "fo1"));
    }

    @Test
    void aScopeBelongsToOneRelationship() {
      Relationship other = Relationship.builder().from(windowsPair("10.1.0.0/24")).name("other").build();
      Relationship r = windowsPair();
      assertThatThrownBy(() -> plan(AddScope.of("win-pair", "10.1.0.0/24"),
          state(WIN_A, Vendor.WINDOWS, office()).withRelationships(r, other),
          state(WIN_B, Vendor.WINDOWS, office()).withRelationships(r, other)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("is already in relationship other");
    }

    @Test
    void removingAScopeKeepsItOnTheSurvivorAndDisablesOrDeletesTheOtherCopy() {
      Relationship r = keaPair("10.1.0.0/24");
      ServerState a = state(KEA_A, Vendor.KEA, office()).withRelationships(r);
      ServerState b = state(KEA_B, Vendor.KEA, office()).withRelationships(r);
      Plan disable = plan(RemoveScope.of("kea-pair", "10.1.0.0/24", "kea-b", ScopeFate.DISABLE), a, b);
      assertThat(lines(disable, KEA_A)).containsExactly("~properties properties in 10.1.0.0/24",
          "~relationship kea-pair: -scope 10.1.0.0/24");
      assertThat(lines(disable, KEA_B)).containsExactly("~relationship kea-pair: -scope 10.1.0.0/24");
      Plan delete = plan(RemoveScope.of("kea-pair", "10.1.0.0/24", "kea-b", ScopeFate.DELETE), a, b);
      assertThat(applied(delete, a).scopes()).isEmpty();
      assertThat(applied(delete, a).relationships().get(0).scopes()).isEmpty();
    }
  }

  @Nested
  class IscPeers {

    private final Relationship r = iscPair();

    private ServerState server(IscPeer... peers) {
      Scope office = ImmutableScope.copyOf(office());
      Scope lab = lab();
      if (peers.length > 0) {
        office = withPeer(office, peers[0].name());
        lab = ImmutableScope.copyOf(lab).withPools(lab.pools().get(0),
            ImmutablePool.copyOf(lab.pools().get(1)).withFailoverPeer(peers[peers.length - 1].name()));
        lab = ImmutableScope.copyOf(lab).withPools(ImmutablePool.copyOf(lab.pools().get(0))
            .withFailoverPeer(peers[0].name()), lab.pools().get(1));
      }
      return state(ISC_A, Vendor.ISC, office, lab).withPeers(peers);
    }

    @Test
    void theFirstPeerOfAServerGovernsEveryPool() {
      Plan plan = plan(AddPeer.of("isc-a", peer("fo1", r, ISC_A)), server());
      assertThat(lines(plan, ISC_A)).containsExactly("+failover peer \"fo1\" (primary)",
          "~pool 10.1.0.100-10.1.0.200 in 10.1.0.0/24", "~pool 10.2.0.50-10.2.0.99 in 10.2.0.0/24",
          "~pool 10.2.0.150-10.2.0.199 in 10.2.0.0/24");
      assertThat(applied(plan, server()).scopes()).allSatisfy(s -> assertThat(s.pools())
          .allSatisfy(p -> assertThat(p.failoverPeer()).contains("fo1")));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.FIRST_PEER);
    }

    @Test
    void aSecondPeerLeavesThePoolsAlone() {
      Plan plan = plan(AddPeer.of("isc-a", peer("fo2", r, ISC_A)), server(peer("fo1", r, ISC_A)));
      assertThat(lines(plan, ISC_A)).containsExactly("+failover peer \"fo2\" (primary)");
    }

    @Test
    void deletingTheLastPeerRemovesEveryReference() {
      ServerState s = server(peer("fo1", r, ISC_A));
      Plan plan = plan(DeletePeer.of("isc-a", "fo1"), s);
      ServerState after = applied(plan, s);
      assertThat(after.peers()).isEmpty();
      assertThat(after.scopes()).allSatisfy(x -> assertThat(x.pools()).allSatisfy(p -> assertThat(p.failoverPeer()).isEmpty()));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.POOL_REFERENCES_REMOVED);
    }

    @Test
    void deletingOneOfTwoRewiresItsPoolsToTheOther() {
      ServerState s = server(peer("fo1", r, ISC_A), peer("fo2", r, ISC_A));
      Plan plan = plan(DeletePeer.of("isc-a", "fo1"), s);
      ServerState after = applied(plan, s);
      assertThat(after.peers()).extracting(IscPeer::name).containsExactly("fo2");
      assertThat(after.scopes()).allSatisfy(x -> assertThat(x.pools()).allSatisfy(p -> assertThat(p.failoverPeer()).contains("fo2")));
      assertThatThrownBy(() -> plan(DeletePeer.of("isc-a", "fo1").withReplacement("fo3"), s))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be \"fo2\", the only other peer");
    }

    @Test
    void deletingOneOfThreeNeedsTheReplacementNamedFromTheCandidates() {
      ServerState s = server(peer("fo1", r, ISC_A), peer("fo2", r, ISC_A), peer("fo3", r, ISC_A));
      assertThatThrownBy(() -> plan(DeletePeer.of("isc-a", "fo1"), s)).isInstanceOfSatisfying(ValidationException.class,
          e -> assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("replacement");
            assertThat(v.rule()).endsWith("candidates: \"fo2\", \"fo3\"");
          }));
      assertThatThrownBy(() -> plan(DeletePeer.of("isc-a", "fo1").withReplacement("nope"), s))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be one of the remaining peers: \"fo2\", \"fo3\"");
      ServerState after = applied(plan(DeletePeer.of("isc-a", "fo1").withReplacement("fo3"), s), s);
      assertThat(after.scope(Subnet.parse("10.1.0.0/24")).orElseThrow().pools())
          .allSatisfy(p -> assertThat(p.failoverPeer()).contains("fo3"));
    }

    @Test
    void movingThePeersLastPoolAwayDeletesThePeerWithAWarning() {
      ServerState s = server(peer("fo1", r, ISC_A), peer("fo2", r, ISC_A));
      // fo2 governs only the second lab pool
      Plan plan = plan(SetPoolPeer.of("isc-a", "10.2.0.0/24", "10.2.0.150-10.2.0.199", "fo1"), s);
      assertThat(lines(plan, ISC_A)).containsExactly("~pool 10.2.0.150-10.2.0.199 in 10.2.0.0/24",
          "-failover peer \"fo2\"");
      assertThat(plan.warnings()).singleElement().satisfies(w -> {
        assertThat(w.code()).isEqualTo(WarningCode.PEER_DELETED);
        assertThat(w.message()).contains("\"fo2\" is deleted on isc-a");
      });
      Plan keep = plan(SetPoolPeer.of("isc-a", "10.1.0.0/24", "10.1.0.100-10.1.0.200", "fo2"), s);
      assertThat(keep.warnings()).isEmpty();
      assertThatThrownBy(() -> plan(SetPoolPeer.of("isc-a", "10.1.0.0/24", "10.1.0.100-10.1.0.200", "zz"), s))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be a failover peer of isc-a");
    }

    @Test
    void peersExistOnlyOnIsc() {
      assertThatThrownBy(() -> plan(AddPeer.of("win-a", peer("fo1", r, ISC_A)), state(WIN_A, Vendor.WINDOWS)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be an ISC dhcpd server");
      assertThatThrownBy(() -> plan(DeletePeer.of("isc-a", "nope"), server()))
          .isInstanceOf(NotFoundException.class);
    }
  }

  @Nested
  class Replicating {

    private final Relationship r = keaPair("10.1.0.0/24", "10.2.0.0/24");

    @Test
    void oneScopeChangesOnlyTheDestinationItemByItem() {
      Scope drifted = Scope.builder().from(office()).reservations(List.of(Reservation.of("00:16:3e:00:00:02", "10.1.0.11")))
          .build();
      ServerState a = state(KEA_A, Vendor.KEA, office(), lab()).withRelationships(r);
      ServerState b = state(KEA_B, Vendor.KEA, drifted, lab()).withRelationships(r);
      Plan plan = plan(Replicate.scope("10.1.0.0/24").from("kea-a"), a, b);
      assertThat(plan.part(KEA_A)).isEmpty();
      assertThat(lines(plan, KEA_B)).containsExactly("-reservation hw-address:00:16:3e:00:00:02 in 10.1.0.0/24",
          "+reservation hw-address:00:16:3e:00:00:01 in 10.1.0.0/24");
      assertThat(applied(plan, b).scopes()).isEqualTo(a.scopes());
      assertThat(plan.warnings()).extracting(Warning::message).containsExactly(
          "replication overwrites on kea-b: 1 item(s) removed and 0 item(s) changed, in scope(s) 10.1.0.0/24");
    }

    @Test
    void aRelationshipOrAServerReachesEveryScopeAndMissingScopesAreCreated() {
      Relationship w = windowsPair("10.1.0.0/24");
      ServerState a = state(KEA_A, Vendor.KEA, office(), lab()).withRelationships(r);
      ServerState b = state(KEA_B, Vendor.KEA, lab()).withRelationships(r);
      Plan plan = plan(Replicate.relationship("kea-pair").from("kea-a"), a, b);
      assertThat(lines(plan, KEA_B)).containsExactly("+scope 10.1.0.0/24 (3 items)");
      Plan windows = plan(Replicate.server("win-b"), state(WIN_A, Vendor.WINDOWS, lab()).withRelationships(w),
          state(WIN_B, Vendor.WINDOWS, Scope.builder().from(office()).pools(List.of()).build()).withRelationships(w));
      assertThat(lines(windows, WIN_A)).containsExactly("+scope 10.1.0.0/24 (2 items)");
      assertThat(windows.warnings()).extracting(Warning::code).contains(WarningCode.WINDOWS_NOT_REPLICATED,
          WarningCode.WINDOWS_REPLICATES_UNSEEN);
      assertThat(windows.warnings()).filteredOn(x -> x.code() == WarningCode.WINDOWS_NOT_REPLICATED).singleElement()
          .extracting(Warning::message).asString().contains("server-level option values", "user and vendor class",
              "server-level policies", "win-a");
    }

    @Test
    void eachDestinationPartNamesTheReplicationItCarriesOutAndItsInverseDoesNot() {
      Scope drifted = Scope.builder().from(office()).reservations(List.of(Reservation.of("00:16:3e:00:00:02", "10.1.0.11")))
          .build();
      ServerState a = state(KEA_A, Vendor.KEA, office(), lab()).withRelationships(r);
      ServerState b = state(KEA_B, Vendor.KEA, drifted, lab()).withRelationships(r);
      Replicate op = Replicate.scope("10.1.0.0/24").from("kea-a");
      Plan plan = plan(op, a, b);
      assertThat(plan.part(KEA_B).orElseThrow().replication()).contains(op);
      assertThat(plan.part(KEA_B).orElseThrow().inverse("fp").replication()).isEmpty();
      assertThat(FailoverJson.read(FailoverJson.write(plan), Plan.class)).isEqualTo(plan);
      Plan create = plan(CreateRelationship.of(iscPair("10.1.0.0/24")), state(ISC_A, Vendor.ISC, office()),
          state(ISC_B, Vendor.ISC));
      assertThat(create.servers()).allSatisfy(p -> assertThat(p.replication()).isEmpty());
      assertThat(FailoverJson.write(create)).doesNotContain("replication");
    }

    @Test
    void theSourceMustHoldTheScopeInARelationship() {
      ServerState a = state(KEA_A, Vendor.KEA, office()).withRelationships(r);
      assertThatThrownBy(() -> plan(Replicate.scope("10.9.0.0/24").from("kea-a"), a))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be a failover scope of kea-a");
      assertThatThrownBy(() -> plan(Replicate.relationship("kea-pair").from("kea-a"), a, state(KEA_B, Vendor.KEA)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("scopes must exist on the source kea-a");
    }

    @Test
    void equalPartnersGiveAnEmptyPlan() {
      ServerState a = state(KEA_A, Vendor.KEA, office(), lab()).withRelationships(r);
      ServerState b = state(KEA_B, Vendor.KEA, office(), lab()).withRelationships(r);
      Plan plan = plan(Replicate.relationship("kea-pair").from("kea-b"), a, b);
      assertThat(plan.isEmpty()).isTrue();
      assertThat(plan.summary()).contains("nothing to change");
    }
  }

  @Test
  void aPlanRoundTripsThroughJsonAndReadsWell() {
    Relationship r = iscPair("10.1.0.0/24");
    Plan plan = plan(CreateRelationship.of(r), state(ISC_A, Vendor.ISC, office()), state(ISC_B, Vendor.ISC));
    String json = FailoverJson.write(plan);
    Plan back = FailoverJson.read(json, Plan.class);
    assertThat(back).isEqualTo(plan);
    assertThat(back.digest()).isEqualTo(plan.digest());
    assertThat(plan.summary()).startsWith("Plan: create relationship fo1\n")
        .contains("isc-b (ISC dhcpd), 3 change(s), planned from state fp-isc-b-0:")
        .contains("    +scope 10.1.0.0/24 (3 items)");
    assertThat(Optional.of(plan.toString())).hasValueSatisfying(s -> assertThat(s).contains("6 change(s) on 2 server(s)"));
  }
}
