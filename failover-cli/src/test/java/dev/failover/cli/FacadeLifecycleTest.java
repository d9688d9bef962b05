package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.ServerReading;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.isc.IscBackend;
import dev.failover.kea.KeaBackend;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.Secret;
import dev.failover.spi.Backends;
import dev.failover.testkit.isc.FakeOmapiServer;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import dev.failover.windows.WindowsBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-running program's use of the facade: opened, used against the fakes of all three
 * vendors (a fake Kea pair over HTTP, ISC dhcpd files with fake OMAPI listeners, fake Windows
 * servers over real SSH), and closed, many times; afterwards no client thread and no file
 * descriptor of the JVM is left over.
 */
@DisplayName("a facade opened and closed many times leaves no thread, socket or SSH session behind")
class FacadeLifecycleTest {

  private static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final String PASSWORD = "correct horse battery staple";
  private static final int ROUNDS = 6;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private FakeKeaPair kea;
  private FakeOmapiServer omapiA;
  private FakeOmapiServer omapiB;
  private final List<FakeWindowsSshServer> ssh = new ArrayList<>();
  private Inventory inventory;

  @BeforeEach
  void start() throws IOException {
    kea = FakeKeaPair.hotStandby().serverNames("kea-a", "kea-b").withScope("10.1.0.0/24").start();
    omapiA = FakeOmapiServer.builder().peer("isc-pair", FakeOmapiServer.Role.PRIMARY).start();
    omapiB = FakeOmapiServer.builder().peer("isc-pair", FakeOmapiServer.Role.SECONDARY).start();
    FakeWindowsNetwork network = FakeWindowsNetwork.create();
    FakeWindowsDhcpServer winA = network.addServer("win-a", "192.0.2.11");
    FakeWindowsDhcpServer winB = network.addServer("win-b", "192.0.2.12");
    ssh.add(FakeWindowsSshServer.builder(winA).password("dhcpadmin", PASSWORD).start());
    ssh.add(FakeWindowsSshServer.builder(winB).password("dhcpadmin", PASSWORD).start());
    Path confA = conf("isc-a", "authoritative;\nsubnet 10.2.0.0 netmask 255.255.255.0 { pool { range 10.2.0.10 10.2.0.20; } }\n");
    Path confB = conf("isc-b", "authoritative;\n");
    inventory = Inventory.of(
        Server.builder().id(ServerId.of("kea-a")).vendor(Vendor.KEA).address("127.0.0.1").endpoint(kea.primary().url())
            .build(),
        Server.builder().id(ServerId.of("kea-b")).vendor(Vendor.KEA).address("127.0.0.1").endpoint(kea.secondary().url())
            .build(),
        isc("isc-a", "192.0.2.1", confA, omapiA), isc("isc-b", "192.0.2.2", confB, omapiB),
        windows("win-a", ssh.get(0)), windows("win-b", ssh.get(1)));
    try (Failover setup = open()) {
      setup.apply(setup.plan(CreateRelationship.of(Relationship.of("isc-pair", FailoverMode.LOAD_BALANCING, "isc-a",
          "isc-b", IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2")))), ADMIN);
      setup.apply(setup.plan(AddScope.of("isc-pair", "10.2.0.0/24")), ADMIN);
    }
  }

  private Path conf(String id, String text) throws IOException {
    Path conf = dir.resolve(id).resolve("dhcpd.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, text);
    return conf;
  }

  private Server isc(String id, String address, Path conf, FakeOmapiServer omapi) {
    return Server.builder().id(ServerId.of(id)).vendor(Vendor.ISC).address(address).endpoint(conf.toUri())
        .putOption("dhcpd", dir.resolve("no-dhcpd").toString()).putOption("omapi-host", omapi.host())
        .putOption("omapi-port", String.valueOf(omapi.port())).build();
  }

  private Server windows(String id, FakeWindowsSshServer face) {
    return Server.builder().id(ServerId.of(id)).vendor(Vendor.WINDOWS).address(id)
        .endpoint(URI.create("ssh://dhcpadmin@" + face.host() + ":" + face.port()))
        .credential(Credential.of("dhcpadmin", Secret.of(PASSWORD)))
        .putOption(WindowsBackend.OPTION_HOST_FINGERPRINT, face.hostKeyFingerprint())
        .putOption(WindowsBackend.OPTION_PENDING_FILE, dir.resolve("pending.json").toString()).build();
  }

  @AfterEach
  void stop() throws IOException {
    try {
      for (FakeWindowsSshServer s : ssh) {
        s.close();
      }
    } finally {
      omapiA.close();
      omapiB.close();
      kea.close();
    }
  }

  /** A facade with new backends of all three vendors, as a service would make one. */
  private Failover open() {
    return Failover.builder().inventory(inventory)
        .backends(Backends.of(List.of(new KeaBackend(), new IscBackend(), new WindowsBackend()))).build();
  }

  /** One round of what a service does: every server read, a drift and a status per vendor that has them. */
  private void use(Failover failover) {
    List<ServerReading> all = failover.readAll();
    assertThat(all).hasSize(6).allSatisfy(r -> assertThat(r.problem()).as("reading %s", r.server()).isEmpty());
    assertThat(failover.drift("kea-a").isEmpty()).isTrue();
    assertThat(failover.drift("isc-pair").isEmpty()).isTrue();
    assertThat(failover.status("kea-a")).hasSize(2);
    assertThat(failover.status("isc-pair")).hasSize(2);
  }

  @Test
  @DisplayName("6 rounds of open, use (HTTP to Kea, OMAPI and files to dhcpd, SSH to Windows) and close, the closed facades still referenced: no client thread is left, and no more file descriptors are open than after the first round")
  void openUseCloseLeavesNothingBehind() throws Exception {
    // client threads that other tests in this JVM left (the tool's commands do not close their
    // facade: the process ends) are counted, not expected gone
    Map<String, Integer> others = snapshot().clientThreads();
    // the first round loads classes and opens what the JVM keeps for good (jar files, the fakes' pools)
    try (Failover failover = open()) {
      use(failover);
    }
    Snapshot before = settled(new Snapshot(others, Long.MAX_VALUE));
    assertThat(within(before.clientThreads(), others)).as("client threads once the first facade is closed: %s,"
        + " before it was opened: %s", before.clientThreads(), others).isTrue();
    // the closed facades stay referenced, as a service's old ones may: closing, not the garbage
    // collector, must be what lets their clients go
    List<Failover> closed = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      try (Failover failover = open()) {
        closed.add(failover);
        use(failover);
      }
    }
    Snapshot after = settled(new Snapshot(others, before.descriptors()));
    System.out.println("facade lifecycle: before " + before + ", after " + ROUNDS + " rounds " + after);
    assertThat(closed).hasSize(ROUNDS);
    assertThat(within(after.clientThreads(), others)).as("client threads after %d rounds: %s, before the first: %s",
        ROUNDS, after.clientThreads(), others).isTrue();
    assertThat(after.descriptors()).as("open file descriptors after %d rounds", ROUNDS)
        .isLessThanOrEqualTo(before.descriptors());
  }

  @Test
  @DisplayName("closing twice is harmless, and a call after close fails saying the connection was closed, in an operator's words")
  void callsAfterCloseFail() {
    Failover failover = open();
    use(failover);
    failover.close();
    failover.close();
    for (Runnable call : List.<Runnable>of(() -> failover.drift("kea-a"), () -> failover.status("isc-pair"),
        failover::readAll, () -> failover.state("win-a"), () -> failover.relationship("kea-a"))) {
      assertThatThrownBy(call::run).isInstanceOf(FailoverException.class)
          .hasMessage("this connection to the DHCP servers was closed: connect again to read or change them");
    }
  }

  private record Snapshot(Map<String, Integer> clientThreads, long descriptors) {}

  /** Whether no family of threads has more threads in {@code now} than in {@code target}. */
  private static boolean within(Map<String, Integer> now, Map<String, Integer> target) {
    return now.entrySet().stream().allMatch(e -> e.getValue() <= target.getOrDefault(e.getKey(), 0));
  }

  /**
   * The client threads by family and the open file descriptors: polled (a collection asked for
   * each time: the JDK 17 HTTP client's selector thread ends once its client is unreferenced,
   * which closing the facade lets happen) until no family of threads has more than in
   * {@code target} and the descriptors are at most its, or {@link #SETTLE} passed.
   */
  private static Snapshot settled(Snapshot target) throws Exception {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Snapshot now = snapshot();
    while (System.nanoTime() < deadline) {
      if (now.descriptors() <= target.descriptors()
          && within(now.clientThreads(), target.clientThreads())) {
        return now;
      }
      System.gc();
      Thread.onSpinWait();
      Thread.sleep(100); // a poll interval between looks at the count, not a wait for a state
      now = snapshot();
    }
    return now;
  }

  private static Snapshot snapshot() throws IOException {
    Map<String, Integer> threads = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && isClientThread(t.getName())) {
        // one family per kind of thread, whatever client instance it belongs to
        threads.merge(t.getName().replaceAll("\\[[^\\]]*\\]", "[]").replaceAll("[0-9]+", "#"), 1, Integer::sum);
      }
    }
    long fds;
    try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
      fds = open.count();
    }
    return new Snapshot(threads, fds);
  }

  /** The threads the SDK's clients start: the JDK HTTP client's and the SSH client's (not the fakes' servers). */
  private static boolean isClientThread(String name) {
    return name.startsWith("HttpClient-") || name.contains("SshClient") || name.startsWith("sshd-SshClient");
  }
}
