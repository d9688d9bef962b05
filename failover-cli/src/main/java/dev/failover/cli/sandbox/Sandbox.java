package dev.failover.cli.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Failover;
import dev.failover.ValidationException;
import dev.failover.Violation;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.cli.inventory.InventoryFile;
import dev.failover.json.FailoverJson;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Operation;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverState;
import dev.failover.testkit.memory.InMemoryBackend;
import dev.failover.testkit.memory.InMemoryDhcpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The command-line tool's sandbox: an ISC pair, a Kea pair and a Windows pair of in-memory
 * servers (the testkit's {@link InMemoryBackend}, one backend per vendor) with scopes,
 * reservations, relationships and some drift already in them, so every command can be tried
 * with nothing installed.
 *
 * <p>The sample is built through the SDK itself: scopes are put on the first server of each pair,
 * the relationships are planned and applied (so the ISC peers and the partners' copies are what
 * the planner makes), and then a few items are changed by hand on the partners — the drift.
 *
 * <p>Between runs the servers' states live in a JSON file ({@link #save()}; the format is
 * {@code failover-cli-sandbox-state/1}: every server's {@link ServerState} and the failover states
 * set on it), so that applying a replication in one run and asking for drift in the next shows
 * the drift gone. Fingerprints are computed from contents, so a plan saved in one run applies in
 * the next as long as nothing changed in between.
 */
public final class Sandbox {

  /** The format tag of the state file. */
  public static final String FORMAT = "failover-cli-sandbox-state/1";

  /** The file the state is kept in unless another is named: {@code failover-cli-sandbox.json} in the temp directory. */
  public static Path defaultStateFile() {
    return Path.of(System.getProperty("java.io.tmpdir"), "failover-cli-sandbox.json");
  }

  private final InventoryFile inventory;
  private final Map<Vendor, InMemoryBackend> backends = new EnumMap<>(Vendor.class);
  private final Map<ServerId, InMemoryDhcpServer> servers = new LinkedHashMap<>();
  private final Path stateFile;
  private final boolean fresh;

  private Sandbox(InventoryFile inventory, Path stateFile, boolean fresh) {
    this.inventory = inventory;
    this.stateFile = stateFile;
    this.fresh = fresh;
    for (Vendor v : Vendor.values()) {
      backends.put(v, new InMemoryBackend(v));
    }
    for (Server s : inventory.inventory().servers()) {
      InMemoryDhcpServer server = new InMemoryDhcpServer(s.id(), s.vendor());
      servers.put(s.id(), server);
      backends.get(s.vendor()).add(server);
    }
  }

  /**
   * The sandbox kept in {@code stateFile}: read from it when it exists (and {@code reset} is
   * false), else the sample, built afresh.
   *
   * @throws ValidationException if the file exists but is not a sandbox state of this sample
   */
  public static Sandbox open(Path stateFile, boolean reset) {
    InventoryFile inventory = InventoryFile.resource(Sandbox.class, "inventory.yaml", Map.of());
    if (!reset && Files.exists(stateFile)) {
      Sandbox s = new Sandbox(inventory, stateFile, false);
      s.load();
      return s;
    }
    Sandbox s = new Sandbox(inventory, stateFile, true);
    s.buildSample();
    return s;
  }

  /** The sample inventory: six servers and five principals (alice, ivan, bob, carol, dave). */
  public InventoryFile inventory() {
    return inventory;
  }

  /** One in-memory backend per vendor. */
  public List<FailoverBackend> backends() {
    return List.copyOf(backends.values());
  }

  public Path stateFile() {
    return stateFile;
  }

  /** Whether the sample was built in this run (no state was read from the file). */
  public boolean fresh() {
    return fresh;
  }

  /** The in-memory server with that id. */
  public InMemoryDhcpServer server(String id) {
    InMemoryDhcpServer s = servers.get(ServerId.of(id));
    if (s == null) {
      throw new IllegalArgumentException("no sandbox server " + id);
    }
    return s;
  }

