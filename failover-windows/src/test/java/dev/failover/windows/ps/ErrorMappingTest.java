package dev.failover.windows.ps;

import static dev.failover.windows.ps.WindowsFixture.run;
import static dev.failover.windows.ps.WindowsFixture.scopeId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.errors.NotFoundException;
import dev.failover.Secret;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cmdlet errors become the SDK's errors with the server's message and code kept")
class ErrorMappingTest {

  private static StepFailure failure(String message, String fqid, String messageId, PsCommand command) {
    return new StepFailure(0, Optional.ofNullable(command), message, fqid, "ObjectNotFound",
        "Microsoft.Management.Infrastructure.CimException", Optional.ofNullable(messageId));
  }

  @Test
  @DisplayName("the Win32 code is read from the message id, the error id, or an ERROR_DHCP_* name in the message")
  void codes() {
    assertThat(failure("x", "DHCP 20114,Add-DhcpServerv4Failover", null, null).code()).hasValue(20114);
    assertThat(failure("x", "", "DHCP 20005", null).code()).hasValue(20005);
    assertThat(failure("x", "WIN32 1722,Get-DhcpServerv4Scope", null, null).code()).hasValue(1722);
    assertThat(failure("Failed: ERROR_DHCP_FO_STATE_NOT_NORMAL.", "Unknown", null, null).error())
        .contains(DhcpError.ERROR_DHCP_FO_STATE_NOT_NORMAL);
    assertThat(failure("plain", "NamedParameterNotFound,Get-DhcpServerv4Scope", null, null).code()).isEmpty();
  }

  @Test
  @DisplayName("codes follow dhcpsapi.h (vendor-facts.md §1): 0x4E9D name too long, 0x4EA0 max relationships")
  void numbers() {
    assertThat(DhcpError.ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG.code()).isEqualTo(0x4E9D);
    assertThat(DhcpError.ERROR_DHCP_FO_MAX_RELATIONSHIPS.code()).isEqualTo(0x4EA0);
    assertThat(DhcpError.ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP.code()).isEqualTo(20113);
    assertThat(DhcpError.ERROR_DHCP_SUBNET_NOT_PRESENT.code()).isEqualTo(0x4E25);
  }

  @Test
  @DisplayName("a refusal is a DhcpCmdletException: REJECTED, message verbatim, code as the Windows name")
  void rejected() {
    BackendException e = (BackendException) ScriptReport.toException("dhcp-a",
        failure("Failed to add failover relationship p on DHCP server dhcp-a.", "DHCP 20114,Add-DhcpServerv4Failover",
            "DHCP 20114", DhcpCommands.getFailover("p")));
    assertThat(e).isInstanceOf(DhcpCmdletException.class);
    assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
    assertThat(e.serverMessage()).isEqualTo("Failed to add failover relationship p on DHCP server dhcp-a.");
    assertThat(e.serverCode()).contains("ERROR_DHCP_FO_RELATIONSHIP_EXISTS");
    assertThat(((DhcpCmdletException) e).win32Code()).hasValue(20114);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("dhcp-a").contains("ERROR_DHCP_FO_RELATIONSHIP_EXISTS");
  }

