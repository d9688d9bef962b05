package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.state.KeaHaState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One {@code high-availability} entry of the HA hook, parsed and validated the way the hook does
 * it when it loads (Kea 2.2 {@code ha_config_parser.cc} {@code HAConfigParser::parseInternal} and
 * {@code ha_config.cc} {@code HAConfig::validate}); the error texts are Kea's own.
 */
record HaSettings(
    String thisServerName,
    Mode mode,
    long heartbeatDelay,
    long maxResponseDelay,
    long maxAckDelay,
    long maxUnackedClients,
    long delayedUpdatesLimit,
    boolean syncLeases,
    boolean sendLeaseUpdates,
    boolean waitBackupAck,
    List<Peer> peers,
    Map<KeaHaState, String> pauses) {

  /** The {@code mode} values. */
  enum Mode {
    LOAD_BALANCING, HOT_STANDBY, PASSIVE_BACKUP;

    String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The {@code role} values. */
  enum Role {
    PRIMARY, SECONDARY, STANDBY, BACKUP;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One {@code peers} entry. */
  record Peer(String name, String url, Role role, boolean autoFailover) {
  }

  /** A configuration the hook refuses to load, with the hook's own message. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  Peer thisPeer() {
    return peer(thisServerName).orElseThrow();
  }

  Optional<Peer> peer(String name) {
    return peers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Kea's {@code getFailoverPeerConfig}: the first other non-backup peer, by name. */
  Optional<Peer> failoverPeer() {
    return peers.stream()
        .filter(p -> !p.name().equals(thisServerName) && p.role() != Role.BACKUP)
        .min(Comparator.comparing(Peer::name));
  }

  /** The state of normal operation in this mode. */
  KeaHaState normalState() {
    switch (mode) {
      case LOAD_BALANCING:
        return KeaHaState.LOAD_BALANCING;
      case HOT_STANDBY:
        return KeaHaState.HOT_STANDBY;
      default:
        return KeaHaState.PASSIVE_BACKUP;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing
  // ---------------------------------------------------------------------------------------------

  /**
   * Parses the {@code high-availability} list.
   *
   * @param allowMany whether several relationships are allowed (Kea 3.0 hub-and-spoke, hot-standby
   *     only); Kea 2.2 takes exactly one
   * @param position where each element started, for the messages that carry it
   */
  static List<HaSettings> parseAll(JsonNode list, boolean allowMany,
      Function<JsonNode, FakeKeaJson.Position> position) throws Invalid {
    if (list == null || list.isNull()) {
      throw new Invalid("HA configuration must not be null");
    }
    if (!list.isArray()) {
      throw new Invalid("HA configuration must be a list");
    }
    if (!allowMany && list.size() != 1) {
      throw new Invalid("invalid number of configurations in the HA configuration"
          + " list. Expected exactly one configuration");
    }
    if (list.isEmpty()) {
      throw new Invalid("a list of HA configurations must not be empty");
    }
    List<HaSettings> all = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode entry : list) {
      HaSettings settings = parse(entry, position);
      for (Peer peer : settings.peers()) {
        if (!names.add(peer.name())) {
          throw new Invalid("server names must be unique for different relationships");
        }
      }
      all.add(settings);
    }
    if (all.size() > 1 && all.stream().anyMatch(s -> s.mode() != Mode.HOT_STANDBY)) {
      throw new Invalid("multiple HA relationships are only supported in the hot-standby mode");
    }
    return List.copyOf(all);
  }

  private static HaSettings parse(JsonNode c, Function<JsonNode, FakeKeaJson.Position> position)
      throws Invalid {
    if (!c.isObject()) {
      throw new Invalid("expected list of maps in the HA configuration");
    }
    Mode mode = parseMode(string(c, "mode", position));
    if (!c.has("peers")) {
      throw new Invalid("'peers' parameter missing in HA configuration");
    }
    JsonNode peers = c.get("peers");
    if (!peers.isArray()) {
      throw new Invalid("'peers' parameter must be a list");
    }
    Map<KeaHaState, String> pauses = new LinkedHashMap<>();
    JsonNode stateMachine = c.get("state-machine");
    JsonNode states = null;
    if (stateMachine != null) {
      if (!stateMachine.isObject()) {
        throw new Invalid("'state-machine' parameter must be a map");
      }
      states = stateMachine.get("states");
      if (states != null && !states.isArray()) {
        throw new Invalid("'states' parameter must be a list");
      }
    }
    String thisServerName = string(c, "this-server-name", position).strip();
    if (thisServerName.isEmpty()) {
      throw new Invalid("'this-server-name' value must not be empty");
    }
    boolean sendLeaseUpdates = bool(c, "send-lease-updates", true, position);
    boolean syncLeases = bool(c, "sync-leases", true, position);
    integer(c, "sync-timeout", 60000, 0xFFFFFFFFL, position);
    integer(c, "sync-page-limit", 10000, 0xFFFFFFFFL, position);
    long delayedUpdatesLimit = integer(c, "delayed-updates-limit",
        mode == Mode.LOAD_BALANCING ? 100 : 0, 0xFFFFFFFFL, position);
    long heartbeatDelay = integer(c, "heartbeat-delay", 10000, 0xFFFF, position);
    long maxResponseDelay = integer(c, "max-response-delay", 60000, 0xFFFF, position);
    long maxAckDelay = integer(c, "max-ack-delay", 10000, 0xFFFF, position);
    long maxUnackedClients = integer(c, "max-unacked-clients", 10, 0xFFFFFFFFL, position);
    boolean waitBackupAck = bool(c, "wait-backup-ack", false, position);
    JsonNode mt = c.get("multi-threading");
    if (mt != null) {
      if (!mt.isObject()) {
        throw new Invalid("multi-threading configuration must be a map");
      }
      bool(mt, "enable-multi-threading", false, position);
      bool(mt, "http-dedicated-listener", false, position);
      integer(mt, "http-listener-threads", 0, 0xFFFFFFFFL, position);
      integer(mt, "http-client-threads", 0, 0xFFFFFFFFL, position);
    }
    Optional<String> trustAnchor = optionalString(c, "trust-anchor", position);
    Optional<String> certFile = optionalString(c, "cert-file", position);
    Optional<String> keyFile = optionalString(c, "key-file", position);

    // Peers are kept by name, like Kea's std::map; validation walks them in name order.
    TreeMap<String, PeerDraft> byName = new TreeMap<>();
    List<Peer> inOrder = new ArrayList<>();
    for (JsonNode p : peers) {
      if (!p.isObject()) {
        throw new Invalid("peer configuration must be a map");
      }
      String name = string(p, "name", position);
      if (byName.containsKey(name)) {
        throw new Invalid("peer with name '" + name + "' already specified");
      }
      String trimmed = name.strip();
      if (trimmed.isEmpty()) {
        throw new Invalid("peer name must not be empty");
      }
      String url = string(p, "url", position);
      Optional<String> peerTrust = optionalString(p, "trust-anchor", position);
      Optional<String> peerCert = optionalString(p, "cert-file", position);
      Optional<String> peerKey = optionalString(p, "key-file", position);
      Role role = parseRole(string(p, "role", position));
      boolean autoFailover = bool(p, "auto-failover", true, position);
      if (p.has("basic-auth-password")) {
        // Type-checked like Kea does; the value itself is never kept.
        string(p, "basic-auth-password", position);
      }
      if (p.has("basic-auth-user")) {
        String user = string(p, "basic-auth-user", position);
        if (!user.isEmpty() && user.indexOf(':') >= 0) {
          throw new Invalid("user '" + user + "' must not contain a ':' in peer '" + trimmed + "'");
        }
      }
      byName.put(name, new PeerDraft(trimmed, url, role, autoFailover,
          peerTrust.or(() -> trustAnchor), peerCert.or(() -> certFile),
          peerKey.or(() -> keyFile)));
      inOrder.add(new Peer(trimmed, url, role, autoFailover));
    }
    if (states != null) {
      for (JsonNode s : states) {
        if (!s.isObject()) {
          throw new Invalid("state configuration must be a map");
        }
        String stateName = string(s, "state", position);
        KeaHaState state = java.util.Arrays.stream(KeaHaState.values())
            .filter(st -> st.ownState() && st.kebabName().equals(stateName))
            .findFirst()
            .orElseThrow(() -> new Invalid("unknown state " + stateName));
        if (pauses.containsKey(state)) {
          throw new Invalid("duplicated configuration for the '" + stateName + "' state");
        }
        String pause = s.has("pause") ? string(s, "pause", position) : "never";
        if (!pause.equals("always") && !pause.equals("never") && !pause.equals("once")) {
          throw new Invalid("unsupported value " + pause + " of 'pause' parameter");
        }
        pauses.put(state, pause);
      }
    }
    HaSettings settings = new HaSettings(thisServerName, mode, heartbeatDelay, maxResponseDelay,
        maxAckDelay, maxUnackedClients, delayedUpdatesLimit, syncLeases, sendLeaseUpdates,
        waitBackupAck, List.copyOf(inOrder), Map.copyOf(pauses));
    validate(settings, byName);
    return settings;
  }

  private record PeerDraft(String name, String url, Role role, boolean autoFailover,
      Optional<String> trustAnchor, Optional<String> certFile, Optional<String> keyFile) {
  }

  /** {@code HAConfig::validate}. */
  private static void validate(HaSettings s, TreeMap<String, PeerDraft> byName) throws Invalid {
    if (byName.values().stream().noneMatch(p -> p.name().equals(s.thisServerName()))) {
      throw new Invalid("no peer configuration specified for the '" + s.thisServerName() + "'");
    }
    Map<Role, Integer> counts = new TreeMap<>();
    for (PeerDraft p : byName.values()) {
      KeaUrl url = KeaUrl.parse(p.url());
      if (!url.valid()) {
        throw new Invalid("invalid URL: " + url.error() + " for server " + p.name());
      }
      if (!IpLiterals.isIpAddress(url.strippedHostname())) {
        throw new Invalid("bad url '" + url.toText() + "': Failed to convert string to address '"
            + url.strippedHostname() + "': Invalid argument for server " + p.name());
      }
      boolean haveCa = p.trustAnchor().filter(v -> !v.isEmpty()).isPresent();
      boolean haveCert = p.certFile().filter(v -> !v.isEmpty()).isPresent();
      boolean haveKey = p.keyFile().filter(v -> !v.isEmpty()).isPresent();
      if (haveCa || haveCert || haveKey) {
        String missing = !haveCa ? "trust-anchor" : !haveCert ? "cert-file" : !haveKey ? "key-file"
            : null;
        if (missing != null) {
          throw new Invalid("bad TLS config for server " + p.name() + ": " + missing
              + " parameter is missing or empty: all or none of TLS parameters must be set");
        }
      } else if (url.https()) {
        throw new Invalid("bad url '" + url.toText() + "': https scheme is not supported"
            + " for server " + p.name() + " where TLS is disabled");
      }
      counts.merge(p.role(), 1, Integer::sum);
    }
    if (counts.getOrDefault(Role.PRIMARY, 0) > 1) {
      throw new Invalid("multiple primary servers specified");
    }
    if (counts.getOrDefault(Role.SECONDARY, 0) > 1) {
      throw new Invalid("multiple secondary servers specified");
    }
    if (counts.getOrDefault(Role.STANDBY, 0) > 1) {
      throw new Invalid("multiple standby servers specified");
    }
    boolean primary = counts.containsKey(Role.PRIMARY);
    boolean secondary = counts.containsKey(Role.SECONDARY);
    boolean standby = counts.containsKey(Role.STANDBY);
    switch (s.mode()) {
      case LOAD_BALANCING:
        if (standby) {
          throw new Invalid("standby servers not allowed in the load balancing configuration");
        }
        if (!secondary) {
          throw new Invalid("secondary server required in the load balancing configuration");
        }
        if (!primary) {
          throw new Invalid("primary server required in the load balancing configuration");
        }
        if (s.waitBackupAck()) {
          throw new Invalid("'wait-backup-ack' must be set to false in the load balancing"
              + " configuration");
        }
        break;
      case HOT_STANDBY:
        if (secondary) {
          throw new Invalid("secondary servers not allowed in the hot standby configuration");
        }
        if (!standby) {
          throw new Invalid("standby server required in the hot standby configuration");
        }
        if (!primary) {
          throw new Invalid("primary server required in the hot standby configuration");
        }
        if (s.waitBackupAck()) {
          throw new Invalid("'wait-backup-ack' must be set to false in the hot standby"
              + " configuration");
        }
        if (s.delayedUpdatesLimit() > 0) {
          throw new Invalid("'delayed-updates-limit' must be set to 0 in the hot standby"
              + " configuration");
        }
        break;
      default:
        if (secondary) {
          throw new Invalid("secondary servers not allowed in the passive backup configuration");
        }
        if (standby) {
          throw new Invalid("standby servers not allowed in the passive backup configuration");
        }
        if (!primary) {
          throw new Invalid("primary server required in the passive backup configuration");
        }
        if (s.delayedUpdatesLimit() > 0) {
          throw new Invalid("'delayed-updates-limit' must be set to 0 in the passive backup"
              + " configuration");
        }
    }
  }

  private static Mode parseMode(String text) throws Invalid {
    switch (text) {
      case "load-balancing":
        return Mode.LOAD_BALANCING;
      case "hot-standby":
        return Mode.HOT_STANDBY;
      case "passive-backup":
        return Mode.PASSIVE_BACKUP;
      default:
        throw new Invalid("unsupported value '" + text + "' for mode parameter");
    }
  }

  private static Role parseRole(String text) throws Invalid {
    switch (text) {
      case "primary":
        return Role.PRIMARY;
      case "secondary":
        return Role.SECONDARY;
      case "standby":
        return Role.STANDBY;
      case "backup":
        return Role.BACKUP;
      default:
        throw new Invalid("unsupported value '" + text + "' for role parameter");
    }
  }

  // SimpleParser getters, with Kea's messages.

  private static String string(JsonNode scope, String name,
      Function<JsonNode, FakeKeaJson.Position> position) throws Invalid {
    JsonNode x = scope.get(name);
    if (x == null) {
      throw new Invalid("missing parameter '" + name + "' (" + position.apply(scope) + ")");
    }
    if (!x.isTextual()) {
      throw new Invalid("invalid type specified for parameter '" + name + "' ("
          + position.apply(x) + ")");
    }
    return x.textValue();
  }

  private static Optional<String> optionalString(JsonNode scope, String name,
      Function<JsonNode, FakeKeaJson.Position> position) throws Invalid {
    return scope.has(name) ? Optional.of(string(scope, name, position)) : Optional.empty();
  }

  private static boolean bool(JsonNode scope, String name, boolean dflt,
      Function<JsonNode, FakeKeaJson.Position> position) throws Invalid {
    JsonNode x = scope.get(name);
    if (x == null) {
      return dflt;
    }
    if (!x.isBoolean()) {
      throw new Invalid("invalid type specified for parameter '" + name + "' ("
          + position.apply(x) + ")");
    }
    return x.booleanValue();
  }

  private static long integer(JsonNode scope, String name, long dflt, long max,
      Function<JsonNode, FakeKeaJson.Position> position) throws Invalid {
    JsonNode x = scope.get(name);
    if (x == null) {
      return dflt;
    }
    if (!x.isIntegralNumber()) {
      throw new Invalid("invalid type specified for parameter '" + name + "' ("
          + position.apply(x) + ")");
    }
    if (!x.canConvertToLong()) {
      throw new Invalid("'" + name + "' must not be " + (x.bigIntegerValue().signum() < 0
          ? "negative" : "greater than " + max));
    }
    long value = x.longValue();
    if (value < 0) {
      throw new Invalid("'" + name + "' must not be negative");
    }
    if (value > max) {
      throw new Invalid("'" + name + "' must not be greater than " + max);
    }
    return value;
  }
}
