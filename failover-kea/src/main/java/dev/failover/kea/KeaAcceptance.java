package dev.failover.kea;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.kea.client.KeaVersion;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.config.Subnet4;
import dev.failover.kea.ha.KeaHaMapping;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Kea server of a given version accepts of a configuration the backend is about to send,
 * checked without sending anything: the HA hook's parameters as the hook reads them when it
 * loads (Kea 2.2's {@code config-test} does not load hooks, and a hook that refuses its parameters
 * in {@code config-set} leaves Kea running without any hook), and what the version has no word
 * for. Every problem is collected; each is in an operator's words.
 *
 * <p>Version facts (vendor-facts §3.1; Kea's ChangeLog): several HA relationships per server from
 * {@value #SEVERAL_RELATIONSHIPS_SINCE}; {@code client-classes} in an {@code option-data} entry
 * (option class-tagging) from {@value #OPTION_CLASSES_SINCE} (Kea 2.2 refuses it: "spurious
 * 'client-classes' parameter"); {@code basic-auth-user-file} from {@value #USER_FILE_SINCE}
 * (older hooks ignore it silently, and the partner is then called without a user);
 * {@code max-rejected-lease-updates} from 2.3.1 (older hooks ignore it).
 *
 * <p>What no check here can see: the files the hook reads on the server ({@code trust-anchor},
 * {@code cert-file}, {@code key-file}, {@code basic-auth-password-file}). A missing one makes the
 * hook refuse to load; those come back as warnings, and {@link KeaBackend#apply} restores the
 * previous configuration when it happens.
 */
final class KeaAcceptance {

  /** The first Kea release whose HA hook takes several relationships (hot-standby only). */
  static final String SEVERAL_RELATIONSHIPS_SINCE = "2.5.5";
  /** The first Kea release that takes {@code client-classes} inside an {@code option-data} entry. */
  static final String OPTION_CLASSES_SINCE = "2.7.4";
  /** The first Kea release whose HA hook reads {@code basic-auth-user-file}. */
  static final String USER_FILE_SINCE = "3.1.2";

  private static final long UINT16_MAX = 65_535L;
  private static final long UINT32_MAX = 4_294_967_295L;
  private static final List<String> MILLIS_16 = List.of("heartbeat-delay", "max-response-delay", "max-ack-delay");
  private static final List<String> COUNTS_32 = List.of("max-unacked-clients", "max-rejected-lease-updates",
      "delayed-updates-limit", "sync-timeout", "sync-page-limit");
  private static final Set<String> MODES = Set.of("load-balancing", "hot-standby", "passive-backup");
  private static final Set<String> ROLES = Set.of("primary", "secondary", "standby", "backup");
  private static final Set<String> PAUSES = Set.of("always", "never", "once");
  private static final Set<String> STATES = Set.of("backup", "communication-recovery", "hot-standby",
      "load-balancing", "in-maintenance", "partner-down", "partner-in-maintenance", "passive-backup", "ready",
      "syncing", "terminated", "waiting");
  private static final List<String> TLS = List.of("trust-anchor", "cert-file", "key-file");

  /** The refusals and the warnings of one review. */
  record Review(List<Violation> refusals, List<Warning> warnings) {}

  private final ServerId server;
  private final Optional<KeaVersion> version;
  private final List<Violation> refusals = new ArrayList<>();
  private final Set<Warning> warnings = new LinkedHashSet<>();

  private KeaAcceptance(ServerId server, Optional<KeaVersion> version) {
    this.server = server;
    this.version = version;
  }

  /**
   * Reviews {@code next}, the configuration {@code current} becomes: the HA entries when they
   * change, and the subnets in {@code subnets}; {@code version} is what the server's channel
   * reported (empty: the version-dependent rules are left out).
   */
  static Review review(ServerId server, Optional<KeaVersion> version, Dhcp4Config current, Dhcp4Config next,
      Collection<Subnet> subnets) {
    KeaAcceptance a = new KeaAcceptance(server, version);
    List<JsonNode> before = current.highAvailability();
    List<JsonNode> after = next.highAvailability();
    if (!after.isEmpty() && !after.equals(before)) {
      a.relationships(after, before);
    }
    for (Subnet subnet : subnets) {
      next.subnet(subnet).ifPresent(entry -> a.options(subnet, entry));
    }
    return new Review(List.copyOf(a.refusals), List.copyOf(a.warnings));
  }

  private void refuse(String field, String value, String rule) {
    refusals.add(new Violation(field, value, rule));
  }

  private boolean before(String since) {
    if (version.isEmpty()) {
      return false;
    }
    String[] p = since.split("\\.");
    KeaVersion v = version.get();
    int[] want = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    int[] have = {v.major(), v.minor(), v.patch()};
    for (int i = 0; i < 3; i++) {
      if (have[i] != want[i]) {
        return have[i] < want[i];
      }
    }
    return false;
  }

  private String runs() {
    return "server " + server + " runs Kea " + version.map(KeaVersion::text).orElse("?");
  }

  // ---------------------------------------------------------------------------------------------
  // HA entries

  private void relationships(List<JsonNode> list, List<JsonNode> old) {
    Set<String> unchanged = new HashSet<>();
    old.forEach(e -> unchanged.add(e.toString()));
    if (list.size() > 1 && before(SEVERAL_RELATIONSHIPS_SINCE)) {
      List<String> names = new ArrayList<>();
      list.forEach(e -> names.add(label(e)));
      refuse("relationships", names.toString(), "would give server " + server + " " + list.size()
          + " HA relationships, but it runs Kea " + version.get().text() + ", whose HA hook takes exactly one per"
          + " server (several relationships, hub and spoke in hot-standby, need Kea " + SEVERAL_RELATIONSHIPS_SINCE
          + " or later): remove its relationship first, or pair the server with one partner only");
    }
    for (JsonNode entry : list) {
      String rel = "relationship " + label(entry);
      if (!entry.isObject()) {
        refuse(rel, Texts.quoted(entry.toString()), "must be a map of HA parameters");
        continue;
      }
      entry(rel, entry);
      if (!unchanged.contains(entry.toString())) {
        files(rel, entry);
      }
    }
  }

  private static String label(JsonNode entry) {
    return KeaHaMapping.nameOf(entry).map(RelationshipName::value)
        .orElse(entry.path("this-server-name").asText("?"));
  }

  private void entry(String rel, JsonNode e) {
    String own = e.path("this-server-name").asText("");
    if (own.isEmpty()) {
      refuse(rel + ": this-server-name", Texts.quoted(own), "must name this server's peer (Kea: 'this-server-name'"
          + " value must not be empty)");
    }
    String mode = e.path("mode").asText("");
    if (!MODES.contains(mode)) {
      refuse(rel + ": mode", Texts.quoted(mode), "must be load-balancing, hot-standby or passive-backup");
    }
    for (String key : MILLIS_16) {
      number(rel, e, key, UINT16_MAX, " milliseconds (Kea keeps it in 16 bits)");
    }
    for (String key : COUNTS_32) {
      number(rel, e, key, UINT32_MAX, "");
    }
    if (e.has("max-rejected-lease-updates") && before("2.3.1")) {
      warnings.add(Warning.of(WarningCode.KEA_IGNORES_PARAMETER, rel + " sets max-rejected-lease-updates, which " + runs()
          + " does not know (added in Kea 2.3.1): it has no effect there"));
    }
    long delayed = e.path("delayed-updates-limit").asLong(0);
    if (delayed != 0 && !mode.equals("load-balancing") && MODES.contains(mode)) {
      refuse(rel + ": delayed-updates-limit", Long.toString(delayed), "must be 0 in the " + mode.replace('-', ' ')
          + " configuration");
    }
    if (e.path("wait-backup-ack").asBoolean(false) && !mode.equals("passive-backup") && MODES.contains(mode)) {
      refuse(rel + ": wait-backup-ack", "true", "must be false in the " + mode.replace('-', ' ') + " configuration");
    }
    tls(rel, e);
    states(rel, e.path("state-machine"));
    peers(rel, e, own, mode);
  }

  private void number(String rel, JsonNode e, String key, long max, String unit) {
    JsonNode n = e.get(key);
    if (n == null) {
      return;
    }
    if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > max || !n.canConvertToLong()) {
      refuse(rel + ": " + key, n.toString(), "must be a whole number from 0 to " + max + unit);
    }
  }

  private void tls(String where, JsonNode holder) {
    List<String> set = new ArrayList<>();
    for (String key : TLS) {
      if (holder.hasNonNull(key) && !holder.path(key).asText("").isEmpty()) {
        set.add(key);
      }
    }
    if (!set.isEmpty() && set.size() != TLS.size()) {
      refuse(where + ": " + String.join(", ", set), set.size() + " of 3 set",
          "trust-anchor, cert-file and key-file must be set all three or none");
    }
  }

  private void states(String rel, JsonNode machine) {
    if (machine.isMissingNode() || machine.isNull()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode s : machine.path("states")) {
      String state = s.path("state").asText("");
      String pause = s.path("pause").asText("never");
      if (!STATES.contains(state)) {
        refuse(rel + ": state-machine", Texts.quoted(state), "must name a state the server itself can be in "
            + new TreeSet<>(STATES));
      } else if (!seen.add(state)) {
        refuse(rel + ": state-machine", Texts.quoted(state), "must configure each state once");
      }
      if (!PAUSES.contains(pause)) {
        refuse(rel + ": state-machine pause for " + state, Texts.quoted(pause), "must be always, never or once");
      }
    }
  }

  private void peers(String rel, JsonNode e, String own, String mode) {
    JsonNode peers = e.path("peers");
    if (!peers.isArray() || peers.isEmpty()) {
      refuse(rel + ": peers", peers.toString(), "must list the relationship's servers");
      return;
    }
    boolean relationshipTls = TLS.stream().allMatch(k -> !e.path(k).asText("").isEmpty());
    Set<String> names = new HashSet<>();
    Map<String, Integer> roles = new HashMap<>();
    for (JsonNode p : peers) {
      String name = p.path("name").asText("");
      String where = rel + ": peer " + Texts.quoted(name);
      if (name.isEmpty()) {
        refuse(rel + ": peer name", "\"\"", "must not be empty");
      } else if (!names.add(name)) {
        refuse(where, Texts.quoted(name), "must be named once in the relationship");
      }
      String role = p.path("role").asText("");
      if (!ROLES.contains(role)) {
        refuse(where + " role", Texts.quoted(role), "must be primary, secondary, standby or backup");
      } else {
        roles.merge(role, 1, Integer::sum);
      }
      String url = p.path("url").asText("");
      boolean https = url(where, url);
      tls(where, p);
      boolean peerTls = TLS.stream().allMatch(k -> !p.path(k).asText("").isEmpty());
      if (https && !peerTls && !relationshipTls) {
        refuse(where + " url", Texts.quoted(url), "must not use https unless TLS (trust-anchor, cert-file, key-file)"
            + " is configured for the peer or the relationship");
      }
      String user = p.path("basic-auth-user").asText("");
      if (user.indexOf(':') >= 0) {
        refuse(where + " basic-auth-user", Texts.quoted(user), "must not contain ':'");
      }
      if (p.has("basic-auth-password") && p.has("basic-auth-password-file")) {
        refuse(where + " basic-auth-password-file", Texts.quoted(p.path("basic-auth-password-file").asText()),
            "must not be set together with an inline basic-auth-password");
      }
      if (p.has("basic-auth-user-file") && before(USER_FILE_SINCE)) {
        refuse(where + " basic-auth-user-file", Texts.quoted(p.path("basic-auth-user-file").asText()),
            "is not read by the HA hook of Kea before " + USER_FILE_SINCE + " (" + runs() + "), which would call the"
                + " partner without a user: give the user itself (basic-auth-user)");
      }
    }
    if (!own.isEmpty() && !names.contains(own)) {
      refuse(rel + ": this-server-name", Texts.quoted(own), "must be the name of one of the relationship's peers");
    }
    int primaries = roles.getOrDefault("primary", 0);
    int secondaries = roles.getOrDefault("secondary", 0);
    int standbys = roles.getOrDefault("standby", 0);
    if (primaries != 1) {
      refuse(rel + ": peers", primaries + " primary", primaries == 0 ? "must have a primary server"
          : "must not specify multiple primary servers");
    }
    if (secondaries > 1) {
      refuse(rel + ": peers", secondaries + " secondary", "must not specify multiple secondary servers");
    }
    if (standbys > 1) {
      refuse(rel + ": peers", standbys + " standby", "must not specify multiple standby servers");
    }
    switch (mode) {
      case "load-balancing" -> {
        if (secondaries == 0) {
          refuse(rel + ": peers", "no secondary", "must have a secondary server in the load balancing configuration");
        }
        if (standbys > 0) {
          refuse(rel + ": peers", standbys + " standby", "must have no standby server in the load balancing"
              + " configuration");
        }
      }
      case "hot-standby" -> {
        if (standbys == 0) {
          refuse(rel + ": peers", "no standby", "must have a standby server in the hot standby configuration");
        }
        if (secondaries > 0) {
          refuse(rel + ": peers", secondaries + " secondary", "must have no secondary server in the hot standby"
              + " configuration");
        }
      }
      case "passive-backup" -> {
        if (secondaries + standbys > 0) {
          refuse(rel + ": peers", (secondaries + standbys) + " secondary or standby", "must have only a primary and"
              + " backup servers in the passive backup configuration");
        }
      }
      default -> {
        // the mode itself is refused above
      }
    }
  }

  /** Checks the URL as the hook parses it; whether it is https. */
  private boolean url(String where, String text) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException ex) {
      refuse(where + " url", Texts.quoted(text), "must be a URL such as http://192.0.2.1:8000/");
      return false;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      refuse(where + " url", Texts.quoted(text), "must use the http or https scheme");
    }
    String host = url.getHost();
    if (host == null || !ipLiteral(host)) {
      refuse(where + " url", Texts.quoted(text), "must have an IP address as its host (IPv6 in brackets): Kea"
          + " does not look names up");
    }
    return scheme.equals("https");
  }

  private static boolean ipLiteral(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    if (!bare.contains(":") && !bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    try {
      InetAddress.getByName(bare); // a literal: parsed, never looked up
      return true;
    } catch (UnknownHostException ex) {
      return false;
    }
  }

  private void files(String rel, JsonNode e) {
    Set<String> paths = new TreeSet<>();
    for (String key : TLS) {
      if (!e.path(key).asText("").isEmpty()) {
        paths.add(e.path(key).asText());
      }
    }
    for (JsonNode p : e.path("peers")) {
      for (String key : TLS) {
        if (!p.path(key).asText("").isEmpty()) {
          paths.add(p.path(key).asText());
        }
      }
      if (!p.path("basic-auth-password-file").asText("").isEmpty()) {
        paths.add(p.path("basic-auth-password-file").asText());
      }
    }
    if (!paths.isEmpty()) {
      warnings.add(Warning.of(WarningCode.KEA_HOOK_READS_FILES, rel + ": the HA hook of " + server + " reads " + paths
          + " on that server when it loads; a file missing or unreadable there makes Kea refuse the configuration"
          + " and drop every hook library, and the SDK then sets the previous configuration again"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // option data

  private void options(Subnet subnet, Subnet4 entry) {
    if (!before(OPTION_CLASSES_SINCE)) {
      return;
    }
    optionData(subnet, "scope " + subnet, entry.json().path("option-data"));
    for (JsonNode r : entry.json().path("reservations")) {
      optionData(subnet, "reservation " + r.path("ip-address").asText("?") + " of scope " + subnet,
          r.path("option-data"));
    }
    for (JsonNode p : entry.json().path("pools")) {
      optionData(subnet, "pool " + p.path("pool").asText("?") + " of scope " + subnet, p.path("option-data"));
    }
  }

  private void optionData(Subnet subnet, String where, JsonNode list) {
    for (JsonNode o : list) {
      JsonNode classes = o.get("client-classes");
      if (classes != null && !(classes.isArray() && classes.isEmpty())) {
        String option = o.has("code") ? "option " + o.path("code").asText() : "option " + o.path("name").asText("?");
        refuse(where, option + " for user class " + classes, "cannot be limited to a client class on "
            + server + ": it runs Kea " + version.get().text() + ", which refuses client-classes in option data"
            + " (accepted from Kea " + OPTION_CLASSES_SINCE + "); give the option to every client of the scope, or"
            + " define it in the class's own option data on the server");
      }
    }
  }
}
