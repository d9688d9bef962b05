package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.plan.AddScope;
import dev.failover.Secret;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import java.time.Duration;
import java.util.List;
import dev.failover.relationship.Relationship;
import dev.failover.testkit.contract.FailoverBackendContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 11 item 15 (Windows): switchover and authentication turned off, relationships created empty. */
@DisplayName("Windows: switchover off, authentication off, and relationships created without scopes")
class WindowsSwitchoverAndPendingTest {

  @Test
  @DisplayName("a relationship created without scopes, each server keeping its own pending file, leaves later reads and plans working")
  void pendingWithAFilePerServer() throws Exception {
    try (WindowsWorld w = WindowsWorld.withPendingFilePerServer()) {
      Failover failover = Failover.builder().inventory(w.inventory).backends(w.backend).build();
      Relationship empty = WindowsTestBase.hotStandby("empty-1");
      failover.apply(failover.plan(CreateRelationship.of(empty)), WindowsTestBase.ADMIN);
      assertThat(w.backend.read(w.inventory.require(WindowsWorld.A), w.inventory).relationship(empty.name())).isPresent();
      assertThat(w.backend.read(w.inventory.require(WindowsWorld.B), w.inventory).relationship(empty.name())).isPresent();
      w.seed(WindowsWorld.A, FailoverBackendContract.sampleScope("10.61.0.0/24", 1));
      failover.apply(failover.plan(AddScope.of("empty-1", "10.61.0.0/24")), WindowsTestBase.ADMIN);
      assertThat(w.a.relationship("empty-1")).isPresent();
      assertThat(w.b.scope(dev.failover.scope.Subnet.parse("10.61.0.0/24"))).isPresent();
    }
  }

  static Relationship pair(WindowsFailoverSettings settings) {
    return Relationship.builder().name("pair-15").mode(FailoverMode.HOT_STANDBY).primary(WindowsWorld.A)
        .secondary(WindowsWorld.B).settings(settings).scopes(List.of(dev.failover.scope.Subnet.parse("10.62.0.0/24")))
        .build();
  }

  @Test
  @DisplayName("a state switchover interval of 0 means disabled (vendor-facts §1: -AutoStateTransition off), kept as no interval")
  void zeroIsDisabled() {
    WindowsFailoverSettings zero = WindowsFailoverSettings.builder().reservePercent(5).stateSwitchInterval(Duration.ZERO)
        .build();
    assertThat(zero.stateSwitchInterval()).isEmpty();
    assertThat(zero.autoStateTransition()).isFalse();
    assertThat(zero).isEqualTo(WindowsFailoverSettings.builder().reservePercent(5).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WindowsFailoverSettings.builder()
        .stateSwitchInterval(Duration.ofMillis(500)).build()).isInstanceOf(dev.failover.errors.ValidationException.class)
        .hasMessageContaining("give 0, to disable");
  }

  @Test
  @DisplayName("an existing relationship's switchover interval and shared-secret authentication can both be turned off")
  void turnOffSwitchoverAndAuthentication() throws Exception {
    try (WindowsWorld w = new WindowsWorld()) {
      Failover failover = Failover.builder().inventory(w.inventory).backends(w.backend).build();
      w.seed(WindowsWorld.A, FailoverBackendContract.sampleScope("10.62.0.0/24", 1));
      WindowsFailoverSettings on = WindowsFailoverSettings.builder().reservePercent(5)
          .partnerRole(WindowsServerRole.STANDBY).stateSwitchInterval(Duration.ofMinutes(30))
          .sharedSecret(Secret.of("pair-15-secret")).build();
      failover.apply(failover.plan(CreateRelationship.of(pair(on))), WindowsTestBase.ADMIN);
      assertThat(w.a.relationship("pair-15").orElseThrow().autoStateTransition()).isTrue();
      assertThat(w.b.relationship("pair-15").orElseThrow().enableAuth()).isTrue();

      WindowsFailoverSettings off = WindowsFailoverSettings.builder().reservePercent(5)
          .partnerRole(WindowsServerRole.STANDBY).stateSwitchInterval(Duration.ZERO).messageAuthentication(false).build();
      failover.apply(failover.plan(ModifyRelationship.of(pair(off))), WindowsTestBase.ADMIN);
      for (var fake : List.of(w.a, w.b)) {
        assertThat(fake.relationship("pair-15").orElseThrow().autoStateTransition()).isFalse();
        assertThat(fake.relationship("pair-15").orElseThrow().enableAuth()).isFalse();
      }
      Relationship read = failover.relationship("pair-15");
      WindowsFailoverSettings now = (WindowsFailoverSettings) read.settings();
      assertThat(now.stateSwitchInterval()).isEmpty();
      assertThat(now.messageAuthentication()).isFalse();
      assertThat(w.a.writes()).extracting(x -> x.cmdlet()).contains("Set-DhcpServerv4Failover");
    }
  }
}
