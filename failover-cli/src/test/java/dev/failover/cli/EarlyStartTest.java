package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.cli.sandbox.Sandbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStartTest {

  @Test
  @DisplayName("the sandbox starts while the command line is parsed only when it plainly asks for it: --sandbox and a command, no reset, help, version or inventory")
  void sandboxOnlyWhenPlainlyAsked() {
    assertThat(EarlyStart.sandbox(new String[] {"--sandbox-reset", "--sandbox", "status"})).isNull();
    assertThat(EarlyStart.sandbox(new String[] {"--sandbox", "status", "--help"})).isNull();
    assertThat(EarlyStart.sandbox(new String[] {"--sandbox", "--version"})).isNull();
    assertThat(EarlyStart.sandbox(new String[] {"--sandbox", "-i", "inv.yaml", "status"})).isNull();
    assertThat(EarlyStart.sandbox(new String[] {"--sandbox", "statu"})).as("no command named").isNull();
    assertThat(EarlyStart.sandbox(new String[] {"status"})).as("no --sandbox").isNull();
    assertThat(EarlyStart.sandbox(new String[] {"--as", "--sandbox", "status"})).as("--sandbox as a value").isNull();
    assertThat(EarlyStart.inventory(new String[] {"--sandbox", "status"}, Map.of())).isNull();
    assertThat(EarlyStart.inventory(new String[] {"status"}, Map.of())).as("no file named").isNull();
  }

  @Test
  @DisplayName("a sandbox started early for another directory than the parsed one is not taken, and is stopped when dropped")
  void otherDirectoryIsNotTakenAndIsStopped(@TempDir Path dir) throws IOException {
    Path used = dir.resolve("used");
    EarlyStart<Sandbox> early = EarlyStart.sandbox(new String[] {"--sandbox", "--sandbox-dir", used.toString(), "status"});
    assertThat(early).isNotNull();
    assertThat(early.take(dir.resolve("other"))).isNull();
    early.discard();
    // it did start (and build the sample there), and its faces are closed now
    assertThat(used.resolve("sandbox.json")).exists();
    String endpoint = Files.readString(used.resolve("sandbox.json")).replaceAll("(?s).*\"url\" : \"http://127.0.0.1:(\\d+)/.*", "$1");
    int port = Integer.parseInt(endpoint);
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000))
          .as("the Kea face of the dropped sandbox no longer listens on %d", port).isInstanceOf(IOException.class);
    }
  }

  @Test
  @DisplayName("an inventory read early gives the same servers as one read when the session opens, and its error is the same error")
  void inventoryReadEarlyIsTheSame(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, "servers:\n  - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: \"http://127.0.0.1:1/\"}\n");
    EarlyStart<EarlyStart.Inventory> early = EarlyStart.inventory(new String[] {"-i", file.toString(), "servers"}, Map.of());
    assertThat(early).isNotNull();
    EarlyStart.Inventory read = early.take(file);
    assertThat(read.file().inventory().servers()).isEqualTo(
        dev.failover.cli.inventory.InventoryFile.read(file, Map.of()).inventory().servers());

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "servers:\n\t- {id: x}\n");
    EarlyStart<EarlyStart.Inventory> bad = EarlyStart.inventory(new String[] {"status"},
        Map.of(FailoverCli.INVENTORY_ENV, broken.toString()));
    assertThat(bad).isNotNull();
    String direct = catchMessage(() -> dev.failover.cli.inventory.InventoryFile.read(broken, Map.of()));
    assertThatThrownBy(() -> bad.take(broken)).isInstanceOf(ValidationException.class).hasMessage(direct);
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
