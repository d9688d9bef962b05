package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.audit.AuditEvent;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.ImmutableScopeProperties;
import dev.failover.scope.Scope;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverStatus;
import dev.failover.state.WindowsFailoverState;
import dev.failover.testkit.windows.FakeFailoverRelationship;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptComposer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Windows relationships through the backend: pending, create, modify, remove with the survival choice")
class WindowsRelationshipLifecycleTest extends WindowsTestBase {

  private Path pendingFile() {
    return w.dir.resolve("pending.json");
  }

  @Test
  @DisplayName("a relationship without scopes is kept pending on both servers, then created on Windows with its first scope")
  void pendingUntilTheFirstScope() throws Exception {
    Relationship r = hotStandby("pair-1");
    apply(CreateRelationship.of(r));
    assertThat(w.a.relationships()).isEmpty();
    assertThat(w.b.relationships()).isEmpty();
    assertThat(read(A).relationship(r.name())).contains(r);
    assertThat(read(B).relationship(r.name())).contains(r);
    assertThat(Files.readString(pendingFile())).contains("\"dhcp-a\"").contains("\"dhcp-b\"").contains("pair-1");
    assertThat(w.writes("dhcp-a") + w.writes("dhcp-b")).isZero();
    FailoverStatus pending = w.backend.status(w.inventory.require(A), r);
    assertThat(pending.local()).isEqualTo(WindowsFailoverState.NO_STATE);
    assertThat(pending.details()).containsEntry("pending", "true");

    w.seed(A, scope("10.1.0.0/24", 2));
    w.forgetInvocations();
    apply(AddScope.of("pair-1", "10.1.0.0/24"));
    assertThat(cmdlets(w.a.writes())).containsExactly("Add-DhcpServerv4Failover");
    assertThat(w.b.writes()).isEmpty();
    assertThat(w.writes("dhcp-a")).isEqualTo(1);
    assertThat(w.writes("dhcp-b")).isZero();
    FakeFailoverRelationship onA = w.a.relationship("pair-1").orElseThrow();
    assertThat(onA.serverRole()).contains("Active");
    assertThat(onA.reservePercent()).isEqualTo(OptionalInt.of(5));
    assertThat(w.b.relationship("pair-1").orElseThrow().serverRole()).contains("Standby");
    assertThat(w.b.scope(subnet("10.1.0.0/24"))).isEqualTo(w.a.scope(subnet("10.1.0.0/24")));
    Relationship expected = r.plusScopes(List.of(subnet("10.1.0.0/24")));
    assertThat(read(A).relationship(r.name())).contains(expected);
    assertThat(read(B).relationship(r.name())).contains(expected);
    assertThat(Files.readString(pendingFile())).doesNotContain("pair-1");
  }

  @Test
  @DisplayName("a pending relationship is modified and removed in the store alone")
  void pendingModifiedAndRemoved() throws Exception {
    apply(CreateRelationship.of(hotStandby("pair-p")));
    Relationship changed = ImmutableRelationship.copyOf(hotStandby("pair-p"))
        .withSettings(WindowsFailoverSettings.builder().reservePercent(10).partnerRole(WindowsServerRole.STANDBY)
            .maxClientLeadTime(Duration.ofMinutes(30)).build());
    apply(ModifyRelationship.of(changed));
    assertThat(read(A).relationship(changed.name())).contains(changed);
    assertThat(read(B).relationship(changed.name())).contains(changed);
    apply(RemoveRelationship.of("pair-p"));
    assertThat(read(A).relationships()).isEmpty();
    assertThat(read(B).relationships()).isEmpty();
    assertThat(Files.readString(pendingFile())).doesNotContain("pair-p");
    assertThat(w.a.writes()).isEmpty();
    assertThat(w.b.writes()).isEmpty();
  }

