package dev.failover.windows.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("DhcpCommands builds every cmdlet with typed, quoted values")
class DhcpCommandsTest {

  private static final Ipv4Address S1 = Ipv4Address.parse("10.1.0.0");
  private static final Ipv4Address S2 = Ipv4Address.parse("10.2.0.0");

  @Nested
  @DisplayName("Add-DhcpServerv4Failover (vendor-facts.md §1)")
  class AddFailoverCommand {

    @Test
    @DisplayName("load balance with every parameter of its set")
    void loadBalance() {
      PsCommand c = DhcpCommands.addFailover(AddFailover.builder().name("pair-1").partnerServer("dhcp-b.example.net")
          .addScopeId(S1).addScopeId(S2).loadBalancePercent(70).maxClientLeadTime(Duration.ofHours(2))
          .autoStateTransition(true).stateSwitchInterval(Duration.ofMinutes(90)).sharedSecret(Secret.of("s3cr3t"))
          .build()).onComputer("dhcp-a");
      assertThat(c.toString()).isEqualTo("Add-DhcpServerv4Failover -ComputerName 'dhcp-a' -Name 'pair-1'"
          + " -PartnerServer 'dhcp-b.example.net' -ScopeId '10.1.0.0','10.2.0.0' -LoadBalancePercent 70"
          + " -MaxClientLeadTime ([TimeSpan]'02:00:00') -AutoStateTransition $true"
          + " -StateSwitchInterval ([TimeSpan]'01:30:00') -SharedSecret '***' -Force -PassThru -Confirm:$false");
    }

    @Test
    @DisplayName("hot standby always names -ServerRole so that PowerShell binds the HotStandby set")
    void hotStandby() {
      PsCommand c = DhcpCommands.addFailover(AddFailover.builder().name("hs").partnerServer("192.0.2.2")
          .addScopeId(S1).mode(CmdletFailoverMode.HOT_STANDBY).reservePercent(0).passThru(false).build());
      assertThat(c.toString()).isEqualTo("Add-DhcpServerv4Failover -Name 'hs' -PartnerServer '192.0.2.2'"
          + " -ScopeId '10.1.0.0' -ServerRole 'Active' -ReservePercent 0 -Force -Confirm:$false");
      PsCommand standby = DhcpCommands.addFailover(AddFailover.builder().name("hs").partnerServer("192.0.2.2")
          .addScopeId(S1).mode(CmdletFailoverMode.HOT_STANDBY).serverRole(CmdletServerRole.STANDBY).build());
      assertThat(standby.text("ServerRole")).contains("Standby");
    }

    @Test
    @DisplayName("every rule broken is reported at once")
    void violations() {
      assertThatThrownBy(() -> AddFailover.builder().name("x".repeat(127)).partnerServer("bad host")
          .loadBalancePercent(101).reservePercent(5).maxClientLeadTime(Duration.ZERO)
          .stateSwitchInterval(Duration.ofMinutes(5)).autoStateTransition(false).build())
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(v -> v.field())
              .contains("name", "partnerServer", "scopeIds", "reservePercent", "loadBalancePercent",
                  "maxClientLeadTime", "autoStateTransition"));
    }

    @Test
    @DisplayName("a name of 126 characters is accepted, 127 refused citing ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG")
    void nameLength() {
      AddFailover ok = AddFailover.builder().name("n".repeat(126)).partnerServer("b").addScopeId(S1).build();
      assertThat(ok.name()).hasSize(126);
      assertThatThrownBy(() -> AddFailover.builder().name("n".repeat(127)).partnerServer("b").addScopeId(S1).build())
          .hasMessageContaining("ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG").hasMessageContaining("has 127");
    }

    @Test
    @DisplayName("a NUL in a name is refused: Windows strings end at the first NUL")
    void nul() {
      assertThatThrownBy(() -> AddFailover.builder().name("a\0b").partnerServer("b").addScopeId(S1).build())
          .hasMessageContaining("NUL").hasMessageContaining("\\u0000");
    }

