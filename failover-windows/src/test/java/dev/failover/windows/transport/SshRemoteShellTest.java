package dev.failover.windows.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.windows.ps.AddFailover;
import dev.failover.windows.ps.DhcpCmdletException;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.DhcpError;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.ScriptReport;
import dev.failover.windows.ps.WindowsFailoverInfo;
import dev.failover.windows.ps.WindowsScopeInfo;
import dev.failover.scope.Ipv4Address;
import dev.failover.ssh.HostKeyPolicy;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SshRemoteShell against the testkit's SSH face, end to end over a real loopback connection. */
@DisplayName("SshRemoteShell runs scripts over SSH with a pinned host key")
class SshRemoteShellTest {

  private static final Duration RUN = Duration.ofSeconds(30);

  private FakeWindowsNetwork network;
  private FakeWindowsDhcpServer a;
  private KeyPair clientKeys;
  private FakeWindowsSshServer ssh;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    network = FakeWindowsNetwork.create();
    a = network.addServer("dhcp-a", "192.0.2.1");
    network.addServer("dhcp-b", "192.0.2.2");
    for (int x = 1; x <= 3; x++) {
      a.putScope(Scope.builder().subnet(Subnet.parse("10." + x + ".0.0/24"))
          .addPool(Pool.of("10." + x + ".0.10", "10." + x + ".0.200")).build());
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    clientKeys = g.generateKeyPair();
    ssh = FakeWindowsSshServer.builder(a).password("admin", "correct horse").authorizedKey("svc", clientKeys.getPublic())
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    ssh.close();
  }

  private SshRemoteShell.Builder shell() {
    return SshRemoteShell.builder().host(ssh.host()).port(ssh.port()).connectTimeout(Duration.ofSeconds(10))
        .authTimeout(Duration.ofSeconds(10));
  }

  private SshRemoteShell open(SshRemoteShell.Builder b) {
    SshRemoteShell s = b.build();
    closing.add(s);
    return s;
  }

  @Test
  @DisplayName("a plan touching three scopes is one remote invocation, its JSON comes back and is read")
  void endToEndWithPassword() {
    SshRemoteShell shell = open(shell().user("admin").password(Secret.of("correct horse")).hostKey(ssh.hostKey()));
    AddFailover add = AddFailover.builder().name("pair’1; $(x)").partnerServer("dhcp-b")
        .addScopeId(Ipv4Address.parse("10.1.0.0")).addScopeId(Ipv4Address.parse("10.2.0.0"))
        .addScopeId(Ipv4Address.parse("10.3.0.0")).sharedSecret(Secret.of("s3cr3t")).build();
    try (PowerShellScript script = ScriptComposer.compose(List.of(DhcpCommands.addFailover(add),
        DhcpCommands.getScopes()))) {
      ShellResult result = shell.run(script, RUN);
      assertThat(result.exitStatus()).isZero();
      ScriptReport report = result.report("dhcp-a", script).throwIfFailed();
      assertThat(report.output(0).as(WindowsFailoverInfo::fromJson).get(0).name()).isEqualTo("pair’1; $(x)");
      assertThat(report.output(1).as(WindowsScopeInfo::fromJson)).hasSize(3);
    }
    assertThat(ssh.commandLines()).containsExactly(PowerShellLauncher.COMMAND_LINE);
    assertThat(a.sharedSecretMatches("pair’1; $(x)", "s3cr3t")).isTrue();
    assertThat(network.find("dhcp-b").orElseThrow().scopes()).hasSize(3);
  }

