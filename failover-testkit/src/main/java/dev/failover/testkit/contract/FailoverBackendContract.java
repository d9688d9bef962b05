package dev.failover.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.ConflictException;
import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.errors.IncompleteApplyException;
import dev.failover.ServerOutcome;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.diff.DriftReport;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link dev.failover.spi.FailoverBackend} keeps, whatever its vendor: a
 * backend module extends this class once per face it is tested through (the testkit's fake, a
 * real server) and supplies a {@link ContractFixture}. "Works on Kea" and "works on Windows"
 * then mean the same thing.
 *
 * <pre>{@code
 * class KeaBackendContractTest extends FailoverBackendContract {
 *   protected ContractFixture fixture() { return new KeaFakeFixture(); }
 * }
 * }</pre>
 */
public abstract class FailoverBackendContract {

  /**
   * {@return a scope the contract seeds: a /24 with a pool, a reservation and a routers option}
   *
   * @param subnet the subnet, a /24
   * @param reservations how many reservations
   */
  public static Scope sampleScope(String subnet, int reservations) {
    Subnet s = Subnet.parse(subnet);
    int base = s.network().bits();
    var b = Scope.builder().subnet(s)
        .addPool(Pool.of(dev.failover.scope.AddressRange.of(dev.failover.scope.Ipv4Address.ofBits(base + 100),
            dev.failover.scope.Ipv4Address.ofBits(base + 200))))
        .addOption(OptionValue.of(3, dev.failover.scope.Ipv4Address.ofBits(base + 1).toString()));
    for (int i = 0; i < reservations; i++) {
      b.addReservation(Reservation.of(String.format("00:16:3e:%02x:%02x:%02x", (base >> 16) & 0xff, (base >> 8) & 0xff, i + 1),
          dev.failover.scope.Ipv4Address.ofBits(base + 10 + i).toString()));
    }
    return b.build();
  }

  /** The principal the contract's plans are applied as: a DHCP administrator. */
  protected static final Principal ADMIN = Principal.withRoles("contract-admin", BuiltInRole.DHCP_ADMINISTRATORS);

  private ContractFixture fixture;
  /** The fixture's backend behind a fault injector, which the suite's {@link #failover} uses. */
  protected FaultInjectingBackend faults;
  /** The facade under test, over the fixture's backend; made before each test. */
  protected Failover failover;
  /** Every audit event of the current test, in order. */
  protected final List<AuditEvent> audit = new ArrayList<>();

