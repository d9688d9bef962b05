package dev.failover.testkit.windows;

import static dev.failover.testkit.windows.WindowsScriptInterpreterTest.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code Invoke-DhcpServerv4FailoverReplication} on the fake as Windows documents it, the guard
 * steps and the snapshot read through {@code -ComputerName}, and which error texts are Windows'
 * own.
 */
@DisplayName("The Windows face: failover replication, guards, reads through -ComputerName, error texts")
class FailoverReplicationFaceTest {

  private static final Subnet S1 = Subnet.parse("10.1.0.0/24");
  private static final Subnet S2 = Subnet.parse("10.2.0.0/24");

  private FakeWindowsNetwork network;
  private FakeWindowsDhcpServer a;
  private FakeWindowsDhcpServer b;

  private static Scope rich(Subnet s, String name) {
    String p = s.network().toString().substring(0, s.network().toString().length() - 1);
    return Scope.builder().subnet(s)
        .properties(ScopeProperties.builder().name(name).description("d").leaseTime(Duration.ofHours(9)).build())
        .addPool(Pool.of(p + "10", p + "200")).addExclusion(Exclusion.of(p + "20", p + "29"))
        .addOption(OptionValue.of(3, p + "1"))
        .addReservation(Reservation.builder().identifier("00:16:3e:00:00:01").address(
            dev.failover.scope.Ipv4Address.parse(p + "50")).name("r").addOption(OptionValue.of(15, "x.example")).build())
        .build();
  }

  @BeforeEach
  void pair() {
    network = FakeWindowsNetwork.create();
    a = network.addServer("dhcp-a", "192.0.2.1");
    b = network.addServer("dhcp-b", "192.0.2.2");
    a.putScope(rich(S1, "one"));
    a.putScope(rich(S2, "two"));
    ScriptRun r = a.run(script("Add-DhcpServerv4Failover -Name 'pair' -PartnerServer 'dhcp-b' -ScopeId '10.1.0.0'"
        + " -Confirm:$false"));
    assertThat(r.stdout()).contains("\"error\":null");
  }

  @Test
  @DisplayName("copies the whole scope (properties, range, exclusions, reservations, option values) to the partner")
  void copiesTheScope() {
    b.putScope(Scope.builder().subnet(S1).addPool(Pool.of("10.1.0.100", "10.1.0.110")).build());
    assertThat(b.scope(S1)).isNotEqualTo(a.scope(S1));
    ScriptRun r = b.run(script("Invoke-DhcpServerv4FailoverReplication -ComputerName 'dhcp-a' -ScopeId '10.1.0.0'"
        + " -Force -Confirm:$false"));
    assertThat(r.stdout()).contains("\"completed\":1").contains("\"error\":null");
    assertThat(b.scope(S1)).isEqualTo(a.scope(S1));
    assertThat(a.writes().get(a.writes().size() - 1).cmdlet()).isEqualTo("Invoke-DhcpServerv4FailoverReplication");
  }

