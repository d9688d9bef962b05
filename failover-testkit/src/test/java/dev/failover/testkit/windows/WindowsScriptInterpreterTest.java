package dev.failover.testkit.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The interpreter, fed hand-written scripts in the composer's exact shape. */
@DisplayName("The Windows interpreter runs exactly the backend's script shape")
class WindowsScriptInterpreterTest {

  private FakeWindowsNetwork network;
  private FakeWindowsDhcpServer a;
  private FakeWindowsDhcpServer b;

  @BeforeEach
  void servers() {
    network = FakeWindowsNetwork.create();
    a = network.addServer("dhcp-a", "192.0.2.1");
    b = network.addServer("dhcp-b", "192.0.2.2");
    a.putScope(Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.10", "10.1.0.200")).build());
  }

  static String script(String... commands) {
    StringBuilder s = new StringBuilder(ScriptParser.PREAMBLE);
    for (int i = 0; i < commands.length; i++) {
      s.append("$failoverStep = ").append(i).append("\n$failoverResults.Add((").append(commands[i])
          .append(" | ConvertTo-Json -Depth 5 -Compress))\n");
    }
    return s.append(ScriptParser.EPILOGUE).toString();
  }

  @Test
  @DisplayName("a well-formed script runs and prints one report")
  void runs() {
    ScriptRun r = a.run(script("Get-DhcpServerv4Scope", "Add-DhcpServerv4Failover -Name 'p' -PartnerServer 'dhcp-b'"
        + " -ScopeId '10.1.0.0' -MaxClientLeadTime ([TimeSpan]'02:00:00') -Force -PassThru -Confirm:$false"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).startsWith("{\"completed\":2,\"results\":[\"{\\\"ScopeId\\\":").endsWith("\"error\":null}\r\n");
    assertThat(b.relationship("p").orElseThrow().maxClientLeadTime()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  @DisplayName("§1: a 127-character name is ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG (DHCP 20125)")
  void nameTooLong() {
    ScriptRun r = a.run(script("Add-DhcpServerv4Failover -Name '" + "n".repeat(127)
        + "' -PartnerServer 'dhcp-b' -ScopeId '10.1.0.0'"));
    assertThat(r.stdout()).contains("\"fullyQualifiedErrorId\":\"DHCP 20125,Add-DhcpServerv4Failover\"")
        .contains("\"completed\":0");
    assertThat(a.relationships()).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "Get-DhcpServerv4Scope; Remove-DhcpServerv4Scope -ScopeId '10.1.0.0'",
      "Get-DhcpServerv4Scope -ScopeId $(Remove-DhcpServerv4Scope -ScopeId '10.1.0.0')",
      "Get-DhcpServerv4Scope `",
      "Get-DhcpServerv4Scope -ScopeId '10.1.0.0",
      "Get-DhcpServerv4Scope -ScopeId \"10.1.0.0\"",
      "Remove-Item C:\\x",
      "Invoke-Expression 'Remove-DhcpServerv4Scope'",
      "Get-DhcpServerv4Scope # comment",
      "Get-DhcpServerv4Scope <# c #>",
      "Get-DhcpServerv4Scope -ScopeId $x",
      "Get-DhcpServerv4Scope -ScopeId ([int]'1')",
      "Get-DhcpServerv4Scope \u2013ScopeId '10.1.0.0'",
      "Get-DhcpServerv4Scope > out.txt",
      "& Remove-DhcpServerv4Scope",
      "Get-DhcpServerv4Scope -ScopeId @('10.1.0.0')"})
  @DisplayName("anything else is a parse error and nothing runs")
  void parseErrors(String command) {
    ScriptRun r = a.run(script("Remove-DhcpServerv4Scope -ScopeId '10.1.0.0' -Force -Confirm:$false", command));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).contains("ParserError").contains("At line:");
    assertThat(a.scopes()).hasSize(1);
    assertThat(a.writes()).isEmpty();
  }

  @Test
  @DisplayName("steps out of order, a missing preamble or trailing code are parse errors")
  void shapeErrors() {
    String good = script("Get-DhcpServerv4Scope");
    assertThat(a.run(good.replace("$failoverStep = 0", "$failoverStep = 1")).exitCode()).isEqualTo(1);
    assertThat(a.run(good.replace("$ErrorActionPreference = 'Stop'\n", "")).exitCode()).isEqualTo(1);
    assertThat(a.run(good + "Get-DhcpServerv4Scope\n").exitCode()).isEqualTo(1);
    assertThat(a.run(ScriptParser.PREAMBLE + ScriptParser.EPILOGUE).exitCode()).isEqualTo(1);
    assertThat(a.run(good).exitCode()).isZero();
  }

  @Test
  @DisplayName("parameter binding fails as PowerShell does, inside the script's try, as a structured error")
  void bindingErrors() {
    assertThat(a.run(script("Get-DhcpServerv4Scope -Bogus 'x'")).stdout())
        .contains("NamedParameterNotFound,Get-DhcpServerv4Scope").contains("ParameterBindingException");
    assertThat(a.run(script("Add-DhcpServerv4FailoverScope -Name 'p'")).stdout())
        .contains("MissingMandatoryParameter,Add-DhcpServerv4FailoverScope").contains("ScopeId");
    assertThat(a.run(script("Add-DhcpServerv4Failover -Name 'p' -PartnerServer 'dhcp-b' -ScopeId '10.1.0.0'"
        + " -LoadBalancePercent 5 -ReservePercent 5")).stdout()).contains("AmbiguousParameterSet");
    assertThat(a.run(script("Get-DhcpServerv4Scope -ScopeId 'not-an-ip'")).stdout())
        .contains("ParameterArgumentTransformationError");
    assertThat(a.run(script("Set-DhcpServerv4Scope -ScopeId '10.1.0.0' -State 'Off'")).stdout())
        .contains("ParameterArgumentValidationError");
    assertThat(a.run(script("Get-DhcpServerv4Scope -ScopeId '10.1.0.0' -ScopeId '10.1.0.0'")).stdout())
        .contains("ParameterAlreadyBound");
  }

  @Test
  @DisplayName("the write history records attempts with the shared secret masked")
  void history() {
    a.run(script("Add-DhcpServerv4Failover -Name 'p' -PartnerServer 'dhcp-b' -ScopeId '10.1.0.0'"
        + " -SharedSecret 'pa55' -Force"));
    List<FakeWrite> writes = a.writes();
    assertThat(writes).singleElement().satisfies(w -> {
      assertThat(w.cmdlet()).isEqualTo("Add-DhcpServerv4Failover");
      assertThat(w.parameters()).containsEntry("SharedSecret", "***");
      assertThat(w.parameters().toString()).doesNotContain("pa55");
      assertThat(w.at()).isEqualTo(FakeWindowsNetwork.EPOCH);
    });
    assertThat(a.relationships().toString()).doesNotContain("pa55");
    assertThat(a.run(script("Get-DhcpServerv4Failover")).stdout()).doesNotContain("pa55");
  }

  @Test
  @DisplayName("-ComputerName runs the cmdlet against that server of the network")
  void computerName() {
    ScriptRun r = a.run(script("Get-DhcpServerv4Scope -ComputerName 'dhcp-b'"));
    assertThat(r.stdout()).contains("\"results\":[null]");
    assertThat(a.run(script("Get-DhcpServerv4Scope -ComputerName 'nowhere'")).stdout()).contains("WIN32 1722");
  }

  @Test
  @DisplayName("scripts from many threads at once each apply whole (the network's lock)")
  void concurrent() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<ScriptRun>> runs = new java.util.ArrayList<>();
      for (int i = 2; i < 42; i++) {
        String id = "10." + i + ".0.";
        runs.add(pool.submit(() -> a.run(script("Add-DhcpServerv4Scope -Name 's' -StartRange '" + id + "10' -EndRange '"
            + id + "20' -SubnetMask '255.255.255.0' -PassThru", "Get-DhcpServerv4Scope -ScopeId '" + id + "0'"))));
      }
      for (java.util.concurrent.Future<ScriptRun> f : runs) {
        assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).stdout()).contains("\"completed\":2");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.scopes()).hasSize(41);
    assertThat(a.writes()).hasSize(40).allMatch(FakeWrite::succeeded);
  }

  @Test
  @DisplayName("doubles print as .NET does: integral without fraction, exponents as E-05")
  void numbers() {
    assertThat(PsJsonWriter.number(1.0)).isEqualTo("1");
    assertThat(PsJsonWriter.number(0.041666666666666664)).isEqualTo("0.041666666666666664");
    assertThat(PsJsonWriter.number(1.1574074074074073E-5)).isEqualTo("1.1574074074074073E-05");
    StringBuilder s = new StringBuilder();
    PsJsonWriter.string(s, "a<b>&'\"\n\u0001é");
    assertThat(s.toString()).isEqualTo("\"a\\u003cb\\u003e\\u0026\\u0027\\\"\\n\\u0001é\"");
  }
  @Test
  @DisplayName("the fixed snapshot script reads scopes, relationships, exclusions, reservations and options in one run")
  void snapshot() {
    a.putScope(Scope.builder().subnet(Subnet.parse("10.2.0.0/24")).addPool(Pool.of("10.2.0.10", "10.2.0.200"))
        .addExclusion(dev.failover.scope.Exclusion.of("10.2.0.20", "10.2.0.30"))
        .addOption(dev.failover.scope.OptionValue.of(3, "10.2.0.1"))
        .addReservation(dev.failover.scope.Reservation.builder().identifier("00:16:3e:00:00:01")
            .address(dev.failover.scope.Ipv4Address.parse("10.2.0.5"))
            .addOption(dev.failover.scope.OptionValue.of(6, "10.2.0.53")).build())
        .build());
    String text = ScriptParser.PREAMBLE + ScriptParser.SNAPSHOT_BODY + ScriptParser.EPILOGUE;
    ScriptRun r = a.run(text.replace("\n", "\r\n"));
    assertThat(r.exitCode()).isZero();
    // scopes, relationships, exclusions; 10.1: reservations, options; 10.2: reservations, options, one reservation's options
    assertThat(r.stdout()).contains("\"completed\":8").contains("\"error\":null").contains("10.2.0.53")
        .contains("00-16-3e-00-00-01").contains("\\\"StartRange\\\":{\\\"Address\\\"");
    assertThat(a.writes()).isEmpty();
    // one changed token and it is an ordinary script again, which this shape is not
    ScriptRun changed = a.run(text.replace("-ReservedIP $failoverReservation.IPAddress", "-ReservedIP '10.2.0.5'"));
    assertThat(changed.exitCode()).isEqualTo(1);
    assertThat(changed.stderr()).contains("ParseException");
  }
}
