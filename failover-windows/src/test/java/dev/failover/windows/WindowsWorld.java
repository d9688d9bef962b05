package dev.failover.windows;

import dev.failover.Secret;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import dev.failover.testkit.windows.WindowsContractCapabilities;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two fake Windows servers, dhcp-a (192.0.2.1) and dhcp-b (192.0.2.2), an inventory naming them
 * (each with a pending file in a temporary directory), and a {@link WindowsBackend} that reaches
 * them in process, logging every invocation, or ({@link #overSsh()}) over real SSH connections to
 * the fakes' SSH faces on loopback, through the backend's default {@link SshShellFactory}.
 */
class WindowsWorld implements ContractFixture {

  static final ServerId A = ServerId.of("dhcp-a");
  static final ServerId B = ServerId.of("dhcp-b");

  final FakeWindowsNetwork network = FakeWindowsNetwork.create();
  final FakeWindowsDhcpServer a = network.addServer("dhcp-a", "192.0.2.1");
  final FakeWindowsDhcpServer b = network.addServer("dhcp-b", "192.0.2.2");
  final List<InProcessShell.Invocation> invocations = new ArrayList<>();
  final Path dir;
  final Inventory inventory;
  final WindowsBackend backend;
  private final List<FakeWindowsSshServer> ssh = new ArrayList<>();

  WindowsWorld() throws IOException {
    dir = Files.createTempDirectory("failover-windows-test");
    inventory = Inventory.of(server(A, "dhcp-a"), server(B, "dhcp-b"));
    backend = new WindowsBackend(s -> new InProcessShell(fake(s.id()), invocations));
  }

  private WindowsWorld(String pendingFilePerServer) throws IOException {
    dir = Files.createTempDirectory("failover-windows-test");
    inventory = Inventory.of(withPendingFile(server(A, "dhcp-a"), pendingFilePerServer),
        withPendingFile(server(B, "dhcp-b"), pendingFilePerServer));
    backend = new WindowsBackend(s -> new InProcessShell(fake(s.id()), invocations));
  }

  private Server withPendingFile(Server s, String suffix) {
    return Server.builder().from(s).putOption(WindowsBackend.OPTION_PENDING_FILE,
        dir.resolve(s.id().value() + suffix).toString()).build();
  }

  /** In process, each server with a pending file of its own (as the CLI's sandbox has them). */
  static WindowsWorld withPendingFilePerServer() throws IOException {
    return new WindowsWorld(".pending.json");
  }

  private WindowsWorld(boolean overSsh) throws IOException {
    dir = Files.createTempDirectory("failover-windows-test");
    ssh.add(FakeWindowsSshServer.builder(a).password("dhcpadmin", PASSWORD).start());
    ssh.add(FakeWindowsSshServer.builder(b).password("dhcpadmin", PASSWORD).start());
    inventory = Inventory.of(sshServer(A, "dhcp-a", ssh.get(0)), sshServer(B, "dhcp-b", ssh.get(1)));
    backend = new WindowsBackend();
  }

  private static final String PASSWORD = "correct horse battery staple";

  /** The same two servers, reached over SSH on loopback with a password and a pinned host key. */
  static WindowsWorld overSsh() throws IOException {
    return new WindowsWorld(true);
  }

  /** An inventory entry: the address is the fake's host name, the pending file in the temporary directory. */
  Server server(ServerId id, String address) {
    return Server.builder().id(id).vendor(Vendor.WINDOWS).address(address)
        .endpoint(URI.create("ssh://admin@127.0.0.1:22")).putOption(WindowsBackend.OPTION_PENDING_FILE,
            dir.resolve("pending.json").toString()).build();
  }

  private Server sshServer(ServerId id, String address, FakeWindowsSshServer face) {
    return Server.builder().id(id).vendor(Vendor.WINDOWS).address(address)
        .endpoint(URI.create("ssh://dhcpadmin@" + face.host() + ":" + face.port()))
        .credential(Credential.of("dhcpadmin", Secret.of(PASSWORD)))
        .putOption(WindowsBackend.OPTION_HOST_FINGERPRINT, face.hostKeyFingerprint())
        .putOption(WindowsBackend.OPTION_CONNECT_TIMEOUT, "10").putOption(WindowsBackend.OPTION_RUN_TIMEOUT, "30")
        .putOption(WindowsBackend.OPTION_PENDING_FILE, dir.resolve("pending.json").toString()).build();
  }

  /** The SSH faces (empty in process). */
  List<FakeWindowsSshServer> sshFaces() {
    return List.copyOf(ssh);
  }

  FakeWindowsDhcpServer fake(ServerId id) {
    return id.equals(A) ? a : b;
  }

  /** The invocations so far that changed something, per server name. */
  long writes(String server) {
    synchronized (invocations) {
      return invocations.stream().filter(i -> i.server().equals(server) && i.writes()).count();
    }
  }

  void forgetInvocations() {
    synchronized (invocations) {
      invocations.clear();
    }
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  @Override
  public ServerId primary() {
    return A;
  }

  @Override
  public ServerId secondary() {
    return B;
  }

  @Override
  public FailoverBackend backend() {
    return backend;
  }

  @Override
  public void seed(ServerId server, Scope scope) {
    fake(server).putScope(scope);
  }

  @Override
  public ContractCapabilities capabilities() {
    return new WindowsContractCapabilities();
  }

  @Override
  public Relationship relationship(String name, List<Subnet> scopes) {
    return Relationship.builder().name(name).mode(FailoverMode.HOT_STANDBY).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.hotStandby(5)).scopes(scopes).build();
  }

  @Override
  public void close() throws IOException {
    backend.close();
    for (FakeWindowsSshServer face : ssh) {
      face.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