  /**
   * {@return a new fixture for one test}
   *
   * @throws Exception when the servers cannot be started
   */
  protected abstract ContractFixture fixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = fixture();
    faults = new FaultInjectingBackend(fixture.backend());
    failover = Failover.builder().inventory(fixture.inventory()).backends(faults).audit(audit::add).build();
  }

  @AfterEach
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** {@return the current test's fixture} */
  protected ContractFixture fx() {
    return fixture;
  }

  /**
   * {@return the server's state as the backend reads it}
   *
   * @param id the server's inventory id
   */
  protected ServerState read(dev.failover.server.ServerId id) {
    Server server = fixture.inventory().require(id);
    return fixture.backend().read(server, fixture.inventory());
  }

  /**
   * A scope that left its relationship has the pools it was seeded with, open to every client
   * (no client class: a Kea load-balancing pool still limited to {@code HA_<peer>} would serve
   * nobody once the HA hook no longer assigns that class).
   *
   * @param state the server's state
   * @param subnet the scope's subnet
   */
  protected static void assertPoolsAsSeeded(ServerState state, String subnet) {
    assertThat(state.scope(Subnet.parse(subnet)).orElseThrow().pools())
        .as("the pools of %s on %s once it left its relationship", subnet, state.server())
        .extracting(p -> p.range() + (p.clientClass().isPresent() ? " limited to " + p.clientClass().get() : ""))
        .containsExactlyElementsOf(sampleScope(subnet, 0).pools().stream().map(p -> p.range().toString()).toList());
  }

  /** A relationship-creating plan over both servers, from a scope seeded on the primary. */
  private Plan twoServerPlan(String name, String subnet) {
    fixture.seed(fixture.primary(), sampleScope(subnet, 2));
    Relationship r = fixture.relationship(name, List.of(Subnet.parse(subnet)));
    Plan plan = failover.plan(CreateRelationship.of(r));
    assertThat(plan.servers()).as("creating a relationship changes both servers").hasSize(2);
    return plan;
  }

  /**
   * The attempt's one audit event names every server's outcome, each one true of what the server
   * holds now (as before: unchanged or restored; else changed), and the exception agrees: an
   * {@link IncompleteApplyException} with the same outcomes exactly when a server is not as before.
   */
  private java.util.Map<ServerId, ServerOutcome> outcomesTellTheTruth(Throwable thrown,
      java.util.Map<ServerId, List<Object>> before) {
    assertThat(audit).as("one audit event for the attempt").hasSize(1);
    AuditEvent event = audit.get(0);
    java.util.Map<ServerId, ServerOutcome> outcomes = event.serverOutcomes();
    assertThat(outcomes).containsOnlyKeys(before.keySet());
    before.forEach((id, contents) -> {
      ServerOutcome o = outcomes.get(id);
      assertThat(o).as("%s's outcome", id).isNotEqualTo(ServerOutcome.UNKNOWN);
      if (o.asBefore()) {
        assertThat(contents(read(id))).as("%s is %s", id, o.word()).isEqualTo(contents);
      } else {
        assertThat(contents(read(id))).as("%s is %s", id, o.word()).isNotEqualTo(contents);
      }
    });
    boolean asBefore = outcomes.values().stream().allMatch(ServerOutcome::asBefore);
    assertThat(event.outcome()).isEqualTo(asBefore ? AuditEvent.Outcome.ROLLED_BACK : AuditEvent.Outcome.FAILED);
    if (asBefore) {
      assertThat(thrown).isNotInstanceOf(IncompleteApplyException.class);
    } else {
      assertThat(thrown).isInstanceOfSatisfying(IncompleteApplyException.class, e -> {
        assertThat(e.outcomes()).isEqualTo(outcomes);
        outcomes.forEach((id, o) -> assertThat(e.getMessage()).contains(id + " " + o.word()));
        assertThat(e.retryable()).isFalse();
      });
    }
    return outcomes;
  }

  private java.util.Map<ServerId, List<Object>> contentsOf(Plan plan) {
    java.util.Map<ServerId, List<Object>> out = new java.util.LinkedHashMap<>();
    plan.servers().forEach(p -> out.put(p.server(), contents(read(p.server()))));
    return out;
  }

  /** A generated content for a /24 the contract seeds: one pool, 0–6 reservations below it, a router. */
  static Scope variantOf(Subnet subnet, java.util.SplittableRandom random) {
    int base = subnet.network().bits();
    int poolEnd = 150 + random.nextInt(100);
    var b = Scope.builder().subnet(subnet)
        .addPool(Pool.of(dev.failover.scope.AddressRange.of(dev.failover.scope.Ipv4Address.ofBits(base + 100),
            dev.failover.scope.Ipv4Address.ofBits(base + poolEnd))))
        .addOption(OptionValue.of(3, dev.failover.scope.Ipv4Address.ofBits(base + 1 + random.nextInt(9)).toString()));
    int count = random.nextInt(7);
    java.util.BitSet used = new java.util.BitSet();
    for (int i = 0; i < count; i++) {
      int host = 10 + random.nextInt(90);
      if (used.get(host)) {
        continue;
      }
      used.set(host);
      b.addReservation(Reservation.of(String.format("02:%02x:%02x:%02x:%02x:%02x", random.nextInt(256),
          random.nextInt(256), random.nextInt(256), random.nextInt(256), host),
          dev.failover.scope.Ipv4Address.ofBits(base + host).toString()));
    }
    return b.build();
  }

  /**
   * {@return what a server holds, without its fingerprint: scopes, relationships, ISC peers}
   *
   * @param state the server's state
   */
  protected static List<Object> contents(ServerState state) {
    return List.of(state.scopes(), state.relationships(), state.peers());
  }

  /**
   * {@return the relationship with one setting changed the way its vendor allows (the fixture's
   * {@link ContractCapabilities#withOneSettingChanged}); override for another change}
   *
   * @param r the relationship
   */
  protected Relationship modified(Relationship r) {
    return fixture.capabilities().withOneSettingChanged(r);
  }

  /**
   * Creates a relationship whose scope (seeded on the primary) is on both servers.
   *
   * @param name the relationship's name
   * @param subnet the scope's subnet
   * @return the relationship as created
   */
  protected Relationship withScopeOnBoth(String name, String subnet) {
    fixture.seed(fixture.primary(), sampleScope(subnet, 3));
    Relationship r = fixture.relationship(name, List.of());
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    failover.apply(failover.plan(AddScope.of(name, subnet)), ADMIN);
    return failover.relationship(name);
  }

  @Nested
  @DisplayName("reading a server")
  class Reading {

    @Test
    @DisplayName("reads what was seeded, with a fingerprint that changes only with the server")
    void readsWhatWasSeededWithAStableFingerprint() {
      Scope scope = sampleScope("10.31.0.0/24", 2);
      fixture.seed(fixture.primary(), scope);
      ServerState first = read(fixture.primary());
      ServerState again = read(fixture.primary());
      assertThat(first.scope(scope.subnet())).hasValueSatisfying(s -> {
        assertThat(s.pools()).extracting(Pool::range).containsExactlyElementsOf(scope.pools().stream().map(Pool::range).toList());
        assertThat(s.reservations()).extracting(Reservation::key)
            .containsExactlyElementsOf(scope.reservations().stream().map(Reservation::key).toList());
      });
      assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
      fixture.seed(fixture.primary(), sampleScope("10.31.0.0/24", 3));
      assertThat(read(fixture.primary()).fingerprint()).isNotEqualTo(first.fingerprint());
    }

    @Test
    @DisplayName("reads the failover status of both servers, in the vendor's terms")
    void statusIsReadFromBothServers() {
      Relationship r = withScopeOnBoth("contract-5", "10.36.0.0/24");
      List<FailoverStatus> status = failover.status(r.name().value());
      assertThat(status).extracting(FailoverStatus::server).containsExactly(fixture.primary(), fixture.secondary());
      assertThat(status).allSatisfy(s -> assertThat(s.local().vendor()).isEqualTo(r.vendor()));
    }
  }

  @Nested
  @DisplayName("creating, changing and removing a relationship")
  class Relationships {

    @Test
    @DisplayName("creates a relationship on both servers and lets a scope join it")
    void aRelationshipIsCreatedOnBothServersAndAScopeJoinsIt() {
      Scope scope = sampleScope("10.32.0.0/24", 2);
      fixture.seed(fixture.primary(), scope);
      Relationship r = fixture.relationship("contract-1", List.of());
      failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
      assertThat(read(fixture.primary()).relationship(r.name())).isPresent();
      assertThat(read(fixture.secondary()).relationship(r.name())).isPresent();
      failover.apply(failover.plan(AddScope.of("contract-1", "10.32.0.0/24")), ADMIN);
      assertThat(read(fixture.secondary()).scope(scope.subnet())).isPresent();
      assertThat(failover.drift("contract-1").isEmpty()).isTrue();
      assertThat(audit).extracting(AuditEvent::outcome).containsOnly(AuditEvent.Outcome.SUCCEEDED);
    }

    @Test
    @DisplayName("changes a relationship's settings on both servers")
    void modifyingARelationshipChangesItsSettingsOnBothServers() {
      Relationship r = withScopeOnBoth("contract-6", "10.37.0.0/24");
      Relationship changed = modified(r);
      failover.apply(failover.plan(ModifyRelationship.of(changed)), ADMIN);
      assertThat(read(fixture.primary()).relationship(r.name()).orElseThrow().settings())
          .isEqualTo(changed.withoutSecrets().settings());
      assertThat(read(fixture.secondary()).relationship(r.name()).orElseThrow().settings())
          .isEqualTo(changed.withoutSecrets().settings());
    }

    @Test
    @DisplayName("removes a relationship and disables the other server's copy of its scope")
    void removingARelationshipDisablesTheOtherCopy() {
      Relationship r = withScopeOnBoth("contract-4", "10.35.0.0/24");
      failover.apply(failover.plan(RemoveRelationship.of(r.name().value())
          .keepScopesOn(fixture.primary().value(), ScopeFate.DISABLE)), ADMIN);
      ServerState primary = read(fixture.primary());
      ServerState secondary = read(fixture.secondary());
      assertThat(primary.relationship(r.name())).isEmpty();
      assertThat(secondary.relationship(r.name())).isEmpty();
      assertThat(primary.scope(Subnet.parse("10.35.0.0/24")).orElseThrow().enabled()).isTrue();
      assertThat(secondary.scope(Subnet.parse("10.35.0.0/24"))).hasValueSatisfying(s -> assertThat(s.enabled()).isFalse());
      assertPoolsAsSeeded(primary, "10.35.0.0/24");
    }

    @Test
    @DisplayName("removes a relationship and can delete the other server's copy of its scope")
    void removingARelationshipCanDeleteTheOtherCopy() {
      Relationship r = withScopeOnBoth("contract-7", "10.38.0.0/24");
      failover.apply(failover.plan(RemoveRelationship.of(r.name().value())
          .keepScopesOn(fixture.secondary().value(), ScopeFate.DELETE)), ADMIN);
      assertThat(read(fixture.primary()).scope(Subnet.parse("10.38.0.0/24"))).isEmpty();
      assertThat(read(fixture.secondary()).scope(Subnet.parse("10.38.0.0/24"))).hasValueSatisfying(
          s -> assertThat(s.enabled()).isTrue());
      assertThat(read(fixture.primary()).relationship(r.name())).isEmpty();
    }

    @Test
    @DisplayName("removes a relationship honouring the other two survival choices")
    void removingARelationshipHonoursTheOtherTwoSurvivalChoices() {
      // keep on the primary and delete the secondary's copy; keep on the secondary and disable the primary's
      Relationship deleting = withScopeOnBoth("contract-13", "10.44.0.0/24");
      failover.apply(failover.plan(RemoveRelationship.of(deleting.name().value())
          .keepScopesOn(fixture.primary().value(), ScopeFate.DELETE)), ADMIN);
      Subnet s1 = Subnet.parse("10.44.0.0/24");
      assertThat(read(fixture.primary()).scope(s1)).hasValueSatisfying(s -> assertThat(s.enabled()).isTrue());
      assertThat(read(fixture.secondary()).scope(s1)).isEmpty();
      assertThat(read(fixture.secondary()).relationship(deleting.name())).isEmpty();

      Relationship disabling = withScopeOnBoth("contract-14", "10.45.0.0/24");
      failover.apply(failover.plan(RemoveRelationship.of(disabling.name().value())
          .keepScopesOn(fixture.secondary().value(), ScopeFate.DISABLE)), ADMIN);
      Subnet s2 = Subnet.parse("10.45.0.0/24");
      assertThat(read(fixture.secondary()).scope(s2)).hasValueSatisfying(s -> assertThat(s.enabled()).isTrue());
      assertThat(read(fixture.primary()).scope(s2)).hasValueSatisfying(s -> assertThat(s.enabled()).isFalse());
      assertThat(read(fixture.primary()).relationship(disabling.name())).isEmpty();
      assertThat(read(fixture.secondary()).relationship(disabling.name())).isEmpty();
    }

    /**
     * The scope ends enabled on the survivor, outside any relationship, with its pools as seeded, and
     * disabled on the partner. A vendor that cannot take one scope out of a load-balancing
     * relationship without leaving clients unanswered (Kea, whose HA hook balances every subnet of the
     * server) refuses while planning, writing nothing, and names the removal of the relationship;
     * that way must reach the same end.
     */
    @Test
    @DisplayName("lets a scope leave its relationship and keeps it on the survivor")
    void aScopeLeavesTheRelationshipAndStaysOnTheSurvivor() {
      Relationship r = withScopeOnBoth("contract-8", "10.39.0.0/24");
      RemoveScope remove = RemoveScope.of(r.name().value(), "10.39.0.0/24", fixture.primary().value(), ScopeFate.DISABLE);
      Plan plan;
      try {
        plan = failover.plan(remove);
      } catch (dev.failover.errors.ValidationException refused) {
        assertThat(r.mode()).as("only a load-balancing relationship may refuse a scope leaving it: %s", refused)
            .isEqualTo(dev.failover.relationship.FailoverMode.LOAD_BALANCING);
        assertThat(refused.getMessage()).contains("relationships remove " + r.name());
        plan = failover.plan(RemoveRelationship.of(r.name().value()).keepScopesOn(fixture.primary().value(),
            ScopeFate.DISABLE));
      }
      failover.apply(plan, ADMIN);
      Subnet subnet = Subnet.parse("10.39.0.0/24");
      assertThat(read(fixture.primary()).scope(subnet)).hasValueSatisfying(s -> assertThat(s.enabled()).isTrue());
      assertThat(read(fixture.secondary()).scope(subnet)).hasValueSatisfying(s -> assertThat(s.enabled()).isFalse());
      assertThat(read(fixture.primary()).relationshipOf(subnet)).isEmpty();
      assertPoolsAsSeeded(read(fixture.primary()), "10.39.0.0/24");
    }
  }

  @Nested
  @DisplayName("replication and drift")
  class Replication {

    @Test
    @DisplayName("makes the partner equal and leaves no drift")
    void replicationMakesThePartnerEqualAndLeavesNoDrift() {
      Relationship r = withScopeOnBoth("contract-2", "10.33.0.0/24");
      fixture.seed(fixture.secondary(), sampleScope("10.33.0.0/24", 5));
      DriftReport before = failover.drift(r.name().value());
      assertThat(before.isEmpty()).isFalse();
      Plan plan = failover.plan(Replicate.relationship(r.name().value()).from(fixture.primary().value()));
      assertThat(plan.part(fixture.primary())).isEmpty();
      assertThat(plan.part(fixture.secondary())).isPresent();
      failover.apply(plan, ADMIN);
      assertThat(failover.drift(r.name().value()).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("repairs drift at every reach and shows an out-of-band change as that item")
    void everyReachOfReplicationRepairsDriftAndAnOutOfBandChangeShowsAsThatItem() {
      Relationship r = withScopeOnBoth("contract-9", "10.40.0.0/24");
      Scope original = read(fixture.primary()).scope(Subnet.parse("10.40.0.0/24")).orElseThrow();
      Scope edited = Scope.builder().from(original).addReservation(Reservation.of("00:16:3e:aa:bb:cc",
          dev.failover.scope.Ipv4Address.ofBits(original.subnet().network().bits() + 90).toString())).build();
      fixture.seed(fixture.secondary(), edited);
      DriftReport drift = failover.drift(r.name().value());
      assertThat(drift.scopes()).singleElement().satisfies(d -> assertThat(d.items()).singleElement().satisfies(i -> {
        assertThat(i.key()).isEqualTo("hw-address:00:16:3e:aa:bb:cc");
        assertThat(i.onlyOnSecond()).isTrue();
      }));
      failover.apply(failover.plan(Replicate.scope("10.40.0.0/24").from(fixture.primary().value())), ADMIN);
      assertThat(failover.drift(r.name().value()).isEmpty()).isTrue();
      fixture.seed(fixture.secondary(), edited);
      failover.apply(failover.plan(Replicate.server(fixture.primary().value())), ADMIN);
      assertThat(failover.drift(r.name().value()).isEmpty()).isTrue();
    }

    /**
     * A property: whatever a scope of the relationship holds on one server (generated pools,
     * reservations and routers), replicating it from there leaves the partner with exactly that and
     * no drift, in either direction. Runs {@link ContractFixture#propertyCases()} cases from a seed
     * printed with every failure ({@code -Dfailover.contract.seed=…} repeats a run).
     */
    @Test
    @DisplayName("replicates any content of a scope exactly, in either direction")
    void anyContentOfAScopeReplicatesExactlyInEitherDirection() {
      Subnet subnet = Subnet.parse("10.43.0.0/24");
      Relationship r = withScopeOnBoth("contract-12", subnet.toString());
      long seed = Long.getLong("failover.contract.seed", System.nanoTime());
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      int cases = fixture.propertyCases();
      for (int i = 0; i < cases; i++) {
        Scope variant = variantOf(subnet, random);
        boolean fromPrimary = random.nextBoolean();
        ServerId source = fromPrimary ? fixture.primary() : fixture.secondary();
        ServerId destination = fromPrimary ? fixture.secondary() : fixture.primary();
        String where = "seed " + seed + " (-Dfailover.contract.seed=" + seed + "), case " + i + ", from " + source
            + ": " + variant;
        fixture.seed(source, variant);
        failover.apply(failover.plan(Replicate.scope(subnet.toString()).from(source.value())), ADMIN);
        assertThat(failover.drift(r.name().value()).isEmpty()).as(where).isTrue();
        Scope copied = read(destination).scope(subnet).orElseThrow();
        assertThat(copied.pools()).extracting(Pool::range).as(where)
            .containsExactlyElementsOf(variant.pools().stream().map(Pool::range).toList());
        assertThat(copied.reservations()).extracting(x -> x.key() + "=" + x.address()).as(where)
            .containsExactlyInAnyOrderElementsOf(variant.reservations().stream().map(x -> x.key() + "=" + x.address())
                .toList());
        assertThat(copied.options()).filteredOn(o -> o.code() == 3).extracting(OptionValue::value).as(where)
            .containsExactlyElementsOf(variant.options().stream().map(OptionValue::value).toList());
      }
    }
  }

  @Nested
  @DisplayName("plans that must not apply")
  class Guards {

    @Test
    @DisplayName("refuses a stale plan as a conflict and changes nothing")
    void aStalePlanIsAConflictAndChangesNothing() {
      Relationship r = withScopeOnBoth("contract-3", "10.34.0.0/24");
      fixture.seed(fixture.secondary(), sampleScope("10.34.0.0/24", 4));
      Plan plan = failover.plan(Replicate.scope("10.34.0.0/24").from(fixture.primary().value()));
      fixture.seed(fixture.secondary(), sampleScope("10.34.0.0/24", 6));
      ServerState meanwhile = read(fixture.secondary());
      assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOf(ConflictException.class);
      assertThat(read(fixture.secondary()).fingerprint()).isEqualTo(meanwhile.fingerprint());
      assertThat(failover.drift(r.name().value()).isEmpty()).as("the refused replication repaired nothing").isFalse();
    }

    @Test
    @DisplayName("denies a principal without the access bits and changes nothing")
    void aPrincipalWithoutTheBitsChangesNothing() {
      Relationship r = withScopeOnBoth("contract-10", "10.41.0.0/24");
      fixture.seed(fixture.secondary(), sampleScope("10.41.0.0/24", 7));
      ServerState before = read(fixture.secondary());
      Principal serverBitOnly = Principal.named("contract-bob").addServerGrants(dev.failover.access.ServerGrant.of(
          fixture.secondary().value(), dev.failover.access.ServerAccessBit.EDIT_RESERVATIONS)).build();
      Plan plan = failover.plan(Replicate.scope("10.41.0.0/24").from(fixture.primary().value()));
      assertThatThrownBy(() -> failover.apply(plan, serverBitOnly)).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("on scope 10.41.0.0/24 of " + fixture.secondary());
      assertThat(read(fixture.secondary()).fingerprint()).isEqualTo(before.fingerprint());
      assertThat(audit).extracting(AuditEvent::outcome).endsWith(AuditEvent.Outcome.DENIED);
      assertThat(failover.drift(r.name().value()).isEmpty()).as("the denied replication repaired nothing").isFalse();
    }
  }

  @Nested
  @DisplayName("a failure while applying")
  class Failures {

    @Test
    @DisplayName("on the second server restores the first, and the next plan applies")
    void aFailureOnTheSecondServerOfAPairRestoresTheFirstAndTheNextPlanApplies() {
      Subnet subnet = Subnet.parse("10.42.0.0/24");
      fixture.seed(fixture.primary(), sampleScope(subnet.toString(), 2));
      Relationship r = fixture.relationship("contract-11", List.of(subnet));
      Plan plan = failover.plan(CreateRelationship.of(r));
      assertThat(plan.servers()).as("creating a relationship changes both servers").hasSize(2);
      ServerId first = plan.servers().get(0).server();
      ServerId second = plan.servers().get(1).server();
      List<Object> firstBefore = contents(read(first));
      List<Object> secondBefore = contents(read(second));
      String message = "contract: connection reset while applying to " + second;
      if (!fixture.failNextWrite(second, message)) {
        faults.failNextApply(second, message);
      }
      assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOf(FailoverException.class);
      assertThat(contents(read(first))).as("%s is restored", first).isEqualTo(firstBefore);
      assertThat(contents(read(second))).as("%s is unchanged", second).isEqualTo(secondBefore);
      assertThat(audit).last().satisfies(e -> {
        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ROLLED_BACK);
        assertThat(e.detail()).contains(first + " restored");
      });
      failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
      assertThat(read(first).relationship(r.name())).isPresent();
      assertThat(read(second).relationship(r.name())).isPresent();
      assertThat(failover.drift(r.name().value()).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("whose undo fails too names every server's state in the exception and the audit event")
    void aDoubleFaultNamesEveryServersStateInTheExceptionAndTheAuditEvent() {
      Plan plan = twoServerPlan("contract-12", "10.46.0.0/24");
      ServerId first = plan.servers().get(0).server();
      ServerId second = plan.servers().get(1).server();
      var before = contentsOf(plan);
      // the second server fails; then the undo of the first (its next apply) fails too, and so does
      // an undo of the second (where the first one's write changed it as well: Windows)
      faults.failNextApply(second, "contract: connection reset while applying to " + second);
      faults.failApplyAfter(second, 0, "contract: connection reset while restoring " + second);
      faults.failApplyAfter(first, 1, "contract: connection reset while restoring " + first);
      audit.clear();
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> failover.apply(plan, ADMIN));
      var outcomes = outcomesTellTheTruth(thrown, before);
      assertThat(outcomes.get(first)).as("%s could not be restored", first).isEqualTo(ServerOutcome.CHANGED);
      assertThat(thrown).isInstanceOf(IncompleteApplyException.class)
          .hasMessageContaining("failed on " + second).hasMessageContaining("restoring " + first);
      assertThat(audit.get(0).detail()).contains(first + " NOT restored");
    }

    @Test
    @DisplayName("to read a server back after its own write restores it with its partner, audited")
    void aServerThatCannotBeReadBackAfterItsOwnWriteIsRestoredWithItsPartnerAndAudited() {
      Plan plan = twoServerPlan("contract-13", "10.47.0.0/24");
      var before = contentsOf(plan);
      ServerId second = plan.servers().get(1).server();
      // the second server's write goes through, then its read-back is lost
      faults.failAfterApply(second, "contract: read-back lost after writing " + second);
      audit.clear();
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> failover.apply(plan, ADMIN));
      assertThat(thrown).isInstanceOf(FailoverException.class).hasMessageContaining("read-back lost");
      var outcomes = outcomesTellTheTruth(thrown, before);
      assertThat(outcomes.values()).as("every server restored").allMatch(ServerOutcome::asBefore)
          .contains(ServerOutcome.RESTORED);
      failover.apply(failover.plan(plan.operation()), ADMIN);
      assertThat(audit).last().extracting(AuditEvent::outcome).isEqualTo(AuditEvent.Outcome.SUCCEEDED);
    }

    @Test
    @DisplayName("of the verifying read restores every server, audited")
    void aVerificationThatCannotReadAServerRestoresEveryServerAndIsAudited() {
      Plan plan = twoServerPlan("contract-14", "10.48.0.0/24");
      var before = contentsOf(plan);
      ServerId second = plan.servers().get(1).server();
      audit.clear();
      // once every check has run, the second server cannot be read once: the read that verifies it
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> failover.apply(plan, ADMIN, p -> {
        if (p.server().equals(second) && p.phase() == dev.failover.Progress.Phase.CHECK && p.done() == 1) {
          faults.failReads(second, 1, "contract: read-back of " + second + " timed out");
        }
      }));
      assertThat(thrown).isInstanceOf(FailoverException.class).hasMessageContaining("timed out");
      var outcomes = outcomesTellTheTruth(thrown, before);
      assertThat(outcomes).containsValue(ServerOutcome.RESTORED);
      assertThat(outcomes.values()).allMatch(ServerOutcome::asBefore);
    }

    @Test
    @DisplayName("to read back, whose undo fails too, is named server by server")
    void aLostReadBackWhoseUndoFailsTooIsNamedServerByServer() {
      Plan plan = twoServerPlan("contract-15", "10.49.0.0/24");
      var before = contentsOf(plan);
      ServerId second = plan.servers().get(1).server();
      faults.failAfterApply(second, "contract: read-back lost after writing " + second);
      faults.failApplyAfter(second, 0, "contract: connection reset while restoring " + second);
      audit.clear();
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> failover.apply(plan, ADMIN));
      assertThat(thrown).isInstanceOf(FailoverException.class);
      outcomesTellTheTruth(thrown, before);
    }
  }
}
