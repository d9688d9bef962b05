package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory Kea 2.2 DHCPv4 server with its HA hook, answering over HTTP the way a Kea Control
 * Agent in front of {@code kea-dhcp4} answers (or, selectably, the way Kea 3.0's direct HTTP
 * control socket answers), held to the answers of a real Kea 2.2.0 pair recorded in
 * {@code reference/kea-2.2-answers/}.
 *
 * <pre>{@code
 * try (FakeKeaServer kea = FakeKeaServer.builder().start()) {
 *   HttpRequest get = HttpRequest.newBuilder(kea.url())
 *       .header("Content-Type", "application/json")
 *       .POST(BodyPublishers.ofString("{\"command\":\"config-get\",\"service\":[\"dhcp4\"]}"))
 *       .build();
 *   // -> [ { "arguments": { "Dhcp4": { ... } }, "result": 0 } ]
 * }
 * }</pre>
 *
 * <h2>What it holds</h2>
 * Its configuration as a Jackson tree, exactly what {@code config-get} returns
 * ({@code {"Dhcp4": …}}); one HA state machine per {@code high-availability} entry; a clock it
 * reads and never sleeps on; a history of the commands it answered; what {@code config-write}
 * last wrote. Everything is guarded by one lock (shared with its partner in a
 * {@link FakeKeaPair}), so it is thread-safe, and it only moves when its clock does, so it is
 * deterministic.
 *
 * <h2>Kea's behaviour it reproduces</h2>
 * <ul>
 *   <li>Wire format: Kea's own JSON writer (sorted keys, {@code "{ … }"} spacing, {@code %g}
 *       doubles, non-ASCII bytes as {@code \}{@code u00XX}); an unparseable body, a method other
 *       than POST, a missing {@code Content-Length} or a {@code Content-Type} other than
 *       {@code application/json} gets the bare {@code {"result": 400, "text": "Bad Request"}};
 *       basic authentication failures get 401 with {@code WWW-Authenticate}.</li>
 *   <li>{@code config-set} / {@code config-test}: Kea's checks of subnets, pools and reservations
 *       and of hook libraries with its texts and positions; a failed {@code config-set} keeps the
 *       old configuration. The position in {@code (<wire>:0:N)} is computed the way Kea computes
 *       it: the agent re-serialises the command and {@code kea-dhcp4} parses that text, so N is
 *       the column of the subnet in Kea's serialisation of the whole command, which the fake
 *       reproduces exactly (for the direct flavour: {@code (<string>:L:C)} in the request body).
 *       The recorded answers show N 15 lower than the recorded requests give, because the
 *       recording replaced a 9-character temp directory by {@code /tmp/kea-test/} in 3 paths;
 *       the same offset explains the recorded {@code config-write} size.</li>
 *   <li>The HA hook reads its parameters only when it is loaded, on {@code config-set}: an invalid
 *       HA entry passes {@code config-test} and makes {@code config-set} answer Kea's generic
 *       {@code One or more hook libraries failed to load}; the hook's own message (Kea's text,
 *       e.g. {@code secondary servers not allowed in the hot standby configuration}) goes to the
 *       server log, see {@link #serverLog()}. Kea then keeps its old configuration but runs without
 *       any hook (logging {@code DHCP4_CONFIG_UNRECOVERABLE_ERROR}): {@code ha-*} and
 *       {@code lease*} commands answer "not supported" and {@code status-get} reports no HA until
 *       the next successful {@code config-set}. A successful {@code config-set} reloads the hooks,
 *       so HA starts again in {@code waiting} and needs a heartbeat to get back to normal.</li>
 *   <li>HA: heartbeats every {@code heartbeat-delay} ms on the clock; a partner that cannot be
 *       reached is {@code unavailable}; after {@code max-response-delay} without contact
 *       communication is interrupted and the server goes {@code partner-down} when Kea would
 *       (always for a hot-standby primary, when {@code max-unacked-clients} is 0 or exceeded
 *       otherwise, through {@code communication-recovery} in load balancing); when the partner
 *       is back it goes through {@code waiting}, {@code syncing}, {@code ready} to normal
 *       operation. Maintenance, scopes, sync, reset and continue behave and answer as Kea's.</li>
 * </ul>
 *
 * <h2>What it does not do</h2>
 * No DHCP, no leases ({@code lease4-get-all} always answers "0 IPv4 lease(s) found."), no files:
 * {@code config-write} and {@code config-reload} use an in-memory file. {@code config-get}
 * derives subnet values the way the recorded answer shows (inherited lifetimes and timers, empty
 * lists, {@code relay}, pool text as Kea prints it) but does not add Kea's global defaults to a
 * configuration that omits them. It refuses, with real Kea's texts, unknown global, subnet and
 * option-data parameters, integer parameters of another type, addresses an option cannot hold,
 * options Kea does not define, lifetimes outside their bounds and reservations given twice
 * (checked against real Kea 2.2, 2.6 and 3.0 by failover-kea's differential suite); client
 * classes and reservation identifiers other than {@code hw-address} are not checked. A peer's
 * URL must be where that peer says it is (its own entry in its own configuration), or it is
 * never reached. See {@link KeaFault} for faults a test asks for by name. A command Kea 2.2 lists but the fake does not model
 * answers result 1 saying so. In-process HA peers do not authenticate to each other. The Kea 2.6
 * flavour keeps the agent's envelope and answers with what Kea 2.4 brought (see
 * {@link KeaFlavour#CONTROL_AGENT_2_6}); the Kea 3.0 flavour also changes the envelope, the
 * version and the error positions. Both newer flavours add {@code server-name} to
 * {@code status-get}'s local and remote entries (which tells a hub's relationships apart) and the
 * configuration hash to {@code config-set}'s answer, and {@code dhcp-state} and the packet
 * queue statistics to {@code status-get} (3.0 also {@code system-time} and {@code clock-skew},
 * the skew always 0 between in-process peers); the texts for several relationships are the
 * fake's own wording. The agent's {@code config-get} lists basic-auth users without their
 * passwords (Kea would show them; the fake never writes a secret out).
 */
public final class FakeKeaServer implements AutoCloseable {

  /** The commands that write: {@link #writes()} lists these. */
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

  private static final List<String> AGENT_COMMANDS = List.of("build-report", "config-get",
      "config-reload", "config-set", "config-test", "config-write", "list-commands", "shutdown",
      "status-get", "version-get");

  /** What real Kea 2.6.3 lists beyond 2.2 (its agent: {@code config-hash-get} only). */
  private static final List<String> COMMANDS_SINCE_2_4 = List.of("config-hash-get",
      "lease4-write", "lease6-write");

  /** What real Kea 3.0.4's kea-dhcp4 lists beyond 2.6 (with or without hooks). */
  private static final List<String> COMMANDS_SINCE_3_0 = List.of("subnet4-select-test",
      "subnet4o6-select-test");

  /** What real Kea 2.6.3 no longer lists. */
  private static final List<String> COMMANDS_BEFORE_2_4 = List.of("libreload");

  /** {@code version-get}'s {@code extended} text of real Kea 2.6.3 as Debian trixie builds it. */
  static final String EXTENDED_2_6_AGENT = "2.6.3 (tarball)\npremium: no\nlinked with:\n"
      + "- log4cplus 2.0.8\n- OpenSSL 3.5.9 29 Sep 2026";

  /** {@code version-get}'s {@code extended} text of real Kea 3.0.4 as Debian sid builds it. */
  static final String EXTENDED_3_0 = "3.0.4 (3.0.4 (tarball))\npremium: no\nlinked with:\n"
      + "- log4cplus 2.1.2\n- OpenSSL 3.6.5 29 Sep 2026\nlease backends:\n- Memfile backend 3.0";

  /** The same of its kea-dhcp4, which adds the lease backends. */
  static final String EXTENDED_2_6 = EXTENDED_2_6_AGENT + "\nbackends:\n"
      + "- MySQL backend 22.2, library 3.4.10\n- PostgreSQL backend 22.2, library 170012\n"
      + "- Memfile backend 3.0";

  /** {@code version-get}'s {@code extended} text of the recorded server. */
  static final String EXTENDED_2_2 = "2.2.0\ntarball\nlinked with:\nlog4cplus 2.0.8\n"
      + "OpenSSL 3.0.19 27 Jan 2026\ndatabase:\nMySQL backend 14.0, library 3.3.20\n"
      + "PostgreSQL backend 13.0, library 150018\nMemfile backend 2.1";

  /** {@code version-get}'s {@code extended} text of the recorded agent, after the version. */
  static final String AGENT_EXTENDED = "\ntarball\nlinked with:\nlog4cplus 2.0.8\n";

  /** What real Kea's agent adds to "command not supported" for a command without service. */
  static final String AGENT_NO_SERVICE = " You did not include \"service\" parameter in the"
      + " command, which indicates that Kea Control Agent should process this command rather than"
      + " forward it to one or more Kea servers. If you aimed to send this command to one of the"
      + " Kea servers you should include the \"service\" parameter in your request, e.g."
      + " \"service\": [ \"dhcp4\" ] to forward the command to the DHCPv4 server, or"
      + " \"service\": [ \"dhcp4\", \"dhcp6\", \"d2\" ] to forward it to DHCPv4, DHCPv6 and D2"
      + " servers etc.";

  static final String CONFIG_SUCCESSFUL = "Configuration successful.";
  static final String CONFIG_SANE = "Configuration seems sane. Control-socket, hook-libraries,"
      + " and D2 configuration were sanity checked, but not applied.";
  static final String HOOKS_FAILED = "One or more hook libraries failed to load";
  static final String CONNECTION_REFUSED = "Connection refused";
  /** What Kea 2.2's agent answers for {@code dhcp4} when {@code kea-dhcp4} is not running. */
  static final String SERVER_GONE = "unable to forward command to the dhcp4 service: No such file or"
      + " directory. The server is likely to be offline";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter SYSTEM_TIME = DateTimeFormatter
      .ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final Set<String> COMMAND_PARAMETERS = Set.of("command", "arguments", "service",
      "remote-address");
  private static final String DEFAULT_REALM = "kea-control-agent";

  private final String label;
  private final KeaFlavour flavour;
  private final KeaHaNetwork network;
  private final List<Credential> credentials;
  private final String realm;
  private final int pid;
  private final String configFile;
  private final boolean hidden;
  private volatile KeaHttpFace face;

  // Guarded by network.lock.
  private Instant createdAt;
  private ObjectNode configuration;
  private List<HaRelationship> relationships = List.of();
  /** Set when a refused hook load left the server without hooks (real Kea 2.2's unrecoverable error). */
  private boolean hooksUnloaded;
  private Instant reloadedAt;
  private boolean connected = true;
  private boolean closed;
  private final Map<String, String> files = new LinkedHashMap<>();
  private KeaPersistedConfig persisted;
  private PendingFailure pendingFailure;
  private KeaFault fault;
  private final List<KeaCommandRecord> commands = new ArrayList<>();
  private final List<String> serverLog = new ArrayList<>();

  private record Credential(String user, Secret password) {
  }

  private record PendingFailure(String command, String text) {
  }

  private FakeKeaServer(Builder b, KeaHaNetwork network, ObjectNode configuration,
      List<HaSettings> ha, boolean hidden, boolean running) {
    this.label = b.label;
    this.flavour = b.flavour;
    this.network = network;
    this.credentials = List.copyOf(b.credentials);
    this.realm = b.realm;
    this.pid = b.pid;
    this.configFile = b.configFile;
    this.hidden = hidden;
    this.createdAt = network.clock.instant();
    this.reloadedAt = createdAt;
    this.configuration = configuration;
    this.files.put(configFile, KeaJson.prettyPrint(configuration));
    List<HaRelationship> rels = new ArrayList<>();
    for (HaSettings s : ha) {
      rels.add(new HaRelationship(this, s, createdAt, running));
    }
    this.relationships = List.copyOf(rels);
  }

  /** {@return a builder for one standalone fake (its HA partner is simulated in process)} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a fake with the default configuration: the recorded server's, {@code server1} primary
   * of a hot-standby pair whose standby {@code server2} is simulated in process; subnet
   * {@code 192.0.2.0/24} (id 1) with pool {@code 192.0.2.100-192.0.2.200}.
   *
   * @return the running fake; close it to stop it
   */
  public static FakeKeaServer start() {
    return builder().start();
  }

  // ---------------------------------------------------------------------------------------------
  // Builder
  // ---------------------------------------------------------------------------------------------

  /** Builds a fake; {@link #start()} also opens its HTTP face. */
  public static final class Builder {
    private JsonNode configuration;
    private Clock clock;
    private KeaFlavour flavour = KeaFlavour.CONTROL_AGENT_2_2;
    private final List<Credential> credentials = new ArrayList<>();
    private String realm = DEFAULT_REALM;
    private int pid = 8987;
    private String configFile = "/etc/kea/kea-dhcp4.conf";
    private String label = "kea";

    private Builder() {
    }

    /**
     * The starting configuration, {@code {"Dhcp4": …}} as {@code config-get} returns it. It must
     * pass the same checks as {@code config-set}, including the HA hook's.
     *
     * @param configuration the configuration
     * @return this builder
     */
    public Builder configuration(JsonNode configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration").deepCopy();
      return this;
    }

    /**
     * The clock (default: a new {@link ManualClock} at {@link ManualClock#DEFAULT_START}).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Which control channel the HTTP face imitates (default Kea 2.2's Control Agent).
     *
     * @param flavour the channel
     * @return this builder
     */
    public Builder flavour(KeaFlavour flavour) {
      this.flavour = Objects.requireNonNull(flavour, "flavour");
      return this;
    }

    /**
     * Requires HTTP basic authentication; may be called more than once for several clients.
     * The user must not contain {@code ':'} (Kea refuses such a user).
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, Secret password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      dev.failover.errors.Violations.collect()
          .check(!user.isEmpty(), "user", "(empty)", "must not be empty")
          .check(user.indexOf(':') < 0, "user", user, "must not contain ':' (Kea refuses it)")
          .check(!password.isRedacted(), "password", password, "must not be redacted")
          .throwIfAny("Kea basic authentication");
      credentials.add(new Credential(user, password));
      return this;
    }

    /**
     * The basic-auth realm (default {@code kea-control-agent}, as the agent's).
     *
     * @param realm the realm
     * @return this builder
     */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c >= 0x7f)) {
        throw new ValidationException("Kea basic authentication", List.of(new Violation("realm",
            realm, "must be printable ASCII without quotes or backslashes (it goes into the"
                + " WWW-Authenticate header)")));
      }
      this.realm = realm;
      return this;
    }

    /**
     * The {@code pid} {@code status-get} reports (default that of the recorded server).
     *
     * @param pid the process id
     * @return this builder
     */
    public Builder pid(int pid) {
      this.pid = pid;
      return this;
    }

    /**
     * The configuration file {@code config-write} writes when given no file name and
     * {@code config-reload} reads (default {@code /etc/kea/kea-dhcp4.conf}; in memory only).
     *
     * @param configFile the file's path
     * @return this builder
     */
    public Builder configFile(String configFile) {
      Objects.requireNonNull(configFile, "configFile");
      if (configFile.isEmpty()) {
        throw new ValidationException("fake Kea server", List.of(new Violation("configFile",
            "(empty)", "must not be empty")));
      }
      this.configFile = configFile;
      return this;
    }

    Builder label(String label) {
      this.label = label;
      return this;
    }

    /**
     * Builds the fake without an HTTP face (use {@link FakeKeaServer#startHttp()} later).
     *
     * @return the fake
     */
    public FakeKeaServer build() {
      return buildWith(null);
    }

    /**
     * Builds the fake and starts its HTTP face on 127.0.0.1 and an ephemeral port.
     *
     * @return the running fake; close it to stop it
     */
    public FakeKeaServer start() {
      KeaHttpFace face = KeaHttpFace.bind();
      try {
        FakeKeaServer server = buildWith(face.url());
        server.attachFace(face);
        return server;
      } catch (RuntimeException e) {
        face.close();
        throw e;
      }
    }

    /**
     * Builds the fake and starts its HTTP face on 127.0.0.1 and an ephemeral port, in the HA
     * network of {@code neighbour} (a standalone fake, or a server of a {@link FakeKeaPair}): one
     * clock and one lock, and their HA hooks reach each other in process by peer name, as a
     * pair's do. A third server beside a pair makes a hub and two spokes (Kea ≥ 2.6 allows a
     * server several hot-standby relationships; this fake in {@link KeaFlavour#DIRECT_HTTP_3_0}).
     * The fake runs on the neighbour's clock.
     *
     * @param neighbour a running fake
     * @return the running fake; close it to stop it
     * @throws ValidationException if no {@link #configuration} was given (the default one's peer
     *     names would clash with the neighbour's), if a {@link #clock} other than the
     *     neighbour's was given, or if Kea would refuse the configuration
     */
    public FakeKeaServer startBeside(FakeKeaServer neighbour) {
      Objects.requireNonNull(neighbour, "neighbour");
      KeaHaNetwork network = neighbour.network;
      dev.failover.errors.Violations.collect()
          .check(configuration != null, "configuration", "(none)",
              "must be given for a fake started beside another (the default one names server1"
                  + " and server2, which the network may already have)")
          .check(clock == null || clock == network.clock, "clock", clock,
              "must be the neighbour's (" + network.clock + ") or not given")
          .throwIfAny("fake Kea server beside " + neighbour);
      KeaHttpFace face = KeaHttpFace.bind();
      network.lock.lock();
      try {
        FakeKeaServer server = buildMember(network, configuration, true, false);
        server.ensurePartnersSimulated();
        server.attachFace(face);
        return server;
      } catch (RuntimeException e) {
        face.close();
        throw e;
      } finally {
        network.lock.unlock();
      }
    }

    private FakeKeaServer buildWith(URI ownUrl) {
      Clock c = clock != null ? clock : ManualClock.create();
      KeaHaNetwork network = new KeaHaNetwork(c);
      JsonNode config = configuration != null ? configuration : defaultConfiguration(ownUrl);
      FakeKeaServer server = buildMember(network, config, true, false);
      network.lock.lock();
      try {
        server.ensurePartnersSimulated();
      } finally {
        network.lock.unlock();
      }
      return server;
    }

    FakeKeaServer buildMember(KeaHaNetwork network, JsonNode config, boolean running,
        boolean hidden) {
      ObjectNode dhcp4 = checkedForBuild(config, flavour);
      List<HaSettings> ha = haFor(dhcp4, flavour);
      ObjectNode stored = NODES.objectNode();
      stored.set("Dhcp4", Dhcp4Config.normalize(dhcp4));
      FakeKeaServer server = new FakeKeaServer(this, network, stored, ha, hidden, running);
      network.join(server);
      return server;
    }
  }

  private static ObjectNode defaultConfiguration(URI ownUrl) {
    String self = ownUrl == null ? "http://127.0.0.1:18001/" : ownUrl.toString();
    return KeaConfigs.server(1, "server1", HaSettings.Mode.HOT_STANDBY,
        List.of(new KeaConfigs.PeerSpec("server1", "primary", self),
            new KeaConfigs.PeerSpec("server2", "standby", "http://127.0.0.1:18002/")),
        KeaConfigs.Timers.RECORDED,
        List.of(new KeaConfigs.ScopeSpec("192.0.2.0/24", 1, List.of("192.0.2.100-192.0.2.200"))));
  }

  private static ObjectNode checkedForBuild(JsonNode config, KeaFlavour flavour) {
    JsonNode dhcp4 = config.get("Dhcp4");
    if (dhcp4 == null || !dhcp4.isObject()) {
      throw invalidConfiguration(config, "must be a map with a \"Dhcp4\" map inside (what"
          + " config-get returns)");
    }
    Map<JsonNode, KeaJson.Position> positions = KeaJson.wirePositions(config);
    Function<JsonNode, KeaJson.Position> position = n -> positions.getOrDefault(n,
        new KeaJson.Position(KeaJson.WIRE, 0, 0));
    Optional<String> error = Dhcp4Config.check(dhcp4, position, flavour);
    if (error.isPresent()) {
      throw invalidConfiguration(config, "Kea refuses it: " + error.get());
    }
    try {
      haFor((ObjectNode) dhcp4, flavour, position);
    } catch (HaSettings.Invalid e) {
      throw invalidConfiguration(config, "Kea's HA hook refuses it: " + e.getMessage());
    }
    return (ObjectNode) dhcp4;
  }

  private static ValidationException invalidConfiguration(JsonNode config, String rule) {
    return new ValidationException("fake Kea server configuration", List.of(new Violation(
        "configuration", summary(config), rule)));
  }

  private static String summary(JsonNode config) {
    String text = KeaJson.toWire(config);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }

  private static List<HaSettings> haFor(ObjectNode dhcp4, KeaFlavour flavour) {
    try {
      return haFor(dhcp4, flavour, n -> new KeaJson.Position(KeaJson.WIRE, 0, 0));
    } catch (HaSettings.Invalid e) {
      throw new IllegalStateException("checked before", e);
    }
  }

  private static List<HaSettings> haFor(ObjectNode dhcp4, KeaFlavour flavour,
      Function<JsonNode, KeaJson.Position> position) throws HaSettings.Invalid {
    Optional<JsonNode> ha = Dhcp4Config.haParameters(dhcp4);
    if (ha.isEmpty()) {
      return List.of();
    }
    if (ha.get().isNull()) {
      throw new HaSettings.Invalid("high-availability parameter not specified for High"
          + " Availability hooks library");
    }
    return HaSettings.parseAll(ha.get(), flavour.newer(), position);
  }

  /**
   * Gives every relationship whose partner is not a member of the network a hidden stand-in, so
   * a standalone fake sees a healthy partner until told otherwise.
   */
  private void ensurePartnersSimulated() {
    if (hidden) {
      return;
    }
    for (HaRelationship r : relationships) {
      Optional<HaSettings.Peer> partner = r.settings.failoverPeer();
      if (partner.isEmpty() || network.relationshipNamed(partner.get().name()) != null) {
        continue;
      }
      ObjectNode partnerConfig = configuration.deepCopy();
      ArrayNode list = (ArrayNode) Dhcp4Config.haParameters(partnerConfig.get("Dhcp4"))
          .orElseThrow();
      for (int i = list.size() - 1; i >= 0; i--) {
        JsonNode entry = list.get(i);
        if (entry.path("this-server-name").asText().strip().equals(r.serverName())) {
          ((ObjectNode) entry).put("this-server-name", partner.get().name());
        } else {
          list.remove(i);
        }
      }
      Builder b = new Builder().flavour(flavour).label(label + "-" + partner.get().name());
      b.pid(pid + 1);
      b.buildMember(network, partnerConfig, true, true);
    }
  }

  void attachFace(KeaHttpFace face) {
    this.face = face;
    face.start(this::respond);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle and HTTP
  // ---------------------------------------------------------------------------------------------

  /**
   * Opens the HTTP face of a fake made with {@link Builder#build()}; no-op when open.
   *
   * @return this fake
   */
  public FakeKeaServer startHttp() {
    synchronized (this) {
      if (face == null) {
        attachFace(KeaHttpFace.bind());
      }
    }
    return this;
  }

  /**
   * The URL to POST commands to, {@code http://127.0.0.1:<port>/}.
   *
   * @return the URL
   * @throws IllegalStateException if the HTTP face was never started
   */
  public URI url() {
    return requireFace().url();
  }

  /** {@return the HTTP port (see {@link #url()})} */
  public int port() {
    return requireFace().port();
  }

  private KeaHttpFace requireFace() {
    KeaHttpFace f = face;
    if (f == null) {
      throw new IllegalStateException("the HTTP face of " + this + " is not started");
    }
    return f;
  }

  /** {@return the control channel the HTTP face imitates} */
  public KeaFlavour flavour() {
    return flavour;
  }

  /** {@return the clock the fake runs on} */
  public Clock clock() {
    return network.clock;
  }

  /**
   * Stops the HTTP face and takes the server off the network for good (its partners see it
   * gone). Its state stays readable in process.
   */
  @Override
  public void close() {
    lockedRun(() -> {
      closed = true;
      connected = false;
      network.unsettle();
    });
    KeaHttpFace f = face;
    if (f != null) {
      f.close();
    }
  }

  @Override
  public String toString() {
    return "FakeKeaServer[" + label + (face != null ? " " + face.url() : "") + ", " + flavour
        + "]";
  }

  private <T> T locked(Supplier<T> action) {
    network.lock.lock();
    try {
      network.catchUp();
      return action.get();
    } finally {
      network.lock.unlock();
    }
  }

  private void lockedRun(Runnable action) {
    locked(() -> {
      action.run();
      return null;
    });
  }

  KeaHttpFace.Response respond(KeaHttpFace.Request request) {
    KeaFault f = locked(() -> fault);
    if (f != null) {
      switch (f.kind()) {
        case NO_ANSWER:
          return KeaHttpFace.Response.hold();
        case CONNECTION_RESET:
          return KeaHttpFace.Response.drop();
        case HTTP_500:
          return stock(500, "Internal Server Error", Map.of());
        case SLOW_ANSWER:
          try {
            Thread.sleep(f.delay().toMillis()); // the fault asked for: a late answer in real time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return KeaHttpFace.Response.drop();
          }
          break;
        default:
          break;
      }
    }
    if (request.tooLarge()) {
      // real Kea would answer after minutes (see largeBodyDelay): no answer within any deadline
      return KeaHttpFace.Response.hold();
    }
    if (request.body().length >= LARGE_BODY) {
      // real Kea reads and parses a large body for long before it answers
      try {
        Thread.sleep(largeBodyDelay(request.body().length));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return KeaHttpFace.Response.drop();
      }
    }
    if (!"POST".equalsIgnoreCase(request.method())
        || !request.hasContentLength() || request.contentType() == null
        || !request.contentType().strip().equalsIgnoreCase("application/json")) {
      return stock(400, "Bad Request", Map.of());
    }
    KeaJson.Parsed parsed = null;
    if (request.body().length > 0) {
      try {
        parsed = KeaJson.parse(request.body());
      } catch (KeaJson.ParseException e) {
        return stock(400, "Bad Request", Map.of());
      }
    }
    if (!credentials.isEmpty() && !authorized(request.authorization())) {
      return stock(401, "Unauthorized", Map.of("WWW-Authenticate", "Basic realm=\"" + realm
          + "\""));
    }
    KeaJson.Parsed command = parsed;
    JsonNode answer = locked(() -> process(command));
    return new KeaHttpFace.Response(200, KeaJson.toWire(answer), Map.of());
  }

  /** From this size on a request body delays the answer as real Kea's does ({@link #largeBodyDelay}). */
  static final int LARGE_BODY = 16 * 1024 * 1024;

  /**
   * How long real Kea took to answer a body of this size here (2 cores, loopback): a
   * {@code version-get} padded to 1, 8, 32 and 64 MiB was answered by the 2.2 agent after 1.7 s
   * and 11.6 s and not within 20 s (32 MiB, the server busy 18 s more and HA dropping to
   * {@code ready}); by 2.6's agent after 1.4 s, 7.9 s, not within 20 s (busy 16 s more); by
   * 3.0's own socket after 0.2 s, 1.9 s, 8.2 s and 13.8 s. Kea has no body limit: the time grows
   * with the size (about 1.45, 1.0 and 0.22 s per MiB).
   */
  long largeBodyDelay(long bytes) {
    long millisPerMib = switch (flavour) {
      case CONTROL_AGENT_2_2 -> 1450;
      case CONTROL_AGENT_2_6 -> 1000;
      case DIRECT_HTTP_3_0 -> 220;
    };
    return bytes * millisPerMib / (1024 * 1024);
  }

  private static KeaHttpFace.Response stock(int status, String text, Map<String, String> headers) {
    return new KeaHttpFace.Response(status, KeaJson.toWire(answer(status, text, null)), headers);
  }

  /** Kea's {@code checkBasicHttpAuth}: scheme "basic" in any case, then the credential. */
  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String value = header.strip();
    if (value.length() < 8 || !value.substring(0, 5).equalsIgnoreCase("basic")) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(value.substring(5).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String pair = new String(decoded, StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    if (colon <= 0 || colon == pair.length() - 1) {
      return false;
    }
    String user = pair.substring(0, colon);
    Secret presented = Secret.of(pair.substring(colon + 1));
    boolean ok = false;
    for (Credential c : credentials) {
      ok |= c.user().equals(user) & c.password().equals(presented);
    }
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // Command processing (the agent's part, then kea-dhcp4's)
  // ---------------------------------------------------------------------------------------------

  private static ObjectNode answer(int result, String text, JsonNode arguments) {
    ObjectNode a = NODES.objectNode();
    if (arguments != null) {
      a.set("arguments", arguments);
    }
    a.put("result", result);
    if (text != null) {
      a.put("text", text);
    }
    return a;
  }

  private static final class CommandError extends Exception {
    CommandError(String message) {
      super(message);
    }
  }

  /** {@code isc::config::parseCommand}. */
  private static String parseCommand(JsonNode command, boolean newer) throws CommandError {
    if (!command.isObject()) {
      throw new CommandError(newer ? "invalid command: expected toplevel entry to be a map, got "
          + (command.isArray() ? "list" : "value") + " instead"
          : "invalid command Element specified, expected map");
    }
    if (!command.has("command")) {
      throw new CommandError(newer ? "invalid command: does not contain mandatory 'command'"
          : "Invalid answer specified, does not contain mandatory 'command'");
    }
    var names = command.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!COMMAND_PARAMETERS.contains(name)) {
        throw new CommandError(newer ? "invalid command: unsupported parameter '" + name + "'"
            : "Received command contains unsupported parameter '" + name + "'");
      }
    }
    if (!command.get("command").isTextual()) {
      // real Kea 2.6 / 3.0 name the type of the command map here, not of the value
      throw new CommandError(newer ? "invalid command: expected 'command' to be a string, got map"
          + " instead" : "'command' element in command message is not a string");
    }
    return command.get("command").textValue();
  }

  private JsonNode process(KeaJson.Parsed parsed) {
    boolean agent = flavour.agent();
    if (parsed == null) {
      ObjectNode result = answer(1, "Command processing failed: NULL command parameter", null);
      return list(result);
    }
    JsonNode command = parsed.root();
    String name;
    try {
      name = parseCommand(command, flavour.newer());
    } catch (CommandError e) {
      // the agent (real Kea 2.2 / 2.6) answers these in a list, and capitalises the first
      String text = e.getMessage();
      if (agent && text.startsWith("invalid command Element")) {
        text = "I" + text.substring(1);
      }
      ObjectNode result = answer(1, "Error during command processing: " + text, null);
      return list(result);
    }
    JsonNode args = command.get("arguments");
    List<String> service = new ArrayList<>();
    JsonNode services = command.get("service");
    if (services != null && services.isArray()) {
      services.forEach(s -> service.add(s.isTextual() ? s.textValue() : KeaJson.toWire(s)));
    }
    if (flavour == KeaFlavour.DIRECT_HTTP_3_0) {
      Function<JsonNode, KeaJson.Position> position = parsed::positionOf;
      ObjectNode result = dhcp4Command(name, args, position);
      record(name, service, args, result);
      // real Kea 3.0.4's own HTTP socket answers a JSON command with a list of one answer, as an agent does
      return list(result);
    }
    if (services != null && !services.isArray()) {
      ObjectNode result = answer(1, "service value must be a list", null);
      record(name, service, args, result);
      return list(result);
    }
    if (services == null || services.isEmpty()) {
      ObjectNode result = agentCommand(name);
      record(name, service, args, result);
      return list(result);
    }
    for (JsonNode s : services) {
      if (!s.isTextual()) {
        ObjectNode result = answer(1, "Error during command processing: stringValue() called on"
            + " non-string Element", null);
        record(name, service, args, result);
        return result;
      }
    }
    ArrayNode answers = NODES.arrayNode();
    if (fault != null && fault.kind() == KeaFault.Kind.SERVER_DOWN) {
      for (JsonNode s : services) {
        ObjectNode result = s.textValue().equals("dhcp4") ? answer(1, SERVER_GONE, null)
            : answer(1, "forwarding socket is not configured for the server type " + s.textValue(), null);
        record(name, service, args, result);
        answers.add(result);
      }
      return answers;
    }
    // Positions are only needed for an error message: work them out on first use.
    Map<JsonNode, KeaJson.Position> wire = new java.util.IdentityHashMap<>();
    Function<JsonNode, KeaJson.Position> position = n -> {
      if (wire.isEmpty()) {
        wire.putAll(KeaJson.wirePositions(command));
      }
      return wire.getOrDefault(n, new KeaJson.Position(KeaJson.WIRE, 0, 0));
    };
    for (JsonNode s : services) {
      ObjectNode result;
      if (s.textValue().equals("dhcp4")) {
        result = dhcp4Command(name, args, position);
      } else {
        result = answer(1, "forwarding socket is not configured for the server type "
            + s.textValue(), null);
      }
      record(name, service, args, result);
      answers.add(result);
    }
    return answers;
  }

  private static ArrayNode list(ObjectNode single) {
    ArrayNode list = NODES.arrayNode();
    list.add(single);
    return list;
  }

  private void record(String name, List<String> service, JsonNode args, JsonNode result) {
    commands.add(new KeaCommandRecord(network.clock.instant(), name, service,
        Optional.ofNullable(args), result.path("result").asInt(),
        result.path("text").asText("")));
  }

  /** What the Control Agent answers itself (a command without {@code service}). */
  private ObjectNode agentCommand(String name) {
    switch (name) {
      case "config-get":
        return answer(0, null, agentConfiguration());
      case "list-commands": {
        ArrayNode list = NODES.arrayNode();
        commandList(AGENT_COMMANDS, List.of("config-hash-get")).forEach(list::add);
        return answer(0, null, list);
      }
      case "version-get": {
        ObjectNode args = NODES.objectNode();
        args.put("extended", flavour == KeaFlavour.CONTROL_AGENT_2_6 ? EXTENDED_2_6_AGENT
            : flavour.version() + AGENT_EXTENDED);
        return answer(0, flavour.version(), args);
      }
      case "status-get": {
        ObjectNode args = NODES.objectNode();
        args.put("pid", pid + 100);
        args.put("reload", secondsSince(createdAt));
        args.put("uptime", secondsSince(createdAt));
        return answer(0, null, args);
      }
      default:
        if (AGENT_COMMANDS.contains(name)) {
          return notModelled(name);
        }
        return answer(2, "'" + name + "' command not supported." + AGENT_NO_SERVICE, null);
    }
  }

  /** Kea 2.2's list, or with Kea 2.4's changes ({@code added}) on the newer flavours, sorted. */
  private List<String> commandList(List<String> recorded, List<String> added) {
    if (!flavour.newer()) {
      return recorded;
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>(recorded);
    all.addAll(added);
    all.removeAll(COMMANDS_BEFORE_2_4);
    return List.copyOf(all);
  }

  private ObjectNode agentConfiguration() {
    ObjectNode agent = NODES.objectNode();
    if (!credentials.isEmpty()) {
      ObjectNode auth = agent.putObject("authentication");
      ArrayNode clients = auth.putArray("clients");
      // Kea would list each client's password here; the fake never writes a secret out.
      credentials.forEach(c -> clients.addObject().put("user", c.user()));
      auth.put("directory", ""); // where Kea would look for password files: none
      auth.put("realm", realm);
      auth.put("type", "basic");
    }
    ObjectNode socket = agent.putObject("control-sockets").putObject("dhcp4");
    socket.put("socket-name", configuration.path("Dhcp4").path("control-socket")
        .path("socket-name").asText(KeaConfigs.FILES_DIR + "kea-dhcp4.sock"));
    socket.put("socket-type", "unix");
    agent.putArray("hooks-libraries");
    agent.put("http-host", "127.0.0.1");
    agent.put("http-port", face != null ? face.port() : 8000);
    ObjectNode logger = agent.putArray("loggers").addObject();
    logger.put("debuglevel", 0);
    logger.put("name", "kea-ctrl-agent");
    if (flavour.newer()) {
      // Kea 2.6 writes the option's new name; this agent logs to stdout, as a packaged one does
      ObjectNode output = logger.putArray("output-options").addObject();
      output.put("flush", true);
      output.put("output", "stdout");
      output.put("pattern", "");
    } else {
      ObjectNode output = logger.putArray("output_options").addObject();
      output.put("flush", true);
      output.put("maxsize", 10240000);
      output.put("maxver", 1);
      output.put("output", KeaConfigs.FILES_DIR + "kea-ctrl-agent.log");
      output.put("pattern", "");
    }
    logger.put("severity", "INFO");
    ObjectNode root = NODES.objectNode();
    root.set("Control-agent", agent);
    if (flavour.newer()) {
      // Kea >= 2.4 adds the hash of the configuration it answers
      root.put("hash", sha256(KeaJson.toWire(agent)));
    }
    return root;
  }

  private ObjectNode notModelled(String name) {
    return answer(1, "'" + name + "' is a Kea command the testkit's fake server does not model",
        null);
  }

  private ObjectNode versionGet() {
    ObjectNode args = NODES.objectNode();
    args.put("extended", flavour == KeaFlavour.CONTROL_AGENT_2_2 ? EXTENDED_2_2
        : flavour == KeaFlavour.CONTROL_AGENT_2_6 ? EXTENDED_2_6 : EXTENDED_3_0);
    return answer(0, flavour.version(), args);
  }

  private long secondsSince(Instant then) {
    return Math.max(0, Duration.between(then, network.clock.instant()).getSeconds());
  }

  private boolean hasLibrary(String library) {
    return !hooksUnloaded && Dhcp4Config.libraries(configuration.get("Dhcp4")).contains(library);
  }

  private ObjectNode dhcp4Command(String name, JsonNode args,
      Function<JsonNode, KeaJson.Position> position) {
    if (name.startsWith("ha-") && RECORDED_COMMANDS.contains(name)
        && !hasLibrary(Dhcp4Config.HA_LIBRARY)) {
      return answer(2, "'" + name + "' command not supported.", null);
    }
    if (name.startsWith("lease") && RECORDED_COMMANDS.contains(name)
        && !name.equals("leases-reclaim") && !hasLibrary(Dhcp4Config.LEASE_CMDS_LIBRARY)) {
      return answer(2, "'" + name + "' command not supported.", null);
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
        return answer(3, "0 IPv4 lease(s) found.", leases());
      case "ha-heartbeat":
        return haHeartbeat(args);
      case "ha-sync":
        return haSync(args);
      case "ha-scopes":
        return haScopes(args);
      case "ha-continue":
        return haContinue(args);
      case "ha-maintenance-start":
        return haMaintenanceStart();
      case "ha-maintenance-cancel":
        return haMaintenanceCancel();
      case "ha-maintenance-notify":
        return haMaintenanceNotify(args);
      case "ha-reset":
        return haReset(args);
      default:
        if (RECORDED_COMMANDS.contains(name)) {
          return notModelled(name);
        }
        return answer(2, "'" + name + "' command not supported.", null);
    }
  }

  private static ObjectNode leases() {
    ObjectNode args = NODES.objectNode();
    args.putArray("leases");
    return args;
  }

  private ObjectNode listCommands() {
    ArrayNode list = NODES.arrayNode();
    boolean ha = hasLibrary(Dhcp4Config.HA_LIBRARY);
    boolean leases = hasLibrary(Dhcp4Config.LEASE_CMDS_LIBRARY);
    List<String> added = new ArrayList<>(COMMANDS_SINCE_2_4);
    if (flavour.kea3()) {
      added.addAll(COMMANDS_SINCE_3_0);
    }
    for (String c : commandList(RECORDED_COMMANDS, added)) {
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

  private ObjectNode configTest(JsonNode args, Function<JsonNode, KeaJson.Position> position) {
    String problem = configArgumentsProblem(args);
    if (problem != null) {
      return answer(1, problem, null);
    }
    Optional<String> error = Dhcp4Config.check(args.get("Dhcp4"), position, flavour);
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

  private ObjectNode configSet(JsonNode args, Function<JsonNode, KeaJson.Position> position) {
    String problem = configArgumentsProblem(args);
    if (problem != null) {
      return answer(1, problem, null);
    }
    Optional<String> failure = takeFailure("config-set");
    if (failure.isPresent()) {
      return answer(1, failure.get(), null);
    }
    if (fault != null && fault.kind() == KeaFault.Kind.HOOKS_FAILED) {
      Optional<String> error = Dhcp4Config.check(args.get("Dhcp4"), position, flavour);
      if (error.isPresent()) {
        return answer(1, error.get(), null);
      }
      return unloadHooks("HOOKS_LOAD_FAILED a hook library failed to load (the fault asked for)");
    }
    return apply((ObjectNode) args.get("Dhcp4"), position);
  }

  /** Loads a configuration like {@code processConfig}: checks, hooks, commit, HA restart. */
  private ObjectNode apply(ObjectNode dhcp4, Function<JsonNode, KeaJson.Position> position) {
    Optional<String> error = Dhcp4Config.check(dhcp4, position, flavour);
    if (error.isPresent()) {
      return answer(1, error.get(), null);
    }
    List<HaSettings> ha;
    try {
      ha = haFor(dhcp4, flavour, position);
    } catch (HaSettings.Invalid e) {
      return unloadHooks("HA_CONFIGURATION_FAILED failed to configure High Availability hooks"
          + " library: " + e.getMessage());
    }
    ObjectNode stored = NODES.objectNode();
    stored.set("Dhcp4", Dhcp4Config.normalize(dhcp4));
    configuration = stored;
    hooksUnloaded = false;
    reloadedAt = network.clock.instant();
    List<HaRelationship> rels = new ArrayList<>();
    for (HaSettings s : ha) {
      rels.add(new HaRelationship(this, s, reloadedAt, false));
    }
    relationships = List.copyOf(rels);
    network.unsettle();
    ensurePartnersSimulated();
    if (flavour.newer()) {
      // Kea >= 2.4 answers the hash of the configuration now in force
      ObjectNode hash = NODES.objectNode();
      hash.put("hash", sha256(KeaJson.toWire(configuration.get("Dhcp4"))));
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
    log(why);
    log("DHCP4_CONFIG_UNRECOVERABLE_ERROR DHCPv4 server new configuration failed with an error"
        + " which cannot be recovered");
    hooksUnloaded = true;
    relationships = List.of();
    network.unsettle();
    // Kea 3.0 answers this with its "fatal error" result, 5
    return answer(flavour == KeaFlavour.DIRECT_HTTP_3_0 ? 5 : 1, HOOKS_FAILED, null);
  }

  private static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().withUpperCase().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
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
    String text = KeaJson.prettyPrint(configuration);
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
    KeaJson.Parsed parsed;
    try {
      parsed = KeaJson.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (KeaJson.ParseException e) {
      return answer(1, "Config reload failed: " + e.getMessage(), null);
    }
    JsonNode dhcp4 = parsed.root().get("Dhcp4");
    if (dhcp4 == null || !dhcp4.isObject()) {
      return answer(1, "Config reload failed: no Dhcp4 map in " + configFile, null);
    }
    Function<JsonNode, KeaJson.Position> position = n -> {
      KeaJson.Position p = parsed.positionOf(n);
      return new KeaJson.Position(configFile, p.line(), p.column());
    };
    return apply((ObjectNode) dhcp4, position);
  }

  // ---- status and HA commands ----------------------------------------------------------------

  private ObjectNode statusGet() {
    ObjectNode args = NODES.objectNode();
    if (!relationships.isEmpty()) {
      ArrayNode list = args.putArray("high-availability");
      Instant now = network.clock.instant();
      for (HaRelationship r : relationships) {
        ObjectNode entry = list.addObject();
        entry.put("ha-mode", r.settings.mode().wireName());
        ObjectNode servers = entry.putObject("ha-servers");
        ObjectNode local = servers.putObject("local");
        local.put("role", r.role().wireName());
        ArrayNode scopes = local.putArray("scopes");
        r.scopes.forEach(scopes::add);
        if (flavour.newer()) {
          local.put("server-name", r.serverName());
        }
        local.put("state", r.state.wireName());
        if (flavour.kea3()) {
          local.put("system-time", SYSTEM_TIME.format(now));
        }
        if (r.settings.mode() != HaSettings.Mode.PASSIVE_BACKUP) {
          ObjectNode remote = servers.putObject("remote");
          boolean inTouch = r.inTouch();
          if (flavour.kea3()) {
            // Kea 3.0: the partner's clock as last heard, and the skew (none between in-process peers)
            remote.put("clock-skew", 0);
            remote.put("system-time", SYSTEM_TIME.format(r.lastContact));
          }
          remote.put("age", inTouch ? Duration.between(r.lastContact.minusMillis(
              HaRelationship.RESPONSE_MILLIS), now).toMillis() / 1000 : 0);
          remote.put("analyzed-packets", 0);
          boolean interrupted = r.interruptedAt(now);
          remote.put("communication-interrupted", interrupted);
          remote.put("connecting-clients", r.unackedClients);
          remote.put("in-touch", inTouch);
          ArrayNode last = remote.putArray("last-scopes");
          r.partnerScopes.forEach(last::add);
          remote.put("last-state", r.partnerState == null ? "" : r.partnerState.wireName());
          remote.put("role", r.settings.failoverPeer().map(p -> p.role().wireName()).orElse(""));
          if (flavour.newer()) {
            remote.put("server-name", r.settings.failoverPeer().map(p -> p.name()).orElse(""));
          }
          remote.put("unacked-clients", r.unackedClients);
          long max = r.settings.maxUnackedClients();
          remote.put("unacked-clients-left", interrupted && max >= r.unackedClients
              ? max - r.unackedClients + 1 : 0);
        }
      }
    }
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

  /** Kea 3.0's {@code getHAServiceByServerName}; Kea 2.2 has one relationship and no argument. */
  private HaRelationship relationshipFor(String command, JsonNode args) throws CommandError {
    if (flavour.newer() && args != null) {
      if (!args.isObject()) {
        throw new CommandError("arguments in the '" + command + "' command are not a map");
      }
      JsonNode serverName = args.get("server-name");
      if (serverName != null) {
        if (!serverName.isTextual()) {
          throw new CommandError("'server-name' must be a string in the '" + command
              + "' command");
        }
        for (HaRelationship r : relationships) {
          if (r.knowsPeer(serverName.textValue())) {
            return r;
          }
        }
        throw new CommandError(serverName.textValue() + " matches no configured 'server-name'");
      }
    }
    return relationships.get(0);
  }

  private ObjectNode haHeartbeat(JsonNode args) {
    HaRelationship r;
    try {
      r = relationshipFor("ha-heartbeat", args);
    } catch (CommandError e) {
      return answer(1, e.getMessage(), null);
    }
    ObjectNode result = NODES.objectNode();
    result.put("date-time", RFC_1123.format(network.clock.instant()));
    ArrayNode scopes = result.putArray("scopes");
    r.scopes.forEach(scopes::add);
    result.put("state", r.state.wireName());
    result.put("unsent-update-count", 0);
    return answer(0, "HA peer status returned.", result);
  }

  private ObjectNode haSync(JsonNode args) {
    String peerName;
    HaRelationship r;
    try {
      if (args == null) {
        throw new CommandError("arguments not found in the 'ha-sync' command");
      }
      if (!args.isObject()) {
        throw new CommandError("arguments in the 'ha-sync' command are not a map");
      }
      JsonNode serverName = args.get("server-name");
      if (serverName == null) {
        throw new CommandError("'server-name' is mandatory for the 'ha-sync' command");
      }
      if (!serverName.isTextual()) {
        throw new CommandError("'server-name' must be a string in the 'ha-sync' command");
      }
      JsonNode maxPeriod = args.get("max-period");
      if (maxPeriod != null && (!maxPeriod.isIntegralNumber() || maxPeriod.asLong() <= 0)) {
        throw new CommandError("'max-period' must be a positive integer in the 'ha-sync'"
            + " command");
      }
      peerName = serverName.textValue();
      r = relationshipFor("ha-sync", args);
    } catch (CommandError e) {
      return answer(1, e.getMessage(), null);
    }
    if (!r.knowsPeer(peerName)) {
      if (flavour == KeaFlavour.CONTROL_AGENT_2_2) {
        // real Kea 2.2: kea-dhcp4 closes the agent's connection without an answer
        return answer(1, "unable to forward command to the dhcp4 service: End of file. The server"
            + " is likely to be offline", null);
      }
      return answer(1, "no configuration specified for server " + peerName, null);
    }
    if (!peerName.equals(r.serverName())) {
      HaRelationship peer = network.relationshipNamed(peerName);
      if (peer == null || !network.canTalk(this, peer.owner)) {
        r.partnerState = KeaHaState.UNAVAILABLE;
        log("HA_SYNC_FAILED failed to synchronize leases with " + peerName + ": "
            + CONNECTION_REFUSED);
        return answer(1, CONNECTION_REFUSED, null);
      }
    }
    log("HA_SYNC_SUCCESSFUL lease database synchronization with " + peerName + " completed");
    return answer(0, "Lease database synchronization complete.", null);
  }

  private ObjectNode haScopes(JsonNode args) {
    List<String> names = new ArrayList<>();
    HaRelationship r;
    try {
      if (args == null) {
        throw new CommandError("arguments not found in the 'ha-scopes' command");
      }
      if (!args.isObject()) {
        throw new CommandError("arguments in the 'ha-scopes' command are not a map");
      }
      JsonNode scopes = args.get("scopes");
      if (scopes == null) {
        throw new CommandError("'scopes' is mandatory for the 'ha-scopes' command");
      }
      if (!scopes.isArray()) {
        throw new CommandError("'scopes' must be a list in the 'ha-scopes' command");
      }
      for (JsonNode s : scopes) {
        if (!s.isTextual()) {
          throw new CommandError("scope name must be a string in the 'scopes' argument");
        }
        names.add(s.textValue());
      }
      r = relationshipFor("ha-scopes", args);
    } catch (CommandError e) {
      return answer(1, e.getMessage(), null);
    }
    for (String n : names) {
      if (!r.knowsPeer(n)) {
        return answer(1, "invalid server name specified '" + n
            + "' while enabling/disabling HA scopes", null);
      }
    }
    r.serveScopes(names);
    network.unsettle();
    return answer(0, "New HA scopes configured.", null);
  }

  private ObjectNode haContinue(JsonNode args) {
    HaRelationship r;
    try {
      r = relationshipFor("ha-continue", args);
    } catch (CommandError e) {
      return answer(1, e.getMessage(), null);
    }
    if (r.paused) {
      r.paused = false;
      network.unsettle();
      return answer(0, "HA state machine continues.", null);
    }
    return answer(0, "HA state machine is not paused.", null);
  }

  private ObjectNode haReset(JsonNode args) {
    HaRelationship r;
    try {
      r = relationshipFor("ha-reset", args);
    } catch (CommandError e) {
      return answer(1, e.getMessage(), null);
    }
    if (r.state == KeaHaState.WAITING) {
      return answer(0, "HA state machine already in WAITING state.", null);
    }
    r.transition(KeaHaState.WAITING, false);
    network.unsettle();
    return answer(0, "HA state machine reset.", null);
  }

  /** The answer of the partner to {@code ha-maintenance-notify} (Kea 2.2 texts and codes). */
  private static ObjectNode maintenanceNotify(HaRelationship r, boolean cancel) {
    if (cancel) {
      if (r.state != KeaHaState.IN_MAINTENANCE) {
        return answer(1, "Unable to cancel the maintenance for the server not in the"
            + " in-maintenance state.", null);
      }
      r.transition(r.previous, false);
      return answer(0, "Server maintenance canceled.", null);
    }
    switch (r.state) {
      case BACKUP:
      case PARTNER_IN_MAINTENANCE:
      case TERMINATED:
        return answer(1001, "Unable to transition the server from the " + r.state.wireName()
            + " to in-maintenance state.", null);
      default:
        r.transition(KeaHaState.IN_MAINTENANCE, false);
        return answer(0, "Server is in-maintenance state.", null);
    }
  }

  /** How Kea's HA client words a non-success answer ({@code verifyAsyncResponse}). */
  private static String peerError(ObjectNode answer) {
    String text = answer.path("text").asText("");
    return (text.isEmpty() ? "" : text + ", ") + "error code " + answer.path("result").asInt();
  }

  private ObjectNode haMaintenanceNotify(JsonNode args) {
    try {
      if (args == null) {
        throw new CommandError("no arguments specified for the 'ha-maintenance-notify' command");
      }
      if (!args.isObject()) {
        throw new CommandError("arguments in the 'ha-maintenance-notify' command are not a map");
      }
      JsonNode cancel = args.get("cancel");
      if (cancel == null) {
        throw new CommandError("'cancel' is mandatory for the 'ha-maintenance-notify' command");
      }
      if (!cancel.isBoolean()) {
        throw new CommandError("'cancel' must be a boolean in the 'ha-maintenance-notify'"
            + " command");
      }
      HaRelationship r = relationshipFor("ha-maintenance-notify", args);
      ObjectNode result = maintenanceNotify(r, cancel.booleanValue());
      network.unsettle();
      return result;
    } catch (CommandError e) {
      return answer(1, e.getMessage(), null);
    }
  }

  private ObjectNode haMaintenanceStart() {
    ObjectNode result = null;
    for (HaRelationship r : relationships) {
      result = maintenanceStart(r);
      if (result.path("result").asInt() != 0) {
        break;
      }
    }
    network.unsettle();
    return result;
  }

  private ObjectNode maintenanceStart(HaRelationship r) {
    switch (r.state) {
      case BACKUP:
      case IN_MAINTENANCE:
      case PARTNER_IN_MAINTENANCE:
      case TERMINATED:
        return answer(1, "Unable to transition the server from the " + r.state.wireName()
            + " to partner-in-maintenance state.", null);
      default:
        break;
    }
    HaRelationship partner = network.reachablePartner(r);
    if (partner == null) {
      r.partnerState = KeaHaState.UNAVAILABLE;
      r.transition(KeaHaState.PARTNER_DOWN, true);
      return answer(0, "Server is now in the partner-down state as its partner appears to be"
          + " offline for maintenance.", null);
    }
    ObjectNode notified = maintenanceNotify(partner, false);
    int rcode = notified.path("result").asInt();
    if (rcode == 1) {
      r.transition(KeaHaState.PARTNER_DOWN, true);
      return answer(0, "Server is now in the partner-down state as its partner appears to be"
          + " offline for maintenance.", null);
    }
    if (rcode != 0) {
      return answer(1, "Unable to transition to the partner-in-maintenance state. The partner"
          + " server responded with the following message to the ha-maintenance-notify"
          + " commmand: " + peerError(notified) + ".", null);
    }
    r.transition(KeaHaState.PARTNER_IN_MAINTENANCE, true);
    return answer(0, "Server is now in the partner-in-maintenance state and its partner is"
        + " in-maintenance state. The partner can be now safely shut down.", null);
  }

  private ObjectNode haMaintenanceCancel() {
    ObjectNode result = null;
    for (HaRelationship r : relationships) {
      result = maintenanceCancel(r);
    }
    network.unsettle();
    return result;
  }

  private ObjectNode maintenanceCancel(HaRelationship r) {
    if (r.state != KeaHaState.PARTNER_IN_MAINTENANCE) {
      return answer(1, "Unable to cancel maintenance request because the server is not in the"
          + " partner-in-maintenance state.", null);
    }
    HaRelationship partner = network.reachablePartner(r);
    String error = null;
    if (partner == null) {
      r.partnerState = KeaHaState.UNAVAILABLE;
      error = CONNECTION_REFUSED;
    } else {
      ObjectNode notified = maintenanceNotify(partner, true);
      if (notified.path("result").asInt() != 0) {
        error = peerError(notified);
      }
    }
    if (error != null) {
      return answer(1, "Unable to cancel maintenance. The partner server responded with the"
          + " following message to the ha-maintenance-notify commmand: " + error + ".", null);
    }
    r.transition(r.previous, false);
    return answer(0, "Server maintenance successfully canceled.", null);
  }

  // ---------------------------------------------------------------------------------------------
  // What a test reads and controls
  // ---------------------------------------------------------------------------------------------

  /**
   * {@return the configuration as {@code config-get} returns it, {@code {"Dhcp4": …}} (a copy)} Numbers
   * have the node types Jackson's own reader gives them (an integer that fits is an
   * {@code IntNode}), so it compares equal to the same JSON read with Jackson.
   */
  public ObjectNode configuration() {
    return locked(() -> configuration.deepCopy());
  }

  List<HaRelationship> relationships() {
    return relationships;
  }

  /** Whether this is a stand-in for a partner no test started. */
  boolean hidden() {
    return hidden;
  }

  boolean connectedLocked() {
    return connected && !(fault != null && fault.kind() == KeaFault.Kind.SERVER_DOWN);
  }

  void log(String line) {
    serverLog.add(line);
  }

  private HaRelationship relationship(String serverName) {
    if (relationships.isEmpty()) {
      throw new IllegalStateException(this + " has no HA relationship configured");
    }
    if (serverName == null) {
      return relationships.get(0);
    }
    for (HaRelationship r : relationships) {
      if (r.knowsPeer(serverName)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no HA relationship of " + this + " has a peer named '"
        + serverName + "'");
  }

  /** {@return the names this server has in its relationships ({@code this-server-name})} */
  public List<String> serverNames() {
    return locked(() -> relationships.stream().map(HaRelationship::serverName).toList());
  }

  /**
   * {@return the HA state of the (first) relationship, after playing the heartbeats due by now}
   *
   * @throws IllegalStateException if no HA relationship is configured
   *
   */
  public KeaHaState haState() {
    return locked(() -> relationship(null).state);
  }

  /**
   * {@return the HA state of the relationship that has a peer named {@code serverName}}
   *
   * @param serverName a peer name of the relationship
   */
  public KeaHaState haState(String serverName) {
    Objects.requireNonNull(serverName, "serverName");
    return locked(() -> relationship(serverName).state);
  }

  /** {@return the partner's state as this server last saw it, empty before the first heartbeat} */
  public Optional<KeaHaState> partnerStateSeen() {
    return locked(() -> Optional.ofNullable(relationship(null).partnerState));
  }

  /** {@return the scopes this server serves now, sorted (as {@code ha-heartbeat} reports them)} */
  public List<String> servedScopes() {
    return locked(() -> List.copyOf(relationship(null).scopes));
  }

  /** {@return whether communication with the partner counts as interrupted now} */
  public boolean communicationInterrupted() {
    return locked(() -> relationship(null).interruptedAt(network.clock.instant()));
  }

  /**
   * Puts the (first) relationship into {@code state} now, with the scopes Kea serves in it; the
   * state machine then goes on from there on the clock, as Kea's would.
   *
   * @param state the state
   * @throws IllegalArgumentException for {@link KeaHaState#UNAVAILABLE}, which is only a partner
   *     state
   */
  public void setHaState(KeaHaState state) {
    setHaState0(null, state);
  }

  /**
   * As {@link #setHaState(KeaHaState)} for the relationship with a peer named serverName.
   *
   * @param serverName a peer name of the relationship
   * @param state the state
   */
  public void setHaState(String serverName, KeaHaState state) {
    setHaState0(Objects.requireNonNull(serverName, "serverName"), state);
  }

  private void setHaState0(String serverName, KeaHaState state) {
    Objects.requireNonNull(state, "state");
    if (state == KeaHaState.UNAVAILABLE) {
      throw new IllegalArgumentException("unavailable is what a server records for a partner it"
          + " cannot reach, never its own state");
    }
    lockedRun(() -> {
      relationship(serverName).transition(state, false);
      network.unsettle();
    });
  }

  /**
   * Cuts the link between this server and its HA partners (both directions): heartbeats fail,
   * and after {@code max-response-delay} on the clock each side handles the partner as down.
   * This server's HTTP face stays reachable.
   */
  public void makePartnerUnreachable() {
    lockedRun(() -> forEachPartner(p -> network.cut(this, p)));
  }

  /** Mends what {@link #makePartnerUnreachable()} cut. */
  public void makePartnerReachable() {
    lockedRun(() -> forEachPartner(p -> network.mend(this, p)));
  }

  private void forEachPartner(java.util.function.Consumer<FakeKeaServer> action) {
    for (HaRelationship r : relationships) {
      HaRelationship partner = network.partnerOf(r);
      if (partner != null) {
        action.accept(partner.owner);
      }
    }
  }

  /**
   * Takes this server off the network, as if its cable were pulled: its HTTP face refuses
   * connections (like a killed Kea agent) and its partners' heartbeats fail. Its own state machine
   * keeps running on the clock and sees its partners as unreachable.
   */
  public void disconnect() {
    lockedRun(() -> {
      connected = false;
      network.unsettle();
    });
    KeaHttpFace f = face;
    if (f != null) {
      f.suspend();
    }
  }

  /** Puts the server back on the network (same port); no effect once closed. */
  public void reconnect() {
    if (locked(() -> closed)) {
      return;
    }
    KeaHttpFace f = face;
    if (f != null) {
      f.resume();
    }
    lockedRun(() -> {
      connected = !closed;
      network.unsettle();
    });
  }

  /** {@return whether the server is on the network (see {@link #disconnect()})} */
  public boolean isConnected() {
    return locked(() -> connected);
  }

  /**
   * Restarts the HA service as a restarted {@code kea-dhcp4} would: {@code waiting}, partner not
   * yet heard, heartbeats counted from now. Configuration and history are kept.
   */
  public void restart() {
    lockedRun(() -> {
      Instant now = network.clock.instant();
      List<HaRelationship> rels = new ArrayList<>();
      for (HaRelationship r : relationships) {
        rels.add(new HaRelationship(this, r.settings, now, false));
      }
      relationships = List.copyOf(rels);
      createdAt = now;
      reloadedAt = now;
      network.unsettle();
    });
  }

  /**
   * Tells the (first) relationship that {@code count} clients of the partner's scopes kept
   * retrying unanswered (DHCP {@code secs} above {@code max-ack-delay}), which is how Kea decides
   * a load-balancing peer or a hot-standby standby should take over when
   * {@code max-unacked-clients} is not 0. Kea only counts them while communication is interrupted,
   * and forgets them on the next contact.
   *
   * @param count how many clients
   * @throws IllegalStateException if communication is not interrupted now
   */
  public void simulateUnackedClients(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    lockedRun(() -> {
      HaRelationship r = relationship(null);
      if (!r.interruptedAt(network.clock.instant())) {
        throw new IllegalStateException("communication with the partner of " + r.serverName()
            + " is not interrupted; Kea counts unacked clients only while it is");
      }
      r.unackedClients = count;
      network.unsettle();
    });
  }

  /**
   * Makes the next {@code config-set}, {@code config-write} or {@code config-reload} answer
   * result 1 with {@code text} and change nothing (only one failure is pending at a time).
   *
   * @param text the answer's text
   */
  public void failNextWrite(String text) {
    failNextWrite0(null, text);
  }

  /**
   * As {@link #failNextWrite(String)} for one command only.
   *
   * @param command the command that fails, for example {@code config-set}
   * @param text the answer's text
   */
  public void failNextWrite(String command, String text) {
    Objects.requireNonNull(command, "command");
    if (!WRITE_COMMANDS.contains(command)) {
      throw new ValidationException("fake Kea write failure", List.of(new Violation("command",
          command, "must be one of " + WRITE_COMMANDS)));
    }
    failNextWrite0(command, text);
  }

  private void failNextWrite0(String command, String text) {
    Objects.requireNonNull(text, "text");
    lockedRun(() -> pendingFailure = new PendingFailure(command, text));
  }

  /**
   * Makes the server misbehave as {@code fault} names until {@link #clearFault()} (one fault at a
   * time: a new one replaces the old). See {@link KeaFault.Kind} for what each does.
   *
   * @param fault the fault, e.g. {@link KeaFault#serverDown()}
   */
  public void fault(KeaFault fault) {
    Objects.requireNonNull(fault, "fault");
    KeaFault before = locked(() -> this.fault);
    clearFault();
    lockedRun(() -> {
      this.fault = fault;
      network.unsettle();
    });
    if (fault.kind() == KeaFault.Kind.SERVER_DOWN && flavour == KeaFlavour.DIRECT_HTTP_3_0) {
      KeaHttpFace f = face;
      if (f != null) {
        f.suspend();
      }
    }
    if (before != null) {
      log("fault " + before + " replaced by " + fault);
    }
  }

  /**
   * Ends the fault: held requests' connections close without an answer, answers come at once,
   * a server that was down is up again (its HA state machine carries on). A server left without
   * hooks by {@link KeaFault#hooksFailed()} stays so until a {@code config-set} succeeds.
   */
  public void clearFault() {
    KeaFault was = locked(() -> {
      KeaFault f = this.fault;
      this.fault = null;
      network.unsettle();
      return f;
    });
    KeaHttpFace f = face;
    if (f != null) {
      f.releaseHeld();
      if (was != null && was.kind() == KeaFault.Kind.SERVER_DOWN && flavour == KeaFlavour.DIRECT_HTTP_3_0
          && isConnected()) {
        f.resume();
      }
    }
  }

  /** {@return the fault in force, if any} */
  public Optional<KeaFault> currentFault() {
    return locked(() -> Optional.ofNullable(fault));
  }

  /** {@return every command answered, oldest first (over HTTP and in process)} */
  public List<KeaCommandRecord> commands() {
    return locked(() -> List.copyOf(commands));
  }

  /** {@return the write commands answered ({@code config-set}, {@code config-write}, {@code config-reload})} */
  public List<KeaCommandRecord> writes() {
    return locked(() -> commands.stream().filter(KeaCommandRecord::isWrite).toList());
  }

  /** {@return what the last successful {@code config-write} wrote, if any} */
  public Optional<KeaPersistedConfig> persisted() {
    return locked(() -> Optional.ofNullable(persisted));
  }

  /**
   * {@return the content of an in-memory file ({@code config-write} target, or the config file)}
   *
   * @param filename the file's name
   */
  public Optional<String> file(String filename) {
    Objects.requireNonNull(filename, "filename");
    return locked(() -> Optional.ofNullable(files.get(filename)));
  }

  /**
   * {@return what the server logged that a test may want to see: HA hook load failures
   * ({@code HA_CONFIGURATION_FAILED …} with Kea's message), state transitions, syncs}
   */
  public List<String> serverLog() {
    return locked(() -> List.copyOf(serverLog));
  }

  /**
   * Answers a request body in process, exactly as over HTTP (without authentication): the
   * response body Kea would send.
   *
   * @param requestBody the request's JSON
   * @return the answer's JSON
   */
  public String handle(String requestBody) {
    Objects.requireNonNull(requestBody, "requestBody");
    KeaJson.Parsed parsed = null;
    if (!requestBody.isEmpty()) {
      try {
        parsed = KeaJson.parse(requestBody.getBytes(StandardCharsets.UTF_8));
      } catch (KeaJson.ParseException e) {
        return KeaJson.toWire(answer(400, "Bad Request", null));
      }
    }
    KeaJson.Parsed command = parsed;
    return KeaJson.toWire(locked(() -> process(command)));
  }
}