  /**
   * Writes every server's state to the state file (a temporary file beside it, then renamed, so
   * a reader never sees half a file).
   */
  public void save() throws IOException {
    ObjectMapper mapper = FailoverJson.mapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("servers");
    for (InMemoryDhcpServer s : servers.values()) {
      ObjectNode entry = list.addObject();
      ServerState state = s.state();
      entry.set("state", mapper.valueToTree(state));
      ArrayNode states = entry.putArray("failoverStates");
      for (Relationship r : state.relationships()) {
        s.failoverState(r.name()).ifPresent(pair -> {
          ObjectNode fs = states.addObject();
          fs.put("relationship", r.name().value());
          fs.set("local", mapper.valueToTree(pair[0]));
          if (pair[1] != null) {
            fs.set("partner", mapper.valueToTree(pair[1]));
          }
        });
      }
    }
    Path dir = stateFile.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, ".failover-cli-sandbox", ".tmp");
    try {
      Files.writeString(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void load() {
    String where = "sandbox state file " + stateFile;
    JsonNode root;
    try {
      root = FailoverJson.mapper().readTree(Files.readString(stateFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw invalid(where, "file", e.getClass().getSimpleName(),
          "must be a readable JSON sandbox state (start over with --sandbox-reset)");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw invalid(where, "format", root == null ? "empty" : root.path("format").asText("missing"),
          "must be " + FORMAT + " (start over with --sandbox-reset)");
    }
    List<ServerId> seen = new ArrayList<>();
    for (JsonNode entry : root.path("servers")) {
      ServerState state = read(where, entry.path("state"), ServerState.class);
      InMemoryDhcpServer server = servers.get(state.server());
      if (server == null || server.vendor() != state.vendor()) {
        throw invalid(where, "servers", state.server() + " (" + state.vendor().displayName() + ")",
            "must be a server of the sandbox inventory (start over with --sandbox-reset)");
      }
      server.edit(s -> ServerState.builder().from(state).fingerprint(s.fingerprint()).build());
      for (JsonNode fs : entry.path("failoverStates")) {
        RelationshipName name = RelationshipName.of(fs.path("relationship").asText());
        FailoverState local = read(where, fs.path("local"), FailoverState.class);
        FailoverState partner = fs.has("partner") ? read(where, fs.path("partner"), FailoverState.class) : null;
        server.setState(name, local, partner);
      }
      seen.add(state.server());
    }
    if (!seen.containsAll(servers.keySet()) || seen.size() != servers.size()) {
      throw invalid(where, "servers", seen.toString(), "must hold each sandbox server once "
          + servers.keySet() + " (start over with --sandbox-reset)");
    }
  }

  private static <T> T read(String where, JsonNode node, Class<T> type) {
    try {
      return FailoverJson.mapper().treeToValue(node, type);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof ValidationException ve) {
        throw ve;
      }
      throw invalid(where, type.getSimpleName(), e.getOriginalMessage(),
          "must be valid (start over with --sandbox-reset)");
    } catch (IllegalArgumentException e) {
      throw invalid(where, type.getSimpleName(), e.getMessage(), "must be valid (start over with --sandbox-reset)");
    }
  }

  // ------------------------------------------------------------------------------------------
  // the sample

  private void buildSample() {
    server("isc-a").withScopes(
        scope("10.10.0.0/24", "office", 0, "10.10.0.100", "10.10.0.199", "10.10.0.1",
            res("00:16:3e:10:00:01", "10.10.0.10", "printer-1"), res("00:16:3e:10:00:02", "10.10.0.11", "printer-2")),
        scope("10.11.0.0/24", "lab", 0, "10.11.0.50", "10.11.0.150", "10.11.0.1",
            res("00:16:3e:11:00:01", "10.11.0.20", "scope-analyser")),
        scope("10.19.0.0/24", "guests (not in failover)", 0, "10.19.0.10", "10.19.0.250", "10.19.0.1"));
    server("kea-a").withScopes(
        scope("10.20.0.0/24", "campus", 20, "10.20.0.100", "10.20.0.200", "10.20.0.1",
            res("00:16:3e:20:00:01", "10.20.0.10", "badge-reader"), res("00:16:3e:20:00:02", "10.20.0.11", "door-1")),
        scope("10.21.0.0/24", "voip", 21, "10.21.0.100", "10.21.0.200", "10.21.0.1",
            res("00:16:3e:21:00:01", "10.21.0.10", "pbx")));
    List<Scope> windowsScopes = new ArrayList<>();
    for (int i = 30; i <= 37; i++) {
      String net = "10." + i + ".0.";
      windowsScopes.add(scope(net + "0/24", "floor " + (i - 29), 0, net + "50", net + "240", net + "1",
          res("00:16:3e:" + i + ":00:01", net + "10", "printer-floor-" + (i - 29))));
    }
    windowsScopes.add(scope("10.39.0.0/24", "lobby (not in failover)", 0, "10.39.0.50", "10.39.0.99", "10.39.0.1"));
    server("win-a").withScopes(windowsScopes.toArray(Scope[]::new));

    Failover setup = Failover.builder().inventory(inventory.inventory()).backends(backends.values().toArray(
        FailoverBackend[]::new)).build();
    Principal admin = Principal.withRoles("sandbox-setup", BuiltInRole.DHCP_ADMINISTRATORS);
    apply(setup, admin, CreateRelationship.of(Relationship.builder().name("isc-pair").mode(FailoverMode.LOAD_BALANCING)
        .primary("isc-a").secondary("isc-b")
        .settings(IscFailoverSettings.forMode(FailoverMode.LOAD_BALANCING, "192.0.2.11", "192.0.2.12"))
        .addScope("10.10.0.0/24").addScope("10.11.0.0/24").build()));
    apply(setup, admin, CreateRelationship.of(Relationship.builder().name("kea-pair").mode(FailoverMode.HOT_STANDBY)
        .primary("kea-a").secondary("kea-b")
        .settings(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, ServerId.of("kea-a"),
            URI.create("http://192.0.2.21:8000/"), ServerId.of("kea-b"), URI.create("http://192.0.2.22:8000/")))
        .addScope("10.20.0.0/24").addScope("10.21.0.0/24").build()));
    apply(setup, admin, CreateRelationship.of(Relationship.builder().name("win-pair").mode(FailoverMode.HOT_STANDBY)
        .primary("win-a").secondary("win-b").settings(WindowsFailoverSettings.hotStandby(5)).build()));
    for (int i = 30; i <= 37; i++) {
      apply(setup, admin, AddScope.of("win-pair", "10." + i + ".0.0/24"));
    }

    // the drift: someone edited the partners by hand
    editScope("isc-b", "10.11.0.0/24", s -> Scope.builder().from(s)
        .reservations(List.of(res("00:16:3e:11:00:01", "10.11.0.21", "scope-analyser")))
        .addExclusion(Exclusion.of("10.11.0.60", "10.11.0.69")).build());
    editScope("kea-b", "10.20.0.0/24", s -> Scope.builder().from(s)
        .reservations(List.of(res("00:16:3e:20:00:01", "10.20.0.10", "badge-reader")))
        .options(List.of(OptionValue.of(3, "10.20.0.1"), OptionValue.of(6, "192.0.2.53"))).build());
    editScope("win-b", "10.30.0.0/24", s -> Scope.builder().from(s)
        .addReservation(res("00:16:3e:30:00:99", "10.30.0.99", "someone's laptop")).build());
    editScope("win-b", "10.33.0.0/24", s -> Scope.builder().from(s)
        .pools(List.of(Pool.of(AddressRange.of("10.33.0.50", "10.33.0.200")))).build());
  }

  private void editScope(String server, String subnet, UnaryOperator<Scope> change) {
    Subnet net = Subnet.parse(subnet);
    server(server).edit(state -> {
      List<Scope> scopes = new ArrayList<>(state.scopes());
      scopes.replaceAll(s -> s.subnet().equals(net) ? change.apply(s) : s);
      return ServerState.builder().from(state).scopes(scopes).build();
    });
  }

  private static void apply(Failover failover, Principal who, Operation op) {
    failover.apply(failover.plan(op), who);
  }

  private static Scope scope(String subnet, String name, long keaId, String poolStart, String poolEnd, String router,
      Reservation... reservations) {
    var props = ScopeProperties.builder().name(name);
    if (keaId > 0) {
      props.id(keaId);
    }
    return Scope.builder().subnet(Subnet.parse(subnet)).properties(props.build())
        .addPool(Pool.of(poolStart, poolEnd))
        .addOption(OptionValue.of(3, router))
        .addOption(OptionValue.of(6, "192.0.2.53,192.0.2.54"))
        .addReservations(reservations)
        .build();
  }

  private static Reservation res(String mac, String address, String name) {
    return Reservation.builder().identifier(mac).address(dev.failover.scope.Ipv4Address.parse(address)).name(name)
        .build();
  }

  private static ValidationException invalid(String subject, String field, String value, String rule) {
    return new ValidationException(subject, List.of(new Violation(field, String.valueOf(value), rule)));
  }

  @Override
  public String toString() {
    return "Sandbox{" + stateFile + "}";
  }
}
