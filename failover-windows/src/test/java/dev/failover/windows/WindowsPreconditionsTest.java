package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.json.FailoverJson;
import dev.failover.plan.AddScope;
import dev.failover.plan.Change;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsFailoverState;
import dev.failover.windows.ps.AddFailover;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.ps.ScriptComposer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Windows preconditions and limits, checked by the backend before anything runs (vendor-facts §1)")
class WindowsPreconditionsTest extends WindowsTestBase {

  /** A part for the server, planned from its state now (the planner would refuse these plans itself). */
  private ServerPlan part(ServerId id, Change... changes) {
    return ImmutableServerPlan.builder().server(id).vendor(Vendor.WINDOWS).fingerprint(read(id).fingerprint())
        .addChanges(changes).build();
  }

  private void check(ServerId id, ServerPlan part) {
    w.backend.check(w.inventory.require(id), part);
  }

  private static List<String> fields(ValidationException e) {
    return e.violations().stream().map(Violation::field).toList();
  }

  /** Runs the commands on the fake directly, as an operator would with the same cmdlets. */
  private static void operator(FakeWindowsDhcpServer server, List<PsCommand> commands) {
    try (PowerShellScript s = ScriptComposer.compose(commands)) {
      byte[] bytes = s.utf8();
      assertThat(server.run(new String(bytes, StandardCharsets.UTF_8)).stdout()).contains("\"error\":null");
    }
  }

