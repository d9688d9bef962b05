package dev.failover.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.ConflictException;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.audit.AuditEvent;
import dev.failover.diff.DriftReport;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveRelationship;
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
import dev.failover.state.FailoverStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

  /** A scope the contract seeds: a /24 with a pool, a reservation and a routers option. */
  public static Scope sampleScope(String subnet, int reservations) {
    Subnet s = Subnet.parse(subnet);
    int base = s.network().bits();
    var b = Scope.builder().subnet(s)
        .addPool(Pool.of(dev.failover.scope.AddressRange.of(dev.failover.scope.Ipv4Address.ofBits(base + 100),
            dev.failover.scope.Ipv4Address.ofBits(base + 200))))
        .addOption(OptionValue.of(3, dev.failover.scope.Ipv4Address.ofBits(base + 1).toString()));
    for (int i = 0; i < reservations; i++) {
      b.addReservation(Reservation.of(String.format("00:16:3e:%02x:%02x:%02x", (base >> 8) & 0xff, 0, i + 1),
          dev.failover.scope.Ipv4Address.ofBits(base + 10 + i).toString()));
    }
    return b.build();
  }

  protected static final Principal ADMIN = Principal.withRoles("contract-admin", BuiltInRole.DHCP_ADMINISTRATORS);

  private ContractFixture fixture;
  protected Failover failover;
  protected final List<AuditEvent> audit = new ArrayList<>();

  /** A new fixture for one test. */
  protected abstract ContractFixture fixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = fixture();
    failover = Failover.builder().inventory(fixture.inventory()).backends(fixture.backend()).audit(audit::add).build();
  }

  @AfterEach
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  protected ContractFixture fx() {
    return fixture;
  }

  /** The server's state as the backend reads it. */
  protected ServerState read(dev.failover.server.ServerId id) {
    Server server = fixture.inventory().require(id);
    return fixture.backend().read(server, fixture.inventory());
  }

  @Test
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
  void aStalePlanIsAConflictAndChangesNothing() {
    Relationship r = withScopeOnBoth("contract-3", "10.34.0.0/24");
    fixture.seed(fixture.secondary(), sampleScope("10.34.0.0/24", 4));
    Plan plan = failover.plan(Replicate.scope("10.34.0.0/24").from(fixture.primary().value()));
    fixture.seed(fixture.secondary(), sampleScope("10.34.0.0/24", 6));
    ServerState meanwhile = read(fixture.secondary());
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOf(ConflictException.class);
    assertThat(read(fixture.secondary()).fingerprint()).isEqualTo(meanwhile.fingerprint());
    assertThat(r.name().value()).isEqualTo("contract-3");
  }

  @Test
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
  }

  @Test
  void statusIsReadFromBothServers() {
    Relationship r = withScopeOnBoth("contract-5", "10.36.0.0/24");
    List<FailoverStatus> status = failover.status(r.name().value());
    assertThat(status).extracting(FailoverStatus::server).containsExactly(fixture.primary(), fixture.secondary());
    assertThat(status).allSatisfy(s -> assertThat(s.local().vendor()).isEqualTo(r.vendor()));
  }

  /** Creates a relationship whose scope (seeded on the primary) is on both servers. */
  protected Relationship withScopeOnBoth(String name, String subnet) {
    fixture.seed(fixture.primary(), sampleScope(subnet, 3));
    Relationship r = fixture.relationship(name, List.of());
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    failover.apply(failover.plan(AddScope.of(name, subnet)), ADMIN);
    return failover.relationship(name);
  }
}
