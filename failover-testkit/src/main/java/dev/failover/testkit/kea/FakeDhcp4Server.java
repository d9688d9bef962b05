package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.FakeKeaAnswers.NODES;
import static dev.failover.testkit.kea.FakeKeaAnswers.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The fake's {@code kea-dhcp4}: its configuration and the commands it answers itself
 * ({@code config-*}, {@code status-get}, {@code list-commands}, {@code version-get}, the lease
 * commands), its {@link FakeHaHook}, loaded and unloaded as configurations come and go, and its
 * in-memory files. What reaches it over HTTP comes through the {@link FakeControlAgent}. Guarded
 * by the network's lock.
 */
final class FakeDhcp4Server {

  /** The commands that write: {@link FakeKeaServer#writes()} lists these. */
  static final Set<String> WRITE_COMMANDS = Set.of("config-set", "config-write", "config-reload");

  /** {@code list-commands} of the recorded Kea 2.2.0 with lease_cmds and HA hooks. */
  static final List<String> RECORDED_COMMANDS = List.of("build-report", "config-backend-pull",
      "config-get", "config-reload", "config-set", "config-test", "config-write", "dhcp-disable",
      "dhcp-enable", "ha-continue", "ha-heartbeat", "ha-maintenance-cancel",
      "ha-maintenance-notify", "ha-maintenance-start", "ha-reset", "ha-scopes", "ha-sync",
      "ha-sync-complete-notify", "lease4-add", "lease4-del", "lease4-get", "lease4-get-all",
      "lease4-get-by-client-id", "lease4-get-by-hostname", "lease4-get-by-hw-address",
      "lease4-get-page", "lease4-resend-ddns", "lease4-update", "lease4-wipe", "lease6-add",
      "lease6-bulk-apply", "lease6-del", "lease6-get", "lease6-get-all", "lease6-get-by-duid",
      "lease6-get-by-hostname", "lease6-get-page", "lease6-resend-ddns", "lease6-update",
      "lease6-wipe", "leases-reclaim", "libreload", "list-commands", "server-tag-get",
      "shutdown", "statistic-get", "statistic-get-all", "statistic-remove",
      "statistic-remove-all", "statistic-reset", "statistic-reset-all",
      "statistic-sample-age-set", "statistic-sample-age-set-all", "statistic-sample-count-set",
      "statistic-sample-count-set-all", "status-get", "version-get");

  /** What real Kea 2.6.3 lists beyond 2.2 (its agent: {@code config-hash-get} only). */
  private static final List<String> COMMANDS_SINCE_2_4 = List.of("config-hash-get",
      "lease4-write", "lease6-write");

  /** What real Kea 3.0.4's kea-dhcp4 lists beyond 2.6 (with or without hooks). */
  private static final List<String> COMMANDS_SINCE_3_0 = List.of("subnet4-select-test",
      "subnet4o6-select-test");

  /** What real Kea 2.6.3 no longer lists. */
  private static final List<String> COMMANDS_BEFORE_2_4 = List.of("libreload");

  /** {@code version-get}'s {@code extended} text of real Kea 3.0.4 as Debian sid builds it. */
  static final String EXTENDED_3_0 = "3.0.4 (3.0.4 (tarball))\npremium: no\nlinked with:\n"
      + "- log4cplus 2.1.2\n- OpenSSL 3.6.5 29 Sep 2026\nlease backends:\n- Memfile backend 3.0";

  /** The same of its kea-dhcp4, which adds the lease backends. */
  static final String EXTENDED_2_6 = FakeControlAgent.EXTENDED_2_6_AGENT + "\nbackends:\n"
      + "- MySQL backend 22.2, library 3.4.10\n- PostgreSQL backend 22.2, library 170012\n"
      + "- Memfile backend 3.0";

  /** {@code version-get}'s {@code extended} text of the recorded server. */
  static final String EXTENDED_2_2 = "2.2.0\ntarball\nlinked with:\nlog4cplus 2.0.8\n"
      + "OpenSSL 3.0.19 27 Jan 2026\ndatabase:\nMySQL backend 14.0, library 3.3.20\n"
      + "PostgreSQL backend 13.0, library 150018\nMemfile backend 2.1";

  static final String CONFIG_SUCCESSFUL = "Configuration successful.";
  static final String CONFIG_SANE = "Configuration seems sane. Control-socket, hook-libraries,"
      + " and D2 configuration were sanity checked, but not applied.";
  static final String HOOKS_FAILED = "One or more hook libraries failed to load";

