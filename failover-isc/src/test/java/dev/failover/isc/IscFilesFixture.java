package dev.failover.isc;

import dev.failover.isc.conf.IscConfig;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.isc.FakeOmapiServer;
import dev.failover.testkit.isc.IscContractCapabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The testkit's ISC face for the contract suite: two servers, each a directory with a
 * dhcpd.conf that the backend reads and writes, and a {@link FakeOmapiServer} on 127.0.0.1 for
 * status. With a dhcpd binary, every write is checked with {@code dhcpd -t}; without one (the
 * unit test), nothing is.
 */
final class IscFilesFixture implements ContractFixture {

  static final String A = "isc-a";
  static final String B = "isc-b";
  static final String A_ADDRESS = "192.0.2.1";
  static final String B_ADDRESS = "192.0.2.2";

  private final Path dir;
  private final FakeOmapiServer omapiA;
  private final FakeOmapiServer omapiB;
  private final Inventory inventory;
  private final IscBackend backend = new IscBackend();
  private final Set<String> peers = new HashSet<>();

  /**
   * @param dhcpd the binary that checks writes, or empty for none
   */
  IscFilesFixture(Optional<Path> dhcpd) throws IOException {
    dir = Files.createTempDirectory("isc-contract-");
    FakeOmapiServer a = null;
    FakeOmapiServer b = null;
    try {
      a = FakeOmapiServer.builder().start();
      b = FakeOmapiServer.builder().start();
      Path none = dir.resolve("no-dhcpd");
      Server sa = server(A, A_ADDRESS, a, dhcpd.orElse(none));
      Server sb = server(B, B_ADDRESS, b, dhcpd.orElse(none));
      // two further servers that only the peer-rewiring contract names as partners
      Server sc = server("isc-c", "192.0.2.3", b, dhcpd.orElse(none));
      Server sd = server("isc-d", "192.0.2.4", b, dhcpd.orElse(none));
      inventory = Inventory.of(sa, sb, sc, sd);
    } catch (IOException | RuntimeException e) {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
      deleteTree(dir);
      throw e;
    }
    omapiA = a;
    omapiB = b;
  }

  private Server server(String id, String address, FakeOmapiServer omapi, Path dhcpd) throws IOException {
    Path conf = dir.resolve(id).resolve("dhcpd.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, "# dhcpd.conf of " + id + ", written by the ISC contract fixture\n"
        + "authoritative;\n"
        + "omapi-port 7911;\n");
    return Server.builder().id(ServerId.of(id)).vendor(Vendor.ISC).address(address).endpoint(conf.toUri())
        .putOption("dhcpd", dhcpd.toString()).putOption("omapi-host", omapi.host())
        .putOption("omapi-port", String.valueOf(omapi.port())).build();
  }

  /** The configuration file of a server. */
  Path file(ServerId id) {
    return dir.resolve(id.value()).resolve("dhcpd.conf");
  }

  FakeOmapiServer omapi(ServerId id) {
    return id.value().equals(A) ? omapiA : omapiB;
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  @Override
  public ServerId primary() {
    return ServerId.of(A);
  }

  @Override
  public ServerId secondary() {
    return ServerId.of(B);
  }

  @Override
  public FailoverBackend backend() {
    return backend;
  }

  /** As an operator editing by hand: an existing subnet gets the scope's contents (its pools keep their peer). */
  @Override
  public void seed(ServerId server, Scope scope) {
    try {
      Path f = file(server);
      IscConfig c = IscConfig.read(f);
      IscConfig next = c.scope(scope.subnet()).isPresent() ? c.withSubnetContents(scope) : c.withSubnet(scope);
      Files.write(f, IscConfig.encode(next.render()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A load-balancing pair with dhcpd.conf(5)'s example settings; the fake OMAPI servers learn the peer. */
  @Override
  public ContractCapabilities capabilities() {
    return new IscContractCapabilities();
  }

  @Override
  public Relationship relationship(String name, List<Subnet> scopes) {
    if (peers.add(name)) {
      omapiA.addPeer(name, FakeOmapiServer.Role.PRIMARY);
      omapiB.addPeer(name, FakeOmapiServer.Role.SECONDARY);
    }
    return Relationship.builder().name(name).mode(FailoverMode.LOAD_BALANCING).primary(A).secondary(B)
        .settings(IscFailoverSettings.defaults(A_ADDRESS, B_ADDRESS)).scopes(scopes).build();
  }

  @Override
  public void close() throws IOException {
    omapiA.close();
    omapiB.close();
    deleteTree(dir);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