  @Test
  @DisplayName("a missing scope, relationship, option or reservation is a NotFoundException caused by the cmdlet error")
  void notFound() {
    WindowsFixture f = new WindowsFixture();
    assertThatThrownBy(() -> run(f.a, DhcpCommands.getScope(scopeId(3))).throwIfFailed())
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("scope");
          assertThat(e.name()).isEqualTo("10.3.0.0");
          assertThat(e.getCause()).isInstanceOf(DhcpCmdletException.class);
          assertThat(((DhcpCmdletException) e.getCause()).serverMessage())
              .isEqualTo("Failed to get scope information for scope 10.3.0.0 on DHCP server dhcp-a.");
          assertThat(((DhcpCmdletException) e.getCause()).fullyQualifiedErrorId())
              .isEqualTo("DHCP 20005,Get-DhcpServerv4Scope");
        });
    assertThatThrownBy(() -> run(f.a, DhcpCommands.getFailover("nope")).throwIfFailed())
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.name()).isEqualTo("nope"));
    f.a.putScope(WindowsFixture.scope(3));
    assertThatThrownBy(() -> run(f.a, DhcpCommands.getFailoverByScope(scopeId(3))).throwIfFailed())
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("relationship");
          assertThat(e.name()).isEqualTo("for scope 10.3.0.0");
        });
    assertThatThrownBy(() -> run(f.a, DhcpCommands.getOptionValue(OptionTarget.scope(scopeId(3)), 6, Optional.empty(),
        Optional.empty())).throwIfFailed())
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.kind()).isEqualTo("option"));
    assertThatThrownBy(() -> run(f.a, DhcpCommands.removeReservation(WindowsFixture.ip("10.3.0.7"))).throwIfFailed())
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.name()).isEqualTo("10.3.0.7"));
  }

  @Test
  @DisplayName("a secret echoed in an error message is replaced by *** before anyone sees it")
  void secretRedacted() {
    PsCommand add = DhcpCommands.addFailover(AddFailover.builder().name("p").partnerServer("b")
        .addScopeId(scopeId(1)).sharedSecret(Secret.of("hunter2")).build());
    try (PowerShellScript script = ScriptComposer.compose(add)) {
      String stdout = "{\"completed\":0,\"results\":[],\"error\":{\"step\":0,\"message\":\"bad secret hunter2\","
          + "\"fullyQualifiedErrorId\":\"DHCP 87,Add-DhcpServerv4Failover\",\"category\":\"InvalidArgument\","
          + "\"exceptionType\":\"x\",\"messageId\":\"WIN32 87\"}}";
      ScriptReport report = ScriptReport.read("dhcp-a", script, 0, stdout, "hunter2 on stderr");
      assertThatThrownBy(report::throwIfFailed).isInstanceOfSatisfying(DhcpCmdletException.class, e -> {
        assertThat(e.getMessage()).doesNotContain("hunter2").contains("bad secret ***");
        assertThat(e.serverMessage()).isEqualTo("bad secret ***");
        assertThat(e.failure().command().orElseThrow().toString()).contains("'***'").doesNotContain("hunter2");
      });
      assertThatThrownBy(() -> ScriptReport.read("dhcp-a", script, 1, "", "oops hunter2"))
          .isInstanceOf(BackendException.class).hasMessageContaining("oops ***").hasMessageNotContaining("hunter2");
    }
  }

  @Test
  @DisplayName("a script that did not run is a TRANSPORT error carrying the decoded standard error")
  void didNotRun() {
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      String clixml = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
          + "<S S=\"Error\">Get-DhcpServerv4Scope : The term is not recognized_x000D__x000A_</S>"
          + "<S S=\"Error\">    + FullyQualifiedErrorId : CommandNotFoundException_x000D__x000A_</S></Objs>";
      assertThatThrownBy(() -> ScriptReport.read("dhcp-a", script, 1, "", clixml))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.serverMessage()).contains("The term is not recognized\r\n    + FullyQualifiedErrorId")
                .doesNotContain("_x000D_");
            assertThat(e.serverCode()).contains("exit 1");
          });
      assertThat(Clixml.decode("plain text")).isEqualTo("plain text");
      assertThat(Clixml.decode("#< CLIXML\n<Objs><S S=\"Error\">a_x0027_b</S><S S=\"Info\">x</S></Objs>")).isEqualTo("a'b");
      assertThat(Clixml.decode("#< CLIXML\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Objs>&e;</Objs>"))
          .startsWith("#< CLIXML");
    }
  }

  @Test
  @DisplayName("warning lines before the report are skipped; a report without results is refused")
  void reportLine() {
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      ScriptReport r = ScriptReport.read("a", script, 0, "WARNING: x\r\n{\"completed\":1,\"results\":[null],\"error\":null}\r\n", "");
      assertThat(r.succeeded()).isTrue();
      assertThat(r.output(0).isEmpty()).isTrue();
      assertThatThrownBy(() -> ScriptReport.read("a", script, 0, "{\"x\":1}", "")).isInstanceOf(BackendException.class);
      ScriptReport partial = ScriptReport.read("a", script, 0, "{\"completed\":0,\"results\":[],\"error\":null}", "");
      assertThatThrownBy(partial::throwIfFailed).hasMessageContaining("stopped after 0 of 1");
    }
  }
}