  private final FakeKeaServer server;
  private final KeaHaNetwork network;
  private final FakeKeaFlavour flavour;
  private final int pid;
  private final String configFile;
  private final FakeHaHook ha;

  private Instant createdAt;
  private Instant reloadedAt;
  private ObjectNode configuration;
  /** Set when a refused hook load left the server without hooks (real Kea 2.2's unrecoverable error). */
  private boolean hooksUnloaded;
  private final Map<String, String> files = new LinkedHashMap<>();
  private KeaPersistedConfig persisted;
  private PendingFailure pendingFailure;
  /** The leases {@code lease4-add} added, by address, as {@code lease4-get} shows them (kept across config-set, as memfile keeps its file). */
  private final Map<String, ObjectNode> leases = new LinkedHashMap<>();

  private record PendingFailure(String command, String text) {
  }

  FakeDhcp4Server(FakeKeaServer server, KeaHaNetwork network, FakeKeaFlavour flavour, int pid,
      String configFile, ObjectNode configuration, List<HaSettings> ha, boolean running) {
    this.server = server;
    this.network = network;
    this.flavour = flavour;
    this.pid = pid;
    this.configFile = configFile;
    this.createdAt = network.clock.instant();
    this.reloadedAt = createdAt;
    this.configuration = configuration;
    this.files.put(configFile, FakeKeaJson.prettyPrint(configuration));
    this.ha = new FakeHaHook(server, network, flavour);
    this.ha.load(ha, createdAt, running);
  }

  FakeHaHook ha() {
    return ha;
  }

  /** {@return the configuration in force, {@code {"Dhcp4": …}} (not a copy)} */
  ObjectNode configuration() {
    return configuration;
  }

  /** {@return when the process started} */
  Instant startedAt() {
    return createdAt;
  }

  /** Restarts as a restarted {@code kea-dhcp4} would: same configuration, HA from {@code waiting}. */
  void restart(Instant now) {
    ha.restart(now);
    createdAt = now;
    reloadedAt = now;
  }

  /** Makes the next write command ({@code command}, or any when null) fail with {@code text}. */
  void failNext(String command, String text) {
    pendingFailure = new PendingFailure(command, text);
  }

  Optional<KeaPersistedConfig> persisted() {
    return Optional.ofNullable(persisted);
  }

  Optional<String> file(String filename) {
    return Optional.ofNullable(files.get(filename));
  }

  ObjectNode command(String name, JsonNode args,
      Function<JsonNode, FakeKeaJson.Position> position) {
    if (name.startsWith("ha-") && RECORDED_COMMANDS.contains(name)
        && !hasLibrary(FakeDhcp4Config.HA_LIBRARY)) {
      return answer(2, "'" + name + "' command not supported.", null);
    }
    if (name.startsWith("lease") && RECORDED_COMMANDS.contains(name)
        && !name.equals("leases-reclaim") && !hasLibrary(FakeDhcp4Config.LEASE_CMDS_LIBRARY)) {
      return answer(2, "'" + name + "' command not supported.", null);
    }
    if (FakeHaHook.COMMANDS.contains(name)) {
      return ha.command(name, args);
    }
    switch (name) {
      case "config-get":
        return answer(0, null, configuration.deepCopy());
      case "config-test":
        return configTest(args, position);
      case "config-set":
        return configSet(args, position);
      case "config-write":
        return configWrite(args);
      case "config-reload":
        return configReload();
      case "status-get":
        return statusGet();
      case "list-commands":
        return listCommands();
      case "version-get":
        return versionGet();
      case "lease4-get-all":
        return leases.isEmpty() ? answer(3, "0 IPv4 lease(s) found.", leases())
            : answer(0, leases.size() + " IPv4 lease(s) found.", leases());
      case "lease4-add":
        return leaseAdd(args);
      case "lease4-get":
        return leaseGet(args, false);
      case "lease4-del":
        return leaseGet(args, true);
      default:
        if (RECORDED_COMMANDS.contains(name)) {
          return FakeKeaAnswers.notModelled(name);
        }
        return answer(2, "'" + name + "' command not supported.", null);
    }
  }

