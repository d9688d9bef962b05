package dev.failover.benchmarks;

import dev.failover.Secret;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.isc.FakeOmapiServer;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import dev.failover.windows.WindowsBackend;
import dev.failover.windows.ps.AddFailover;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.ImmutableAddFailover;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.testkit.windows.ScriptRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet of fake DHCP servers on loopback, in failover relationships of the three vendors in
 * turn: relationship 0 ISC, 1 Kea, 2 Windows, 3 ISC, … Each relationship has two servers and
 * {@link #SCOPES_PER_RELATIONSHIP} scopes, the same on both (no drift):
 *
 * <ul>
 *   <li>ISC: two dhcpd.conf files (a {@code failover peer} on each, the pools referring to it),
 *       and a {@link FakeOmapiServer} per server holding that peer (where its status is asked);</li>
 *   <li>Kea: a {@link FakeKeaPair} in hot standby (two control agents over HTTP);</li>
 *   <li>Windows: two {@link FakeWindowsDhcpServer}s of one network, the relationship created on the
 *       primary by the cmdlet the Windows backend itself would send, each server behind its own
 *       {@link FakeWindowsSshServer} (password login, host key pinned in the inventory).</li>
 * </ul>
 *
 * <p>{@link #requests()} counts what each server was asked, as the fakes count it: Kea commands,
 * Windows SSH invocations, ISC OMAPI connections (an ISC server's configuration is a file: reading
 * it is no request the fake sees).
 */
public final class FakeFleet implements AutoCloseable {

  /** Scopes per relationship, the same on both partners. */
  public static final int SCOPES_PER_RELATIONSHIP = 2;
  /** The Windows fakes' login. */
  static final String WINDOWS_USER = "dhcpadmin";
  /** The Windows fakes' password (a benchmark's fake, not a secret). */
  static final String WINDOWS_PASSWORD = "fleet benchmark password";

  /** One relationship of the fleet: its name, vendor and servers (primary first). */
  public record Pair(String name, Vendor vendor, ServerId primary, ServerId secondary) {}

  private final Path dir;
  private final List<Pair> pairs = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final Map<ServerId, FakeOmapiServer> omapi = new LinkedHashMap<>();
  private final Map<ServerId, FakeKeaServer> kea = new LinkedHashMap<>();
  private final Map<ServerId, FakeWindowsSshServer> windows = new LinkedHashMap<>();
  private final List<FakeKeaPair> keaPairs = new ArrayList<>();
  private final FakeWindowsNetwork network = FakeWindowsNetwork.create();

  private FakeFleet(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts the fakes of {@code relationships} relationships, vendors in turn (ISC, Kea, Windows).
   *
   * @param relationships how many relationships, 1 to 3,000
   * @param dir where the ISC configuration files and the Windows pending files are written
   * @return the running fleet; close it to stop every fake
   * @throws IOException when a file cannot be written or a port opened
   */
  public static FakeFleet start(int relationships, Path dir) throws IOException {
    if (relationships < 1 || relationships > 3000) {
      throw new IllegalArgumentException("relationships: " + relationships + " must be between 1 and 3,000");
    }
    FakeFleet fleet = new FakeFleet(dir);
    try {
      for (int i = 0; i < relationships; i++) {
        switch (i % 3) {
          case 0 -> fleet.isc(i);
          case 1 -> fleet.kea(i);
          default -> fleet.windows(i);
        }
      }
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** {@return every relationship, in the order made} */
  public List<Pair> pairs() {
    return List.copyOf(pairs);
  }

  /** {@return the inventory of the fleet's servers, the Windows ones with their login} */
  public Inventory inventory() {
    return Inventory.of(servers);
  }

  /**
   * {@return the servers of the first {@code relationships} relationships, in inventory order}
   *
   * @param inventory the fleet's inventory (or one read back from a file)
   * @param pairs the fleet's relationships
   * @param relationships how many of them
   */
  public static Inventory firstRelationships(Inventory inventory, List<Pair> pairs, int relationships) {
    java.util.Set<ServerId> wanted = new java.util.HashSet<>();
    for (Pair p : pairs.subList(0, Math.min(relationships, pairs.size()))) {
      wanted.add(p.primary());
      wanted.add(p.secondary());
    }
    return Inventory.of(inventory.servers().stream().filter(s -> wanted.contains(s.id())).toList());
  }

  /** {@return what each server was asked so far, as its fake counts it, by server id} */
  public Map<ServerId, Long> requests() {
    Map<ServerId, Long> out = new LinkedHashMap<>();
    for (Server s : servers) {
      long n = switch (s.vendor()) {
        case ISC -> omapi.get(s.id()).connectionsAccepted();
        case KEA -> kea.get(s.id()).commands().size();
        case WINDOWS -> windows.get(s.id()).commandLines().size();
      };
      out.put(s.id(), n);
    }
    return out;
  }

  /** The subnet of scope {@code s} of relationship {@code i}: 10.x.y.0/24, one per scope of the fleet. */
  private static String subnet(int i, int s) {
    int j = i * SCOPES_PER_RELATIONSHIP + s;
    return "10." + (j >> 8) + "." + (j & 255) + ".0/24";
  }

  private static String prefix(int i, int s) {
    String net = subnet(i, s);
    return net.substring(0, net.length() - "0/24".length());
  }

  /** A distinct IP literal per server (the ISC and Windows backends find a partner by its address). */
  private static String address(int i, int side) {
    int k = i * 2 + side;
    return "198.18." + (k >> 8) + "." + (k & 255);
  }

  private void isc(int i) throws IOException {
    String name = "isc-" + i;
    ServerId a = ServerId.of(name + "-a");
    ServerId b = ServerId.of(name + "-b");
    for (int side = 0; side < 2; side++) {
      ServerId id = side == 0 ? a : b;
      StringBuilder conf = new StringBuilder("authoritative;\n\nfailover peer \"").append(name).append("\" {\n  ")
          .append(side == 0 ? "primary" : "secondary").append(";\n  address ").append(address(i, side))
          .append(";\n  port 647;\n  peer address ").append(address(i, 1 - side)).append(";\n  peer port 647;\n")
          .append("  max-response-delay 60;\n  max-unacked-updates 10;\n")
          .append(side == 0 ? "  mclt 3600;\n  split 128;\n" : "").append("  load balance max seconds 3;\n}\n");
      for (int s = 0; s < SCOPES_PER_RELATIONSHIP; s++) {
        String p = prefix(i, s);
        conf.append("\nsubnet ").append(p).append("0 netmask 255.255.255.0 {\n  option routers ").append(p)
            .append("1;\n  pool {\n    failover peer \"").append(name).append("\";\n    range ").append(p)
            .append("10 ").append(p).append("200;\n  }\n}\n");
      }
      Path file = dir.resolve("isc").resolve(id.value()).resolve("dhcpd.conf");
      Files.createDirectories(file.getParent());
      Files.writeString(file, conf);
      FakeOmapiServer fake = FakeOmapiServer.builder()
          .peer(name, side == 0 ? FakeOmapiServer.Role.PRIMARY : FakeOmapiServer.Role.SECONDARY).start();
      omapi.put(id, fake);
      servers.add(Server.builder().id(id).vendor(Vendor.ISC).address(address(i, side)).endpoint(file.toUri())
          .putOption("dhcpd", dir.resolve("no-dhcpd").toString()).putOption("omapi-host", fake.host())
          .putOption("omapi-port", String.valueOf(fake.port())).build());
    }
    pairs.add(new Pair(name, Vendor.ISC, a, b));
  }

  private void kea(int i) {
    String name = "kea-" + i + "-a";
    FakeKeaPair.Builder b = FakeKeaPair.hotStandby().serverNames(name, "kea-" + i + "-b");
    for (int s = 0; s < SCOPES_PER_RELATIONSHIP; s++) {
      String p = prefix(i, s);
      b.withScope(subnet(i, s), p + "10-" + p + "200");
    }
    FakeKeaPair pair = b.start();
    keaPairs.add(pair);
    for (FakeKeaServer fake : pair.servers()) {
      ServerId id = ServerId.of(fake.serverNames().get(0));
      kea.put(id, fake);
      servers.add(Server.builder().id(id).vendor(Vendor.KEA).address("127.0.0.1").endpoint(fake.url()).build());
    }
    pairs.add(new Pair(name, Vendor.KEA, ServerId.of(name), ServerId.of("kea-" + i + "-b")));
  }

  private void windows(int i) throws IOException {
    String name = "win-" + i;
    FakeWindowsDhcpServer a = network.addServer(name + "-a", address(i, 0));
    FakeWindowsDhcpServer b = network.addServer(name + "-b", address(i, 1));
    ImmutableAddFailover.Builder add = AddFailover.builder().name(name).partnerServer(address(i, 1));
    for (int s = 0; s < SCOPES_PER_RELATIONSHIP; s++) {
      String p = prefix(i, s);
      a.putScope(Scope.builder().subnet(Subnet.parse(subnet(i, s))).addPool(Pool.of(p + "10", p + "200")).build());
      add.addScopeId(Ipv4Address.parse(p + "0"));
    }
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.addFailover(add.build()))) {
      byte[] bytes = script.utf8();
      ScriptRun run = a.run(new String(bytes, StandardCharsets.UTF_8));
      if (run.exitCode() != 0) {
        throw new IllegalStateException("creating Windows relationship " + name + " failed: " + run.stderr());
      }
    }
    for (FakeWindowsDhcpServer fake : List.of(a, b)) {
      FakeWindowsSshServer face = FakeWindowsSshServer.builder(fake).password(WINDOWS_USER, WINDOWS_PASSWORD).start();
      ServerId id = ServerId.of(fake.name());
      windows.put(id, face);
      servers.add(windowsServer(id, fake.address().toString(), face.host(), face.port(), face.hostKeyFingerprint(),
          dir.resolve("windows").resolve(id.value() + ".pending.json")));
    }
    pairs.add(new Pair(name, Vendor.WINDOWS, ServerId.of(name + "-a"), ServerId.of(name + "-b")));
  }

  /** A Windows server of the inventory, reached over SSH with the fakes' login. */
  static Server windowsServer(ServerId id, String address, String host, int port, String fingerprint, Path pending) {
    return Server.builder().id(id).vendor(Vendor.WINDOWS).address(address)
        .endpoint(URI.create("ssh://" + WINDOWS_USER + "@" + host + ":" + port))
        .credential(Credential.of(WINDOWS_USER, Secret.of(WINDOWS_PASSWORD)))
        .putOption(WindowsBackend.OPTION_HOST_FINGERPRINT, fingerprint)
        .putOption(WindowsBackend.OPTION_PENDING_FILE, pending.toString()).build();
  }

  /** Stops every fake; the files stay in the directory given. */
  @Override
  public void close() {
    List<Exception> failed = new ArrayList<>();
    for (FakeWindowsSshServer s : windows.values()) {
      try {
        s.close();
      } catch (IOException | RuntimeException e) {
        failed.add(e);
      }
    }
    omapi.values().forEach(FakeOmapiServer::close);
    keaPairs.forEach(FakeKeaPair::close);
    if (!failed.isEmpty()) {
      throw new UncheckedIOException(new IOException("stopping the fake fleet: " + failed.size()
          + " SSH fake(s) did not stop cleanly: " + failed.get(0).getMessage()));
    }
  }
}
