package dev.failover.kea.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.kea.internal.KeaJson;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableKeaPeer;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.KeaStatePause;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.server.ServerId;
import dev.failover.state.KeaHaState;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of Kea's {@code high-availability} list ↔ a {@link FailoverMode} and
 * {@link KeaHaSettings} (vendor-facts §3.2, §3.3), every parameter both ways.
 *
 * <table>
 *   <caption>KeaHaSettings ↔ high-availability entry</caption>
 *   <tr><th>SDK</th><th>Kea</th></tr>
 *   <tr><td>Relationship.mode</td><td>{@code mode} ({@code load-balancing}, {@code hot-standby},
 *       {@code passive-backup})</td></tr>
 *   <tr><td>the server's own peer ({@link KeaHaSettings#peerFor(ServerId)})</td><td>{@code this-server-name}</td></tr>
 *   <tr><td>heartbeatDelay, maxResponseDelay, maxAckDelay, syncTimeout</td><td>{@code heartbeat-delay},
 *       {@code max-response-delay}, {@code max-ack-delay}, {@code sync-timeout} (milliseconds)</td></tr>
 *   <tr><td>maxUnackedClients, syncPageLimit</td><td>{@code max-unacked-clients}, {@code sync-page-limit}</td></tr>
 *   <tr><td>waitBackupAck, sendLeaseUpdates, syncLeases, requireClientCerts</td><td>{@code wait-backup-ack},
 *       {@code send-lease-updates}, {@code sync-leases}, {@code require-client-certs}</td></tr>
 *   <tr><td>maxRejectedLeaseUpdates, delayedUpdatesLimit, restrictCommands, multiThreading (optional)</td>
 *       <td>{@code max-rejected-lease-updates}, {@code delayed-updates-limit}, {@code restrict-commands},
 *       {@code multi-threading} ({@code enable-multi-threading}, {@code http-dedicated-listener},
 *       {@code http-listener-threads}, {@code http-client-threads}); left out when empty</td></tr>
 *   <tr><td>statePauses</td><td>{@code state-machine.states[]} ({@code state}, {@code pause})</td></tr>
 *   <tr><td>trustAnchor, certFile, keyFile</td><td>{@code trust-anchor}, {@code cert-file}, {@code key-file}
 *       (Kea's empty string reads as not set)</td></tr>
 *   <tr><td>peers[]: name, url, role, autoFailover, basicAuthUser, basicAuthUserFile, basicAuthPassword,
 *       basicAuthPasswordFile, trustAnchor, certFile, keyFile</td><td>{@code peers[]}: {@code name}, {@code url},
 *       {@code role}, {@code auto-failover}, {@code basic-auth-user}, {@code basic-auth-user-file},
 *       {@code basic-auth-password}, {@code basic-auth-password-file}, {@code trust-anchor}, {@code cert-file},
 *       {@code key-file}; the peer's inventory server is found by a {@link PeerResolver}</td></tr>
 *   <tr><td>Relationship.name</td><td>{@code user-context.}{@value #CONTEXT}{@code .relationship}</td></tr>
 * </table>
 *
 * <p><b>Kea fills in its defaults.</b> Kea 2.2's {@code config-get} returns every parameter of
 * an HA entry with its default filled in, the optional ones included
 * ({@code delayed-updates-limit}, {@code restrict-commands}, {@code multi-threading}; Kea ≥ 2.3.1
 * also {@code max-rejected-lease-updates}), so "left to the server" could not be told from "set to
 * the server's default" when reading back. The mapping writes the names of the optional
 * parameters it leaves out into {@code user-context.}{@value #CONTEXT}{@code .server-defaults}
 * and reads those as empty again, whatever value Kea reports; an entry written by hand has no
 * such list and reads as Kea reports it.
 *
 * <p><b>Unknown fields are kept.</b> {@link #toJson} writes over the entry the server has: every
 * member it does not know (of the entry, of each peer matched by name, of {@code state-machine}
 * and of {@code user-context}) stays as it was.
 *
 * <p>A {@code basic-auth-password} is read into a {@link Secret} and written with
 * {@link Secret#reveal()} into the JSON that goes to Kea; it never appears in a message.
 */
public final class KeaHaMapping {

  /** The member of an entry's {@code user-context} the SDK writes. */
  public static final String CONTEXT = "failover-sdk";

  private static final String RELATIONSHIP = "relationship";
  private static final String SERVER_DEFAULTS = "server-defaults";
  private static final String OWN_FILES = "own-files";

  /**
   * The relationship-level TLS members whose paths belong to one server (its own client
   * certificate, key and trust anchor), which a server may have its own values for
   * ({@link #withOwnFiles}).
   */
  public static final List<String> OWN_FILE_MEMBERS = List.of("trust-anchor", "cert-file", "key-file");

  private static final String DELAYED_UPDATES_LIMIT = "delayed-updates-limit";
  private static final String MAX_REJECTED_LEASE_UPDATES = "max-rejected-lease-updates";
  private static final String RESTRICT_COMMANDS = "restrict-commands";
  private static final String MULTI_THREADING = "multi-threading";

  private static final Map<String, ServerRole> ROLES = new LinkedHashMap<>();
  private static final Map<String, FailoverMode> MODES = new LinkedHashMap<>();

  static {
    ROLES.put("primary", ServerRole.PRIMARY);
    ROLES.put("secondary", ServerRole.SECONDARY);
    ROLES.put("standby", ServerRole.STANDBY);
    ROLES.put("backup", ServerRole.BACKUP);
    MODES.put("load-balancing", FailoverMode.LOAD_BALANCING);
    MODES.put("hot-standby", FailoverMode.HOT_STANDBY);
    MODES.put("passive-backup", FailoverMode.PASSIVE_BACKUP);
  }

  /** Finds the inventory server a peer of an entry runs on. */
  @FunctionalInterface
  public interface PeerResolver {

    /**
     * {@return the server that runs the peer named {@code name}, reached at {@code url}; empty when none does}
     *
     * @param name the peer's name
     * @param url the peer's URL
     */
    Optional<ServerId> serverOf(String name, URI url);
  }

  private KeaHaMapping() {}

  /**
   * {@return Kea's word for the mode: {@code load-balancing}, {@code hot-standby}, {@code passive-backup}}
   *
   * @param mode the mode
   */
  public static String modeName(FailoverMode mode) {
    for (Map.Entry<String, FailoverMode> e : MODES.entrySet()) {
      if (e.getValue() == mode) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException(String.valueOf(mode));
  }

  /**
   * {@return Kea's word for the role: {@code primary}, {@code secondary}, {@code standby}, {@code backup}}
   *
   * @param role the role
   */
  public static String roleName(ServerRole role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------------------------------------
  // writing

  /**
   * {@return the entry for the relationship on the server whose peer is {@code thisServerName}, written
   * over {@code base} (the entry the server has now, or null): every member the mapping does not
   * know is kept, peers are matched by name}
   *
   * @param name the relationship's name
   * @param mode the relationship's mode
   * @param settings the relationship's Kea settings
   * @param thisServerName the peer name of the server the entry is for
   * @param base the entry the server has now, or null
   */
  public static ObjectNode toJson(RelationshipName name, FailoverMode mode, KeaHaSettings settings,
      String thisServerName, ObjectNode base) {
    Violations.collect()
        .check(settings.peerFor(thisServerName).isPresent(), "thisServerName", Texts.quoted(thisServerName),
            "must be the name of one of the relationship's peers")
        .throwIfAny("Kea HA entry of " + name);
    ObjectNode entry = base == null ? KeaJson.object() : base.deepCopy();
    List<String> serverDefaults = new ArrayList<>();
    entry.put("this-server-name", thisServerName);
    entry.put("mode", modeName(mode));
    putNumber(entry, "heartbeat-delay", settings.heartbeatDelay().toMillis());
    putNumber(entry, "max-response-delay", settings.maxResponseDelay().toMillis());
    putNumber(entry, "max-ack-delay", settings.maxAckDelay().toMillis());
    putNumber(entry, "max-unacked-clients", settings.maxUnackedClients());
    optionalLong(entry, MAX_REJECTED_LEASE_UPDATES, settings.maxRejectedLeaseUpdates(), serverDefaults);
    optionalLong(entry, DELAYED_UPDATES_LIMIT, settings.delayedUpdatesLimit(), serverDefaults);
    entry.put("wait-backup-ack", settings.waitBackupAck());
    entry.put("send-lease-updates", settings.sendLeaseUpdates());
    entry.put("sync-leases", settings.syncLeases());
    putNumber(entry, "sync-timeout", settings.syncTimeout().toMillis());
    putNumber(entry, "sync-page-limit", settings.syncPageLimit());
    entry.put("require-client-certs", settings.requireClientCerts());
    if (settings.restrictCommands().isPresent()) {
      entry.put(RESTRICT_COMMANDS, settings.restrictCommands().get());
    } else {
      entry.remove(RESTRICT_COMMANDS);
      serverDefaults.add(RESTRICT_COMMANDS);
    }
    if (settings.multiThreading().isPresent()) {
      KeaMultiThreading mt = settings.multiThreading().get();
      JsonNode old = entry.get(MULTI_THREADING);
      ObjectNode map = old != null && old.isObject() ? (ObjectNode) old : KeaJson.object();
      map.put("enable-multi-threading", mt.enableMultiThreading());
      map.put("http-dedicated-listener", mt.httpDedicatedListener());
      putNumber(map, "http-listener-threads", mt.httpListenerThreads());
      putNumber(map, "http-client-threads", mt.httpClientThreads());
      entry.set(MULTI_THREADING, map);
    } else {
      entry.remove(MULTI_THREADING);
      serverDefaults.add(MULTI_THREADING);
    }
    writeStateMachine(entry, settings.statePauses());
    optionalText(entry, "trust-anchor", settings.trustAnchor());
    optionalText(entry, "cert-file", settings.certFile());
    optionalText(entry, "key-file", settings.keyFile());
    writePeers(entry, settings.peers());
    writeContext(entry, name, serverDefaults);
    return entry;
  }

  /**
   * {@return the entry (written by {@link #toJson}) with this server's own paths for some of
   * {@link #OWN_FILE_MEMBERS} in place of those the relationship's settings give} Each replaced
   * member is noted in {@code user-context."failover-sdk"."own-files"} with the path written and
   * the settings' value, so that {@link #fromJson} reads the settings' value again while the
   * member still holds the path written (a path changed by hand afterwards reads as it is).
   *
   * @param own member name → this server's path; empty leaves the entry as it is
   *
   * @param entry the entry
   */
  public static ObjectNode withOwnFiles(ObjectNode entry, Map<String, String> own) {
    if (own.isEmpty()) {
      return entry;
    }
    ObjectNode out = entry.deepCopy();
    ObjectNode notes = KeaJson.object();
    for (String member : OWN_FILE_MEMBERS) {
      String path = own.get(member);
      if (path == null) {
        continue;
      }
      ObjectNode note = notes.putObject(member);
      note.put("own", path);
      JsonNode shared = out.get(member);
      if (shared != null && shared.isTextual()) {
        note.put("shared", shared.asText());
      }
      out.put(member, path);
    }
    JsonNode context = out.path("user-context").path(CONTEXT);
    if (context.isObject()) {
      ((ObjectNode) context).set(OWN_FILES, notes);
    }
    return out;
  }

  /** The entry as the relationship's settings give it: own paths still as written read as the settings' values. */
  private static JsonNode sharedView(JsonNode entry) {
    JsonNode notes = entry.path("user-context").path(CONTEXT).path(OWN_FILES);
    if (!notes.isObject()) {
      return entry;
    }
    ObjectNode out = entry.deepCopy();
    for (String member : OWN_FILE_MEMBERS) {
      JsonNode note = notes.path(member);
      JsonNode now = out.path(member);
      if (note.path("own").isTextual() && now.isTextual() && now.asText().equals(note.path("own").asText())) {
        if (note.path("shared").isTextual()) {
          out.put(member, note.path("shared").asText());
        } else {
          out.remove(member);
        }
      }
    }
    return out;
  }

  private static void optionalLong(ObjectNode entry, String field, java.util.OptionalLong value, List<String> defaults) {
    if (value.isPresent()) {
      putNumber(entry, field, value.getAsLong());
    } else {
      entry.remove(field);
      defaults.add(field);
    }
  }

  /** A number as Kea's own JSON parser types it: an int where it fits (so an entry written back compares equal). */
  private static void putNumber(ObjectNode holder, String field, long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      holder.put(field, (int) value);
    } else {
      holder.put(field, value);
    }
  }

  private static void optionalText(ObjectNode holder, String field, Optional<String> value) {
    if (value.isPresent()) {
      holder.put(field, value.get());
    } else {
      holder.remove(field);
    }
  }

  private static void writeStateMachine(ObjectNode entry, List<KeaStatePause> pauses) {
    JsonNode old = entry.get("state-machine");
    ObjectNode map = old != null && old.isObject() ? (ObjectNode) old : KeaJson.object();
    if (pauses.isEmpty()) {
      map.remove("states");
    } else {
      ArrayNode states = KeaJson.array();
      for (KeaStatePause p : pauses) {
        states.addObject().put("state", p.state().kebabName()).put("pause", p.pause().keaName());
      }
      map.set("states", states);
    }
    if (map.isEmpty()) {
      entry.remove("state-machine");
    } else {
      entry.set("state-machine", map);
    }
  }

  private static void writePeers(ObjectNode entry, List<KeaPeer> peers) {
    Map<String, ObjectNode> byName = new LinkedHashMap<>();
    JsonNode old = entry.get("peers");
    if (old != null && old.isArray()) {
      for (JsonNode p : old) {
        if (p.isObject() && p.path("name").isTextual()) {
          byName.putIfAbsent(p.path("name").asText(), (ObjectNode) p);
        }
      }
    }
    ArrayNode list = KeaJson.array();
    for (KeaPeer peer : peers) {
      ObjectNode same = byName.get(peer.name());
      ObjectNode p = same != null ? same.deepCopy() : KeaJson.object();
      p.put("name", peer.name());
      p.put("url", peer.url().toString());
      p.put("role", roleName(peer.role()));
      p.put("auto-failover", peer.autoFailover());
      optionalText(p, "basic-auth-user", peer.basicAuthUser());
      optionalText(p, "basic-auth-user-file", peer.basicAuthUserFile());
      if (peer.basicAuthPassword().isPresent()) {
        // the one place the password is revealed: into the configuration Kea needs it in
        p.put("basic-auth-password", peer.basicAuthPassword().get().reveal());
      } else {
        p.remove("basic-auth-password");
      }
      optionalText(p, "basic-auth-password-file", peer.basicAuthPasswordFile());
      optionalText(p, "trust-anchor", peer.trustAnchor());
      optionalText(p, "cert-file", peer.certFile());
      optionalText(p, "key-file", peer.keyFile());
      list.add(p);
    }
    entry.set("peers", list);
  }

  private static void writeContext(ObjectNode entry, RelationshipName name, List<String> serverDefaults) {
    JsonNode old = entry.get("user-context");
    ObjectNode context = old != null && old.isObject() ? (ObjectNode) old : KeaJson.object();
    ObjectNode ours = KeaJson.object();
    ours.put(RELATIONSHIP, name.value());
    ArrayNode defaults = ours.putArray(SERVER_DEFAULTS);
    serverDefaults.forEach(defaults::add);
    context.set(CONTEXT, ours);
    entry.set("user-context", context);
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  /**
   * {@return the relationship name of an entry without resolving its peers: the one the SDK wrote into its
   * {@code user-context}, else the name of its primary peer; empty when neither is there}
   *
   * @param entry the {@code high-availability} entry
   */
  public static Optional<RelationshipName> nameOf(JsonNode entry) {
    JsonNode written = entry.path("user-context").path(CONTEXT).path(RELATIONSHIP);
    String text = written.isTextual() ? written.asText() : primaryPeerName(entry).orElse(null);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RelationshipName.of(text));
    } catch (ValidationException e) {
      return Optional.empty();
    }
  }

  /**
   * {@return the name of the entry's peer in the {@code primary} role, when it has one}
   *
   * @param entry the {@code high-availability} entry
   */
  public static Optional<String> primaryPeerName(JsonNode entry) {
    for (JsonNode p : entry.path("peers")) {
      if ("primary".equals(p.path("role").asText(null)) && p.path("name").isTextual()) {
        return Optional.of(p.path("name").asText());
      }
    }
    return Optional.empty();
  }

  /**
   * {@return whether the SDK wrote the entry (its {@code user-context} carries {@value #CONTEXT})}
   *
   * @param entry the {@code high-availability} entry
   */
  public static boolean managed(JsonNode entry) {
    return entry.path("user-context").path(CONTEXT).isObject();
  }

  /**
   * {@return the entry in the SDK's terms}
   *
   * @param raw the {@code high-availability} entry
   * @param resolver finds the server that runs each peer
   * @throws ValidationException listing every member that does not map (with its place), every
   * peer that {@code resolver} finds no server for, and every rule of {@link KeaHaSettings} the
   * entry breaks
   *
   */
  public static KeaHaEntry fromJson(JsonNode raw, PeerResolver resolver) {
    Violations v = Violations.collect();
    v.check(raw != null && raw.isObject(), "high-availability[]", raw == null ? "null" : shortText(raw),
        "must be a JSON object");
    v.throwIfAny("Kea HA entry");
    JsonNode entry = sharedView(raw);
    JsonNode ctx = entry.path("user-context").path(CONTEXT);
    boolean managed = ctx.isObject();
    Set<String> serverDefaults = new TreeSet<>();
    if (managed) {
      JsonNode list = ctx.path(SERVER_DEFAULTS);
      if (list.isArray()) {
        list.forEach(n -> serverDefaults.add(n.asText()));
      }
    }
    String thisServerName = text(entry, "this-server-name", v);
    FailoverMode mode = null;
    JsonNode modeNode = entry.path("mode");
    if (modeNode.isTextual() && MODES.containsKey(modeNode.asText())) {
      mode = MODES.get(modeNode.asText());
    } else {
      v.check(false, "mode", shortText(modeNode), "must be one of " + MODES.keySet());
    }
    ImmutableKeaHaSettings.Builder s = KeaHaSettings.builder();
    millis(entry, "heartbeat-delay", v).ifPresent(s::heartbeatDelay);
    millis(entry, "max-response-delay", v).ifPresent(s::maxResponseDelay);
    millis(entry, "max-ack-delay", v).ifPresent(s::maxAckDelay);
    count(entry, "max-unacked-clients", v).ifPresent(s::maxUnackedClients);
    if (!serverDefaults.contains(MAX_REJECTED_LEASE_UPDATES)) {
      count(entry, MAX_REJECTED_LEASE_UPDATES, v).ifPresent(s::maxRejectedLeaseUpdates);
    }
    if (!serverDefaults.contains(DELAYED_UPDATES_LIMIT)) {
      count(entry, DELAYED_UPDATES_LIMIT, v).ifPresent(s::delayedUpdatesLimit);
    }
    bool(entry, "wait-backup-ack", v).ifPresent(s::waitBackupAck);
    bool(entry, "send-lease-updates", v).ifPresent(s::sendLeaseUpdates);
    bool(entry, "sync-leases", v).ifPresent(s::syncLeases);
    millis(entry, "sync-timeout", v).ifPresent(s::syncTimeout);
    count(entry, "sync-page-limit", v).ifPresent(s::syncPageLimit);
    bool(entry, "require-client-certs", v).ifPresent(s::requireClientCerts);
    if (!serverDefaults.contains(RESTRICT_COMMANDS)) {
      bool(entry, RESTRICT_COMMANDS, v).ifPresent(s::restrictCommands);
    }
    if (!serverDefaults.contains(MULTI_THREADING)) {
      readMultiThreading(entry.path(MULTI_THREADING), v).ifPresent(s::multiThreading);
    }
    readStatePauses(entry.path("state-machine"), v).forEach(s::addStatePause);
    file(entry, "trust-anchor", "", v).ifPresent(s::trustAnchor);
    file(entry, "cert-file", "", v).ifPresent(s::certFile);
    file(entry, "key-file", "", v).ifPresent(s::keyFile);
    List<KeaPeer> peers = readPeers(entry.path("peers"), resolver, v);
    s.peers(peers);
    RelationshipName name = null;
    JsonNode written = ctx.path(RELATIONSHIP);
    if (written.isTextual()) {
      try {
        name = RelationshipName.of(written.asText());
      } catch (ValidationException e) {
        v.addAll("user-context." + CONTEXT + "." + RELATIONSHIP, e.violations());
      }
    } else {
      Optional<KeaPeer> primary = peers.stream().filter(p -> p.role() == ServerRole.PRIMARY).findFirst();
      if (primary.isPresent()) {
        try {
          name = RelationshipName.of(primary.get().name());
        } catch (ValidationException e) {
          v.addAll("peers.name", e.violations());
        }
      }
    }
    v.throwIfAny("Kea HA entry" + (thisServerName == null ? "" : " of " + Texts.quoted(thisServerName)));
    KeaHaSettings[] settings = new KeaHaSettings[1];
    v.absorb("", () -> settings[0] = s.build());
    v.throwIfAny("Kea HA entry of " + Texts.quoted(thisServerName));
    v.check(name != null, "peers", "no primary", "must have a primary peer");
    v.check(settings[0].peerFor(thisServerName).isPresent(), "this-server-name", Texts.quoted(thisServerName),
        "must be the name of one of the peers");
    v.addAll("", settings[0].violationsIn(mode));
    v.throwIfAny("Kea HA entry of " + Texts.quoted(thisServerName));
    return KeaHaEntry.builder().thisServerName(thisServerName).mode(mode).settings(settings[0]).name(name)
        .managed(managed).build();
  }

  private static List<KeaPeer> readPeers(JsonNode list, PeerResolver resolver, Violations v) {
    List<KeaPeer> out = new ArrayList<>();
    if (!list.isArray() || list.isEmpty()) {
      v.check(false, "peers", shortText(list), "must be a non-empty list");
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode p = list.get(i);
      String at = "peers[" + i + "]";
      if (!p.isObject()) {
        v.check(false, at, shortText(p), "must be a JSON object");
        continue;
      }
      Violations own = Violations.collect();
      String name = text(p, "name", own);
      URI url = null;
      String urlText = text(p, "url", own);
      if (urlText != null) {
        try {
          url = new URI(urlText);
        } catch (URISyntaxException e) {
          own.check(false, "url", Texts.quoted(urlText), "must be a URL: " + e.getReason());
        }
      }
      ServerRole role = null;
      JsonNode roleNode = p.path("role");
      if (roleNode.isTextual() && ROLES.containsKey(roleNode.asText())) {
        role = ROLES.get(roleNode.asText());
      } else {
        own.check(false, "role", shortText(roleNode), "must be one of " + ROLES.keySet());
      }
      Optional<ServerId> server = Optional.empty();
      if (name != null && url != null) {
        server = resolver.serverOf(name, url);
        String shownName = Texts.quoted(name);
        own.check(server.isPresent(), "url", Texts.quoted(urlText), () -> "of peer " + shownName
            + " must match a server of the inventory: by its endpoint's host and port, by its address and endpoint"
            + " port, by a Kea server whose own HA configuration names itself " + shownName + " with the same peers,"
            + " or by an id equal to the peer name");
      }
      ImmutableKeaPeer.Builder b = KeaPeer.builder();
      bool(p, "auto-failover", own).ifPresent(b::autoFailover);
      file(p, "basic-auth-user", "", own).ifPresent(b::basicAuthUser);
      file(p, "basic-auth-user-file", "", own).ifPresent(b::basicAuthUserFile);
      JsonNode password = p.path("basic-auth-password");
      if (!password.isMissingNode() && !password.isNull()) {
        own.check(password.isTextual(), "basic-auth-password", "***", "must be a string");
        if (password.isTextual() && !password.asText().isEmpty()) {
          b.basicAuthPassword(Secret.of(password.asText()));
        }
      }
      file(p, "basic-auth-password-file", "", own).ifPresent(b::basicAuthPasswordFile);
      file(p, "trust-anchor", "", own).ifPresent(b::trustAnchor);
      file(p, "cert-file", "", own).ifPresent(b::certFile);
      file(p, "key-file", "", own).ifPresent(b::keyFile);
      if (own.isEmpty()) {
        b.name(name).url(url).role(role).server(server.get());
        own.absorb("", () -> out.add(b.build()));
      }
      v.addAll(at, own.list());
    }
    return out;
  }

  private static Optional<KeaMultiThreading> readMultiThreading(JsonNode map, Violations v) {
    if (map.isMissingNode() || map.isNull()) {
      return Optional.empty();
    }
    if (!map.isObject()) {
      v.check(false, MULTI_THREADING, shortText(map), "must be a JSON object");
      return Optional.empty();
    }
    var b = KeaMultiThreading.builder();
    Violations own = Violations.collect();
    bool(map, "enable-multi-threading", own).ifPresent(b::enableMultiThreading);
    bool(map, "http-dedicated-listener", own).ifPresent(b::httpDedicatedListener);
    count(map, "http-listener-threads", own).ifPresent(b::httpListenerThreads);
    count(map, "http-client-threads", own).ifPresent(b::httpClientThreads);
    KeaMultiThreading[] built = new KeaMultiThreading[1];
    if (own.isEmpty()) {
      own.absorb("", () -> built[0] = b.build());
    }
    v.addAll(MULTI_THREADING, own.list());
    return Optional.ofNullable(built[0]);
  }

  private static List<KeaStatePause> readStatePauses(JsonNode map, Violations v) {
    List<KeaStatePause> out = new ArrayList<>();
    if (map.isMissingNode() || map.isNull()) {
      return out;
    }
    JsonNode states = map.path("states");
    if (!map.isObject() || (!states.isMissingNode() && !states.isArray())) {
      v.check(false, "state-machine", shortText(map), "must be a JSON object with a list of states");
      return out;
    }
    for (int i = 0; i < states.size(); i++) {
      JsonNode s = states.get(i);
      String at = "state-machine.states[" + i + "]";
      KeaHaState state = null;
      try {
        state = KeaHaState.fromName(s.path("state").asText(null));
      } catch (ValidationException e) {
        v.addAll(at, e.violations());
      }
      KeaStatePause.Pause pause = null;
      String word = s.path("pause").asText("never");
      for (KeaStatePause.Pause p : KeaStatePause.Pause.values()) {
        if (p.keaName().equals(word)) {
          pause = p;
        }
      }
      v.check(pause != null, at + ".pause", Texts.quoted(word), "must be always, never or once");
      if (state != null && pause != null) {
        KeaHaState st = state;
        KeaStatePause.Pause pa = pause;
        v.absorb(at, () -> out.add(KeaStatePause.of(st, pa)));
      }
    }
    return out;
  }

  private static String text(JsonNode holder, String field, Violations v) {
    JsonNode value = holder.path(field);
    boolean ok = value.isTextual() && !value.asText().isEmpty();
    v.check(ok, field, shortText(value), "must be a non-empty string");
    return ok ? value.asText() : null;
  }

  /** A string member where Kea reads the empty string as "not set". */
  private static Optional<String> file(JsonNode holder, String field, String unset, Violations v) {
    JsonNode value = holder.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    v.check(value.isTextual(), field, shortText(value), "must be a string");
    return value.isTextual() && !value.asText().equals(unset) ? Optional.of(value.asText()) : Optional.empty();
  }

  private static Optional<Boolean> bool(JsonNode holder, String field, Violations v) {
    JsonNode value = holder.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    v.check(value.isBoolean(), field, shortText(value), "must be true or false");
    return value.isBoolean() ? Optional.of(value.asBoolean()) : Optional.empty();
  }

  private static java.util.OptionalLong count(JsonNode holder, String field, Violations v) {
    JsonNode value = holder.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return java.util.OptionalLong.empty();
    }
    boolean ok = value.isIntegralNumber() && value.canConvertToLong();
    v.check(ok, field, shortText(value), "must be an integer");
    return ok ? java.util.OptionalLong.of(value.asLong()) : java.util.OptionalLong.empty();
  }

  private static Optional<Duration> millis(JsonNode holder, String field, Violations v) {
    java.util.OptionalLong n = count(holder, field, v);
    return n.isPresent() ? Optional.of(Duration.ofMillis(n.getAsLong())) : Optional.empty();
  }

  /** A scalar as it is; a map or a list only by its shape, since it may hold a password. */
  private static String shortText(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "(missing)";
    }
    if (node.isObject()) {
      return "(a JSON object)";
    }
    if (node.isArray()) {
      return "(a list of " + node.size() + ")";
    }
    String text = node.isTextual() ? Texts.quoted(node.asText()) : KeaJson.write(node);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