  @Test
  @DisplayName("public-key login and a fingerprint-pinned host key; the session is reused across runs")
  void publicKeyAndFingerprint() {
    SshRemoteShell shell = open(shell().user("svc").keyPair(clientKeys)
        .hostKey(HostKeyPolicy.fingerprint(ssh.hostKeyFingerprint())));
    for (int i = 0; i < 2; i++) {
      try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
        assertThat(shell.run(script, RUN).report("dhcp-a", script).throwIfFailed().output(0).items()).hasSize(3);
      }
    }
    assertThat(ssh.commandLines()).hasSize(2);
  }

  @Test
  @DisplayName("a server error comes back over SSH as the cmdlet's error")
  void errorOverSsh() {
    SshRemoteShell shell = open(shell().user("admin").password(Secret.of("correct horse")).hostKey(ssh.hostKey()));
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.removeFailover("missing"))) {
      ScriptReport report = shell.run(script, RUN).report("dhcp-a", script);
      assertThatThrownBy(report::throwIfFailed).hasCauseInstanceOf(DhcpCmdletException.class)
          .satisfies(e -> assertThat(((DhcpCmdletException) e.getCause()).error())
              .contains(DhcpError.ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST));
    }
  }

  @Test
  @DisplayName("a different host key is refused before logging in, and nothing runs")
  void hostKeyMismatch() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    SshRemoteShell shell = open(shell().user("admin").password(Secret.of("correct horse"))
        .hostKey(g.generateKeyPair().getPublic()));
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      assertThatThrownBy(() -> shell.run(script, RUN)).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains(ssh.hostKeyFingerprint()).contains("refusing");
        assertThat(e.retryable()).isFalse();
      });
    }
    assertThat(ssh.commandLines()).isEmpty();
  }

  @Test
  @DisplayName("a wrong password is a credential problem (not a connection failure), in words, and nothing runs")
  void wrongPassword() {
    SshRemoteShell shell = open(shell().user("admin").password(Secret.of("wrong")).hostKey(ssh.hostKey()));
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      assertThatThrownBy(() -> shell.run(script, RUN)).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.CREDENTIALS);
        assertThat(e.getMessage()).contains("did not accept the credential", "did not accept the login of admin")
            .doesNotContain("wrong").doesNotContainPattern("Exception|Future|\\b[a-z]+\\.[a-z]+\\.[A-Z]");
      });
    }
    assertThat(ssh.commandLines()).isEmpty();
  }

  @Test
  @DisplayName("a port nobody listens on: \"the connection was refused\", not the SSH library's connect future")
  void connectionRefused() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    SshRemoteShell shell = open(SshRemoteShell.builder().host("127.0.0.1").port(port)
        .connectTimeout(Duration.ofSeconds(10)).authTimeout(Duration.ofSeconds(10)).user("admin")
        .password(Secret.of("correct horse")).hostKey(ssh.hostKey()));
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      assertThatThrownBy(() -> shell.run(script, RUN)).isInstanceOfSatisfying(BackendException.class, e -> {
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("SSH connection to", "failed: the connection was refused")
            .doesNotContainPattern("Exception|Future|\\b[a-z]+\\.[a-z]+\\.[A-Z]");
      });
    }
  }

  @Test
  @DisplayName("a server that does not answer is given up on within the timeout")
  void timeout() {
    SshRemoteShell shell = open(shell().user("admin").password(Secret.of("correct horse")).hostKey(ssh.hostKey()));
    ssh.stall();
    long start = System.nanoTime();
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      assertThatThrownBy(() -> shell.run(script, Duration.ofSeconds(2))).isInstanceOfSatisfying(BackendException.class,
          e -> {
            assertThat(e.serverCode()).contains("timeout");
            assertThat(e.retryable()).isFalse();
          });
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    ssh.resume();
  }

  @Test
  @DisplayName("a server that never reads a 6 MB script is given up on at the run's deadline, not when the SSH window times out")
  void neverReads() {
    SshRemoteShell shell = open(shell().user("admin").password(Secret.of("correct horse")).hostKey(ssh.hostKey()));
    List<dev.failover.windows.ps.PsCommand> steps = new ArrayList<>();
    for (int i = 0; i < 37_000; i++) {
      steps.add(DhcpCommands.getScope(Ipv4Address.ofBits(0x0a000000 + (i << 8))));
    }
    ssh.neverRead();
    Duration deadline = Duration.ofSeconds(3);
    long start = System.nanoTime();
    try (PowerShellScript script = ScriptComposer.compose(steps)) {
      assertThat(PowerShellLauncher.stdin(script).length).as("more than the SSH window holds").isGreaterThan(6_000_000);
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(40), () ->
          assertThatThrownBy(() -> shell.run(script, deadline)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
            assertThat(e.serverCode()).contains("timeout");
            assertThat(e.retryable()).as("the script may have run in part").isFalse();
            assertThat(e.getMessage()).contains("the server did not take the script").contains("within 3 s");
          }));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(deadline, deadline.plusSeconds(3));
    ssh.resume();
  }

  @Test
  @DisplayName("the settings are validated: a host key is required, exactly one credential")
  void settings() {
    assertThatThrownBy(() -> SshRemoteShell.builder().host("h").user("u").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(v -> v.field()).contains("hostKey", "credential"));
    assertThatThrownBy(() -> SshRemoteShell.builder().host("h").user("u").password(Secret.redacted())
        .hostKey(ssh.hostKey()).build()).hasMessageContaining("redacted");
    assertThat(open(shell().user("admin").password(Secret.of("pw")).hostKey(ssh.hostKey())).toString())
        .doesNotContain("pw'").contains("pinned SHA256:");
  }

  @Test
  @DisplayName("the launcher is what the fake expects, and any other command line is refused by the server")
  void launcher() {
    assertThat(PowerShellLauncher.LAUNCHER).isEqualTo(FakeWindowsSshServer.LAUNCHER);
    assertThat(PowerShellLauncher.COMMAND_LINE).matches("powershell\\.exe -NoLogo -NoProfile -NonInteractive"
        + " -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+");
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getScopes())) {
      byte[] stdin = PowerShellLauncher.stdin(script);
      assertThat(new String(stdin, java.nio.charset.StandardCharsets.US_ASCII)).matches("[A-Za-z0-9+/=]+\r\n");
    }
  }
}
