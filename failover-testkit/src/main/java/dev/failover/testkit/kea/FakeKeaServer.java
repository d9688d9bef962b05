package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.state.KeaHaState;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * deterministic. Inside it is split as Kea is: the Control Agent (or 3.0's own HTTP socket), the
 * {@code kea-dhcp4} server and its HA hook are one class each (the testkit README's "Layout").
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
 * No DHCP; leases only as {@code lease4-add}, {@code lease4-get} and {@code lease4-del} by address
 * and {@code lease4-get-all} keep them (kept across {@code config-set}, not sent to the HA
 * partner, as real Kea's lease commands are not); no files:
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
 * {@link FakeKeaFlavour#CONTROL_AGENT_2_6}); the Kea 3.0 flavour also changes the envelope, the
 * version and the error positions. Both newer flavours add {@code server-name} to
 * {@code status-get}'s local and remote entries (which tells a hub's relationships apart) and the
 * configuration hash to {@code config-set}'s answer, and {@code dhcp-state} and the packet
 * queue statistics to {@code status-get} (3.0 also {@code system-time} and {@code clock-skew},
 * the skew always 0 between in-process peers); the texts for several relationships are the
 * fake's own wording. The agent's {@code config-get} lists basic-auth users without their
 * passwords (Kea would show them; the fake never writes a secret out).
 */
public final class FakeKeaServer implements AutoCloseable {

  private final String label;
  private final FakeKeaFlavour flavour;
  private final KeaHaNetwork network;
  private final boolean hidden;
  private final int pid;
  private final FakeDhcp4Server dhcp4;
  private final FakeControlAgent agent;
  private volatile KeaHttpFace face;

  // Guarded by network.lock.
  private boolean connected = true;
  private boolean closed;
  private KeaFault fault;
  private final List<KeaCommandRecord> commands = new ArrayList<>();
  private final List<String> serverLog = new ArrayList<>();

  private FakeKeaServer(Builder b, KeaHaNetwork network, ObjectNode configuration,
      List<HaSettings> ha, boolean hidden, boolean running) {
    this.label = b.label;
    this.flavour = b.flavour;
    this.network = network;
    this.hidden = hidden;
    this.pid = b.pid;
    this.dhcp4 = new FakeDhcp4Server(this, network, flavour, b.pid, b.configFile, configuration,
        ha, running);
    this.agent = new FakeControlAgent(this, network, flavour, b.pid, dhcp4, b.credentials,
        b.realm);
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

  /**
   * {@return {@code node} in the one-line form real Kea writes over its sockets and HTTP, as the
   * fake answers: {@code Element::str()}, members sorted by name, {@code "{ "} … {@code " }"},
   * non-ASCII text escaped byte by byte — for a test or benchmark that needs a Kea answer's bytes
   * without a running fake}
   *
   * @param node the JSON to write
   */
  public static String wireForm(JsonNode node) {
    return FakeKeaJson.toWire(node);
  }

  // ---------------------------------------------------------------------------------------------
  // Builder
  // ---------------------------------------------------------------------------------------------

  /** Builds a fake; {@link #start()} also opens its HTTP face. */
  public static final class Builder {
    private JsonNode configuration;
    private Clock clock;
    private FakeKeaFlavour flavour = FakeKeaFlavour.CONTROL_AGENT_2_2;
    private final List<FakeControlAgent.Credential> credentials = new ArrayList<>();
    private String realm = FakeControlAgent.DEFAULT_REALM;
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
    public Builder flavour(FakeKeaFlavour flavour) {
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
      credentials.add(new FakeControlAgent.Credential(user, password));
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
     * server several hot-standby relationships; this fake in {@link FakeKeaFlavour#DIRECT_HTTP_3_0}).
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
      List<HaSettings> ha = FakeHaHook.haFor(dhcp4, flavour);
      ObjectNode stored = FakeKeaAnswers.NODES.objectNode();
      stored.set("Dhcp4", FakeDhcp4Config.normalize(dhcp4));
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

  private static ObjectNode checkedForBuild(JsonNode config, FakeKeaFlavour flavour) {
    JsonNode dhcp4 = config.get("Dhcp4");
    if (dhcp4 == null || !dhcp4.isObject()) {
      throw invalidConfiguration(config, "must be a map with a \"Dhcp4\" map inside (what"
          + " config-get returns)");
    }
    Map<JsonNode, FakeKeaJson.Position> positions = FakeKeaJson.wirePositions(config);
    Function<JsonNode, FakeKeaJson.Position> position = n -> positions.getOrDefault(n,
        new FakeKeaJson.Position(FakeKeaJson.WIRE, 0, 0));
    Optional<String> error = FakeDhcp4Config.check(dhcp4, position, flavour);
    if (error.isPresent()) {
      throw invalidConfiguration(config, "Kea refuses it: " + error.get());
    }
    try {
      FakeHaHook.haFor((ObjectNode) dhcp4, flavour, position);
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
    String text = FakeKeaJson.toWire(config);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }

  /**
   * Gives every relationship whose partner is not a member of the network a hidden stand-in, so
   * a standalone fake sees a healthy partner until told otherwise.
   */
  void ensurePartnersSimulated() {
    if (hidden) {
      return;
    }
    for (HaRelationship r : dhcp4.ha().relationships()) {
      Optional<HaSettings.Peer> partner = r.settings.failoverPeer();
      if (partner.isEmpty() || network.relationshipNamed(partner.get().name()) != null) {
        continue;
      }
      ObjectNode partnerConfig = dhcp4.configuration().deepCopy();
      ArrayNode list = (ArrayNode) FakeDhcp4Config.haParameters(partnerConfig.get("Dhcp4"))
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
  public FakeKeaFlavour flavour() {
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

  <T> T locked(Supplier<T> action) {
    network.lock.lock();
    try {
      network.catchUp();
      return action.get();
    } finally {
      network.lock.unlock();
    }
  }

  void lockedRun(Runnable action) {
    locked(() -> {
      action.run();
      return null;
    });
  }

  KeaHttpFace.Response respond(KeaHttpFace.Request request) {
    return agent.respond(request);
  }

  FakeControlAgent agent() {
    return agent;
  }

  /** {@return the fault in force; call under the network's lock} */
  KeaFault faultNow() {
    return fault;
  }

  /** {@return the HTTP face's port, if it is started} */
  java.util.OptionalInt facePort() {
    KeaHttpFace f = face;
    return f == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(f.port());
  }

  /** Records a command answered; call under the network's lock. */
  void record(String name, List<String> service, JsonNode args, JsonNode result) {
    commands.add(new KeaCommandRecord(network.clock.instant(), name, service,
        Optional.ofNullable(args), result.path("result").asInt(),
        result.path("text").asText("")));
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
    return locked(() -> dhcp4.configuration().deepCopy());
  }

  List<HaRelationship> relationships() {
    return dhcp4.ha().relationships();
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
    return dhcp4.ha().relationship(serverName);
  }

  /** {@return the names this server has in its relationships ({@code this-server-name})} */
  public List<String> serverNames() {
    return locked(() -> relationships().stream().map(HaRelationship::serverName).toList());
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
    for (HaRelationship r : relationships()) {
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
      dhcp4.restart(network.clock.instant());
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
    if (!FakeDhcp4Server.WRITE_COMMANDS.contains(command)) {
      throw new ValidationException("fake Kea write failure", List.of(new Violation("command",
          command, "must be one of " + FakeDhcp4Server.WRITE_COMMANDS)));
    }
    failNextWrite0(command, text);
  }

  private void failNextWrite0(String command, String text) {
    Objects.requireNonNull(text, "text");
    lockedRun(() -> dhcp4.failNext(command, text));
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
    if (fault.kind() == KeaFault.Kind.SERVER_DOWN && flavour == FakeKeaFlavour.DIRECT_HTTP_3_0) {
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
      if (was != null && was.kind() == KeaFault.Kind.SERVER_DOWN && flavour == FakeKeaFlavour.DIRECT_HTTP_3_0
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
    return locked(dhcp4::persisted);
  }

  /**
   * {@return the content of an in-memory file ({@code config-write} target, or the config file)}
   *
   * @param filename the file's name
   */
  public Optional<String> file(String filename) {
    Objects.requireNonNull(filename, "filename");
    return locked(() -> dhcp4.file(filename));
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
    return agent.handle(requestBody);
  }
}
