package dev.failover.windows.ps;

import static dev.failover.windows.ps.WindowsFixture.run;
import static dev.failover.windows.ps.WindowsFixture.scope;
import static dev.failover.windows.ps.WindowsFixture.scopeId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.failover.errors.ValidationException;
import dev.failover.scope.Ipv4Address;
import dev.failover.testkit.windows.FakeWrite;
import dev.failover.testkit.windows.ScriptRun;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The injection corpus, through the builder, the composer and the testkit's interpreter: every
 * hostile value arrives as data, byte for byte, and no command runs that the plan did not hold.
 */
@DisplayName("Hostile names reach PowerShell as data and run nothing")
class HostileCorpusTest {

  static Stream<String> corpus() {
    return Stream.of(
        "x'; Remove-DhcpServerv4Scope -ScopeId '10.9.0.0",
        "x\u2019; Remove-DhcpServerv4Scope -ScopeId \u201810.9.0.0",
        "x\u2018 ; Remove-Item C:\\ \u2018",
        "x\u201A$(Remove-Item x)\u201A",
        "x\u201B`n\u201B",
        "a;b",
        "line1\nRemove-DhcpServerv4Scope -ScopeId '10.9.0.0'\nline3",
        "cr\r\nlf",
        "$(Remove-Item x)",
        "${env:PATH}",
        "`$(Remove-Item x)`",
        "pipe | Remove-DhcpServerv4Scope",
        "\"double\" \"quotes\"",
        "# comment",
        "<# block comment #>",
        "@(1,2) @{a=1}",
        "[TimeSpan]'01:00:00'",
        "'' '''",
        "\u2018\u2019\u201A\u201B'",
        "<-->&amp;",
        "tab\there",
        "unicode \u00e9\u4e2d\ud83d\ude00",
        "ends with quote'",
        "'",
        "x".repeat(126));
  }