  /** {@code count} load-balance relationships made on dhcp-a by hand, each with its own scope 10.100+i.0.0/24. */
  private void relationshipsByHand(int count) {
    List<PsCommand> commands = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String subnet = "10." + (100 + i) + ".0.0/24";
      w.seed(A, scope(subnet, 0));
      commands.add(DhcpCommands.addFailover(AddFailover.builder().name("hand-" + i).partnerServer("dhcp-b")
          .addScopeIds(subnet(subnet).network()).loadBalancePercent(50).build()));
    }
    operator(w.a, commands);
  }

  @Test
  @DisplayName("31 relationships per server: the 32nd is refused by the planner and by the backend's check")
  void atMost31() {
    relationshipsByHand(31);
    assertThat(read(A).relationships()).hasSize(31);
    w.seed(A, scope("10.1.0.0/24", 1));
    Relationship r32 = hotStandby("pair-32", "10.1.0.0/24");
    assertThatThrownBy(() -> failover.plan(CreateRelationship.of(r32))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("31");
    assertThatThrownBy(() -> check(A, part(A, RelationshipChange.create(r32))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).contains("relationships"));
    assertThat(w.a.relationships()).hasSize(31);
  }

  @Test
  @DisplayName("a pending relationship counts toward the 31: 30 on Windows and one pending leave no room")
  void pendingCounts() {
    relationshipsByHand(30);
    apply(CreateRelationship.of(hotStandby("pending-31")));
    assertThat(read(A).relationships()).hasSize(31);
    w.seed(A, scope("10.1.0.0/24", 1));
    assertThatThrownBy(() -> check(A, part(A, RelationshipChange.create(hotStandby("pair-32", "10.1.0.0/24")))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).contains("relationships"));
  }

  @Test
  @DisplayName("names: 126 characters (Windows' limit) with spaces and symbols work; 127 are refused before anything runs")
  void nameLength() {
    String name = ("pair !@#$%^&*()' \u2019 " + "n".repeat(126)).substring(0, 126);
    w.seed(A, scope("10.2.0.0/24", 1));
    Relationship r = ImmutableRelationship.copyOf(hotStandby("x", "10.2.0.0/24")).withName(RelationshipName.of(name));
    apply(CreateRelationship.of(r));
    assertThat(w.a.relationship(name)).hasValueSatisfying(x -> assertThat(x.name()).isEqualTo(name));
    assertThat(w.b.relationship(name)).isPresent();
    assertThat(read(B).relationship(r.name())).contains(r);
    assertThatThrownBy(() -> RelationshipName.of("n".repeat(127))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("126");
  }

  @Test
  @DisplayName("names are unique without regard to case, as Windows compares them")
  void namesIgnoreCase() {
    pairWith("Pair-1", "10.3.0.0/24");
    w.seed(A, scope("10.4.0.0/24", 1));
    int writes = w.a.writes().size();
    assertThatThrownBy(() -> apply(CreateRelationship.of(hotStandby("pair-1", "10.4.0.0/24"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(fields(e)).contains("name");
          assertThat(e.getMessage()).contains("letter case");
        });
    assertThat(w.a.writes()).hasSize(writes);
  }

  @Test
  @DisplayName("one relationship per scope")
  void oneRelationshipPerScope() {
    pairWith("pair-a", "10.5.0.0/24");
    pendingThenScopes("pair-b", "10.6.0.0/24");
    assertThatThrownBy(() -> failover.plan(AddScope.of("pair-b", "10.5.0.0/24"))).isInstanceOf(ValidationException.class);
    Relationship b = read(A).relationship(RelationshipName.of("pair-b")).orElseThrow();
    assertThatThrownBy(() -> check(A, part(A, RelationshipChange.modify(b, b.plusScopes(List.of(subnet("10.5.0.0/24")))))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("one relationship only"));
  }

  @Test
  @DisplayName("a scope joins only where the partner lacks it: at creation, and when added to a relationship")
  void absentOnThePartner() {
    w.seed(A, scope("10.7.0.0/24", 2));
    w.seed(B, scope("10.7.0.0/24", 2));
    assertThatThrownBy(() -> apply(CreateRelationship.of(hotStandby("pair-c", "10.7.0.0/24"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("must be absent on the partner dhcp-b"));
    assertThat(w.a.relationships()).isEmpty();
    // the secondary's own check says the same of its copy
    Plan create = failover.plan(CreateRelationship.of(hotStandby("pair-c", "10.7.0.0/24")));
    assertThatThrownBy(() -> check(B, create.part(B).orElseThrow()))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("must be absent on dhcp-b, the partner of dhcp-a"));

    pendingThenScopes("pair-d", "10.8.0.0/24");
    w.seed(A, scope("10.9.0.0/24", 1));
    w.seed(B, scope("10.9.0.0/24", 1));
    assertThatThrownBy(() -> failover.plan(AddScope.of("pair-d", "10.9.0.0/24"))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("absent on the partner");
    Relationship d = read(A).relationship(RelationshipName.of("pair-d")).orElseThrow();
    Relationship plus = d.plusScopes(List.of(subnet("10.9.0.0/24")));
    assertThatThrownBy(() -> check(A, part(A, RelationshipChange.modify(d, plus))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("must be absent on the partner dhcp-b"));
  }

  @Test
  @DisplayName("scopes at creation are the primary's: Windows copies the creating server's scopes to its partner")
  void creationScopesOnThePrimary() {
    w.seed(B, scope("10.10.0.0/24", 1));
    assertThatThrownBy(() -> apply(CreateRelationship.of(hotStandby("pair-e", "10.10.0.0/24"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("must be on the primary dhcp-a"));
    assertThat(w.a.writes()).isEmpty();
    assertThat(w.b.writes()).isEmpty();
  }

  @Test
  @DisplayName("a scope held by the secondary joins from there: dhcp-b runs Add-DhcpServerv4FailoverScope")
  void addScopeFromTheSecondary() {
    pairWith("pair-f", "10.11.0.0/24");
    w.seed(B, scope("10.12.0.0/24", 3));
    w.forgetInvocations();
    apply(AddScope.of("pair-f", "10.12.0.0/24"));
    assertThat(w.writes("dhcp-b")).isEqualTo(1);
    assertThat(w.writes("dhcp-a")).isZero();
    assertThat(w.b.writes().get(w.b.writes().size() - 1).cmdlet()).isEqualTo("Add-DhcpServerv4FailoverScope");
    assertThat(read(A).scope(subnet("10.12.0.0/24"))).isEqualTo(read(B).scope(subnet("10.12.0.0/24")));
    assertThat(w.a.relationship("pair-f").orElseThrow().scopeIds()).hasSize(2);
  }

  @Test
  @DisplayName("scopes join only in NORMAL state, on either side (ERROR_DHCP_FO_STATE_NOT_NORMAL)")
  void normalState() {
    pairWith("pair-g", "10.13.0.0/24");
    w.seed(A, scope("10.14.0.0/24", 1));
    w.b.setState("pair-g", FakeWindowsFailoverState.COMMUNICATION_INT);
    int writes = w.a.writes().size() + w.b.writes().size();
    assertThatThrownBy(() -> apply(AddScope.of("pair-g", "10.14.0.0/24")))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(fields(e)).contains("state");
          assertThat(e.getMessage()).contains("CommunicationInterrupted").contains("NORMAL");
        });
    assertThat(w.a.writes().size() + w.b.writes().size()).isEqualTo(writes);
    w.b.setState("pair-g", FakeWindowsFailoverState.NORMAL);
    apply(AddScope.of("pair-g", "10.14.0.0/24"));
    assertThat(w.b.scope(subnet("10.14.0.0/24"))).isPresent();
  }

  @Test
  @DisplayName("a scope Windows cannot hold as written (two ranges, a Kea subnet id, no lease time) is refused, every problem listed")
  void representableScopes() {
    Scope bad = Scope.builder().subnet(subnet("10.15.0.0/24")).addPool(Pool.of("10.15.0.10", "10.15.0.20"))
        .addPool(Pool.of("10.15.0.30", "10.15.0.40")).properties(ScopeProperties.builder().name("bad").id(7).build())
        .build();
    assertThatThrownBy(() -> check(A, part(A, ScopeChange.create(bad))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).contains(
            "scopes[10.15.0.0/24].pools", "scopes[10.15.0.0/24].properties.id", "scopes[10.15.0.0/24].properties.leaseTime"));
  }

  @Test
  @DisplayName("a scope with ISC dhcpd subnet statements (max-lease-time, filename) is refused before anything runs")
  void iscSubnetStatementsRefused() {
    Scope isc = Scope.builder().subnet(subnet("10.15.2.0/24")).properties(ScopeProperties.builder().name("isc")
        .leaseTime(Duration.ofHours(1)).iscStatements(java.util.List.of("max-lease-time 7200",
            "filename \"pxelinux.0\"")).build())
        .addPool(dev.failover.scope.ImmutablePool.builder()
            .range(dev.failover.scope.AddressRange.of("10.15.2.10", "10.15.2.20")).build()).build();
    int writes = w.a.writes().size();
    assertThatThrownBy(() -> check(A, part(A, ScopeChange.create(isc))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).contains(
            "scopes[10.15.2.0/24].properties.iscStatements"));
    assertThat(w.a.writes()).hasSize(writes);
  }

  @Test
  @DisplayName("a reservation with ISC dhcpd host statements (filename, next-server) is refused before anything runs")
  void iscHostStatementsRefused() {
    Scope isc = Scope.builder().subnet(subnet("10.15.3.0/24")).properties(ScopeProperties.builder().name("isc")
        .leaseTime(Duration.ofHours(1)).build())
        .addPool(dev.failover.scope.ImmutablePool.builder()
            .range(dev.failover.scope.AddressRange.of("10.15.3.10", "10.15.3.20")).build())
        .addReservation(dev.failover.scope.Reservation.builder().identifier("00:16:3e:00:00:02")
            .address(dev.failover.scope.Ipv4Address.parse("10.15.3.6"))
            .iscStatements(java.util.List.of("filename \"pxelinux.0\"")).build()).build();
    int writes = w.a.writes().size();
    assertThatThrownBy(() -> check(A, part(A, ScopeChange.create(isc))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).contains(
            "scopes[10.15.3.0/24].reservations.iscStatements"));
    assertThat(w.a.writes()).hasSize(writes);
  }

  @Test
  @DisplayName("a pool with ISC dhcpd permits or dynamic BOOTP is refused before anything runs: Windows cannot hold them")
  void iscPoolStatementsRefused() {
    Scope isc = Scope.builder().subnet(subnet("10.15.1.0/24")).properties(ScopeProperties.builder().name("isc")
        .leaseTime(Duration.ofHours(1)).build()).addPool(dev.failover.scope.ImmutablePool.builder()
            .range(dev.failover.scope.AddressRange.of("10.15.1.10", "10.15.1.20"))
            .addIscStatement("allow members of \"voip\"").dynamicBootp(true).build()).build();
    int writes = w.a.writes().size();
    assertThatThrownBy(() -> check(A, part(A, ScopeChange.create(isc))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(fields(e)).contains(
            "scopes[10.15.1.0/24].pools.iscStatements", "scopes[10.15.1.0/24].pools.dynamicBootp"));
    assertThat(w.a.writes()).hasSize(writes);
  }

  @Test
  @DisplayName("authentication: turning it on needs the secret; a secret read back from JSON must be supplied again")
  void secrets() {
    pairWith("pair-h", "10.16.0.0/24");
    Relationship withAuth = ImmutableRelationship.copyOf(hotStandby("pair-h", "10.16.0.0/24"))
        .withSettings(WindowsFailoverSettings.builder().reservePercent(5).partnerRole(WindowsServerRole.STANDBY)
            .messageAuthentication(true).build());
    assertThatThrownBy(() -> apply(ModifyRelationship.of(withAuth))).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(fields(e)).contains("settings.sharedSecret"));
    Relationship withSecret = ImmutableRelationship.copyOf(withAuth).withSettings(WindowsFailoverSettings.builder()
        .reservePercent(5).partnerRole(WindowsServerRole.STANDBY).sharedSecret(Secret.of("s3cret'; Remove-DhcpServerv4Scope"))
        .build());
    Plan fromJson = FailoverJson.read(FailoverJson.write(failover.plan(ModifyRelationship.of(withSecret))), Plan.class);
    assertThatThrownBy(() -> failover.apply(fromJson, ADMIN)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("supply it again"));
    assertThat(w.a.relationship("pair-h").orElseThrow().enableAuth()).isFalse();
  }

  @Test
  @DisplayName("the shared secret reaches Windows and nothing else; verification compares without it")
  void secretReachesWindowsOnly() {
    pairWith("pair-i", "10.17.0.0/24");
    String secret = "s3cret'; Remove-DhcpServerv4Scope -ScopeId '10.17.0.0' #";
    Relationship withSecret = ImmutableRelationship.copyOf(hotStandby("pair-i", "10.17.0.0/24"))
        .withSettings(WindowsFailoverSettings.builder().reservePercent(5).partnerRole(WindowsServerRole.STANDBY)
            .maxClientLeadTime(Duration.ofHours(1)).sharedSecret(Secret.of(secret)).build());
    // Windows never returns the secret; the facade verifies the relationship without secrets
    apply(ModifyRelationship.of(withSecret));
    assertThat(w.a.sharedSecretMatches("pair-i", secret)).isTrue();
    assertThat(w.b.sharedSecretMatches("pair-i", secret)).isTrue();
    assertThat(w.a.scope(subnet("10.17.0.0/24"))).isPresent();
    assertThat(w.a.writes()).allSatisfy(x -> assertThat(x.parameters().toString()).doesNotContain("s3cret"));
    Relationship read = read(A).relationship(withSecret.name()).orElseThrow();
    assertThat(((WindowsFailoverSettings) read.settings()).messageAuthentication()).isTrue();
    assertThat(((WindowsFailoverSettings) read.settings()).sharedSecret()).isEmpty();
    assertThat(read.mode()).isEqualTo(FailoverMode.HOT_STANDBY);
  }
}