  @Test
  @DisplayName("by -Name, and with no argument every failover scope of the server it runs against")
  void reaches() {
    b.putScope(rich(S1, "drifted"));
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -Name 'PAIR' -Force")).stdout())
        .contains("\"error\":null");
    assertThat(b.scope(S1)).isEqualTo(a.scope(S1));
    b.putScope(rich(S1, "drifted again"));
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -Force")).stdout()).contains("\"error\":null");
    assertThat(b.scope(S1)).isEqualTo(a.scope(S1));
    assertThat(b.scope(S2)).as("not a failover scope: not copied").isEmpty();
  }

  @Test
  @DisplayName("does not copy server-level option values or class definitions; a class the partner lacks fails")
  void whatIsNotCopied() {
    a.setServerOption(6, "192.0.2.53");
    a.defineUserClass("Lab");
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -ScopeId '10.1.0.0' -Force")).stdout())
        .contains("\"error\":null");
    assertThat(b.serverOptions()).isEmpty();
    assertThat(a.run(script("Set-DhcpServerv4OptionValue -ScopeId '10.1.0.0' -OptionId 66 -Value 'tftp'"
        + " -UserClass 'Lab'")).stdout()).contains("\"error\":null");
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -ScopeId '10.1.0.0' -Force")).stdout())
        .contains("DHCP 20044,Invoke-DhcpServerv4FailoverReplication");
    assertThat(b.scope(S1).orElseThrow().options()).noneMatch(o -> o.code() == 66);
  }

  @Test
  @DisplayName("errors: not a failover scope (20116), no such relationship (20115), partner unreachable (20122),"
      + " no -Force in a NonInteractive session")
  void errors() {
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -ScopeId '10.2.0.0' -Force")).stdout())
        .contains("\"message\":\"Failed to replicate scope 10.2.0.0 on DHCP server dhcp-a.\"")
        .contains("\"fullyQualifiedErrorId\":\"DHCP 20116,Invoke-DhcpServerv4FailoverReplication\"");
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -Name 'nope' -Force")).stdout())
        .contains("DHCP 20115,Invoke-DhcpServerv4FailoverReplication");
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -ScopeId '10.1.0.0'")).stdout())
        .contains("\"message\":\"" + CmdletRunner.NON_INTERACTIVE + "\"")
        .contains("System.Management.Automation.PSInvalidOperationException");
    b.putScope(rich(S1, "drifted"));
    a.makePartnerUnreachable();
    assertThat(a.run(script("Invoke-DhcpServerv4FailoverReplication -ScopeId '10.1.0.0' -Force")).stdout())
        .contains("DHCP 20122,Invoke-DhcpServerv4FailoverReplication");
    assertThat(b.run(script("Get-DhcpServerv4Scope -ComputerName 'dhcp-a'")).stdout())
        .as("RPC to an unreachable server").contains("WIN32 1722");
    assertThat(b.scope(S1).orElseThrow().name()).isEqualTo("drifted");
  }

  @Test
  @DisplayName("objects read through -ComputerName carry it in PSComputerName, local reads null")
  void psComputerName() {
    assertThat(b.run(script("Get-DhcpServerv4Scope -ComputerName 'dhcp-a'")).stdout())
        .contains("PSComputerName\\\":\\\"dhcp-a\\\"");
    assertThat(a.run(script("Get-DhcpServerv4Scope")).stdout()).contains("PSComputerName\\\":null");
  }

  /** A guard step as the composer writes it. */
  private static String guarded(String read, String expected, String then) {
    return ScriptParser.PREAMBLE + "$failoverStep = 0\n$failoverGuard = [string](" + read
        + " | ConvertTo-Json -Depth 5 -Compress)\nif (-not [string]::Equals($failoverGuard, '"
        + expected.replace("'", "''") + "', [System.StringComparison]::Ordinal)) { throw '" + ScriptParser.GUARD_FAILED
        + "' }\n$failoverResults.Add($null)\n$failoverStep = 1\n$failoverResults.Add((" + then
        + " | ConvertTo-Json -Depth 5 -Compress))\n" + ScriptParser.EPILOGUE;
  }

  private static com.fasterxml.jackson.databind.JsonNode results(ScriptRun run) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stdout()).get("results");
    } catch (java.io.IOException e) {
      throw new AssertionError(run.stdout(), e);
    }
  }

  @Test
  @DisplayName("a guard step goes on when its read prints exactly the literal, and stops the script otherwise")
  void guards() {
    String printed = PsJsonWriter.pipeline(java.util.List.of());
    assertThat(printed).isNull();
    b.putScope(rich(S1, "drifted"));
    String json = results(a.run(script("Get-DhcpServerv4Scope -ScopeId '10.1.0.0'"))).get(0).asText();
    assertThat(json).startsWith("{\"ScopeId\":");
    String replicate = "Invoke-DhcpServerv4FailoverReplication -ScopeId '10.1.0.0' -Force";
    ScriptRun stopped = a.run(guarded("Get-DhcpServerv4Scope -ScopeId '10.1.0.0'", json + " ", replicate));
    assertThat(stopped.stdout()).contains("\"completed\":0")
        .contains("\"message\":\"" + ScriptParser.GUARD_FAILED + "\"").contains("\"step\":0")
        .contains("\"category\":\"OperationStopped\"");
    assertThat(b.scope(S1).orElseThrow().name()).isEqualTo("drifted");
    ScriptRun ran = a.run(guarded("Get-DhcpServerv4Scope -ScopeId '10.1.0.0'", json, replicate));
    assertThat(ran.stdout()).contains("\"completed\":2").contains("\"results\":[null,null]").contains("\"error\":null");
    assertThat(b.scope(S1)).isEqualTo(a.scope(S1));
    assertThat(a.run(guarded("Remove-DhcpServerv4Scope -ScopeId '10.2.0.0'", "", replicate)).exitCode())
        .as("a guard must read").isEqualTo(1);
    assertThat(a.scope(S2)).isPresent();
  }

  @Test
  @DisplayName("the snapshot script read through -ComputerName reads that server, every object naming it")
  void remoteSnapshot() {
    String remote = ScriptParser.PREAMBLE + ScriptParser.SNAPSHOT_BODY.replaceAll("(Get-DhcpServerv4[A-Za-z]+)",
        "$1 -ComputerName 'dhcp-a'") + ScriptParser.EPILOGUE;
    ScriptRun r = b.run(remote);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("\"completed\":9").contains("PSComputerName\\\":\\\"dhcp-a\\\"")
        .doesNotContain("PSComputerName\\\":null");
    String mixed = ScriptParser.PREAMBLE + ScriptParser.SNAPSHOT_BODY.replaceFirst("(Get-DhcpServerv4Scope)",
        "$1 -ComputerName 'dhcp-a'") + ScriptParser.EPILOGUE;
    assertThat(b.run(mixed).exitCode()).as("only all or none of the reads through -ComputerName").isEqualTo(1);
  }

  @Test
  @DisplayName("Windows' own numbers: the dhcpsapi.h codes vendor-facts.md gives, in DHCP <n>,<cmdlet> error ids")
  void verbatimCodes() {
    assertThat(WinError.FO_RELATIONSHIP_NAME_TOO_LONG.code()).isEqualTo(0x4E9D);
    assertThat(WinError.FO_MAX_RELATIONSHIPS.code()).isEqualTo(0x4EA0);
    assertThat(WinError.FO_RELATIONSHIP_EXISTS.code()).isEqualTo(20114);
    assertThat(WinError.SUBNET_NOT_PRESENT.code()).isEqualTo(20005);
    // the message form captured from Windows Server 2022: "Failed to get scope information for scope … on DHCP server …."
    assertThat(a.run(script("Get-DhcpServerv4Scope -ScopeId '10.9.0.0'")).stdout())
        .contains("\"message\":\"Failed to get scope information for scope 10.9.0.0 on DHCP server dhcp-a.\"")
        .contains("\"fullyQualifiedErrorId\":\"DHCP 20005,Get-DhcpServerv4Scope\"");
  }
}