  @ParameterizedTest(name = "[{index}] relationship name {0}")
  @MethodSource("corpus")
  @DisplayName("as a relationship name: stored intact on both servers, nothing else runs")
  void relationshipName(String name) {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(9));
    f.a.putScope(scope(1));
    ScriptReport report = f.pair(name, 1).throwIfFailed();
    WindowsFailoverInfo info = report.output(0).as(WindowsFailoverInfo::fromJson).get(0);
    assertThat(info.name()).isEqualTo(name);
    assertThat(f.a.relationship(name).orElseThrow().name()).isEqualTo(name);
    assertThat(f.b.relationship(name).orElseThrow().name()).isEqualTo(name);
    assertThat(f.a.scopes()).hasSize(2);
    assertThat(writes(f.a)).containsExactly("Add-DhcpServerv4Failover");
    assertThat(f.b.writes()).isEmpty();
    ScriptReport read = run(f.a, DhcpCommands.getFailover(name)).throwIfFailed();
    assertThat(read.output(0).as(WindowsFailoverInfo::fromJson).get(0).name()).isEqualTo(name);
  }

  @ParameterizedTest(name = "[{index}] scope texts {0}")
  @MethodSource("corpus")
  @DisplayName("as a scope name, description and option value: stored intact")
  void scopeTexts(String text) {
    WindowsFixture f = new WindowsFixture();
    AddScopeCmdlet add = AddScopeCmdlet.builder().name(text).description(text).startRange(Ipv4Address.parse("10.5.0.10"))
        .endRange(Ipv4Address.parse("10.5.0.20")).subnetMask(Ipv4Address.parse("255.255.255.0")).build();
    ScriptReport report = run(f.a, DhcpCommands.addScope(add),
        DhcpCommands.setOptionValue(OptionTarget.scope(scopeId(5)), 15, List.of(text, text), java.util.Optional.empty(),
            java.util.Optional.empty()),
        DhcpCommands.getOptionValues(OptionTarget.scope(scopeId(5)))).throwIfFailed();
    WindowsScopeInfo scope = report.output(0).as(WindowsScopeInfo::fromJson).get(0);
    assertThat(scope.name()).isEqualTo(text);
    assertThat(scope.description()).isEqualTo(text);
    assertThat(report.output(2).as(WindowsOptionValueInfo::fromJson).get(0).values()).containsExactly(text, text);
    assertThat(writes(f.a)).containsExactly("Add-DhcpServerv4Scope", "Set-DhcpServerv4OptionValue");
  }

  @Test
  @DisplayName("NUL bytes and names over 126 characters are refused before anything is composed")
  void refused() {
    assertThatThrownBy(() -> AddFailover.builder().name("a\0; Remove-Item").partnerServer("b")
        .addScopeId(scopeId(1)).build()).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AddFailover.builder().name("x".repeat(5000)).partnerServer("b")
        .addScopeId(scopeId(1)).build()).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AddFailover.builder().name("p").partnerServer("b'; Remove-Item x; '")
        .addScopeId(scopeId(1)).build()).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("the literal layer itself keeps NUL and very long text as data")
  void literalLayer() {
    WindowsFixture f = new WindowsFixture();
    String nul = "before\0after'; Remove-DhcpServerv4Scope -ScopeId '10.1.0.0";
    String quoted = PsLiteral.quote(nul);
    ScriptRun r = f.a.run(handWritten("Get-DhcpServerv4Failover -Name " + quoted));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).contains("DHCP 20115");
    String huge = "y".repeat(100_000) + "'";
    ScriptRun r2 = f.a.run(handWritten("Get-DhcpServerv4Failover -Name " + PsLiteral.quote(huge)));
    assertThat(r2.exitCode()).isZero();
    assertThat(f.a.writes()).isEmpty();
  }

  @Test
  @DisplayName("a script tampered with outside its literals runs nothing at all")
  void tampered() {
    WindowsFixture f = new WindowsFixture();
    f.a.putScope(scope(1));
    String good = text(ScriptComposer.compose(List.of(DhcpCommands.getScopes(), DhcpCommands.removeScope(scopeId(1)))));
    List<String> bad = List.of(
        good.replace("Get-DhcpServerv4Scope", "Get-DhcpServerv4Scope; Remove-Item x"),
        good.replace("Get-DhcpServerv4Scope", "Get-DhcpServerv4Scope $(Remove-Item x)"),
        good.replace("Get-DhcpServerv4Scope", "Get-DhcpServerv4Scope `"),
        good.replace("-ScopeId '10.1.0.0'", "-ScopeId '10.1.0.0"),
        good.replace("-ScopeId '10.1.0.0'", "-ScopeId \"10.1.0.0\""),
        good.replace("Get-DhcpServerv4Scope", "Get-DhcpServerv4Scope # x"),
        good.replace("Get-DhcpServerv4Scope", "Remove-Item"),
        good.replace("Get-DhcpServerv4Scope", "Get-DhcpServerv4Scope | Remove-DhcpServerv4Scope"),
        good.replace("$failoverStep = 1", "$failoverStep = 1\nRemove-DhcpServerv4Scope -ScopeId '10.1.0.0'"),
        good.replace("-ScopeId '10.1.0.0'", "-ScopeId @('10.1.0.0')"),
        good.replace("-ScopeId '10.1.0.0'", "-ScopeId \u201810.1.0.0\u2019 ; x"),
        good + "Remove-DhcpServerv4Scope -ScopeId '10.1.0.0'\n");
    for (String script : bad) {
      ScriptRun r = f.a.run(script);
      assertThat(r.exitCode()).as(script).isEqualTo(1);
      assertThat(r.stdout()).as(script).isEmpty();
      assertThat(r.stderr()).as(script).contains("ParserError");
    }
    assertThat(f.a.writes()).isEmpty();
    assertThat(f.a.scopes()).hasSize(1);
    assertThat(f.a.run(good).exitCode()).isZero();
    assertThat(f.a.scopes()).isEmpty();
  }

  @Test
  @DisplayName("property: any text without NUL is stored as a scope name exactly as given (seeded)")
  void anyText() {
    long seed = 0x5eed_0001L;
    Gen<String> hostile = SourceDSL.strings().betweenCodePoints(1, 0x2100).ofLengthBetween(1, 40)
        .mix(SourceDSL.strings().betweenCodePoints(1, 0x10FFFF).ofLengthBetween(1, 20)
            .map(s -> DhcpCommands.wellFormed(s) ? s : "surrogate"), 30)
        .mix(SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 10)
            .map(s -> "'" + s + "\u2019;$(" + s + ")`\n#"), 30)
        .map(s -> s.isEmpty() ? "x" : s);
    WindowsFixture f = new WindowsFixture();
    try {
      qt().withFixedSeed(seed).withExamples(Integer.getInteger("failover.property.cases", 1000) / 5)
          .forAll(hostile).checkAssert(name -> {
            AddScopeCmdlet add = AddScopeCmdlet.builder().name(name).startRange(Ipv4Address.parse("10.7.0.10"))
                .endRange(Ipv4Address.parse("10.7.0.20")).subnetMask(Ipv4Address.parse("255.255.255.0")).build();
            ScriptReport r = run(f.a, DhcpCommands.addScope(add), DhcpCommands.removeScope(scopeId(7))).throwIfFailed();
            assertThat(r.output(0).as(WindowsScopeInfo::fromJson).get(0).name()).isEqualTo(name);
          });
    } catch (AssertionError e) {
      throw new AssertionError("property failed with seed " + seed + ": " + e.getMessage(), e);
    }
    assertThat(f.a.writes()).allMatch(FakeWrite::succeeded);
  }

  private static String handWritten(String command) {
    return ScriptComposer.PREAMBLE + "$failoverStep = 0\n$failoverResults.Add((" + command
        + " | ConvertTo-Json -Depth 5 -Compress))\n" + ScriptComposer.EPILOGUE;
  }

  private static String text(PowerShellScript script) {
    try (script) {
      return new String(script.utf8(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> writes(dev.failover.testkit.windows.FakeWindowsDhcpServer s) {
    return s.writes().stream().map(FakeWrite::cmdlet).collect(Collectors.toList());
  }
}