    @Test
    @DisplayName("sub-second intervals are refused: Windows keeps seconds")
    void wholeSeconds() {
      assertThatThrownBy(() -> AddFailover.builder().name("p").partnerServer("b").addScopeId(S1)
          .maxClientLeadTime(Duration.ofMillis(1500)).build()).hasMessageContaining("whole seconds");
    }
  }

  @Nested
  @DisplayName("Set-DhcpServerv4Failover")
  class SetFailoverCommand {

    @Test
    @DisplayName("every parameter, the secret redacted")
    void everything() {
      PsCommand c = DhcpCommands.setFailover(SetFailover.builder().name("pair-1").mode(CmdletFailoverMode.LOAD_BALANCE)
          .loadBalancePercent(40).maxClientLeadTime(Duration.ofDays(1).plusSeconds(5))
          .stateSwitchInterval(Duration.ofMinutes(60)).autoStateTransition(true).sharedSecret(Secret.of("k"))
          .build());
      assertThat(c.toString()).isEqualTo("Set-DhcpServerv4Failover -Name 'pair-1' -Mode 'LoadBalance'"
          + " -LoadBalancePercent 40 -MaxClientLeadTime ([TimeSpan]'1.00:00:05') -AutoStateTransition $true"
          + " -StateSwitchInterval ([TimeSpan]'01:00:00') -SharedSecret '***' -Force -PassThru -Confirm:$false");
    }

    @Test
    @DisplayName("turning authentication off sends -SharedSecret $null")
    void authOff() {
      assertThat(DhcpCommands.setFailover(SetFailover.builder().name("p").disableAuthentication(true).build())
          .toString()).contains("-SharedSecret $null");
    }

    @Test
    @DisplayName("partner down is a switch")
    void partnerDown() {
      assertThat(DhcpCommands.setFailover(SetFailover.partnerDown("p")).toString())
          .isEqualTo("Set-DhcpServerv4Failover -Name 'p' -PartnerDown -Force -PassThru -Confirm:$false");
    }

    @Test
    @DisplayName("a change is required, and the two modes' percentages exclude each other")
    void rules() {
      assertThatThrownBy(() -> SetFailover.builder().name("p").build()).hasMessageContaining("at least one");
      assertThatThrownBy(() -> SetFailover.builder().name("p").loadBalancePercent(5).reservePercent(5).build())
          .hasMessageContaining("reservePercent");
      assertThatThrownBy(() -> SetFailover.builder().name("p").mode(CmdletFailoverMode.HOT_STANDBY).loadBalancePercent(5)
          .build()).hasMessageContaining("HotStandby");
    }
  }

  @Test
  @DisplayName("Get, Remove, scope membership and replication in all three reaches")
  void failoverOthers() {
    assertThat(DhcpCommands.getFailovers().toString()).isEqualTo("Get-DhcpServerv4Failover");
    assertThat(DhcpCommands.getFailover("a", "b").toString()).isEqualTo("Get-DhcpServerv4Failover -Name 'a','b'");
    assertThat(DhcpCommands.getFailoverByScope(S1).toString()).isEqualTo("Get-DhcpServerv4Failover -ScopeId '10.1.0.0'");
    assertThat(DhcpCommands.removeFailover("a").toString())
        .isEqualTo("Remove-DhcpServerv4Failover -Name 'a' -Force -Confirm:$false");
    assertThat(DhcpCommands.addFailoverScope("a", List.of(S1, S2)).toString())
        .isEqualTo("Add-DhcpServerv4FailoverScope -Name 'a' -ScopeId '10.1.0.0','10.2.0.0' -PassThru -Confirm:$false");
    assertThat(DhcpCommands.removeFailoverScope("a", List.of(S1)).toString())
        .isEqualTo("Remove-DhcpServerv4FailoverScope -Name 'a' -ScopeId '10.1.0.0' -Force -PassThru -Confirm:$false");
    assertThat(DhcpCommands.replicateServer().toString())
        .isEqualTo("Invoke-DhcpServerv4FailoverReplication -Force -Confirm:$false");
    assertThat(DhcpCommands.replicateRelationships("a").toString())
        .isEqualTo("Invoke-DhcpServerv4FailoverReplication -Name 'a' -Force -Confirm:$false");
    assertThat(DhcpCommands.replicateScopes(S1).toString())
        .isEqualTo("Invoke-DhcpServerv4FailoverReplication -ScopeId '10.1.0.0' -Force -Confirm:$false");
    assertThatThrownBy(DhcpCommands::getFailover).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> DhcpCommands.addFailoverScope("a", List.of())).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("scope commands, including disable as -State InActive")
  void scopes() {
    AddScopeCmdlet add = AddScopeCmdlet.builder().name("office").startRange(Ipv4Address.parse("10.1.0.10"))
        .endRange(Ipv4Address.parse("10.1.0.200")).subnetMask(Ipv4Address.parse("255.255.255.0"))
        .description("2nd floor").leaseDuration(Duration.ofDays(8)).state(ScopeState.INACTIVE).build();
    assertThat(add.scopeId()).isEqualTo(S1);
    assertThat(DhcpCommands.addScope(add).toString()).isEqualTo("Add-DhcpServerv4Scope -Name 'office'"
        + " -StartRange '10.1.0.10' -EndRange '10.1.0.200' -SubnetMask '255.255.255.0' -Description '2nd floor'"
        + " -State 'InActive' -LeaseDuration ([TimeSpan]'8.00:00:00') -PassThru -Confirm:$false");
    assertThat(DhcpCommands.getScopes().toString()).isEqualTo("Get-DhcpServerv4Scope");
    assertThat(DhcpCommands.getScope(S1).toString()).isEqualTo("Get-DhcpServerv4Scope -ScopeId '10.1.0.0'");
    assertThat(DhcpCommands.disableScope(S1).toString())
        .isEqualTo("Set-DhcpServerv4Scope -ScopeId '10.1.0.0' -State 'InActive' -PassThru -Confirm:$false");
    assertThat(DhcpCommands.enableScope(S1).toString()).contains("-State 'Active'");
    assertThat(DhcpCommands.setScope(SetScope.builder().scopeId(S1).name("n").description("d")
        .leaseDuration(Duration.ofHours(1)).range(AddressRange.of("10.1.0.5", "10.1.0.9")).build()).toString())
        .isEqualTo("Set-DhcpServerv4Scope -ScopeId '10.1.0.0' -Name 'n' -Description 'd'"
            + " -LeaseDuration ([TimeSpan]'01:00:00') -StartRange '10.1.0.5' -EndRange '10.1.0.9' -PassThru"
            + " -Confirm:$false");
    assertThat(DhcpCommands.removeScope(S1).toString())
        .isEqualTo("Remove-DhcpServerv4Scope -ScopeId '10.1.0.0' -Force -Confirm:$false");
    assertThatThrownBy(() -> AddScopeCmdlet.builder().name("x").startRange(Ipv4Address.parse("10.1.0.10"))
        .endRange(Ipv4Address.parse("10.2.0.1")).subnetMask(Ipv4Address.parse("255.255.255.0")).build())
        .hasMessageContaining("same subnet");
  }

  @Test
  @DisplayName("reservation, exclusion and option value commands")
  void contents() {
    AddReservation r = AddReservation.builder().scopeId(S1).ipAddress(Ipv4Address.parse("10.1.0.5"))
        .clientId("00:11:22:AA:BB:CC").name("printer").description("hall").type(ReservationType.BOTH).build();
    assertThat(DhcpCommands.addReservation(r).toString()).isEqualTo("Add-DhcpServerv4Reservation -ScopeId '10.1.0.0'"
        + " -IPAddress '10.1.0.5' -ClientId '00-11-22-aa-bb-cc' -Name 'printer' -Description 'hall' -Type 'Both'"
        + " -PassThru -Confirm:$false");
    assertThat(DhcpCommands.getReservations(S1).toString()).isEqualTo("Get-DhcpServerv4Reservation -ScopeId '10.1.0.0'");
    assertThat(DhcpCommands.removeReservation(S1, "001122aabbcc").toString())
        .isEqualTo("Remove-DhcpServerv4Reservation -ScopeId '10.1.0.0' -ClientId '00-11-22-aa-bb-cc' -Confirm:$false");
    assertThat(DhcpCommands.removeReservation(Ipv4Address.parse("10.1.0.5")).toString())
        .isEqualTo("Remove-DhcpServerv4Reservation -IPAddress '10.1.0.5' -Confirm:$false");
    assertThatThrownBy(() -> AddReservation.builder().scopeId(S1).ipAddress(S1).clientId("zz").build())
        .hasMessageContaining("clientId");

    AddressRange ex = AddressRange.of("10.1.0.20", "10.1.0.29");
    assertThat(DhcpCommands.getExclusions(S1).toString()).isEqualTo("Get-DhcpServerv4ExclusionRange -ScopeId '10.1.0.0'");
    assertThat(DhcpCommands.addExclusion(S1, ex).toString()).isEqualTo("Add-DhcpServerv4ExclusionRange"
        + " -ScopeId '10.1.0.0' -StartRange '10.1.0.20' -EndRange '10.1.0.29' -PassThru -Confirm:$false");
    assertThat(DhcpCommands.removeExclusion(S1, ex).toString()).isEqualTo("Remove-DhcpServerv4ExclusionRange"
        + " -ScopeId '10.1.0.0' -StartRange '10.1.0.20' -EndRange '10.1.0.29' -Confirm:$false");

    OptionTarget scope = OptionTarget.scope(S1);
    OptionTarget res = OptionTarget.reservation(Ipv4Address.parse("10.1.0.5"));
    assertThat(DhcpCommands.getOptionValues(scope).toString())
        .isEqualTo("Get-DhcpServerv4OptionValue -ScopeId '10.1.0.0' -All");
    assertThat(DhcpCommands.getOptionValue(res, 6, Optional.of("u"), Optional.of("v")).toString())
        .isEqualTo("Get-DhcpServerv4OptionValue -ReservedIP '10.1.0.5' -OptionId 6 -UserClass 'u' -VendorClass 'v'");
    assertThat(DhcpCommands.setOptionValue(scope, 6, List.of("10.0.0.1", "10.0.0.2"), Optional.empty(),
        Optional.of("Microsoft Options")).toString()).isEqualTo("Set-DhcpServerv4OptionValue -ScopeId '10.1.0.0'"
        + " -OptionId 6 -Value '10.0.0.1','10.0.0.2' -VendorClass 'Microsoft Options' -Force -PassThru -Confirm:$false");
    assertThat(DhcpCommands.removeOptionValue(scope, 3, Optional.of("Default BOOTP Class"), Optional.empty()).toString())
        .isEqualTo("Remove-DhcpServerv4OptionValue -ScopeId '10.1.0.0' -OptionId 3 -UserClass 'Default BOOTP Class'"
            + " -Confirm:$false");
    assertThatThrownBy(() -> DhcpCommands.setOptionValue(scope, 255, List.of("x"), Optional.empty(), Optional.empty()))
        .hasMessageContaining("between 1 and 254");
  }

  @Test
  @DisplayName("-ComputerName is validated and replaces an earlier one")
  void computerName() {
    PsCommand c = DhcpCommands.getScopes().onComputer("dc1").onComputer("10.0.0.9");
    assertThat(c.toString()).isEqualTo("Get-DhcpServerv4Scope -ComputerName '10.0.0.9'");
    assertThatThrownBy(() -> DhcpCommands.getScopes().onComputer("dc1'; Remove-Item x"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("the secret exists only inside the script's characters, never in its String forms")
  void secretNeverPrinted() {
    PsCommand c = DhcpCommands.addFailover(AddFailover.builder().name("p").partnerServer("b").addScopeId(S1)
        .sharedSecret(Secret.of("TopSecret-42")).build());
    try (PowerShellScript script = ScriptComposer.compose(c)) {
      assertThat(script.toString()).doesNotContain("TopSecret-42").contains("-SharedSecret '***'");
      assertThat(c.toString()).doesNotContain("TopSecret-42");
      assertThat(new String(script.utf8(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("-SharedSecret 'TopSecret-42'");
      assertThat(script.redact("failed: TopSecret-42 and TopSecret-42")).isEqualTo("failed: *** and ***");
      assertThat(script.hasSecrets()).isTrue();
    }
  }

  @Test
  @DisplayName("a closed script gives no bytes and redacts nothing; its command still composes with the secret")
  void closedScript() {
    PsCommand c = DhcpCommands.setFailover(SetFailover.builder().name("p").sharedSecret(Secret.of("again")).build());
    PowerShellScript script = ScriptComposer.compose(c);
    script.close();
    assertThatThrownBy(script::utf8).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> script.redact("x")).isInstanceOf(IllegalStateException.class);
    try (PowerShellScript second = ScriptComposer.compose(c)) {
      assertThat(new String(second.utf8(), java.nio.charset.StandardCharsets.UTF_8)).contains("-SharedSecret 'again'");
    }
  }
}