  /** Kea 2.2's list, or with Kea 2.4's changes ({@code added}) on the newer flavours, sorted. */
  static List<String> commandList(FakeKeaFlavour flavour, List<String> recorded,
      List<String> added) {
    if (!flavour.newer()) {
      return recorded;
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>(recorded);
    all.addAll(added);
    all.removeAll(COMMANDS_BEFORE_2_4);
    return List.copyOf(all);
  }

  private ObjectNode versionGet() {
    ObjectNode args = NODES.objectNode();
    args.put("extended", flavour == FakeKeaFlavour.CONTROL_AGENT_2_2 ? EXTENDED_2_2
        : flavour == FakeKeaFlavour.CONTROL_AGENT_2_6 ? EXTENDED_2_6 : EXTENDED_3_0);
    return answer(0, flavour.version(), args);
  }

  private long secondsSince(Instant then) {
    return Math.max(0, Duration.between(then, network.clock.instant()).getSeconds());
  }

  private boolean hasLibrary(String library) {
    return !hooksUnloaded && FakeDhcp4Config.libraries(configuration.get("Dhcp4")).contains(library);
  }

  private ObjectNode leases() {
    ObjectNode args = NODES.objectNode();
    ArrayNode list = args.putArray("leases");
    leases.values().forEach(l -> list.add(l.deepCopy()));
    return args;
  }

  /** The subnet ids of the configuration in force, shared networks' included. */
  private java.util.Set<Long> subnetIds() {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    JsonNode dhcp4 = configuration.path("Dhcp4");
    dhcp4.path("subnet4").forEach(sn -> ids.add(sn.path("id").asLong()));
    dhcp4.path("shared-networks").forEach(n -> n.path("subnet4").forEach(sn -> ids.add(sn.path("id").asLong())));
    return ids;
  }

  /** {@code lease4-add} as the lease_cmds hook answers it: address, hardware address and a configured subnet. */
  private ObjectNode leaseAdd(JsonNode args) {
    if (args == null || !args.isObject()) {
      return answer(1, "no parameters specified for the command", null);
    }
    String address = args.path("ip-address").asText("");
    if (!IpLiterals.isIpv4(address)) {
      return answer(1, "missing parameter 'ip-address' (<string>:1:2)", null);
    }
    if (!args.path("hw-address").isTextual()) {
      return answer(1, "missing parameter 'hw-address' (<string>:1:2)", null);
    }
    long subnetId = args.path("subnet-id").asLong(0);
    if (!subnetIds().contains(subnetId)) {
      return answer(1, "Invalid subnet-id: No IPv4 subnet with subnet-id=" + subnetId + " currently configured.",
          null);
    }
    if (leases.containsKey(address)) {
      return answer(1, "IPv4 lease already exists.", null);
    }
    ObjectNode lease = NODES.objectNode();
    lease.put("ip-address", address).put("hw-address", args.path("hw-address").asText())
        .put("subnet-id", subnetId);
    long validLft = args.path("valid-lft").asLong(configuration.path("Dhcp4").path("valid-lifetime").asLong(7200));
    long cltt = args.has("expire") ? args.path("expire").asLong() - validLft : network.clock.instant().getEpochSecond();
    lease.put("valid-lft", validLft).put("cltt", cltt);
    if (args.path("client-id").isTextual()) {
      lease.put("client-id", args.path("client-id").asText());
    }
    lease.put("hostname", args.path("hostname").asText("")).put("state", args.path("state").asInt(0))
        .put("fqdn-fwd", false).put("fqdn-rev", false);
    leases.put(address, lease);
    return answer(0, "Lease for address " + address + ", subnet-id " + subnetId + " added.", null);
  }

  /** {@code lease4-get} or {@code lease4-del} by {@code ip-address}. */
  private ObjectNode leaseGet(JsonNode args, boolean delete) {
    String address = args == null ? "" : args.path("ip-address").asText("");
    if (!IpLiterals.isIpv4(address)) {
      return answer(1, "No 'ip-address' provided and 'identifier-type' is either missing or not a string.", null);
    }
    ObjectNode lease = leases.get(address);
    if (lease == null) {
      return answer(3, delete ? "IPv4 lease not found." : "Lease not found.", null);
    }
    if (delete) {
      leases.remove(address);
      return answer(0, "IPv4 lease deleted.", null);
    }
    return answer(0, "IPv4 lease found.", lease.deepCopy());
  }

  private ObjectNode listCommands() {
    ArrayNode list = NODES.arrayNode();
    boolean ha = hasLibrary(FakeDhcp4Config.HA_LIBRARY);
    boolean leases = hasLibrary(FakeDhcp4Config.LEASE_CMDS_LIBRARY);
    List<String> added = new ArrayList<>(COMMANDS_SINCE_2_4);
    if (flavour.kea3()) {
      added.addAll(COMMANDS_SINCE_3_0);
    }
    for (String c : commandList(flavour, RECORDED_COMMANDS, added)) {
      if (c.startsWith("ha-") && !ha) {
        continue;
      }
      if (c.startsWith("lease") && !c.equals("leases-reclaim") && !leases) {
        continue;
      }
      list.add(c);
    }
    return answer(0, null, list);
  }

  // ---- configuration commands ----------------------------------------------------------------

  /** The checks {@code commandConfigSetHandler} / {@code commandConfigTestHandler} make first. */
  private static String configArgumentsProblem(JsonNode args) {
    if (args == null) {
      return "Missing mandatory 'arguments' parameter.";
    }
    if (!args.isObject()) {
      return "'arguments' parameter expected to be a map.";
    }
    JsonNode dhcp4 = args.get("Dhcp4");
    if (dhcp4 == null) {
      return "Missing mandatory 'Dhcp4' parameter.";
    }
    if (!dhcp4.isObject()) {
      return "'Dhcp4' parameter expected to be a map.";
    }
    StringBuilder unsupported = new StringBuilder();
    var names = args.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!n.equals("Dhcp4")) {
        unsupported.append(unsupported.length() == 0 ? "Unsupported '" + n + "' parameter"
            : " (and '" + n + "')");
      }
    }
    return unsupported.length() == 0 ? null : unsupported + ".";
  }

  private ObjectNode configTest(JsonNode args, Function<JsonNode, FakeKeaJson.Position> position) {
    String problem = configArgumentsProblem(args);
    if (problem != null) {
      return answer(1, problem, null);
    }
    Optional<String> error = FakeDhcp4Config.check(args.get("Dhcp4"), position, flavour);
    return error.map(e -> answer(1, e, null)).orElseGet(() -> answer(0, CONFIG_SANE, null));
  }

  private Optional<String> takeFailure(String command) {
    if (pendingFailure != null
        && (pendingFailure.command() == null || pendingFailure.command().equals(command))) {
      String text = pendingFailure.text();
      pendingFailure = null;
      return Optional.of(text);
    }
    return Optional.empty();
  }

  private ObjectNode configSet(JsonNode args, Function<JsonNode, FakeKeaJson.Position> position) {
    String problem = configArgumentsProblem(args);
    if (problem != null) {
      return answer(1, problem, null);
    }
    Optional<String> failure = takeFailure("config-set");
    if (failure.isPresent()) {
      return answer(1, failure.get(), null);
    }
    KeaFault fault = server.faultNow();
    if (fault != null && fault.kind() == KeaFault.Kind.HOOKS_FAILED) {
      Optional<String> error = FakeDhcp4Config.check(args.get("Dhcp4"), position, flavour);
      if (error.isPresent()) {
        return answer(1, error.get(), null);
      }
      return unloadHooks("HOOKS_LOAD_FAILED a hook library failed to load (the fault asked for)");
    }
    return apply((ObjectNode) args.get("Dhcp4"), position);
  }

  /** Loads a configuration like {@code processConfig}: checks, hooks, commit, HA restart. */
  private ObjectNode apply(ObjectNode dhcp4, Function<JsonNode, FakeKeaJson.Position> position) {
    Optional<String> error = FakeDhcp4Config.check(dhcp4, position, flavour);
    if (error.isPresent()) {
      return answer(1, error.get(), null);
    }
    List<HaSettings> ha;
    try {
      ha = FakeHaHook.haFor(dhcp4, flavour, position);
    } catch (HaSettings.Invalid e) {
      return unloadHooks("HA_CONFIGURATION_FAILED failed to configure High Availability hooks"
          + " library: " + e.getMessage());
    }
    ObjectNode stored = NODES.objectNode();
    stored.set("Dhcp4", FakeDhcp4Config.normalize(dhcp4));
    configuration = stored;
    hooksUnloaded = false;
    reloadedAt = network.clock.instant();
    this.ha.load(ha, reloadedAt, false);
    network.unsettle();
    server.ensurePartnersSimulated();
    if (flavour.newer()) {
      // Kea >= 2.4 answers the hash of the configuration now in force
      ObjectNode hash = NODES.objectNode();
      hash.put("hash", FakeKeaAnswers.sha256(FakeKeaJson.toWire(configuration.get("Dhcp4"))));
      return answer(0, CONFIG_SUCCESSFUL, hash);
    }
    return answer(0, CONFIG_SUCCESSFUL, null);
  }

  /**
   * A hook library failed to load: as real Kea 2.2, the old configuration stays in force, but the
   * hooks it had are unloaded and not loaded again, so HA stops on this server until the next
   * successful config-set.
   */
  private ObjectNode unloadHooks(String why) {
    server.log(why);
    server.log("DHCP4_CONFIG_UNRECOVERABLE_ERROR DHCPv4 server new configuration failed with an error"
        + " which cannot be recovered");
    hooksUnloaded = true;
    ha.unload();
    network.unsettle();
    // Kea 3.0 answers this with its "fatal error" result, 5
    return answer(flavour == FakeKeaFlavour.DIRECT_HTTP_3_0 ? 5 : 1, HOOKS_FAILED, null);
  }


  private ObjectNode configWrite(JsonNode args) {
    String filename = "";
    if (args != null) {
      if (!args.isObject()) {
        return answer(1, "Argument must be a map", null);
      }
      JsonNode f = args.get("filename");
      if (f != null) {
        if (!f.isTextual()) {
          return answer(1, "passed parameter 'filename' is not a string", null);
        }
        filename = f.textValue();
      }
    }
    if (filename.isEmpty()) {
      filename = configFile;
    }
    Optional<String> failure = takeFailure("config-write");
    if (failure.isPresent()) {
      return answer(1, failure.get(), null);
    }
    String text = FakeKeaJson.prettyPrint(configuration);
    files.put(filename, text);
    persisted = new KeaPersistedConfig(network.clock.instant(), filename, configuration, text);
    ObjectNode result = NODES.objectNode();
    result.put("filename", filename);
    result.put("size", persisted.size());
    return answer(0, "Configuration written to " + filename + " successful", result);
  }

  private ObjectNode configReload() {
    Optional<String> failure = takeFailure("config-reload");
    if (failure.isPresent()) {
      return answer(1, failure.get(), null);
    }
    String text = files.get(configFile);
    FakeKeaJson.Parsed parsed;
    try {
      parsed = FakeKeaJson.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (FakeKeaJson.ParseException e) {
      return answer(1, "Config reload failed: " + e.getMessage(), null);
    }
    JsonNode dhcp4 = parsed.root().get("Dhcp4");
    if (dhcp4 == null || !dhcp4.isObject()) {
      return answer(1, "Config reload failed: no Dhcp4 map in " + configFile, null);
    }
    Function<JsonNode, FakeKeaJson.Position> position = n -> {
      FakeKeaJson.Position p = parsed.positionOf(n);
      return new FakeKeaJson.Position(configFile, p.line(), p.column());
    };
    return apply((ObjectNode) dhcp4, position);
  }

  // ---- status ---------------------------------------------------------------------------------

  private ObjectNode statusGet() {
    ObjectNode args = NODES.objectNode();
    ha.statusInto(args, network.clock.instant());
    JsonNode mt = configuration.path("Dhcp4").path("multi-threading");
    // real Kea 2.6 and 3.0 run single-threaded after a refused hook load (no configuration restored)
    boolean mtEnabled = mt.path("enable-multi-threading").asBoolean(flavour.newer())
        && !(hooksUnloaded && flavour.newer());
    args.put("multi-threading-enabled", mtEnabled);
    if (mtEnabled) {
      args.put("packet-queue-size", mt.path("packet-queue-size").asLong(64));
      args.put("thread-pool-size", mt.path("thread-pool-size").asLong(0));
      if (flavour.newer()) {
        // Kea 2.6 and 3.0 write these doubles with their point: 0.0, not 0
        ArrayNode queue = args.putArray("packet-queue-statistics");
        for (int i = 0; i < 3; i++) {
          queue.add(NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue("0.0")));
        }
      }
    }
    if (flavour.newer()) {
      ObjectNode dhcpState = args.putObject("dhcp-state");
      dhcpState.putArray("disabled-by-db-connection");
      dhcpState.putArray("disabled-by-local-command");
      dhcpState.putArray("disabled-by-remote-command");
      dhcpState.put("disabled-by-user", false);
      dhcpState.put("globally-disabled", false);
    }
    args.put("pid", pid);
    args.put("reload", secondsSince(reloadedAt));
    args.putObject("sockets").put("status", "ready");
    args.put("uptime", secondsSince(createdAt));
    return answer(0, null, args);
  }
}
