package dev.failover.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.plan.AddPeer;
import dev.failover.plan.DeletePeer;
import dev.failover.plan.EditPeer;
import dev.failover.plan.IscPeer;
import dev.failover.plan.Operation;
import dev.failover.plan.Plan;
import dev.failover.plan.SetPoolPeer;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.relationship.ImmutableIscPeerDeclaration;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.AddressRange;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of a backend whose vendor has failover peers of its own (ISC dhcpd), on top of
 * {@link FailoverBackendContract}: the rewiring rules of peers and pools, through the facade, on
 * the fixture's primary. The primary is seeded with two subnets holding three pools (two in the
 * first); peers point at the secondary or at two further ISC servers the fixture's inventory must
 * hold (only the primary is changed).
 *
 * <p>The rules (the product chapter's): a server's first peer governs every pool; a further peer
 * waits for a pool; deleting one of two peers moves its pools to the other, one of three or more
 * needs the replacement named, the last removes every reference; moving a peer's last pool away
 * deletes the peer.
 */
public abstract class IscPeerRewiringContract extends FailoverBackendContract {

  static final Subnet S1 = Subnet.parse("10.51.0.0/24");
  static final Subnet S2 = Subnet.parse("10.52.0.0/24");
  static final AddressRange P1 = AddressRange.parse("10.51.0.100-10.51.0.150");
  static final AddressRange P2 = AddressRange.parse("10.51.0.200-10.51.0.250");
  static final AddressRange P3 = AddressRange.parse("10.52.0.100-10.52.0.200");

  /**
   * {@return the address of the n-th further ISC server of the fixture's inventory (1 or 2): the inventory
   * must hold two ISC servers besides the primary and the secondary, because a peer's partner
   * must be a server the SDK knows} Only the primary's configuration names them.
   *
   * @param n 1 or 2
   */
  protected String otherPartnerAddress(int n) {
    java.util.List<String> others = fx().inventory().servers().stream()
        .filter(s -> s.vendor() == dev.failover.server.Vendor.ISC)
        .filter(s -> !s.id().equals(fx().primary()) && !s.id().equals(fx().secondary()))
        .map(dev.failover.server.Server::address).sorted().toList();
    assertThat(others).as("further ISC servers in the fixture's inventory").hasSizeGreaterThanOrEqualTo(2);
    return others.get(n - 1);
  }

  @BeforeEach
  void seedPools() {
    fx().seed(fx().primary(), Scope.builder().subnet(S1).addPool(Pool.of(P1)).addPool(Pool.of(P2))
        .addOption(OptionValue.of(3, "10.51.0.1")).build());
    fx().seed(fx().primary(), Scope.builder().subnet(S2).addPool(Pool.of(P3)).addOption(OptionValue.of(3, "10.52.0.1"))
        .build());
  }

  /**
   * {@return a peer of the primary towards the address, with dhcpd.conf(5)'s example settings}
   *
   * @param name the peer's name
   * @param partnerAddress the partner's address
   */
  protected IscPeer peer(String name, String partnerAddress) {
    String own = fx().inventory().require(fx().primary()).address();
    return IscPeer.of(name, IscFailoverSettings.defaults(own, partnerAddress).declarationFor(ServerRole.PRIMARY));
  }

  private String primary() {
    return fx().primary().value();
  }

  private String secondaryAddress() {
    return fx().inventory().require(fx().secondary()).address();
  }

  private Plan apply(Operation op) {
    Plan plan = failover.plan(op);
    failover.apply(plan, ADMIN);
    return plan;
  }

  private Set<String> poolPeers() {
    return read(fx().primary()).scopes().stream().filter(s -> s.subnet().equals(S1) || s.subnet().equals(S2))
        .flatMap(s -> s.pools().stream()).map(p -> p.range() + "=" + p.failoverPeer().orElse("-"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> peerNames() {
    return read(fx().primary()).peers().stream().map(IscPeer::name).collect(Collectors.toCollection(TreeSet::new));
  }

  @Nested
  @DisplayName("rewiring ISC failover peers and their pools")
  class PeerRewiring {

    @Test
    @DisplayName("the first peer governs every pool")
    void theFirstPeerGovernsEveryPool() {
      Plan plan = apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      assertThat(plan.warnings()).extracting(Warning::code).contains(WarningCode.FIRST_PEER);
      assertThat(poolPeers()).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
      assertThat(read(fx().primary()).relationship(RelationshipName.of("fo-b")))
          .hasValueSatisfying(r -> assertThat(r.scopes()).containsExactly(S1, S2));
    }

    @Test
    @DisplayName("a further peer waits for a pool, and a pool moved to it wakes it")
    void aFurtherPeerWaitsForAPoolAndAPoolMovedToItWakesIt() {
      apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      apply(AddPeer.of(primary(), peer("fo-c", otherPartnerAddress(1))));
      assertThat(peerNames()).containsExactly("fo-b", "fo-c");
      assertThat(poolPeers()).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
      apply(SetPoolPeer.of(primary(), S1.toString(), P2.toString(), "fo-c"));
      assertThat(poolPeers()).containsExactly(P1 + "=fo-b", P2 + "=fo-c", P3 + "=fo-b");
      assertThat(read(fx().primary()).relationship(RelationshipName.of("fo-c")))
          .hasValueSatisfying(r -> assertThat(r.scopes()).containsExactly(S1));
    }

    @Test
    @DisplayName("deleting one of two peers moves its pools to the other")
    void deletingOneOfTwoPeersMovesItsPoolsToTheOther() {
      apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      apply(AddPeer.of(primary(), peer("fo-c", otherPartnerAddress(1))));
      apply(SetPoolPeer.of(primary(), S2.toString(), P3.toString(), "fo-c"));
      Plan plan = apply(DeletePeer.of(primary(), "fo-c"));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.POOLS_REWIRED);
      assertThat(poolPeers()).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
      assertThat(peerNames()).containsExactly("fo-b");
    }

    @Test
    @DisplayName("deleting one of three peers needs the replacement named")
    void deletingOneOfThreePeersNeedsTheReplacementNamed() {
      apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      apply(AddPeer.of(primary(), peer("fo-c", otherPartnerAddress(1))));
      apply(AddPeer.of(primary(), peer("fo-d", otherPartnerAddress(2))));
      apply(SetPoolPeer.of(primary(), S1.toString(), P2.toString(), "fo-c"));
      apply(SetPoolPeer.of(primary(), S2.toString(), P3.toString(), "fo-d"));
      assertThatThrownBy(() -> failover.plan(DeletePeer.of(primary(), "fo-b"))).isInstanceOf(ValidationException.class)
          .hasMessageContaining("candidates: \"fo-c\", \"fo-d\"");
      apply(DeletePeer.of(primary(), "fo-b").withReplacement("fo-d"));
      assertThat(poolPeers()).containsExactly(P1 + "=fo-d", P2 + "=fo-c", P3 + "=fo-d");
      assertThat(peerNames()).containsExactly("fo-c", "fo-d");
    }

    @Test
    @DisplayName("deleting the last peer removes every reference and leaves the scopes as before")
    void deletingTheLastPeerRemovesEveryReferenceAndLeavesTheScopesAsBefore() {
      Set<String> before = poolPeers();
      apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      Plan plan = apply(DeletePeer.of(primary(), "fo-b"));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.POOL_REFERENCES_REMOVED);
      assertThat(poolPeers()).isEqualTo(before).containsExactly(P1 + "=-", P2 + "=-", P3 + "=-");
      assertThat(peerNames()).isEmpty();
    }

    @Test
    @DisplayName("moving a peer's last pool away deletes the peer, with a warning")
    void movingAPeersLastPoolAwayDeletesThePeerWithAWarning() {
      apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      apply(AddPeer.of(primary(), peer("fo-c", otherPartnerAddress(1))));
      apply(SetPoolPeer.of(primary(), S1.toString(), P2.toString(), "fo-c"));
      Plan plan = apply(SetPoolPeer.of(primary(), S1.toString(), P2.toString(), "fo-b"));
      assertThat(plan.warnings()).extracting(Warning::code).containsExactly(WarningCode.PEER_DELETED);
      assertThat(peerNames()).containsExactly("fo-b");
      assertThat(poolPeers()).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
    }

    @Test
    @DisplayName("editing a peer changes its declaration and keeps its pools")
    void editingAPeerChangesItsDeclarationAndKeepsItsPools() {
      apply(AddPeer.of(primary(), peer("fo-b", secondaryAddress())));
      IscPeer original = peer("fo-b", secondaryAddress());
      IscPeer edited = IscPeer.of("fo-b", ImmutableIscPeerDeclaration.copyOf(original.declaration())
          .withMclt(Duration.ofMinutes(90)));
      apply(EditPeer.of(primary(), edited));
      assertThat(read(fx().primary()).peers()).filteredOn(p -> p.name().equals("fo-b")).singleElement()
          .satisfies(p -> assertThat(p.declaration().mclt()).contains(Duration.ofMinutes(90)));
      assertThat(poolPeers()).containsExactly(P1 + "=fo-b", P2 + "=fo-b", P3 + "=fo-b");
    }
  }
}
