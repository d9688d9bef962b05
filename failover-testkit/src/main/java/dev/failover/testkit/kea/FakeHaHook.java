package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.FakeKeaAnswers.NODES;
import static dev.failover.testkit.kea.FakeKeaAnswers.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.state.KeaHaState;
import dev.failover.testkit.kea.FakeKeaAnswers.CommandError;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The HA hook ({@code libdhcp_ha.so}) loaded into a {@link FakeDhcp4Server}: one
 * {@link HaRelationship} state machine per {@code high-availability} entry, the {@code ha-*}
 * commands, and the {@code high-availability} part of {@code status-get}. Like Kea's hook it reads
 * its parameters only when it is loaded ({@link #load}); a refused load leaves the server without
 * it ({@link #unload}). Guarded by the network's lock.
 */
final class FakeHaHook {

  static final String CONNECTION_REFUSED = "Connection refused";

  /** The {@code ha-*} commands the hook answers (Kea's others answer "not modelled"). */
  static final Set<String> COMMANDS = Set.of("ha-heartbeat", "ha-sync", "ha-scopes",
      "ha-continue", "ha-maintenance-start", "ha-maintenance-cancel", "ha-maintenance-notify",
      "ha-reset");

  private static final DateTimeFormatter SYSTEM_TIME = DateTimeFormatter
      .ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final FakeKeaServer server;
  private final KeaHaNetwork network;
  private final FakeKeaFlavour flavour;
  private List<HaRelationship> relationships = List.of();

  FakeHaHook(FakeKeaServer server, KeaHaNetwork network, FakeKeaFlavour flavour) {
    this.server = server;
    this.network = network;
    this.flavour = flavour;
  }

  /**
   * The hook's parameters of a {@code Dhcp4} map, as the hook parses them when it is loaded.
   */
  static List<HaSettings> haFor(ObjectNode dhcp4, FakeKeaFlavour flavour) {
    try {
      return haFor(dhcp4, flavour, n -> new FakeKeaJson.Position(FakeKeaJson.WIRE, 0, 0));
    } catch (HaSettings.Invalid e) {
      throw new IllegalStateException("checked before", e);
    }
  }

  static List<HaSettings> haFor(ObjectNode dhcp4, FakeKeaFlavour flavour,
      Function<JsonNode, FakeKeaJson.Position> position) throws HaSettings.Invalid {
    Optional<JsonNode> ha = FakeDhcp4Config.haParameters(dhcp4);
    if (ha.isEmpty()) {
      return List.of();
    }
    if (ha.get().isNull()) {
      throw new HaSettings.Invalid("high-availability parameter not specified for High"
          + " Availability hooks library");
    }
    return HaSettings.parseAll(ha.get(), flavour.newer(), position);
  }

  /** Loads the hook with these relationships, each starting as Kea's does at {@code now}. */
  void load(List<HaSettings> settings, Instant now, boolean running) {
    List<HaRelationship> rels = new ArrayList<>();
    for (HaSettings s : settings) {
      rels.add(new HaRelationship(server, s, now, running));
    }
    relationships = List.copyOf(rels);
  }

  /** A refused hook load: no relationships until the next successful load. */
  void unload() {
    relationships = List.of();
  }

  /** The server restarted: the same relationships, each in {@code waiting} from {@code now}. */
  void restart(Instant now) {
    load(relationships.stream().map(r -> r.settings).toList(), now, false);
  }

  List<HaRelationship> relationships() {
    return relationships;
  }

  HaRelationship relationship(String serverName) {
    if (relationships.isEmpty()) {
      throw new IllegalStateException(server + " has no HA relationship configured");
    }
    if (serverName == null) {
      return relationships.get(0);
    }
    for (HaRelationship r : relationships) {
      if (r.knowsPeer(serverName)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no HA relationship of " + server + " has a peer named '"
        + serverName + "'");
  }

  /** Answers an {@code ha-*} command (the server has checked the hook is loaded). */
  ObjectNode command(String name, JsonNode args) {
    switch (name) {
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
        return FakeKeaAnswers.notModelled(name);
    }
  }

  /** Adds the {@code high-availability} list to {@code status-get}'s arguments, if HA runs. */
  void statusInto(ObjectNode args, Instant now) {
    if (!relationships.isEmpty()) {
      ArrayNode list = args.putArray("high-availability");
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
        local.put("state", r.state.kebabName());
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
          remote.put("last-state", r.partnerState == null ? "" : r.partnerState.kebabName());
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
    result.put("state", r.state.kebabName());
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
      if (flavour == FakeKeaFlavour.CONTROL_AGENT_2_2) {
        // real Kea 2.2: kea-dhcp4 closes the agent's connection without an answer
        return answer(1, "unable to forward command to the dhcp4 service: End of file. The server"
            + " is likely to be offline", null);
      }
      return answer(1, "no configuration specified for server " + peerName, null);
    }
    if (!peerName.equals(r.serverName())) {
      HaRelationship peer = network.relationshipNamed(peerName);
      if (peer == null || !network.canTalk(server, peer.owner)) {
        r.partnerState = KeaHaState.UNAVAILABLE;
        server.log("HA_SYNC_FAILED failed to synchronize leases with " + peerName + ": "
            + CONNECTION_REFUSED);
        return answer(1, CONNECTION_REFUSED, null);
      }
    }
    server.log("HA_SYNC_SUCCESSFUL lease database synchronization with " + peerName + " completed");
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
        return answer(1001, "Unable to transition the server from the " + r.state.kebabName()
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
        return answer(1, "Unable to transition the server from the " + r.state.kebabName()
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
}
