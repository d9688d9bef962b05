package dev.failover.isc.it;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.isc.IscBackend;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.ImmutableIscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ServiceFixture;
import dev.failover.testkit.isc.IscContractCapabilities;
import dev.failover.testkit.probe.DhcpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service contract's fixture over a real dhcpd 4.4 pair in two network namespaces
 * ({@link RealDhcpdPair}): the servers start without failover, on files holding the veth subnet
 * and the class {@code service-phone} (matched by vendor class identifier); the SDK writes the
 * files, and after each change both dhcpd are restarted on them (dhcpd reads its file only at
 * start) and, while a relationship exists, awaited in "Both servers normal". Clients are asked
 * from the partner's namespace ({@link ServiceProbeMain} in a child JVM under
 * {@code ip netns exec}), relayed as the partner's address with option 118 naming the subnet,
 * both servers at once. The relationship is load balancing with split 128 and an MCLT of 5 s, so
 * a primary restarted after partner-down is back in normal within seconds.
 */
final class RealDhcpdServiceFixture implements ServiceFixture {

  static final ServerId A = ServerId.of("dhcp-a");
  static final ServerId B = ServerId.of("dhcp-b");
  private static final Principal ADMIN = Principal.withRoles("service-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Duration NORMAL_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
  private static final String BEFORE = "omapi-port 7911;\n"
      + "authoritative;\n"
      + "ping-check false;\n"
      + "class \"" + "service-phone" + "\" {\n"
      + "  match if option vendor-class-identifier = \"service-phone\";\n"
      + "}\n"
      + "\n"
      + "subnet 192.0.2.0 netmask 255.255.255.0 {\n"
      + "}\n";

  private final RealDhcpdPair pair;
  private final Inventory inventory;
  private final IscBackend backend = new IscBackend();
  private String peer = "";

  RealDhcpdServiceFixture() throws Exception {
    pair = RealDhcpdPair.create(Optional.empty());
    try {
      for (Side side : Side.values()) {
        Files.writeString(pair.config(side), "# dhcpd.conf of " + id(side) + " (the service contract)\n" + BEFORE);
      }
      pair.start();
      inventory = Inventory.of(server(Side.PRIMARY), server(Side.SECONDARY));
    } catch (Exception e) {
      pair.close();
      throw e;
    }
  }

  private static ServerId id(Side side) {
    return side == Side.PRIMARY ? A : B;
  }

  private static Side side(ServerId id) {
    return id.equals(A) ? Side.PRIMARY : Side.SECONDARY;
  }

  private Server server(Side side) {
    return Server.builder().id(id(side)).vendor(Vendor.ISC).address(side.address).endpoint(pair.config(side).toUri())
        .putOption("dhcpd", "/usr/sbin/dhcpd").putOption("omapi-host", "127.0.0.1")
        .putOption("omapi-port", String.valueOf(pair.omapi(side).build().port())).build();
  }

  @Override
  public List<Map<ServerId, Ipv4Address>> answers(Failover failover, Subnet subnet, List<DhcpClient> clients) {
    CompletableFuture<List<List<String[]>>> toA = CompletableFuture.supplyAsync(() -> probe(Side.PRIMARY, subnet,
        clients));
    List<List<String[]>> fromB = probe(Side.SECONDARY, subnet, clients);
    List<List<String[]>> fromA = toA.join();
    List<Map<ServerId, Ipv4Address>> out = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      Map<ServerId, Ipv4Address> answered = new LinkedHashMap<>();
      for (List<List<String[]>> offers : List.of(fromA, fromB)) {
        for (String[] o : offers.get(i)) {
          ServerId who = o[1].equals(Side.PRIMARY.address) ? A : o[1].equals(Side.SECONDARY.address) ? B
              : ServerId.of("from-" + o[1].replace('.', '-'));
          answered.put(who, Ipv4Address.parse(o[0]));
        }
      }
      out.add(answered);
    }
    return out;
  }