  @Test
  @DisplayName("without a pending-file option a relationship without scopes is refused, naming the option")
  void pendingNeedsAFile() throws Exception {
    try (WindowsWorld bare = new WindowsWorld()) {
      var inventory = dev.failover.server.Inventory.of(
          dev.failover.server.Server.builder().from(bare.inventory.require(A)).options(java.util.Map.of()).build(),
          dev.failover.server.Server.builder().from(bare.inventory.require(B)).options(java.util.Map.of()).build());
      var f = dev.failover.Failover.builder().inventory(inventory).backends(bare.backend).build();
      assertThatThrownBy(() -> f.apply(f.plan(CreateRelationship.of(hotStandby("pair-x"))), ADMIN))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .anySatisfy(v -> assertThat(v.field()).isEqualTo("options.pending-file")));
      assertThat(bare.a.relationships()).isEmpty();
    }
  }

  @Test
  @DisplayName("a relationship without scopes cannot carry a shared secret (the SDK stores none until Windows holds it)")
  void pendingWithoutSecret() {
    Relationship r = ImmutableRelationship.copyOf(hotStandby("pair-s")).withSettings(WindowsFailoverSettings.builder()
        .reservePercent(5).partnerRole(WindowsServerRole.STANDBY).sharedSecret(dev.failover.Secret.of("s3cret!"))
        .build());
    assertThatThrownBy(() -> apply(CreateRelationship.of(r))).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("settings.sharedSecret")));
    assertThat(pendingFile()).doesNotExist();
  }

  @Test
  @DisplayName("created with the primary's scopes: one Add-DhcpServerv4Failover on the primary, nothing run on the partner")
  void createdWithScopes() {
    w.seed(A, scope("10.2.0.0/24", 3));
    w.seed(A, scope("10.3.0.0/24", 1));
    Relationship r = loadBalance("pair-lb", 30, "10.2.0.0/24", "10.3.0.0/24");
    apply(CreateRelationship.of(r));
    assertThat(w.writes("dhcp-a")).isEqualTo(1);
    assertThat(w.writes("dhcp-b")).isZero();
    assertThat(cmdlets(w.a.writes())).containsExactly("Add-DhcpServerv4Failover");
    assertThat(w.a.relationship("pair-lb").orElseThrow().loadBalancePercent()).isEqualTo(OptionalInt.of(30));
    assertThat(w.b.relationship("pair-lb").orElseThrow().loadBalancePercent()).isEqualTo(OptionalInt.of(70));
    assertThat(read(A).relationship(r.name())).contains(r);
    assertThat(read(B).relationship(r.name())).contains(r);
    assertThat(w.b.scopes()).containsExactlyElementsOf(w.a.scopes());
  }

  @Test
  @DisplayName("hot standby with an active secondary: the primary is created Standby, and both read the same relationship")
  void hotStandbyWithActiveSecondary() {
    w.seed(A, scope("10.4.0.0/24", 1));
    Relationship r = Relationship.builder().name("pair-hs").mode(FailoverMode.HOT_STANDBY).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.builder().reservePercent(8).partnerRole(WindowsServerRole.ACTIVE)
            .stateSwitchInterval(Duration.ofMinutes(45)).build())
        .addScope("10.4.0.0/24").build();
    apply(CreateRelationship.of(r));
    assertThat(w.a.relationship("pair-hs").orElseThrow().serverRole()).contains("Standby");
    assertThat(w.b.relationship("pair-hs").orElseThrow().serverRole()).contains("Active");
    assertThat(w.b.relationship("pair-hs").orElseThrow().autoStateTransition()).isTrue();
    assertThat(read(A).relationship(r.name())).contains(r);
    assertThat(read(B).relationship(r.name())).contains(r);
    assertThat(r.roleOf(B)).isEqualTo(dev.failover.relationship.ServerRole.PRIMARY);
  }

  @Test
  @DisplayName("modify: one Set-DhcpServerv4Failover on the primary, with the primary's share; both sides change")
  void modify() {
    w.seed(A, scope("10.5.0.0/24", 1));
    apply(CreateRelationship.of(loadBalance("pair-m", 50, "10.5.0.0/24")));
    Relationship changed = ImmutableRelationship.copyOf(loadBalance("pair-m", 70, "10.5.0.0/24"))
        .withSettings(WindowsFailoverSettings.builder().loadBalancePercent(70).maxClientLeadTime(Duration.ofHours(2))
            .stateSwitchInterval(Duration.ofMinutes(30)).build());
    w.forgetInvocations();
    apply(ModifyRelationship.of(changed));
    assertThat(w.writes("dhcp-a")).isEqualTo(1);
    assertThat(w.writes("dhcp-b")).isZero();
    FakeFailoverRelationship onB = w.b.relationship("pair-m").orElseThrow();
    assertThat(onB.loadBalancePercent()).isEqualTo(OptionalInt.of(30));
    assertThat(onB.maxClientLeadTime()).isEqualTo(Duration.ofHours(2));
    assertThat(onB.stateSwitchInterval()).contains(Duration.ofMinutes(30));
    assertThat(read(B).relationship(changed.name())).contains(changed);

    Relationship noTimer = ImmutableRelationship.copyOf(changed).withSettings(WindowsFailoverSettings.builder()
        .loadBalancePercent(70).maxClientLeadTime(Duration.ofHours(2)).build());
    apply(ModifyRelationship.of(noTimer));
    assertThat(w.a.relationship("pair-m").orElseThrow().autoStateTransition()).isFalse();
    assertThat(read(A).relationship(noTimer.name())).contains(noTimer);
  }

  @Test
  @DisplayName("changing to hot standby with the secondary active: the secondary runs Set-DhcpServerv4Failover -Mode")
  void modeChangeRunsOnTheServerThatBecomesActive() {
    w.seed(A, scope("10.6.0.0/24", 1));
    apply(CreateRelationship.of(loadBalance("pair-mode", 50, "10.6.0.0/24")));
    Relationship hs = Relationship.builder().name("pair-mode").mode(FailoverMode.HOT_STANDBY).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.builder().reservePercent(7).partnerRole(WindowsServerRole.ACTIVE).build())
        .addScope("10.6.0.0/24").build();
    w.forgetInvocations();
    apply(ModifyRelationship.of(hs));
    assertThat(w.writes("dhcp-a")).isZero();
    assertThat(w.writes("dhcp-b")).isEqualTo(1);
    assertThat(w.b.relationship("pair-mode").orElseThrow().serverRole()).contains("Active");
    assertThat(w.a.relationship("pair-mode").orElseThrow().serverRole()).contains("Standby");
    assertThat(read(A).relationship(hs.name())).contains(hs);

    Relationship swapped = ImmutableRelationship.copyOf(hs).withSettings(WindowsFailoverSettings.builder()
        .reservePercent(7).partnerRole(WindowsServerRole.STANDBY).build());
    int before = w.a.writes().size() + w.b.writes().size();
    assertThatThrownBy(() -> apply(ModifyRelationship.of(swapped))).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("settings.partnerRole")));
    assertThat(w.a.writes().size() + w.b.writes().size()).isEqualTo(before);
  }

  @Test
  @DisplayName("settings must be explicit: Windows always reports the mode's values, and plans are verified against them")
  void explicitSettings() {
    w.seed(A, scope("10.7.0.0/24", 1));
    Relationship r = Relationship.builder().name("pair-d").mode(FailoverMode.LOAD_BALANCING).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.defaults()).addScope("10.7.0.0/24").build();
    assertThatThrownBy(() -> apply(CreateRelationship.of(r))).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("settings.loadBalancePercent")));
    assertThat(w.a.writes()).isEmpty();
  }

  @ParameterizedTest(name = "survivor {0}, other copies {1}")
  @CsvSource({"dhcp-a,DELETE", "dhcp-a,DISABLE", "dhcp-b,DELETE", "dhcp-b,DISABLE"})
  @DisplayName("remove: the survivor keeps its copies untouched; the other's are deleted or kept disabled")
  void removeWithTheSurvivalChoice(String survivor, ScopeFate fate) {
    pairWith("pair-r", "10.8.0.0/24", "10.9.0.0/24");
    ServerId keeper = ServerId.of(survivor);
    ServerId other = keeper.equals(A) ? B : A;
    FakeWindowsDhcpServer keeperFake = w.fake(keeper);
    FakeWindowsDhcpServer otherFake = w.fake(other);
    List<Scope> kept = keeperFake.scopes();
    List<Scope> others = read(other).scopes();
    int keeperWrites = keeperFake.writes().size();
    w.forgetInvocations();
    apply(RemoveRelationship.of("pair-r").keepScopesOn(survivor, fate));
    assertThat(w.a.relationships()).isEmpty();
    assertThat(w.b.relationships()).isEmpty();
    assertThat(keeperFake.scopes()).isEqualTo(kept);
    // the survivor's copies were never deleted and created again (their leases stay)
    assertThat(cmdlets(keeperFake.writes().subList(keeperWrites, keeperFake.writes().size())))
        .containsExactly("Remove-DhcpServerv4Failover");
    if (fate == ScopeFate.DELETE) {
      assertThat(otherFake.scopes()).isEmpty();
    } else {
      // as Windows reports them (a reservation created without a name reports its address as the name)
      assertThat(read(other).scopes()).isEqualTo(others.stream().map(WindowsRelationshipLifecycleTest::disabled).toList());
    }
    // dhcp-a's part runs first and does the removal, on itself (survivor) or on dhcp-b; dhcp-b then
    // creates its copies again, disabled, if the removal on dhcp-a deleted them
    assertThat(w.writes("dhcp-a")).isEqualTo(1);
    assertThat(w.writes("dhcp-b")).isEqualTo(keeper.equals(A) && fate == ScopeFate.DISABLE ? 1 : 0);
    assertThat(read(A).relationships()).isEmpty();
    assertThat(read(B).relationships()).isEmpty();
  }

  @Test
  @DisplayName("remove with disable when the other copies are already disabled: they stay, disabled, and the survivor's are untouched")
  void removeWithCopiesAlreadyDisabled() {
    pairWith("pair-dd", "10.10.0.0/24");
    try (PowerShellScript s = ScriptComposer.compose(DhcpCommands.disableScope(subnet("10.10.0.0/24").network()))) {
      byte[] bytes = s.utf8();
      w.b.run(new String(bytes, StandardCharsets.UTF_8));
    }
    List<Scope> kept = w.a.scopes();
    List<Scope> others = read(B).scopes();
    assertThat(others).allSatisfy(s -> assertThat(s.enabled()).isFalse());
    apply(RemoveRelationship.of("pair-dd").keepScopesOn("dhcp-a", ScopeFate.DISABLE));
    assertThat(w.a.scopes()).isEqualTo(kept);
    assertThat(read(B).scopes()).isEqualTo(others);
    assertThat(w.a.relationships()).isEmpty();
  }

  @ParameterizedTest(name = "survivor {0}, other copy {1}")
  @CsvSource({"dhcp-a,DELETE", "dhcp-b,DISABLE"})
  @DisplayName("remove scope: it leaves the relationship on both servers, kept on the survivor, deleted or disabled on the other")
  void removeScope(String survivor, ScopeFate fate) {
    pairWith("pair-rs", "10.11.0.0/24", "10.12.0.0/24");
    ServerId keeper = ServerId.of(survivor);
    ServerId other = keeper.equals(A) ? B : A;
    Scope keptCopy = w.fake(keeper).scope(subnet("10.11.0.0/24")).orElseThrow();
    Scope otherCopy = read(other).scope(subnet("10.11.0.0/24")).orElseThrow();
    w.forgetInvocations();
    apply(RemoveScope.of("pair-rs", "10.11.0.0/24", survivor, fate));
    assertThat(w.a.relationship("pair-rs").orElseThrow().scopeIds()).containsExactly(subnet("10.12.0.0/24").network());
    assertThat(w.b.relationship("pair-rs").orElseThrow().scopeIds()).containsExactly(subnet("10.12.0.0/24").network());
    assertThat(w.fake(keeper).scope(subnet("10.11.0.0/24"))).contains(keptCopy);
    assertThat(read(other).scope(subnet("10.11.0.0/24")))
        .isEqualTo(fate == ScopeFate.DELETE ? Optional.empty() : Optional.of(disabled(otherCopy)));
    assertThat(w.writes("dhcp-a")).isEqualTo(1);
    assertThat(w.writes("dhcp-b")).isEqualTo(keeper.equals(A) && fate == ScopeFate.DISABLE ? 1 : 0);
    assertThat(read(A).relationship(dev.failover.relationship.RelationshipName.of("pair-rs")))
        .isEqualTo(read(B).relationship(dev.failover.relationship.RelationshipName.of("pair-rs")));
  }

  @Test
  @DisplayName("when the second server's script fails, the facade undoes the first: the relationship is created again")
  void failingCmdletRollsBack() {
    Relationship r = pairWith("pair-f", "10.13.0.0/24");
    List<AuditEvent> audit = new ArrayList<>();
    var f = dev.failover.Failover.builder().inventory(w.inventory).backends(w.backend).audit(audit::add).build();
    List<Scope> aScopes = read(A).scopes();
    List<Scope> bScopes = read(B).scopes();
    var plan = f.plan(RemoveRelationship.of("pair-f").keepScopesOn("dhcp-a", ScopeFate.DISABLE));
    w.b.failNextWrite(); // dhcp-a removes the relationship; dhcp-b cannot create its disabled copy again
    assertThatThrownBy(() -> f.apply(plan, ADMIN)).isInstanceOfSatisfying(
        dev.failover.windows.ps.DhcpCmdletException.class,
        e -> assertThat(e.serverCode()).contains("ERROR_DHCP_JET_ERROR"));
    assertThat(cmdlets(w.a.writes())).endsWith("Remove-DhcpServerv4Failover", "Add-DhcpServerv4Failover");
    assertThat(read(A).relationship(r.name())).contains(r);
    assertThat(read(B).relationship(r.name())).contains(r);
    assertThat(read(A).scopes()).isEqualTo(aScopes);
    assertThat(read(B).scopes()).isEqualTo(bScopes);
    assertThat(audit).extracting(AuditEvent::outcome).containsExactly(AuditEvent.Outcome.ROLLED_BACK);
    assertThat(audit.get(0).detail()).contains("dhcp-a restored");
  }

  @Test
  @DisplayName("undoing an added scope (as a rollback does) removes it on the server that keeps it, deleting the partner's copy")
  void undoAddedScope() {
    pairWith("pair-u", "10.14.0.0/24");
    w.seed(A, scope("10.15.0.0/24", 2));
    var plan = failover.plan(dev.failover.plan.AddScope.of("pair-u", "10.15.0.0/24"));
    read(B);
    Scope kept = read(A).scope(subnet("10.15.0.0/24")).orElseThrow();
    var a = w.inventory.require(A);
    String after = w.backend.apply(a, plan.part(A).orElseThrow(), p -> { });
    assertThat(w.b.scope(subnet("10.15.0.0/24"))).isPresent();
    w.backend.apply(a, plan.part(A).orElseThrow().inverse(after), p -> { });
    assertThat(w.a.relationship("pair-u").orElseThrow().scopeIds()).containsExactly(subnet("10.14.0.0/24").network());
    assertThat(w.b.relationship("pair-u").orElseThrow().scopeIds()).containsExactly(subnet("10.14.0.0/24").network());
    assertThat(read(A).scope(subnet("10.15.0.0/24"))).contains(kept);
    assertThat(w.b.scope(subnet("10.15.0.0/24"))).isEmpty();
  }

  private static Scope disabled(Scope s) {
    return ImmutableScope.copyOf(s).withProperties(ImmutableScopeProperties.copyOf(s.properties()).withEnabled(false));
  }
}
