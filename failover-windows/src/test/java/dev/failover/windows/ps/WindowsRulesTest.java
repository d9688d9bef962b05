package dev.failover.windows.ps;

import static dev.failover.windows.ps.WindowsFixture.ip;
import static dev.failover.windows.ps.WindowsFixture.run;
import static dev.failover.windows.ps.WindowsFixture.scope;
import static dev.failover.windows.ps.WindowsFixture.scopeId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Secret;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.testkit.windows.FakeWrite;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Windows rules of vendor-facts.md §1, each through the real script path (builder → composer → fake). */
@DisplayName("Windows failover rules hold through the script path (vendor-facts.md §1)")
class WindowsRulesTest {

  private static DhcpCmdletException refused(ScriptReport r) {
    try {
      r.throwIfFailed();
    } catch (DhcpCmdletException e) {
      return e;
    }
    throw new AssertionError("expected a refusal, got " + r);
  }

  @Test
  @DisplayName("§1: at most 31 relationships per server; the 32nd is ERROR_DHCP_FO_MAX_RELATIONSHIPS")
  void maxRelationships() {
    WindowsFixture f = new WindowsFixture();
    for (int i = 1; i <= 31; i++) {
      f.pair("r" + i, i).throwIfFailed();
    }
    assertThat(f.a.relationships()).hasSize(31);
    DhcpCmdletException e = refused(f.pair("r32", 32));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_FO_MAX_RELATIONSHIPS);
    assertThat(f.b.relationships()).hasSize(31);
    assertThat(f.b.scope(Subnet.parse("10.32.0.0/24"))).isEmpty();
  }

  @Test
  @DisplayName("§1: the limit counts the partner's relationships too")
  void maxOnPartner() {
    WindowsFixture f = new WindowsFixture();
    var c = f.network.addServer("dhcp-c", "192.0.2.3");
    for (int i = 1; i <= 31; i++) {
      c.putScope(scope(i));
      run(c, DhcpCommands.addFailover(AddFailover.builder().name("c" + i).partnerServer("dhcp-b")
          .addScopeId(scopeId(i)).build())).throwIfFailed();
    }
    assertThat(refused(f.pair("a1", 100)).error()).contains(DhcpError.ERROR_DHCP_FO_MAX_RELATIONSHIPS);
  }

  @Test
  @DisplayName("§1: names up to 126 characters; longer ones are refused before anything is sent")
  void nameLength() {
    WindowsFixture f = new WindowsFixture();
    String longest = "n".repeat(126);
    f.pair(longest, 1).throwIfFailed();
    assertThat(f.b.relationship(longest)).isPresent();
    assertThatThrownBy(() -> f.pair("n".repeat(127), 2)).hasMessageContaining("ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG");
    assertThat(f.a.writes()).hasSize(1);
  }

  @Test
  @DisplayName("§1: a name must be unique on both partners (case-insensitively)")
  void uniqueName() {
    WindowsFixture f = new WindowsFixture();
    f.pair("Pair", 1).throwIfFailed();
    assertThat(refused(f.pair("pair", 2)).error()).contains(DhcpError.ERROR_DHCP_FO_RELATIONSHIP_EXISTS);
    var c = f.network.addServer("dhcp-c", "192.0.2.3");
    c.putScope(scope(5));
    DhcpCmdletException e = refused(run(c, DhcpCommands.addFailover(AddFailover.builder().name("PAIR")
        .partnerServer("192.0.2.2").addScopeId(scopeId(5)).build())));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_FO_RELATIONSHIP_EXISTS);
  }

  @Test
  @DisplayName("§1: a scope belongs to one relationship only")
  void oneRelationshipPerScope() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p1", 1).throwIfFailed();
    f.a.putScope(scope(2));
    run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("p2").partnerServer("dhcp-b").addScopeId(scopeId(2))
        .build())).throwIfFailed();
    DhcpCmdletException e = refused(run(f.a, DhcpCommands.addFailoverScope("p2", List.of(scopeId(1)))));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP);
  }

  @Test
  @DisplayName("§1: the scope must exist locally and must not exist on the partner")
  void scopePresentLocallyAbsentOnPartner() {
    WindowsFixture f = new WindowsFixture();
    assertThatThrownBy(() -> run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("p").partnerServer("dhcp-b")
        .addScopeId(scopeId(1)).build())).throwIfFailed())
        .isInstanceOf(dev.failover.errors.NotFoundException.class).hasMessageContaining("10.1.0.0");
    f.a.putScope(scope(1));
    f.b.putScope(scope(1));
    DhcpCmdletException e = refused(run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("p")
        .partnerServer("dhcp-b").addScopeId(scopeId(1)).build())));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_SUBNET_EXISTS);
    assertThat(e.serverMessage()).contains("dhcp-b");
    assertThat(f.a.relationships()).isEmpty();
    f.pair("q", 2).throwIfFailed();
    f.a.putScope(scope(3));
    f.b.putScope(scope(3));
    assertThat(refused(run(f.a, DhcpCommands.addFailoverScope("q", List.of(scopeId(3))))).error())
        .contains(DhcpError.ERROR_DHCP_SUBNET_EXISTS);
  }

  @Test
  @DisplayName("§1: scopes are added only in NORMAL state")
  void normalState() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1).throwIfFailed();
    f.a.putScope(scope(2));
    f.a.setState("p", dev.failover.testkit.windows.FakeWindowsFailoverState.COMMUNICATION_INT);
    assertThat(refused(run(f.a, DhcpCommands.addFailoverScope("p", List.of(scopeId(2))))).error())
        .contains(DhcpError.ERROR_DHCP_FO_STATE_NOT_NORMAL);
    f.a.setState("p", dev.failover.testkit.windows.FakeWindowsFailoverState.NORMAL);
    run(f.a, DhcpCommands.addFailoverScope("p", List.of(scopeId(2)))).throwIfFailed();
    assertThat(f.b.relationship("p").orElseThrow().scopeIds()).containsExactly(scopeId(1), scopeId(2));
    assertThat(f.b.scope(Subnet.parse("10.2.0.0/24"))).isPresent();
  }

  @Test
  @DisplayName("§1: defaults: load balance 50/50 and 1 hour MCLT; the partner gets the remainder of the percentage")
  void defaults() {
    WindowsFixture f = new WindowsFixture();
    WindowsFailoverInfo created = f.pair("p", 1).throwIfFailed().output(0).as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(created.loadBalancePercent()).hasValue(50);
    assertThat(created.maxClientLeadTime()).isEqualTo(Duration.ofHours(1));
    assertThat(created.autoStateTransition()).isFalse();
    assertThat(created.enableAuth()).isFalse();
    assertThat(created.serverType()).contains("PrimaryServer");
    f.a.putScope(scope(2));
    run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("lb70").partnerServer("dhcp-b")
        .addScopeId(scopeId(2)).loadBalancePercent(70).build())).throwIfFailed();
    WindowsFailoverInfo there = run(f.b, DhcpCommands.getFailover("lb70")).throwIfFailed().output(0)
        .as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(there.loadBalancePercent()).hasValue(30);
    assertThat(there.serverType()).contains("SecondaryServer");
    assertThat(there.partnerServer()).isEqualTo("dhcp-a");
  }

  @Test
  @DisplayName("§1: hot standby: reserve 5% by default, the partner takes the other role")
  void hotStandby() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    WindowsFailoverInfo here = run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("hs").partnerServer("dhcp-b")
        .addScopeId(scopeId(1)).mode(CmdletFailoverMode.HOT_STANDBY).build())).throwIfFailed().output(0)
        .as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(here.mode()).isEqualTo(CmdletFailoverMode.HOT_STANDBY);
    assertThat(here.reservePercent()).hasValue(5);
    assertThat(here.serverRole()).contains(CmdletServerRole.ACTIVE);
    assertThat(here.loadBalancePercent()).isEmpty();
    assertThat(f.b.relationship("hs").orElseThrow().serverRole()).contains("Standby");
  }

  @Test
  @DisplayName("§1: MCLT cannot be zero; percentages above 100 are refused by the server")
  void serverSideRanges() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    String script = ScriptComposer.PREAMBLE + "$failoverStep = 0\n$failoverResults.Add((Add-DhcpServerv4Failover"
        + " -Name 'p' -PartnerServer 'dhcp-b' -ScopeId '10.1.0.0' -MaxClientLeadTime ([TimeSpan]'00:00:00')"
        + " | ConvertTo-Json -Depth 5 -Compress))\n" + ScriptComposer.EPILOGUE;
    assertThat(f.a.run(script).stdout()).contains("WIN32 87");
    assertThat(f.a.run(script.replace("-MaxClientLeadTime ([TimeSpan]'00:00:00')", "-LoadBalancePercent 101"))
        .stdout()).contains("WIN32 87");
    assertThat(f.a.relationships()).isEmpty();
  }

  @Test
  @DisplayName("§1: a StateSwitchInterval turns AutoStateTransition on, and the timer moves to PARTNER DOWN")
  void stateSwitchInterval() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    WindowsFailoverInfo info = run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("p").partnerServer("dhcp-b")
        .addScopeId(scopeId(1)).stateSwitchInterval(Duration.ofMinutes(60)).build())).throwIfFailed().output(0)
        .as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(info.autoStateTransition()).isTrue();
    assertThat(info.stateSwitchInterval()).contains(Duration.ofMinutes(60));
    f.a.makePartnerUnreachable();
    assertThat(f.a.state("p")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.COMMUNICATION_INT);
    f.network.advance(Duration.ofMinutes(59));
    assertThat(f.a.state("p")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.COMMUNICATION_INT);
    f.network.advance(Duration.ofMinutes(1));
    assertThat(f.a.state("p")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.PARTNER_DOWN);
    WindowsFailoverInfo seen = run(f.a, DhcpCommands.getFailover("p")).throwIfFailed().output(0)
        .as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(seen.state()).contains(CmdletFailoverState.PARTNER_DOWN);
  }

  @Test
  @DisplayName("partner down by hand: Set-DhcpServerv4Failover -PartnerDown from COMMUNICATION INTERRUPTED")
  void partnerDown() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1).throwIfFailed();
    assertThat(refused(run(f.a, DhcpCommands.setFailover(SetFailover.partnerDown("p")))).error())
        .contains(DhcpError.ERROR_INVALID_PARAMETER);
    f.a.makePartnerUnreachable();
    WindowsFailoverInfo down = run(f.a, DhcpCommands.setFailover(SetFailover.partnerDown("p"))).throwIfFailed()
        .output(0).as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(down.state()).contains(CmdletFailoverState.PARTNER_DOWN);
    f.a.makePartnerReachable();
    assertThat(f.b.state("p")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.RECOVER_WAIT);
    f.network.advance(Duration.ofHours(1));
    assertThat(f.a.state("p")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.NORMAL);
    assertThat(f.b.state("p")).isEqualTo(dev.failover.testkit.windows.FakeWindowsFailoverState.NORMAL);
  }

  @Test
  @DisplayName("§1: the shared secret is stored on both servers and never returned")
  void sharedSecret() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    ScriptReport r = run(f.a, DhcpCommands.addFailover(AddFailover.builder().name("p").partnerServer("dhcp-b")
        .addScopeId(scopeId(1)).sharedSecret(Secret.of("s3cr3t-Value")).build()), DhcpCommands.getFailovers())
        .throwIfFailed();
    assertThat(r.output(0).json()).doesNotContain("s3cr3t").contains("\"EnableAuth\":true");
    assertThat(r.output(1).json()).doesNotContain("s3cr3t");
    assertThat(f.a.sharedSecretMatches("p", "s3cr3t-Value")).isTrue();
    assertThat(f.b.sharedSecretMatches("p", "s3cr3t-Value")).isTrue();
    assertThat(f.a.writes().get(0).parameters().get("SharedSecret")).isEqualTo("***");
    run(f.a, DhcpCommands.setFailover(SetFailover.builder().name("p").disableAuthentication(true).build()))
        .throwIfFailed();
    assertThat(f.b.relationship("p").orElseThrow().enableAuth()).isFalse();
  }

  @Test
  @DisplayName("§1: Set changes both sides; the load balance share is the local server's")
  void set() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1).throwIfFailed();
    run(f.b, DhcpCommands.setFailover(SetFailover.builder().name("p").loadBalancePercent(80)
        .maxClientLeadTime(Duration.ofMinutes(30)).build())).throwIfFailed();
    assertThat(f.b.relationship("p").orElseThrow().loadBalancePercent()).hasValue(80);
    assertThat(f.a.relationship("p").orElseThrow().loadBalancePercent()).hasValue(20);
    assertThat(f.a.relationship("p").orElseThrow().maxClientLeadTime()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("§1: removing a scope from the relationship keeps it here and deletes the partner's copy")
  void removeScope() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1, 2).throwIfFailed();
    run(f.b, DhcpCommands.removeFailoverScope("p", List.of(scopeId(1)))).throwIfFailed();
    assertThat(f.b.scope(Subnet.parse("10.1.0.0/24"))).isPresent();
    assertThat(f.a.scope(Subnet.parse("10.1.0.0/24"))).isEmpty();
    assertThat(f.a.relationship("p").orElseThrow().scopeIds()).containsExactly(scopeId(2));
  }

  @Test
  @DisplayName("remove with survival: delete the other side's copies, or keep them disabled")
  void removeRelationshipSurvival() {
    WindowsFixture f = new WindowsFixture();
    f.pair("del", 1).throwIfFailed();
    run(f.a, DhcpCommands.removeFailover("del")).throwIfFailed();
    assertThat(f.a.scope(Subnet.parse("10.1.0.0/24"))).isPresent();
    assertThat(f.b.scope(Subnet.parse("10.1.0.0/24"))).isEmpty();
    assertThat(f.b.relationships()).isEmpty();

    WindowsFixture g = new WindowsFixture();
    g.pair("dis", 1).throwIfFailed();
    Scope copy = g.b.scope(Subnet.parse("10.1.0.0/24")).orElseThrow();
    // disable: the survivor (a) removes the relationship, then the other side gets its copy back disabled
    run(g.a, DhcpCommands.removeFailover("dis")).throwIfFailed();
    run(g.b, DhcpCommands.addScope(AddScopeCmdlet.from(copy)), DhcpCommands.disableScope(scopeId(1))).throwIfFailed();
    assertThat(g.b.scope(Subnet.parse("10.1.0.0/24")).orElseThrow().enabled()).isFalse();
    assertThat(g.a.scope(Subnet.parse("10.1.0.0/24")).orElseThrow().enabled()).isTrue();
  }

  @Test
  @DisplayName("§1: replication copies scope contents but not class definitions or server options")
  void replication() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1, 2).throwIfFailed();
    run(f.a, DhcpCommands.addReservation(AddReservation.from(scopeId(1), Reservation.of("00:11:22:33:44:55", "10.1.0.50"))),
        DhcpCommands.setOptionValue(OptionTarget.scope(scopeId(1)), 3, List.of("10.1.0.1"), Optional.empty(),
            Optional.empty()),
        DhcpCommands.replicateScopes(scopeId(1))).throwIfFailed();
    Scope there = f.b.scope(Subnet.parse("10.1.0.0/24")).orElseThrow();
    assertThat(there.reservations()).extracting(Reservation::address).containsExactly(ip("10.1.0.50"));
    assertThat(there.options()).extracting(OptionValue::code).containsExactly(3);

    f.a.setServerOption(6, "10.0.0.53");
    f.a.defineUserClass("Lab phones");
    run(f.a, DhcpCommands.setOptionValue(OptionTarget.scope(scopeId(2)), 66, List.of("tftp"), Optional.of("Lab phones"),
        Optional.empty())).throwIfFailed();
    DhcpCmdletException e = refused(run(f.a, DhcpCommands.replicateRelationships("p")));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_CLASS_NOT_FOUND);
    assertThat(f.b.scope(Subnet.parse("10.2.0.0/24")).orElseThrow().options()).isEmpty();
    f.b.defineUserClass("Lab phones");
    run(f.a, DhcpCommands.replicateServer()).throwIfFailed();
    assertThat(f.b.scope(Subnet.parse("10.2.0.0/24")).orElseThrow().options()).hasSize(1);
    assertThat(f.b.serverOptions()).isEmpty();
  }

  @Test
  @DisplayName("one script per server: steps run in order and the first failure stops it, reporting which steps ran")
  void stopsAtFirstFailure() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    ScriptReport r = run(f.a, DhcpCommands.addExclusion(scopeId(1), dev.failover.scope.AddressRange.of("10.1.0.20",
        "10.1.0.29")), DhcpCommands.getScope(scopeId(9)), DhcpCommands.removeScope(scopeId(1)));
    assertThat(r.completedSteps()).isEqualTo(1);
    assertThat(r.failure().orElseThrow().step()).isEqualTo(1);
    assertThat(r.failure().orElseThrow().command().orElseThrow().cmdlet()).isEqualTo(DhcpCmdlet.GET_SCOPE);
    assertThat(r.output(0).as(WindowsExclusionInfo::fromJson).get(0).range().size()).isEqualTo(10);
    assertThat(f.a.scopes()).hasSize(1);
    assertThat(f.a.writes().stream().map(FakeWrite::cmdlet).collect(Collectors.toList()))
        .containsExactly("Add-DhcpServerv4ExclusionRange");
  }

  @Test
  @DisplayName("fail the next write: the cmdlet fails with ERROR_DHCP_JET_ERROR and changes nothing")
  void failNextWrite() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    f.a.failNextWrite();
    DhcpCmdletException e = refused(run(f.a, DhcpCommands.getScopes(), DhcpCommands.disableScope(scopeId(1))));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_JET_ERROR);
    assertThat(e.retryable()).isTrue();
    assertThat(e.step()).isEqualTo(1);
    assertThat(f.a.scopes().get(0).enabled()).isTrue();
    assertThat(f.a.writes()).singleElement().satisfies(w -> assertThat(w.succeeded()).isFalse());
    run(f.a, DhcpCommands.disableScope(scopeId(1))).throwIfFailed();
    assertThat(f.a.scopes().get(0).enabled()).isFalse();
  }

  @Test
  @DisplayName("an unreachable partner refuses changes that need it with ERROR_DHCP_SERVER_NOT_REACHABLE (retryable)")
  void unreachable() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1).throwIfFailed();
    f.a.makePartnerUnreachable();
    DhcpCmdletException e = refused(run(f.a, DhcpCommands.replicateRelationships("p")));
    assertThat(e.error()).contains(DhcpError.ERROR_DHCP_SERVER_NOT_REACHABLE);
    assertThat(e.retryable()).isTrue();
  }
}
