package dev.failover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.memory.InMemoryBackend;
import dev.failover.testkit.memory.InMemoryDhcpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @Test
  void theMainJobRepairsTheDriftAndShowsWhoMayDoIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = MainJob.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(out).contains("Plan: create relationship pair-1")
        .contains("reservation hw-address:00:16:3e:00:00:99: only on dhcp-b")
        .contains("denied: bob replicating scope 10.1.0.0/24 from dhcp-a to dhcp-b needs one of")
        .contains("allowed: carol replicating scope 10.1.0.0/24")
        .contains("no drift between dhcp-a and dhcp-b")
        .contains("bob DENIED").contains("carol SUCCEEDED");
  }

  @Test
  void theQuickStartRunsAndTheReadmeShowsItVerbatim() throws IOException {
    InMemoryDhcpServer a = new InMemoryDhcpServer(ServerId.of("dhcp-a"), Vendor.WINDOWS)
        .withScopes(Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.10", "10.1.0.20")).build());
    InMemoryDhcpServer b = new InMemoryDhcpServer(ServerId.of("dhcp-b"), Vendor.WINDOWS);
    Inventory inventory = Inventory.of(Server.of("dhcp-a", Vendor.WINDOWS, "dhcp-a", URI.create("ssh://dhcp-a")),
        Server.of("dhcp-b", Vendor.WINDOWS, "dhcp-b", URI.create("ssh://dhcp-b")));
    Failover failover = Failover.builder().inventory(inventory).backends(new InMemoryBackend(Vendor.WINDOWS).add(a).add(b))
        .build();
    assertThat(QuickStart.run(inventory, failover).isEmpty()).isTrue();
    assertThat(b.state().scopes()).isEqualTo(a.state().scopes());

    Path root = Path.of("..").toAbsolutePath().normalize();
    String source = Files.readString(root.resolve("failover-examples/src/main/java/dev/failover/examples/QuickStart.java"));
    String snippet = between(source, "// quick-start begin\n", "    // quick-start end");
    String readme = Files.readString(root.resolve("README.md"));
    List<String> lines = snippet.lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip()).toList();
    assertThat(readme).as("README.md quick start must be QuickStart.java's snippet").contains(String.join("\n", lines));
  }

  private static String between(String text, String begin, String end) {
    int from = text.indexOf(begin) + begin.length();
    return text.substring(from, text.indexOf(end, from));
  }
}
