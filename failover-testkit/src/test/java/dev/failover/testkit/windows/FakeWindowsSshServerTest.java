package dev.failover.testkit.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The SSH face answers like Windows OpenSSH running powershell.exe")
class FakeWindowsSshServerTest {

  private static String[] exec(FakeWindowsSshServer ssh, String command, byte[] stdin) throws Exception {
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier((s, addr, key) -> KeyUtils.compareKeys(key, ssh.hostKey()));
    client.start();
    try (ClientSession session = client.connect("admin", ssh.host(), ssh.port()).verify(Duration.ofSeconds(10))
        .getSession()) {
      session.addPasswordIdentity("pw");
      session.auth().verify(Duration.ofSeconds(10));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      try (ChannelExec ch = session.createExecChannel(command)) {
        ch.setOut(out);
        ch.setErr(err);
        ch.open().verify(Duration.ofSeconds(10));
        try (var in = ch.getInvertedIn()) {
          in.write(stdin);
        }
        ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
        return new String[] {String.valueOf(ch.getExitStatus()), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
      }
    } finally {
      client.stop();
    }
  }

  @Test
  @DisplayName("the launcher command line with a base64 script runs it; anything else is not recognized")
  void commands() throws Exception {
    FakeWindowsNetwork net = FakeWindowsNetwork.create();
    FakeWindowsDhcpServer a = net.addServer("dhcp-a", "192.0.2.1");
    try (FakeWindowsSshServer ssh = FakeWindowsSshServer.builder(a).password("admin", "pw").start()) {
      assertThat(ssh.port()).isPositive();
      assertThat(ssh.hostKeyFingerprint()).startsWith("SHA256:");
      String launcher = "powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "
          + Base64.getEncoder().encodeToString(FakeWindowsSshServer.LAUNCHER.getBytes(StandardCharsets.UTF_16LE));
      byte[] script = Base64.getEncoder().encode(WindowsScriptInterpreterTest.script("Get-DhcpServerv4Failover")
          .getBytes(StandardCharsets.UTF_8));
      String[] ok = exec(ssh, launcher, script);
      assertThat(ok[0]).isEqualTo("0");
      assertThat(ok[1]).isEqualTo("{\"completed\":1,\"results\":[null],\"error\":null}\r\n");
      String[] other = exec(ssh, "cmd /c del x", new byte[0]);
      assertThat(other[0]).isEqualTo("1");
      assertThat(other[2]).contains("'cmd' is not recognized");
      String[] otherLauncher = exec(ssh, "powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass"
          + " -EncodedCommand " + Base64.getEncoder().encodeToString("Remove-Item x".getBytes(StandardCharsets.UTF_16LE)),
          script);
      assertThat(otherLauncher[0]).isEqualTo("1");
      assertThat(ssh.commandLines()).hasSize(3);
    }
    assertThatThrownBy(() -> FakeWindowsSshServer.builder(a).start()).isInstanceOf(IllegalStateException.class);
  }
}
