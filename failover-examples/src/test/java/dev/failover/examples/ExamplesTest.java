package dev.failover.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.fleet.WatchEvent;
import dev.failover.micrometer.FailoverMetrics;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.state.CommonState;
import dev.failover.testkit.memory.InMemoryBackend;
import dev.failover.testkit.memory.InMemoryDhcpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
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
    TwoServers w = twoServers();
    InMemoryDhcpServer a = w.a();
    InMemoryDhcpServer b = w.b();
    Inventory inventory = w.inventory();
    Failover failover = Failover.builder().inventory(inventory).backends(new InMemoryBackend(Vendor.WINDOWS).add(a).add(b))
        .build();
    assertThat(QuickStart.run(inventory, failover).isEmpty()).isTrue();
    assertThat(b.state().scopes()).isEqualTo(a.state().scopes());

    assertReadmeShows("QuickStart.java", "quick-start");
  }

  @Test
  void theEmbeddedServiceWatchesMeasuresAndClosesAndTheReadmeShowsItVerbatim() throws Exception {
    TwoServers w = twoServers();
    InMemoryDhcpServer a = w.a();
    InMemoryDhcpServer b = w.b();
    Inventory inventory = w.inventory();
    InMemoryBackend backend = new InMemoryBackend(Vendor.WINDOWS).add(a).add(b);
    assertThat(QuickStart.run(inventory, Failover.builder().inventory(inventory).backends(backend).build()).isEmpty())
        .isTrue();

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<WatchEvent> alerts = new CopyOnWriteArrayList<>();
    EmbeddedService service = EmbeddedService.start(inventory, Backends.of(List.of(backend)), registry, alerts::add,
        Duration.ofMillis(100));
    try {
      await("both servers' state gauges at the normal state's code", () -> registry.find(FailoverMetrics.STATE)
          .gauges().size() == 2 && registry.find(FailoverMetrics.STATE).gauges().stream()
          .allMatch(g -> g.value() == FailoverMetrics.code(CommonState.NORMAL)));
      assertThat(registry.find(FailoverMetrics.DRIFT).tag("relationship", "pair-1").gauge().value()).isZero();
      assertThat(service.survey().servers()).hasSize(2).allSatisfy(s -> assertThat(s.answered()).isTrue());

      // an operator edits dhcp-b by hand: the watch tells the alerting, the drift gauge counts it
      b.withScopes(Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.10", "10.1.0.30")).build());
      await("the drift alert", () -> alerts.stream().anyMatch(e -> e.kind() == WatchEvent.Kind.DRIFT_APPEARED));
      assertThat(registry.find(FailoverMetrics.DRIFT).tag("relationship", "pair-1").gauge().value()).isPositive();
      assertThat(registry.find(FailoverMetrics.REQUESTS).timers()).as("backend request timers").isNotEmpty();
    } finally {
      service.close();
    }
    await("the watch's thread ends once the service is closed", () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("failover-watch") && t.isAlive()));
    assertThatThrownBy(() -> service.failover().drift("pair-1")).isInstanceOf(FailoverException.class)
        .hasMessageContaining("closed");

    assertReadmeShows("EmbeddedService.java", "embedding");
  }

  /** Two in-memory Windows servers, dhcp-a with the scope 10.1.0.0/24, and an inventory naming them. */
  private record TwoServers(InMemoryDhcpServer a, InMemoryDhcpServer b, Inventory inventory) {}

  private static TwoServers twoServers() {
    InMemoryDhcpServer a = new InMemoryDhcpServer(ServerId.of("dhcp-a"), Vendor.WINDOWS)
        .withScopes(Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.10", "10.1.0.20")).build());
    InMemoryDhcpServer b = new InMemoryDhcpServer(ServerId.of("dhcp-b"), Vendor.WINDOWS);
    Inventory inventory = Inventory.of(Server.of("dhcp-a", Vendor.WINDOWS, "dhcp-a", URI.create("ssh://dhcp-a")),
        Server.of("dhcp-b", Vendor.WINDOWS, "dhcp-b", URI.create("ssh://dhcp-b")));
    return new TwoServers(a, b, inventory);
  }

  /** The root README shows exactly the example's code between its "// NAME begin" and "// NAME end" markers. */
  private static void assertReadmeShows(String example, String name) throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String source = Files.readString(root.resolve("failover-examples/src/main/java/dev/failover/examples/" + example));
    String snippet = between(source, "// " + name + " begin\n", "    // " + name + " end");
    String readme = Files.readString(root.resolve("README.md"));
    List<String> lines = snippet.lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip()).toList();
    assertThat(readme).as("README.md must show %s's %s snippet", example, name).contains(String.join("\n", lines));
  }

  /** Waits, at most 10 s, for the condition. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 10 s: %s", what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String between(String text, String begin, String end) {
    int from = text.indexOf(begin) + begin.length();
    return text.substring(from, text.indexOf(end, from));
  }
}