  /** Each client's offers (address, from) from the server of {@code target}, asked from its partner's namespace. */
  private List<List<String[]>> probe(Side target, Subnet subnet, List<DhcpClient> clients) {
    Side from = target.other();
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", pair.namespace(from),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        ServiceProbeMain.class.getName(), from.address, target.address + ":67", subnet.network().toString(), "400"));
    for (DhcpClient c : clients) {
      command.add(c.identity().hardwareAddressText() + c.identity().clientIdentifierText().map(id -> "/" + id).orElse("")
          + c.vendorClass().map(v -> "@" + v).orElse(""));
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the probe in " + pair.namespace(from) + " did not finish within " + CHILD_TIMEOUT);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("the probe in " + pair.namespace(from) + " exited " + p.exitValue() + ":\n" + out);
      }
      List<List<String[]>> offers = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        offers.add(new ArrayList<>());
      }
      for (String line : out.lines().toList()) {
        String[] f = line.split(" ");
        if (f.length == 5 && f[1].equals("offered")) {
          offers.get(Integer.parseInt(f[0])).add(new String[] {f[2], f[4]});
        }
      }
      return offers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Restarts both dhcpd on their files as the SDK wrote them; with a relationship, waits for both normal. */
  @Override
  public void settle(Failover failover, Optional<Relationship> relationship) {
    try {
      for (Side side : Side.values()) {
        pair.stop(side);
      }
      for (Side side : Side.values()) {
        pair.start(side);
      }
      awaitRunning(failover, relationship);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void awaitRunning(Failover failover, Optional<Relationship> relationship) throws InterruptedException {
    for (Side side : Side.values()) {
      if (relationship.isPresent()) {
        pair.awaitLog(side, 0, l -> l.contains("failover peer " + peer + ": Both servers normal"), NORMAL_TIMEOUT);
      } else {
        pair.awaitLog(side, 0, l -> l.contains("Server starting service"), NORMAL_TIMEOUT);
      }
    }
    if (relationship.isPresent()) {
      awaitPoolBalance(failover, relationship.get());
    }
  }

  /**
   * The secondary serves once the primary has moved its share of the free leases to it (pool
   * balancing after normal): waits, bounded, until every pool of the relationship's scopes on the
   * secondary holds a lease in backup state in the secondary's lease file.
   */
  private void awaitPoolBalance(Failover failover, Relationship r) throws InterruptedException {
    long deadline = System.nanoTime() + NORMAL_TIMEOUT.toNanos();
    Path leases = pair.directory().resolve("secondary.leases");
    List<AddressRange> pools = new ArrayList<>();
    Relationship now = failover.relationship(r.name().value());
    var state = failover.state(B.value());
    for (Subnet s : now.scopes()) {
      state.scope(s).ifPresent(scope -> scope.pools().forEach(p -> pools.add(p.range())));
    }
    while (true) {
      Map<Ipv4Address, String> states = leaseStates(leases);
      List<AddressRange> waiting = pools.stream().filter(p -> states.entrySet().stream()
          .noneMatch(e -> p.contains(e.getKey()) && e.getValue().equals("backup"))).toList();
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the secondary holds no backup lease in " + waiting + " within " + NORMAL_TIMEOUT);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** The binding state of each address in a lease file (its last entry wins, as dhcpd reads it). */
  private static Map<Ipv4Address, String> leaseStates(Path file) {
    Map<Ipv4Address, String> out = new LinkedHashMap<>();
    String text;
    try {
      text = Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "lease (\\d+\\.\\d+\\.\\d+\\.\\d+) \\{[^}]*?\\n\\s*binding state (\\w+);").matcher(text);
    while (m.find()) {
      out.put(Ipv4Address.parse(m.group(1)), m.group(2));
    }
    return out;
  }

  @Override
  public void stop(Failover failover, Relationship relationship, ServerId server) {
    Side stopped = side(server);
    Side survivor = stopped.other();
    try {
      int mark = pair.mark(survivor);
      pair.stop(stopped);
      pair.awaitLog(survivor, mark, l -> l.contains("I move from normal to communications-interrupted"),
          Duration.ofSeconds(30));
      failover.partnerDown(relationship.name().value(), id(survivor).value(), ADMIN);
      pair.awaitLog(survivor, mark, l -> l.contains("I move from communications-interrupted to partner-down"),
          Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void start(Failover failover, Relationship relationship, ServerId server) {
    Side side = side(server);
    try {
      int mark = pair.mark(side.other());
      pair.start(side);
      pair.awaitLog(side.other(), mark, l -> l.contains("failover peer " + peer + ": Both servers normal"),
          NORMAL_TIMEOUT);
      pair.awaitLog(side, 0, l -> l.contains("failover peer " + peer + ": Both servers normal"), NORMAL_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public Optional<Pool> classPool(AddressRange range, String vendorClass) {
    return ServiceFixture.iscClassPool(range, vendorClass);
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  @Override
  public ContractCapabilities capabilities() {
    return new IscContractCapabilities();
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

  /** As an operator editing the file by hand: an existing subnet gets the scope's contents (its pools keep their peer). */
  @Override
  public void seed(ServerId server, Scope scope) {
    try {
      Path f = pair.config(side(server));
      IscConfig c = IscConfig.read(f);
      IscConfig next = c.scope(scope.subnet()).isPresent() ? c.withSubnetContents(scope) : c.withSubnet(scope);
      Files.write(f, IscConfig.encode(next.render()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Load balancing, split 128, dhcpd.conf(5)'s example settings but an MCLT of 5 s. */
  @Override
  public Relationship relationship(String name, List<Subnet> scopes) {
    peer = name;
    IscFailoverSettings settings = ImmutableIscFailoverSettings.copyOf(IscFailoverSettings.defaults(
        Side.PRIMARY.address, Side.SECONDARY.address)).withMclt(Duration.ofSeconds(5));
    return Relationship.builder().name(name).mode(FailoverMode.LOAD_BALANCING).primary(A).secondary(B)
        .settings(settings).scopes(scopes).build();
  }

  @Override
  public void close() throws IOException {
    pair.close();
  }
}
