package dev.failover.cli.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.failover.Failover;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.cli.inventory.InventoryFile;
import dev.failover.isc.IscBackend;
import dev.failover.json.FailoverJson;
import dev.failover.kea.KeaBackend;
import dev.failover.plan.IscPeer;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.IscFailoverState;
import dev.failover.testkit.isc.FakeOmapiServer;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.windows.FakeFailoverRelationship;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWindowsNetwork;
import dev.failover.testkit.windows.FakeWindowsSshServer;
import dev.failover.testkit.windows.FakeWindowsFailoverState;
import dev.failover.windows.WindowsBackend;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.windows.ps.AddFailover;
import dev.failover.windows.ps.CmdletFailoverMode;
import dev.failover.windows.ps.CmdletServerRole;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.ImmutableAddFailover;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.transport.ShellResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The command-line tool's sandbox: an ISC pair, a Kea pair and a Windows pair of the testkit's
 * fake servers, reached through the SDK's real backends over the fakes' wire faces on 127.0.0.1,
 * with scopes, relationships and some drift already in them, so every command can be tried with
 * nothing installed.
 *
 * <ul>
 *   <li>ISC: {@code isc-a/dhcpd.conf} and {@code isc-b/dhcpd.conf} in the sandbox directory, read
 *       and written by {@link IscBackend} (checked with {@code dhcpd -t} when a dhcpd binary is
 *       installed), and a {@link FakeOmapiServer} per server for failover state, signed with a
 *       generated OMAPI key;</li>
 *   <li>Kea: the testkit's {@link FakeKeaPair}, two HTTP faces with a generated basic-auth
 *       password, driven by {@link KeaBackend};</li>
 *   <li>Windows: two {@link FakeWindowsDhcpServer}s, each behind a {@link FakeWindowsSshServer}
 *       (password login, host key pinned in the inventory), driven by {@link WindowsBackend} over
 *       SSH.</li>
 * </ul>
 *
 * <p>Each run of the tool is a process of its own, so the faces start when a run opens the
 * sandbox ({@link #open}) and stop when it ends ({@link #close}); what the servers hold is kept in
 * the sandbox directory between runs ({@link #save}): the ISC files themselves, each Kea fake's
 * running configuration ({@code kea-a/kea-dhcp4.conf}, what {@code config-write} writes), and a
 * snapshot of each Windows fake (its state as the backend reads it, and its failover states) in
 * {@code sandbox.json}, from which the next run re-seeds fresh fakes through the backend. The
 * inventory of a run is written to {@code inventory.yaml} (its ports and host keys change from run
 * to run) and read back as any inventory file is; it names the secrets' files, never their values.
 */
public final class Sandbox implements AutoCloseable {

  /** The format tag of {@code sandbox.json}. */
  public static final String FORMAT = "failover-cli-sandbox/2";

  static final String STATE_FILE = "sandbox.json";
  static final String INVENTORY_FILE = "inventory.yaml";
  static final String WINDOWS_USER = "dhcpadmin";
  static final String KEA_USER = "failover";
  static final String OMAPI_KEY_NAME = "omapi-key";
  static final List<String> ISC = List.of("isc-a", "isc-b");
  static final List<String> KEA = List.of("kea-a", "kea-b");
  static final List<String> WINDOWS = List.of("win-a", "win-b");
  static final Map<String, String> WINDOWS_ADDRESSES = Map.of("win-a", "192.0.2.31", "win-b", "192.0.2.32");
  static final Principal SETUP = Principal.withRoles("sandbox-setup", BuiltInRole.DHCP_ADMINISTRATORS);

  private static final ObjectMapper JSON = FailoverJson.mapper();
  /** YAML, made on first use (in the thread that reads the template, while the faces start). */
  private static final class Yaml {
    static final YAMLMapper MAPPER = new YAMLMapper();
  }
  private static final List<String> SEARCHED_DHCPD = List.of("/usr/sbin/dhcpd", "/usr/local/sbin/dhcpd", "/sbin/dhcpd");

  /**
   * {@return the directory the sandbox lives in unless another is named: {@code failover-cli-sandbox-USER} in the temp directory}
   */
  public static Path defaultDirectory() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "failover-cli-sandbox-" + user);
  }

  private final Path dir;
  private final boolean fresh;
  private final SandboxSecrets secrets;
  private final Map<String, FakeOmapiServer> omapi = new LinkedHashMap<>();
  private final Map<String, FakeWindowsDhcpServer> windows = new LinkedHashMap<>();
  private final Map<String, FakeWindowsSshServer> ssh = new LinkedHashMap<>();
  private final IscBackend iscBackend = new IscBackend();
  private final KeaBackend keaBackend = new KeaBackend();
  private final WindowsBackend windowsBackend = new WindowsBackend();
  private final WindowsBackend windowsDirect;
  private FakeKeaPair kea;
  private InventoryFile inventory;
  private CompletableFuture<Void> inventoryWritten = CompletableFuture.completedFuture(null);

  private Sandbox(Path dir, boolean fresh) {
    this.dir = dir;
    this.fresh = fresh;
    this.secrets = new SandboxSecrets(dir.resolve("secrets"));
    FakeWindowsNetwork network = FakeWindowsNetwork.create();
    for (String id : WINDOWS) {
      windows.put(id, network.addServer(id, WINDOWS_ADDRESSES.get(id)));
    }
    windowsDirect = new WindowsBackend(s -> new InProcessWindowsShell(windows.get(s.id().value())));
  }

  /**
   * Starts the sandbox kept in {@code dir}: its fakes' faces on 127.0.0.1, holding what the
   * directory keeps, or the sample, built afresh, when the directory holds no sandbox yet or
   * {@code reset} is true.
   *
   * @param dir the sandbox's directory
   * @param reset whether to start afresh from the sample
   * @return the running sandbox; close it to stop its fakes
   * @throws ValidationException if the directory holds a sandbox this version cannot read
   */
  public static Sandbox open(Path dir, boolean reset) {
    Path state = dir.resolve(STATE_FILE);
    boolean fresh = reset || !Files.exists(state);
    Sandbox s = new Sandbox(dir, fresh);
    try {
      JsonNode saved = null;
      if (fresh) {
        s.clear();
      } else {
        saved = s.readState(state);
      }
      s.start(saved);
      if (fresh) {
        SandboxSample.build(s);
        s.save();
      } else {
        s.restore(saved);
      }
      s.settleKea();
      return s;
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot start the sandbox in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * {@return the run's inventory: the six servers on this run's ports, and five principals (alice, ivan, bob, carol, dave)}
   */
  public InventoryFile inventory() {
    return inventory;
  }

  /** {@return the three real backends the commands use} */
  public List<FailoverBackend> backends() {
    return List.of(iscBackend, keaBackend, windowsBackend);
  }

  /** {@return the sandbox directory} */
  public Path directory() {
    return dir;
  }

  /** {@return whether the sample was built in this run} */
  public boolean fresh() {
    return fresh;
  }

  /**
   * {@return the ISC configuration file of {@code isc-a} or {@code isc-b}}
   *
   * @param id {@code isc-a} or {@code isc-b}
   */
  public Path iscFile(String id) {
    return dir.resolve(id).resolve("dhcpd.conf");
  }

  Path keaFile(String id) {
    return dir.resolve(id).resolve("kea-dhcp4.conf");
  }

  /** {@return the dhcpd binary that checks ISC writes, if one is installed} */
  public static Optional<Path> dhcpd() {
    for (String p : SEARCHED_DHCPD) {
      Path path = Path.of(p);
      if (Files.isExecutable(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------------------
  // faces

  private void start(JsonNode saved) throws IOException {
    CompletableFuture<JsonNode> template = CompletableFuture.supplyAsync(Sandbox::readTemplate, Sandbox::daemon);
    for (String id : ISC) {
      omapi.put(id, FakeOmapiServer.builder().key(OMAPI_KEY_NAME, secrets.secret(SandboxSecrets.OMAPI_KEY)).start());
      Path conf = iscFile(id);
      if (!Files.exists(conf)) {
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "# dhcpd.conf of " + id + " (failover sandbox)\nauthoritative;\n",
            StandardCharsets.ISO_8859_1);
      }
    }
    String password = secrets.secret(SandboxSecrets.WINDOWS).reveal();
    // the SSH faces (host keys, MINA) take longest to start: in parallel with the Kea pair
    CompletableFuture<Void> sshStarted = CompletableFuture.runAsync(() -> {
      for (String id : WINDOWS) {
        try {
          ssh.put(id, FakeWindowsSshServer.builder(windows.get(id)).password(WINDOWS_USER, password).start());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }, Sandbox::daemon);
    kea = startKea(saved);
    join(sshStarted);
    inventory = writeInventory(template);
  }

  /**
   * Lets the Kea pair's HA hooks exchange heartbeats on their manual clock until both are past
   * {@code waiting} (a few simulated seconds; no real time passes): Kea restarts its HA state
   * machine after every {@code config-set}, and in the sandbox no time passes by itself.
   */
  public void settleKea() {
    for (int i = 0; i < 12 && (waiting(kea.primary()) || waiting(kea.secondary())); i++) {
      kea.advance(Duration.ofSeconds(5));
    }
  }

  /** {@return the Kea pair's simulated clock: no time passes on it by itself} */
  public java.time.Clock keaClock() {
    return kea.clock();
  }

  /**
   * Moves the Kea pair's simulated clock (what waiting on a Kea state means in the sandbox).
   *
   * @param step how far
   */
  public void advanceKea(Duration step) {
    kea.advance(step);
  }

  private static boolean waiting(FakeKeaServer fake) {
    try {
      String state = (fake.haState() + " " + fake.partnerStateSeen().map(Object::toString).orElse(""))
          .toLowerCase(java.util.Locale.ROOT);
      return state.contains("waiting") || state.contains("syncing") || state.contains("ready");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The Kea pair, on the ports the last run used when they are free: the same URLs give the same
   * configurations, so a Kea plan saved in one run still applies in the next; else on new ports.
   */
  private FakeKeaPair startKea(JsonNode saved) throws IOException {
    int[] ports = new int[KEA.size()];
    for (int i = 0; i < ports.length; i++) {
      String url = saved == null ? "" : saved.path("kea").path(KEA.get(i)).path("url").asText("");
      ports[i] = url.isEmpty() ? 0 : Math.max(0, java.net.URI.create(url).getPort());
    }
    if (ports[0] != 0 && ports[1] != 0 && ports[0] != ports[1]) {
      try {
        return FakeKeaPair.hotStandby().basicAuth(KEA_USER, secrets.secret(SandboxSecrets.KEA)).ports(ports[0], ports[1])
            .start();
      } catch (UncheckedIOException taken) {
        // another process has one of the ports now: new ones (a plan saved earlier is then stale)
      }
    }
    return FakeKeaPair.hotStandby().basicAuth(KEA_USER, secrets.secret(SandboxSecrets.KEA)).start();
  }

  private FakeKeaServer keaFake(String id) {
    return id.equals(KEA.get(0)) ? kea.primary() : kea.secondary();
  }

  FakeKeaServer kea(String id) {
    return keaFake(id);
  }

  FakeOmapiServer omapi(String id) {
    return omapi.get(id);
  }

  FakeWindowsDhcpServer windows(String id) {
    return windows.get(id);
  }

  IscBackend iscBackend() {
    return iscBackend;
  }

  KeaBackend keaBackend() {
    return keaBackend;
  }

  /** The Windows backend with an in-process transport: for seeding and snapshots only. */
  WindowsBackend windowsDirect() {
    return windowsDirect;
  }

  Server server(String id) {
    return inventory.inventory().require(id);
  }

  /** A facade over the sandbox's servers for setting it up (Windows in process). */
  Failover setupFacade() {
    return Failover.builder().inventory(inventory.inventory()).backends(iscBackend, keaBackend, windowsDirect).build();
  }

  Secret sharedSecret() throws IOException {
    return secrets.secret(SandboxSecrets.WINDOWS_SHARED);
  }

  /** The inventory template, parsed (YAML) while the faces start. */
  private static JsonNode readTemplate() {
    try (InputStream in = Sandbox.class.getResourceAsStream("inventory.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the sandbox inventory template is missing from the class path");
      }
      return Yaml.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * This run's inventory, from the template with the faces' ports, host keys and secret files, checked
   * as {@code --inventory} checks a file; the file itself is written in the background (done by
   * {@link #close}).
   */
  private InventoryFile writeInventory(CompletableFuture<JsonNode> template) throws IOException {
    ObjectNode root = (ObjectNode) join(template);
    Path secretsDir = dir.resolve("secrets");
    String dhcpd = dhcpd().map(Path::toString).orElse(dir.resolve("no-dhcpd").toString());
    for (JsonNode node : root.path("servers")) {
      ObjectNode s = (ObjectNode) node;
      String id = s.path("id").asText();
      ObjectNode options = s.putObject("options");
      ObjectNode credential = s.putObject("credential");
      switch (s.path("vendor").asText()) {
        case "isc" -> {
          s.put("endpoint", iscFile(id).toUri().toString());
          options.put("dhcpd", dhcpd).put("omapi-host", omapi.get(id).host())
              .put("omapi-port", String.valueOf(omapi.get(id).port()));
          credential.put("user", OMAPI_KEY_NAME).put("passwordFile",
              dir.relativize(secretsDir.resolve(SandboxSecrets.OMAPI_KEY)).toString());
        }
        case "kea" -> {
          s.put("endpoint", keaFake(id).url().toString());
          credential.put("user", KEA_USER).put("passwordFile",
              dir.relativize(secretsDir.resolve(SandboxSecrets.KEA)).toString());
          s.remove("options");
        }
        case "windows" -> {
          FakeWindowsSshServer face = ssh.get(id);
          s.put("endpoint", "ssh://" + WINDOWS_USER + "@" + face.host() + ":" + face.port());
          options.put("host-fingerprint", face.hostKeyFingerprint())
              .put("pending-file", dir.resolve("windows").resolve(id + ".pending.json").toString())
              .put("connect-timeout", "10").put("run-timeout", "30");
          credential.put("user", WINDOWS_USER).put("passwordFile",
              dir.relativize(secretsDir.resolve(SandboxSecrets.WINDOWS)).toString());
        }
        default -> throw new IllegalStateException("unknown vendor in the sandbox template: " + s.path("vendor"));
      }
    }
    Files.createDirectories(dir.resolve("windows"));
    Path file = dir.resolve(INVENTORY_FILE);
    InventoryFile read = InventoryFile.of(root, "inventory file " + file, Map.of(), file.toAbsolutePath().getParent());
    inventoryWritten = CompletableFuture.runAsync(() -> {
      try {
        writeAtomically(file, "# The failover sandbox's inventory for one run (ports and host keys change every run);\n"
            + "# written by failover --sandbox, secrets are in the files named, never here.\n"
            + Yaml.MAPPER.writeValueAsString(root));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Sandbox::daemon);
    return read;
  }

  // ------------------------------------------------------------------------------------------
  // persistence

  private JsonNode readState(Path state) {
    String where = "sandbox state " + state;
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(state, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw invalid(where, "file", dev.failover.spi.Texts.failure(e),
          "must be a readable JSON sandbox state (start over with --sandbox-reset)");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw invalid(where, "format", root == null ? "empty" : root.path("format").asText("missing"),
          "must be " + FORMAT + " (start over with --sandbox-reset)");
    }
    for (String id : KEA) {
      if (!Files.exists(keaFile(id))) {
        throw invalid(where, "kea", keaFile(id).toString(), "must exist (start over with --sandbox-reset)");
      }
    }
    return root;
  }

  /**
   * Keeps what the servers hold for the next run: each Kea fake's running configuration and the
   * URLs it was reached at, each ISC peer's OMAPI state, and a snapshot of each Windows fake. The
   * ISC files are kept as they are. Files are replaced atomically.
   *
   * @throws IOException when a file cannot be written
   */
  public void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode keaNode = root.putObject("kea");
    for (String id : KEA) {
      Files.createDirectories(keaFile(id).getParent());
      writeAtomically(keaFile(id), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(keaFake(id).configuration()));
      keaNode.putObject(id).put("url", keaFake(id).url().toString());
    }
    ObjectNode iscNode = root.putObject("isc");
    for (String id : ISC) {
      ArrayNode peers = iscNode.putArray(id);
      for (String peer : knownPeers.getOrDefault(id, Set.of())) {
        FakeOmapiServer.PeerState st = omapi.get(id).state(peer);
        peers.addObject().put("peer", peer).put("local", st.local().name()).put("partner", st.partner().name());
      }
    }
    ObjectNode winNode = root.putObject("windows");
    Inventory inv = inventory.inventory();
    for (String id : WINDOWS) {
      ObjectNode entry = winNode.putObject(id);
      ServerState state = windowsDirect.read(server(id), inv);
      entry.set("state", JSON.valueToTree(state));
      ArrayNode states = entry.putArray("failoverStates");
      for (FakeFailoverRelationship r : windows.get(id).relationships()) {
        states.addObject().put("relationship", r.name()).put("state", r.state().name());
      }
    }
    writeAtomically(dir.resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private final Map<String, Set<String>> knownPeers = new LinkedHashMap<>();

  /** Tells each fake OMAPI server the failover peers its dhcpd.conf declares (in normal state). */
  void declareOmapiPeers() {
    Inventory inv = inventory.inventory();
    for (String id : ISC) {
      Set<String> known = knownPeers.computeIfAbsent(id, k -> new HashSet<>());
      for (IscPeer p : iscBackend.read(server(id), inv).peers()) {
        if (known.add(p.name())) {
          omapi.get(id).addPeer(p.name(), p.declaration().role() == ServerRole.PRIMARY
              ? FakeOmapiServer.Role.PRIMARY : FakeOmapiServer.Role.SECONDARY);
        }
      }
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "failover-sandbox-start");
    t.setDaemon(true);
    t.start();
  }

  private static <T> T join(CompletableFuture<T> f) throws IOException {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void restore(JsonNode saved) throws IOException {
    // the Windows fakes are re-seeded in parallel with the Kea and ISC servers
    CompletableFuture<Void> windowsRestored = CompletableFuture.runAsync(() -> {
      try {
        restoreWindows(saved);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Sandbox::daemon);
    try {
      restoreKeaAndIsc(saved);
    } finally {
      join(windowsRestored);
    }
  }

  private void restoreKeaAndIsc(JsonNode saved) throws IOException {
    // Kea: the kept configuration, with the HA peers' URLs moved to this run's ports
    Map<String, String> urls = new LinkedHashMap<>();
    for (String id : KEA) {
      String old = saved.path("kea").path(id).path("url").asText("");
      if (!old.isEmpty()) {
        urls.put(old, keaFake(id).url().toString());
      }
    }
    for (String id : KEA) {
      JsonNode config = JSON.readTree(Files.readString(keaFile(id), StandardCharsets.UTF_8));
      SandboxSample.configSet(keaFake(id), (ObjectNode) rewriteTexts(config, urls));
    }
    // ISC: peers from the files, states as kept
    declareOmapiPeers();
    for (String id : ISC) {
      for (JsonNode p : saved.path("isc").path(id)) {
        String peer = p.path("peer").asText();
        if (knownPeers.get(id).contains(peer)) {
          omapi.get(id).setState(peer, IscFailoverState.valueOf(p.path("local").asText()),
              IscFailoverState.valueOf(p.path("partner").asText()));
        }
      }
    }
  }

  /** Windows: scopes put back, relationships re-created through the backend, the partners' own copies put back. */
  private void restoreWindows(JsonNode saved) throws IOException {
    String where = "sandbox state " + dir.resolve(STATE_FILE);
    Map<String, ServerState> states = new LinkedHashMap<>();
    for (String id : WINDOWS) {
      JsonNode node = saved.path("windows").path(id).path("state");
      try {
        states.put(id, JSON.treeToValue(node, ServerState.class));
      } catch (IOException | IllegalArgumentException e) {
        throw invalid(where, "windows." + id, e.getMessage(), "must be a server state (start over with --sandbox-reset)");
      }
    }
    Map<String, Relationship> relationships = new LinkedHashMap<>();
    for (ServerState st : states.values()) {
      for (Relationship r : st.relationships()) {
        if (r.primary().equals(st.server()) || !relationships.containsKey(r.name().value())) {
          relationships.put(r.name().value(), r);
        }
      }
    }
    Set<String> inRelationshipOnSecondary = new HashSet<>();
    for (Relationship r : relationships.values()) {
      for (Subnet net : r.scopes()) {
        inRelationshipOnSecondary.add(r.secondary().value() + " " + net);
      }
    }
    for (ServerState st : states.values()) {
      for (Scope scope : st.scopes()) {
        if (!inRelationshipOnSecondary.contains(st.server().value() + " " + scope.subnet())) {
          windows.get(st.server().value()).putScope(scope);
        }
      }
    }
    for (Relationship r : relationships.values()) {
      if (r.scopes().isEmpty()) {
        // a relationship without scopes lives in the servers' pending files, which the sandbox
        // directory keeps between runs: it is there already, and creating it again would fail
        continue;
      }
      recreate(r);
    }
    for (ServerState st : states.values()) {
      for (Scope scope : st.scopes()) {
        if (inRelationshipOnSecondary.contains(st.server().value() + " " + scope.subnet())) {
          windows.get(st.server().value()).putScope(scope);
        }
      }
    }
    for (String id : WINDOWS) {
      for (JsonNode fs : saved.path("windows").path(id).path("failoverStates")) {
        String name = fs.path("relationship").asText();
        if (windows.get(id).relationship(name).isPresent()) {
          windows.get(id).setState(name, FakeWindowsFailoverState.valueOf(fs.path("state").asText()));
        }
      }
    }
  }

  /**
   * Creates a kept relationship again on its primary fake with the one command Windows creates a
   * relationship with ({@code Add-DhcpServerv4Failover}, composed by the Windows backend's own
   * command builder; it copies the primary's scopes to the partner), run in process. A plan would
   * read both servers, compare and check them first: the fakes were empty a moment ago, so the
   * sandbox skips that (it was a third of a reading run's CPU).
   */
  private void recreate(Relationship r) throws IOException {
    WindowsFailoverSettings s = (WindowsFailoverSettings) r.settings();
    String primary = r.primary().value();
    ImmutableAddFailover.Builder add = AddFailover.builder().name(r.name().value())
        .partnerServer(server(r.secondary().value()).address())
        .scopeIds(r.scopes().stream().map(Subnet::network).toList())
        .maxClientLeadTime(s.maxClientLeadTime())
        .stateSwitchInterval(s.stateSwitchInterval());
    if (s.messageAuthentication()) {
      add.sharedSecret(sharedSecret());
    }
    if (r.mode() == FailoverMode.HOT_STANDBY) {
      add.mode(CmdletFailoverMode.HOT_STANDBY).reservePercent(s.effectiveReservePercent())
          .serverRole(s.effectivePartnerRole() == WindowsServerRole.STANDBY ? CmdletServerRole.ACTIVE : CmdletServerRole.STANDBY);
    } else {
      add.mode(CmdletFailoverMode.LOAD_BALANCE).loadBalancePercent(s.effectiveLoadBalancePercent());
    }
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.addFailover(add.build()))) {
      ShellResult run = new InProcessWindowsShell(windows.get(primary)).run(script, Duration.ZERO);
      run.report(primary, script).throwIfFailed();
    }
  }

  private static JsonNode rewriteTexts(JsonNode node, Map<String, String> replacements) {
    if (node.isTextual()) {
      String r = replacements.get(node.asText());
      return r == null ? node : TextNode.valueOf(r);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), rewriteTexts(e.getValue(), replacements)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(rewriteTexts(n, replacements)));
      return out;
    }
    return node;
  }

  /** Removes what an earlier sandbox left in the directory (its secrets stay). */
  private void clear() throws IOException {
    for (String name : List.of(STATE_FILE, INVENTORY_FILE, "isc-a", "isc-b", "kea-a", "kea-b", "windows")) {
      Path p = dir.resolve(name);
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(q);
          }
        }
      } else {
        Files.deleteIfExists(p);
      }
    }
    Files.createDirectories(dir);
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static ValidationException invalid(String subject, String field, String value, String rule) {
    return new ValidationException(subject, List.of(new Violation(field, String.valueOf(value), rule)));
  }

  /** Stops every face and closes the backends' connections, once this run's inventory file is written. */
  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>();
    all.add(() -> join(inventoryWritten));
    all.add(windowsBackend);
    all.add(windowsDirect);
    all.addAll(ssh.values());
    if (kea != null) {
      all.add(kea);
    }
    all.addAll(omapi.values());
    RuntimeException first = null;
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("stopping the sandbox: " + e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "Sandbox{" + dir + "}";
  }
}
