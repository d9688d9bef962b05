package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The default SSH access to a Windows server, from its inventory entry")
class SshShellFactoryTest {

  @Test
  @DisplayName("every missing or wrong setting is reported at once, and no password is printed")
  void settingsChecked() {
    Server s = Server.builder().id(ServerId.of("dc1")).vendor(Vendor.WINDOWS).address("dc1.example.net")
        .endpoint(URI.create("http://dc1.example.net/")).putOption(WindowsBackend.OPTION_RUN_TIMEOUT, "soon").build();
    assertThatThrownBy(() -> new SshShellFactory().apply(s)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(Violation::field)
            .contains("endpoint", "credential", "options.host-fingerprint"));
    Server wrongTimeout = Server.builder().from(s).endpoint(URI.create("ssh://admin@dc1.example.net"))
        .credential(Credential.of("admin", Secret.of("hunter2"))).putOption(WindowsBackend.OPTION_CONNECT_TIMEOUT, "-1")
        .putOption(WindowsBackend.OPTION_HOST_FINGERPRINT, "SHA256:" + "A".repeat(43)).build();
    assertThatThrownBy(() -> new SshShellFactory().apply(wrongTimeout)).isInstanceOfSatisfying(ValidationException.class,
        e -> {
          // the run-timeout "soon" of the first entry is wrong too: every option is read with the same grammar
          assertThat(e.violations()).extracting(Violation::field)
              .containsExactlyInAnyOrder("options.connect-timeout", "options.run-timeout");
          assertThat(e.getMessage()).doesNotContain("hunter2");
        });
  }

  @Test
  @DisplayName("a server presenting another host key is refused before logging in, not retryable, the error naming the server id")
  void wrongHostKey() throws Exception {
    FakeWindowsNetwork net = FakeWindowsNetwork.create();
    FakeWindowsDhcpServer a = net.addServer("dhcp-a", "192.0.2.1");
    try (FakeWindowsSshServer face = FakeWindowsSshServer.builder(a).password("admin", "pw").start()) {
      Server s = Server.builder().id(ServerId.of("dhcp-a")).vendor(Vendor.WINDOWS).address("dhcp-a")
          .endpoint(URI.create("ssh://admin@127.0.0.1:" + face.port()))
          .credential(Credential.of("admin", Secret.of("pw")))
          .putOption(WindowsBackend.OPTION_HOST_FINGERPRINT, "SHA256:" + "A".repeat(43))
          .putOption(WindowsBackend.OPTION_CONNECT_TIMEOUT, "10").build();
      try (WindowsBackend backend = new WindowsBackend()) {
        assertThatThrownBy(() -> backend.read(s, Inventory.of(s))).isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
          assertThat(e.getMessage()).contains("host key").contains(face.hostKeyFingerprint());
          assertThat(e.retryable()).as("another host key stays another host key").isFalse();
          assertThat(e.server()).as("errors name the server by its inventory id").isEqualTo("dhcp-a");
        });
      }
      assertThat(face.commandLines()).isEmpty();
    }
  }
}
