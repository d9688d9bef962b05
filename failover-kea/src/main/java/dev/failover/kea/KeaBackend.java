package dev.failover.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.BackendException;
import dev.failover.ConflictException;
import dev.failover.ImmutableProgress;
import dev.failover.NotFoundException;
import dev.failover.Progress;
import dev.failover.ProgressListener;
import dev.failover.ValidationException;
import dev.failover.Violation;
import dev.failover.Violations;
import dev.failover.spi.Texts;
import dev.failover.kea.client.HaHeartbeat;
import dev.failover.kea.client.HaRelationshipStatus;
import dev.failover.kea.client.HaRemoteServer;
import dev.failover.kea.client.KeaAnswer;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaStatus;
import dev.failover.kea.client.KeaTls;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.ha.KeaHaEntry;
import dev.failover.kea.ha.KeaHaMapping;
import dev.failover.kea.internal.KeaJson;
import dev.failover.plan.Change;
import dev.failover.plan.RelationshipChange;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.plan.Warning;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.KeaHaState;
import java.lang.ref.SoftReference;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kea backend: Kea DHCPv4 servers with the High Availability hook, managed through their
 * HTTP control channel ({@link KeaClient}: the Control Agent of Kea 2.2–2.6 or the server's own
 * socket of Kea ≥ 3.0, detected).
 *
 * <h2>Reading</h2>
 * {@code config-get}; the fingerprint is {@link Dhcp4Config#fingerprint()}; every {@code subnet4}
 * (top level and in shared networks) is a scope ({@link dev.failover.kea.config.Subnet4}); each
 * entry of the HA hook's {@code high-availability} list is a relationship
 * ({@link KeaHaMapping}), whose peers are matched to inventory servers: the peer named
 * {@code this-server-name} is the server read, the others by the host and port of their URL
 * (against each server's endpoint, then against its address with its endpoint's port), then by
 * each Kea server's own {@code this-server-name} (the other server whose configuration has an HA
 * entry naming itself so, with the same peers' names and URLs: a pair whose HA hooks listen on
 * dedicated ports, whose peer URLs are no control endpoint; the backend uses the configuration it
 * last read from that server, else asks it with {@code config-get}), then by a server id equal to
 * the peer name. The scopes of a relationship are the subnets whose
 * {@code user-context.ha-server-name} names one of its peers when the server has several
 * relationships (Kea ≥ 2.6) or the SDK wrote the entry; for an entry written by hand, the only
 * relationship of a server covers all of its subnets, as Kea 2.2 serves them.
 *
 * <h2>Planning</h2>
 * {@link #review} renders each part over the configuration just read and checks it for the
 * server's version ({@code KeaAcceptance}): what the HA hook would refuse when {@code config-set}
 * loads it, and what the version has no word for, refuse the plan while it is made.
 *
 * <h2>Applying</h2>
 * Under a write lock per server ({@code WriteLock}: in this JVM, and an OS file lock for other
 * programs on this machine): {@code config-test} unless {@link #check} tested exactly this
 * configuration over exactly this fingerprint, then one {@code config-get} as the guard (its
 * fingerprint must be the part's, else {@link ConflictException}), {@code config-set} at once,
 * {@code config-write}, and a last {@code config-get}, which must still hold what was set (else
 * {@link ConflictException}: a writer elsewhere set its configuration in between) and whose
 * fingerprint is returned; the facade verifies with what it read. One request per command for the
 * whole part, whatever the number of subnets. Kea keeps its previous configuration when
 * {@code config-test} or {@code config-set} refuses; when a refused {@code config-set} left Kea
 * without its hooks, or {@code config-write} fails, the previous configuration is set again, so a
 * failed step leaves the old configuration in force.
 *
 * <h2>Connection options</h2>
 * {@link Server#endpoint()} is the URL of the agent or socket; {@link Server#credential()} is
 * sent as HTTP basic authentication; {@link Server#options()} may hold {@value #OPTION_TLS_CA}
 * (PEM file of the CAs to trust for an {@code https} endpoint), {@value #OPTION_TLS_CERT} and
 * {@value #OPTION_TLS_PKCS8} (client certificate and its unencrypted PKCS #8 PEM private key),
 * {@value #OPTION_CONNECT_TIMEOUT} and {@value #OPTION_REQUEST_TIMEOUT} (ISO-8601 such as
 * {@code PT30S}, or whole seconds) and {@value #OPTION_HOOKS_DIRECTORY} (where hook libraries
 * added to a configuration that names none are looked for).
 *
 * <p>Thread-safe; one client per server is kept, so the channel is detected once.
 */
public final class KeaBackend implements FailoverBackend, KeaMaintenance {

  private static final Logger LOG = LoggerFactory.getLogger(KeaBackend.class);

  /** Where Debian's Kea 2.2 packages install the hook libraries. */
  public static final String DEFAULT_HOOKS_DIRECTORY = "/usr/lib/x86_64-linux-gnu/kea/hooks";
  /** Option: PEM file of the certificate authorities an {@code https} endpoint is trusted by. */
  public static final String OPTION_TLS_CA = "tls-ca";
  /** Option: PEM file of the client certificate, for an endpoint that requires one. */
  public static final String OPTION_TLS_CERT = "tls-cert";
  /** Option: PEM file (PKCS #8, unencrypted) of the client certificate's private key. */
  public static final String OPTION_TLS_PKCS8 = "tls-pkcs8";
  /** Option: time to open a connection (default 5 s). */
  public static final String OPTION_CONNECT_TIMEOUT = "connect-timeout";
  /** Option: time for one request, answer included (default 60 s). */
  public static final String OPTION_REQUEST_TIMEOUT = "request-timeout";
  /** Option: directory of the hook libraries when the configuration names none (default Debian's). */
  public static final String OPTION_HOOKS_DIRECTORY = "hooks-directory";

  /**
   * Option: this server's own {@code trust-anchor} for the HA entries the backend writes to it,
   * in place of the relationship's ({@link KeaHaSettings#trustAnchor()}); the same for
   * {@value #OPTION_HA_CERT_FILE} and {@value #OPTION_HA_KEY_FILE}. Read back, the relationship
   * shows its settings' values again.
   */
  public static final String OPTION_HA_TRUST_ANCHOR = "ha-trust-anchor";
  /** Option: this server's own HA {@code cert-file} (see {@link #OPTION_HA_TRUST_ANCHOR}). */
  public static final String OPTION_HA_CERT_FILE = "ha-cert-file";
  /** Option: this server's own HA {@code key-file} (see {@link #OPTION_HA_TRUST_ANCHOR}). */
  public static final String OPTION_HA_KEY_FILE = "ha-private-file";

  private static final Map<String, String> OWN_FILE_OPTIONS = Map.of(OPTION_HA_TRUST_ANCHOR, "trust-anchor",
      OPTION_HA_CERT_FILE, "cert-file", OPTION_HA_KEY_FILE, "key-file");

  private static final Set<String> OPTIONS = Set.of(OPTION_TLS_CA, OPTION_TLS_CERT, OPTION_TLS_PKCS8,
      OPTION_CONNECT_TIMEOUT, OPTION_REQUEST_TIMEOUT, OPTION_HOOKS_DIRECTORY, OPTION_HA_TRUST_ANCHOR,
      OPTION_HA_CERT_FILE, OPTION_HA_KEY_FILE);

  private static final String MAINTENANCE_PARTNER_DOWN = "partner-down";

  private final ConcurrentMap<ClientKey, KeaClient> clients = new ConcurrentHashMap<>();
  /**
   * The configuration each server last answered {@code config-get} with, so that {@link #check}
   * need not ask again for the configuration a plan was just made from (the facade reads a server
   * right before checking it). Softly held: a large configuration may be dropped under memory
   * pressure and is then fetched again.
   */
  private final ConcurrentMap<ClientKey, SoftReference<Dhcp4Config>> lastRead = new ConcurrentHashMap<>();
  /**
   * The configuration {@link #check} rendered for a part and {@code config-test} accepted, per
   * server, for the {@link #apply} of the same part that follows: once apply's {@code config-get}
   * shows the server still has the fingerprint it was rendered over, the same configuration is
   * set without rendering and testing it again. Softly held, replaced by every check.
   */
  private final ConcurrentMap<ClientKey, SoftReference<Prepared>> prepared = new ConcurrentHashMap<>();
  private final Clock clock;

  /** A backend on the system clock. */
  public KeaBackend() {
    this(Clock.systemUTC());
  }

  /**
   * A backend that stamps {@link FailoverStatus#observedAt()} with {@code clock}.
   *
   * @param clock stamps status reads
   */
  public KeaBackend(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Vendor vendor() {
    return Vendor.KEA;
  }

  // ---------------------------------------------------------------------------------------------
  // read

  @Override
  public ServerState read(Server server, Inventory inventory) {
    return state(server, inventory, configGet(server), ownNames(server, inventory, true));
  }

  /**
   * The state of the configuration this backend last read from the server (by {@link #read}, or
   * the {@code config-get} that ends {@link #apply}) when its fingerprint is {@code fingerprint};
   * mapped again with {@code inventory}, no request sent.
   */
  @Override
  public Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    Optional<Dhcp4Config> config = lastRead(server, fingerprint);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(state(server, inventory, config.get(), ownNames(server, inventory, false)));
    } catch (ValidationException e) {
      // a peer found only by a partner's configuration not remembered: read() asks the partner
      return Optional.empty();
    }
  }

  /**
   * Which other Kea server of the inventory runs a peer, found by that server's own
   * {@code this-server-name}: its configuration (the one last read from it; with {@code ask},
   * else a {@code config-get}) has an HA entry whose {@code this-server-name} is the peer's name
   * and whose peers have the same names and URLs as the entry being read. One server only; none
   * when no server or several do. Servers are asked lazily, only for a peer no URL matched, and
   * one that cannot be asked is passed over.
   */
  private OwnNames ownNames(Server reading, Inventory inventory, boolean ask) {
    Map<ServerId, Optional<Dhcp4Config>> configs = new LinkedHashMap<>();
    return (name, entry) -> {
      List<ServerId> found = new ArrayList<>();
      for (Server other : inventory.servers()) {
        if (other.id().equals(reading.id()) || other.vendor() != Vendor.KEA) {
          continue;
        }
        Optional<Dhcp4Config> config = configs.computeIfAbsent(other.id(), id -> known(other, ask));
        if (config.isPresent() && namesItself(config.get(), name, entry)) {
          found.add(other.id());
        }
      }
      return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    };
  }

  private Optional<Dhcp4Config> known(Server server, boolean ask) {
    SoftReference<Dhcp4Config> ref = lastRead.get(key(server));
    Dhcp4Config config = ref == null ? null : ref.get();
    if (config != null || !ask) {
      return Optional.ofNullable(config);
    }
    try {
      return Optional.of(configGet(server));
    } catch (BackendException e) {
      LOG.info("kea {}: not asked for its HA peer name ({})", server.id(), e.serverMessage());
      return Optional.empty();
    }
  }

  /** Whether the configuration has an HA entry of the server named {@code name} with the same peers as {@code entry}. */
  private static boolean namesItself(Dhcp4Config config, String name, JsonNode entry) {
    Optional<ArrayNode> list = config.highAvailability();
    if (list.isEmpty()) {
      return false;
    }
    Set<String> peers = peerIdentities(entry);
    for (JsonNode own : list.get()) {
      if (name.equals(own.path("this-server-name").asText(null)) && peerIdentities(own).equals(peers)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> peerIdentities(JsonNode entry) {
    Set<String> out = new TreeSet<>();
    for (JsonNode p : entry.path("peers")) {
      out.add(p.path("name").asText("") + " " + p.path("url").asText(""));
    }
    return out;
  }

  /** Finds the server that names itself {@code name} in an HA entry with the same peers as {@code entry}. */
  @FunctionalInterface
  interface OwnNames {
    Optional<ServerId> serverNamed(String name, JsonNode entry);

    OwnNames NONE = (name, entry) -> Optional.empty();
  }

  private Optional<Dhcp4Config> lastRead(Server server, String fingerprint) {
    SoftReference<Dhcp4Config> ref = lastRead.get(key(server));
    Dhcp4Config config = ref == null ? null : ref.get();
    return config != null && config.fingerprint().equals(fingerprint) ? Optional.of(config) : Optional.empty();
  }

  /** {@code config-get}, remembered for {@link #check} and {@link #remembered}. */
  private Dhcp4Config configGet(Server server) {
    Dhcp4Config config = client(server).configGet();
    lastRead.put(key(server), new SoftReference<>(config));
    return config;
  }

  /**
   * {@return the state of {@code server} as {@code config} describes it (see the class comment): what
   * {@link #read} gives for a server answering {@code config-get} with {@code config}, without a
   * request}
   *
   * @param server the Kea server
   * @param inventory every server, for matching peers
   * @param config the server's configuration
   */
  public static ServerState state(Server server, Inventory inventory, Dhcp4Config config) {
    return state(server, inventory, config, OwnNames.NONE);
  }

  private static ServerState state(Server server, Inventory inventory, Dhcp4Config config, OwnNames names) {
    List<Scope> scopes = config.scopes();
    List<Relationship> relationships = relationships(server, inventory, config, scopes, names);
    return ServerState.builder().server(server.id()).vendor(Vendor.KEA).fingerprint(config.fingerprint())
        .scopes(scopes).relationships(relationships).build();
  }

  private static List<Relationship> relationships(Server server, Inventory inventory, Dhcp4Config config,
      List<Scope> scopes, OwnNames ownNames) {
    Optional<ArrayNode> list = config.highAvailability();
    if (list.isEmpty()) {
      return List.of();
    }
    Violations v = Violations.collect();
    List<KeaHaEntry> entries = new ArrayList<>();
    for (int i = 0; i < list.get().size(); i++) {
      JsonNode entry = list.get().get(i);
      String own = entry.path("this-server-name").asText("");
      v.absorb("high-availability[" + i + "]", () -> entries.add(KeaHaMapping.fromJson(entry,
          (name, url) -> name.equals(own) ? Optional.of(server.id())
              : serverAt(inventory, url).or(() -> ownNames.serverNamed(name, entry))
                  .or(() -> serverWithId(inventory, name)))));
    }
    v.throwIfAny("Kea HA configuration of " + server.id());
    Map<Subnet, String> names = config.haServerNames();
    List<Relationship> out = new ArrayList<>();
    for (KeaHaEntry e : entries) {
      KeaHaSettings settings = e.settings();
      Set<String> peerNames = new HashSet<>();
      settings.peers().forEach(p -> peerNames.add(p.name()));
      List<Subnet> covered = new ArrayList<>();
      boolean byName = entries.size() > 1 || e.managed();
      for (Scope s : scopes) {
        if (!byName || peerNames.contains(names.get(s.subnet()))) {
          covered.add(s.subnet());
        }
      }
      ServerId primary = settings.peersIn(ServerRole.PRIMARY).get(0).server();
      List<KeaPeer> partners = settings.peersIn(KeaHaSettings.partnerRole(e.mode()));
      if (partners.isEmpty()) {
        v.check(false, "high-availability", e.name(), "must have a peer in the "
            + KeaHaMapping.roleName(KeaHaSettings.partnerRole(e.mode())) + " role");
        continue;
      }
      v.absorb("high-availability " + e.name(), () -> out.add(Relationship.builder().name(e.name()).mode(e.mode())
          .primary(primary).secondary(partners.get(0).server()).settings(settings).scopes(covered).build()));
    }
    v.throwIfAny("Kea HA configuration of " + server.id());
    return out;
  }

  /** The inventory server whose endpoint, or else whose address and endpoint port, are the URL's host and port. */
  private static Optional<ServerId> serverAt(Inventory inventory, URI url) {
    for (Server s : inventory.servers()) {
      if (sameHostAndPort(url, s.endpoint().getHost(), port(s.endpoint()))) {
        return Optional.of(s.id());
      }
    }
    for (Server s : inventory.servers()) {
      if (sameHostAndPort(url, s.address(), port(s.endpoint()))) {
        return Optional.of(s.id());
      }
    }
    return Optional.empty();
  }

  private static Optional<ServerId> serverWithId(Inventory inventory, String name) {
    for (Server s : inventory.servers()) {
      if (s.id().value().equals(name)) {
        return Optional.of(s.id());
      }
    }
    return Optional.empty();
  }

  private static boolean sameHostAndPort(URI url, String host, int port) {
    if (url.getHost() == null || host == null) {
      return false;
    }
    return bare(url.getHost()).equalsIgnoreCase(bare(host)) && port(url) == port;
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  // ---------------------------------------------------------------------------------------------
  // check and apply

  /**
   * Renders the configuration the part produces and sends it to {@code config-test}. The part is
   * rendered over the configuration it was planned from: the one this backend last read from the
   * server when its fingerprint is the part's (no second {@code config-get} of a configuration
   * just read), else a fresh {@code config-get}. Whether the server still has that configuration
   * is {@link #apply}'s to find out.
   */
  @Override
  public void check(Server server, ServerPlan part) {
    KeaClient client = client(server);
    Dhcp4Config current = lastRead(server, part.fingerprint()).orElseGet(() -> configGet(server));
    Dhcp4Config next = rendered(server, client, current, part);
    prepared.remove(key(server));
    client.configTest(next);
    prepared.put(key(server), new SoftReference<>(new Prepared(current.fingerprint(), part, next)));
  }

  /**
   * Under this server's {@code WriteLock} (held against other applies in this JVM and in other
   * programs on this machine): {@code config-test} unless {@link #check} tested exactly this
   * configuration over exactly this fingerprint, then one {@code config-get} as the guard (its
   * fingerprint must be the part's, else {@link ConflictException} before anything is sent) and
   * {@code config-set} right after it,
   * {@code config-write} and a last {@code config-get}, whose fingerprint is returned and whose
   * state {@link #remembered} gives for verification. When that read-back no longer holds what was
   * set (a writer elsewhere set its configuration between this apply's guard and its read-back:
   * Kea has no compare-and-set), {@link ConflictException} names what changed.
   */
  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    KeaClient client = client(server);
    SoftReference<Prepared> ref = prepared.remove(key(server));
    Prepared ready = ref == null ? null : ref.get();
    try (WriteLock lock = WriteLock.acquire(server.id().value(), server.endpoint(), lockWait(server))) {
      boolean tested = ready != null && ready.fingerprint().equals(part.fingerprint()) && ready.part().equals(part);
      Dhcp4Config next;
      if (tested) {
        next = ready.next();
      } else {
        // rendered and tested over the configuration the part was planned from, before the guard,
        // so that nothing stands between the guard and config-set
        Dhcp4Config base = lastRead(server, part.fingerprint()).orElseGet(() -> guard(server, part));
        next = rendered(server, client, base, part);
        if (!next.equals(base)) {
          client.configTest(next);
        }
      }
      Dhcp4Config current = guard(server, part);
      if (next.equals(current)) {
        report(server, part, progress);
        return current.fingerprint();
      }
      setOrRestore(server, client, current, next);
      try {
        client.configWrite();
      } catch (BackendException e) {
        BackendException failure = new BackendException(e.kind(), e.server(), e.serverMessage()
            + " (config-write failed after config-set; the previous configuration was set again)",
            e.serverCode().orElse(null), e.retryable(), e);
        try {
          client.configSet(current);
        } catch (RuntimeException restoring) {
          failure = new BackendException(e.kind(), e.server(), e.serverMessage()
              + " (config-write failed after config-set, and setting the previous configuration again failed too:"
              + " the server runs the new configuration, its file holds the old one)",
              e.serverCode().orElse(null), e.retryable(), e);
          failure.addSuppressed(restoring);
        }
        throw failure;
      }
      Dhcp4Config after = configGet(server);
      Optional<String> replaced = replaced(server.id(), current, next, after, part);
      if (replaced.isPresent()) {
        LOG.warn("kea {}: the configuration this apply set was replaced before it could be read back: {}",
            server.id(), replaced.get());
        throw new ConflictException(server.id().value(), "another writer set its configuration right after this"
            + " apply set its own, so the server no longer holds this plan's changes (" + replaced.get() + ")");
      }
      LOG.info("kea {}: applied {} change(s) touching {} scope(s)", server.id(), part.changes().size(),
          part.subnets().size());
      report(server, part, progress);
      return after.fingerprint();
    }
  }

  /** {@code config-get}, which must still have the part's fingerprint. */
  private Dhcp4Config guard(Server server, ServerPlan part) {
    Dhcp4Config current = configGet(server);
    if (!current.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
    }
    return current;
  }

  /**
   * What {@code after} (read back) no longer holds of what this apply set: a scope of the part
   * that is not as the part's changes make it from {@code current} (what the facade's verification
   * would find), an HA relationship of {@code next} that is gone, or one back.
   */
  private static Optional<String> replaced(ServerId server, Dhcp4Config current, Dhcp4Config next,
      Dhcp4Config after, ServerPlan part) {
    Map<RelationshipName, Relationship> before = new LinkedHashMap<>();
    for (Change c : part.changes()) {
      if (c instanceof RelationshipChange rc && !before.containsKey(rc.name())) {
        before.put(rc.name(), rc.before().orElse(null));
      }
    }
    ServerState base = ServerState.builder().server(server).vendor(Vendor.KEA).fingerprint(current.fingerprint())
        .scopes(current.scopes(part.subnets()))
        .relationships(before.values().stream().filter(Objects::nonNull).toList()).build();
    ServerState desired = base.apply(part.changes());
    for (Subnet subnet : part.subnets()) {
      Optional<Scope> got = after.scope(subnet);
      Optional<Scope> want = desired.scope(subnet).map(w -> got.map(g -> withKeaDefaults(w, g)).orElse(w));
      if (!want.equals(got)) {
        return Optional.of("scope " + subnet + (got.isEmpty() ? " is gone" : want.isEmpty() ? " is back" : " differs"));
      }
    }
    Set<String> wanted = new TreeSet<>(relationshipNames(next));
    Set<String> held = new TreeSet<>(relationshipNames(after));
    if (!wanted.equals(held)) {
      return Optional.of("HA relationships " + held + " where this apply set " + wanted);
    }
    return Optional.empty();
  }

  /**
   * {@code want} with what Kea fills in when it loads a configuration and {@code want} leaves
   * open: the lease time a subnet inherits, an option's name.
   */
  private static Scope withKeaDefaults(Scope want, Scope got) {
    var properties = want.properties();
    if (properties.leaseTime().isEmpty() && got.properties().leaseTime().isPresent()) {
      properties = dev.failover.scope.ScopeProperties.builder().from(properties)
          .leaseTime(got.properties().leaseTime().get()).build();
    }
    List<dev.failover.scope.OptionValue> options = new ArrayList<>();
    for (dev.failover.scope.OptionValue o : want.options()) {
      Optional<String> name = o.name().isPresent() ? Optional.empty() : got.options().stream()
          .filter(g -> g.code() == o.code() && g.space().equals(o.space()) && g.userClass().equals(o.userClass())
              && g.value().equals(o.value()))
          .map(dev.failover.scope.OptionValue::name).flatMap(Optional::stream).findFirst();
      options.add(name.isPresent() ? dev.failover.scope.OptionValue.builder().from(o).name(name.get()).build() : o);
    }
    return Scope.builder().from(want).properties(properties).options(options).build();
  }

  private static List<String> relationshipNames(Dhcp4Config config) {
    List<String> out = new ArrayList<>();
    config.highAvailability().ifPresent(list -> list.forEach(e -> out.add(KeaHaMapping.nameOf(e)
        .map(RelationshipName::value).orElse(e.path("this-server-name").asText("?")))));
    return out;
  }

  /** How long an apply waits for another apply to the same server: four request time-outs. */
  private static Duration lockWait(Server server) {
    Violations ignored = Violations.collect();
    return duration(server.options(), OPTION_REQUEST_TIMEOUT, KeaClient.DEFAULT_REQUEST_TIMEOUT, ignored)
        .multipliedBy(4);
  }

  /**
   * {@code config-set} of {@code next}; when Kea refuses it, whether Kea kept its hooks. Kea 2.2
   * loads hook libraries only in {@code config-set} (not in {@code config-test}), and when one of
   * them refuses its parameters Kea keeps its previous configuration but runs with no hook at all
   * ({@code DHCP4_CONFIG_UNRECOVERABLE_ERROR}): the HA partner then goes partner-down and both
   * serve the same pools. A refusal that names the hook libraries, or after which the HA hook of a
   * server that had one no longer answers {@code ha-heartbeat}, is followed by a {@code config-set}
   * of {@code current} (the configuration read right before), which loads the hooks again; the
   * refusal is then thrown saying so, and logged at WARN.
   */
  private static void setOrRestore(Server server, KeaClient client, Dhcp4Config current, Dhcp4Config next) {
    try {
      client.configSet(next);
    } catch (BackendException refused) {
      if (refused.kind() != BackendException.Kind.REJECTED || !hooksLost(client, current, refused)) {
        throw refused;
      }
      String what = refused.serverMessage() + " (Kea refused the new configuration and was left running without any"
          + " hook library, the HA hook included, so its partner would take it for down: ";
      BackendException failure;
      try {
        client.configSet(current);
        boolean back = !hasHa(current) || answersHeartbeat(client);
        what += back ? "the previous configuration was set again and its hooks answer again)"
            : "the previous configuration was set again, but its HA hook still does not answer: restart kea-dhcp4 on "
                + server.id() + ")";
        failure = new BackendException(refused.kind(), refused.server(), what, refused.serverCode().orElse(null),
            false, refused);
      } catch (RuntimeException restoring) {
        failure = new BackendException(refused.kind(), refused.server(), what + "setting the previous configuration"
            + " again failed too (" + restoring.getMessage() + "): the server serves without its HA hook; restart"
            + " kea-dhcp4 on " + server.id() + " from its configuration file)", refused.serverCode().orElse(null), false,
            refused);
        failure.addSuppressed(restoring);
      }
      LOG.warn("kea {}: {}", server.id(), failure.serverMessage());
      throw failure;
    }
  }

  private static boolean hooksLost(KeaClient client, Dhcp4Config current, BackendException refused) {
    if (current.hooksLibraries().isEmpty()) {
      return false;
    }
    if (refused.serverMessage().contains("hook librar")) {
      return true;
    }
    return hasHa(current) && !answersHeartbeat(client);
  }

  private static boolean hasHa(Dhcp4Config config) {
    return config.highAvailability().map(list -> !list.isEmpty()).orElse(false);
  }

  /** Whether {@code ha-heartbeat} is a command the server knows (an answer in any HA state). */
  private static boolean answersHeartbeat(KeaClient client) {
    try {
      client.command("ha-heartbeat", null);
      return true;
    } catch (BackendException e) {
      return !(e.kind() == BackendException.Kind.REJECTED
          && e.serverCode().filter(Integer.toString(KeaAnswer.UNSUPPORTED)::equals).isPresent());
    }
  }

  /**
   * {@link #render}, refused with every problem {@code KeaAcceptance} finds for the server's
   * version: what its HA hook would refuse when {@code config-set} loads it (Kea 2.2's
   * {@code config-test} does not load hooks), several relationships before Kea
   * {@value KeaAcceptance#SEVERAL_RELATIONSHIPS_SINCE}, option data limited to a class before Kea
   * {@value KeaAcceptance#OPTION_CLASSES_SINCE}.
   */
  private static Dhcp4Config rendered(Server server, KeaClient client, Dhcp4Config current, ServerPlan part) {
    Dhcp4Config next = render(server, current, part);
    KeaAcceptance.Review review = KeaAcceptance.review(server.id(), client.channelVersion(), current, next,
        part.subnets());
    if (!review.refusals().isEmpty()) {
      throw new ValidationException("plan for Kea server " + server.id(), review.refusals());
    }
    return next;
  }

  /**
   * Renders the part over the configuration it was planned from (the one {@link #read} just
   * fetched, else a fresh {@code config-get}) and reviews it as {@link #check} would, without
   * sending it: what the server's version or its HA hook would refuse is refused now, and the HA
   * hook's files are named in a warning.
   */
  @Override
  public List<Warning> review(Server server, ServerPlan part) {
    KeaClient client = client(server);
    Dhcp4Config current = lastRead(server, part.fingerprint()).orElseGet(() -> configGet(server));
    Dhcp4Config next = render(server, current, part);
    KeaAcceptance.Review review = KeaAcceptance.review(server.id(), client.channelVersion(), current, next,
        part.subnets());
    if (!review.refusals().isEmpty()) {
      throw new ValidationException("plan for Kea server " + server.id(), review.refusals());
    }
    return review.warnings();
  }

  private static void report(Server server, ServerPlan part, ProgressListener progress) {
    Set<Subnet> subnets = part.subnets();
    if (subnets.isEmpty()) {
      progress.onProgress(Progress.of(server.id(), Progress.Phase.APPLY, 1, 1));
      return;
    }
    int done = 0;
    for (Subnet subnet : subnets) {
      done++;
      progress.onProgress(ImmutableProgress.builder().server(server.id()).phase(Progress.Phase.APPLY).done(done)
          .total(subnets.size()).subnet(subnet).build());
    }
  }

  /**
   * {@return the configuration {@code current} becomes with the part's changes: what
   * {@link ServerState#apply} says the changes mean, written into Kea's JSON with every field the
   * SDK does not model kept}
   *
   * @param server the Kea server
   * @param current its configuration now
   * @param part its part of the plan
   */
  public static Dhcp4Config render(Server server, Dhcp4Config current, ServerPlan part) {
    return render(server.id(), hooksDirectory(server), ownFiles(server), current, part);
  }

  /**
   * The configuration {@code current} becomes with the part's changes, on the server {@code server}
   * whose hook libraries are in {@code hooksDirectory} and whose own relationship-level TLS paths
   * (member → path, {@link KeaHaMapping#OWN_FILE_MEMBERS}) are {@code ownFiles}.
   */
  static Dhcp4Config render(ServerId server, String hooksDirectory, Map<String, String> ownFiles,
      Dhcp4Config current, ServerPlan part) {
    // only the scopes the part touches are mapped: a change to one subnet of thousands stays cheap
    Map<Subnet, Scope> scopes = new TreeMap<>();
    current.scopes(part.subnets()).forEach(s -> scopes.put(s.subnet(), s));
    // the relationships the part changes, as the plan found them: ServerState.apply checks each
    // change against them; the fingerprint already guarantees they are what the server holds
    Map<RelationshipName, Relationship> before = new LinkedHashMap<>();
    Set<Subnet> created = new TreeSet<>();
    for (Change c : part.changes()) {
      if (c instanceof RelationshipChange rc) {
        if (!before.containsKey(rc.name())) {
          before.put(rc.name(), rc.before().orElse(null));
        }
      } else if (c instanceof ScopeChange sc && sc.before().isEmpty() && !scopes.containsKey(sc.subnet())) {
        created.add(sc.subnet());
      }
    }
    List<Relationship> known = before.values().stream().filter(Objects::nonNull).toList();
    ServerState base = ServerState.builder().server(server).vendor(Vendor.KEA).fingerprint(current.fingerprint())
        .scopes(scopes.values()).relationships(known).build();
    ServerState desired = base.apply(part.changes());
    Map<Subnet, Scope> after = new TreeMap<>();
    desired.scopes().forEach(s -> after.put(s.subnet(), s));

    // subnets: removed ones first, so that an id a removed subnet frees can be taken
    List<Subnet> removed = new ArrayList<>();
    List<Scope> written = new ArrayList<>();
    Violations v = Violations.collect();
    for (Subnet subnet : part.subnets()) {
      Optional<Scope> want = Optional.ofNullable(after.get(subnet));
      if (want.isEmpty()) {
        if (scopes.containsKey(subnet)) {
          removed.add(subnet);
        }
      } else if (!want.get().equals(scopes.get(subnet))) {
        Scope s = want.get();
        v.check(s.properties().id().isPresent(), "scopes", subnet, () -> "must have properties.id: Kea HA partners"
            + " must give a subnet the same id, so the SDK does not invent one (an id free on " + server + " is "
            + current.nextSubnetId() + ")");
        written.add(s);
      }
    }
    v.throwIfAny("plan for Kea server " + server);
    Dhcp4Config next = removed.isEmpty() ? current : current.withoutScopes(removed);
    if (!written.isEmpty()) {
      next = next.withScopes(written);
    }

    // relationships: the high-availability entries, the hook libraries, the subnets' membership
    Map<Subnet, String> members = new TreeMap<>();
    Set<String> stale = new TreeSet<>();
    if (!before.isEmpty()) {
      Set<Subnet> held = next.prefixes();
      ArrayNode list = next.highAvailability().orElseGet(KeaJson::array);
      for (RelationshipName name : before.keySet()) {
        Relationship old = before.get(name);
        if (old != null) {
          peerNames(old).forEach(stale::add);
        }
        int at = indexOf(list, name);
        Optional<Relationship> wanted = desired.relationship(name);
        if (wanted.isEmpty()) {
          if (at >= 0) {
            peerNames(list.get(at)).forEach(stale::add);
            list.remove(at);
          }
          continue;
        }
        Relationship r = wanted.get();
        if (!(r.settings() instanceof KeaHaSettings kea)) {
          throw new ValidationException("relationship " + name, List.of(new Violation("settings",
              r.vendor().displayName(), "must be Kea HA settings on Kea server " + server)));
        }
        KeaPeer own = kea.peerFor(server).orElseThrow(() -> new ValidationException("relationship " + name,
            List.of(new Violation("settings.peers", server.value(), "must include a peer on server " + server))));
        ObjectNode entry = KeaHaMapping.withOwnFiles(KeaHaMapping.toJson(name, r.mode(), kea, own.name(),
            at >= 0 && list.get(at).isObject() ? (ObjectNode) list.get(at) : null), ownFiles);
        long tls = KeaHaMapping.OWN_FILE_MEMBERS.stream().filter(entry::hasNonNull).count();
        v.check(tls == 0 || tls == 3, "relationships", name, () -> "would give server " + server + " " + tls
            + " of trust-anchor, cert-file and key-file (its own options " + ownFiles.keySet() + " over the settings'):"
            + " Kea needs all three or none");
        if (at >= 0) {
          peerNames(list.get(at)).forEach(stale::add);
          list.set(at, entry);
        } else {
          list.add(entry);
        }
        String mark = kea.peersIn(ServerRole.PRIMARY).get(0).name();
        r.scopes().forEach(s -> members.put(s, mark));
        Set<Subnet> missing = new TreeSet<>(r.scopes());
        missing.removeIf(held::contains);
        v.check(missing.isEmpty(), "relationships", name, () -> "lists subnet(s) " + missing + " that server "
            + server + " does not have: Kea records a subnet's relationship on the subnet itself");
      }
      if (list.size() > 1) {
        // Kea's rules for several relationships on one server (vendor-facts §3.4): hot-standby
        // only, and every peer name unique across them (a subnet names its relationship by one)
        Map<String, String> owners = new TreeMap<>();
        for (JsonNode entry : list) {
          String rel = KeaHaMapping.nameOf(entry).map(RelationshipName::value)
              .orElse(entry.path("this-server-name").asText("?"));
          String mode = entry.path("mode").asText("");
          v.check(mode.equals("hot-standby"), "relationships", rel, () -> "is in " + mode + " mode on server "
              + server + ", which would then have " + list.size() + " HA relationships: Kea allows several"
              + " relationships on one server in hot-standby mode only");
          for (String peer : peerNames(entry)) {
            String other = owners.putIfAbsent(peer, rel);
            v.check(other == null || other.equals(rel), "relationships", rel, () -> "names a peer "
                + Texts.quoted(peer) + " as relationship " + other + " does, on server " + server
                + ": Kea needs every peer name unique across a server's relationships (give the server's"
                + " peer its own name in each relationship)");
          }
        }
      }
      v.throwIfAny("plan for Kea server " + server);
      next = list.isEmpty() ? next.withoutHighAvailability() : next.withHighAvailability(list, hooksDirectory);
    }
    // a subnet created on a server with one relationship the SDK manages joins it, as Kea serves it so
    Optional<ArrayNode> now = next.highAvailability();
    if (!created.isEmpty() && now.isPresent() && now.get().size() == 1 && KeaHaMapping.managed(now.get().get(0))) {
      Optional<String> mark = KeaHaMapping.primaryPeerName(now.get().get(0));
      for (Subnet s : created) {
        if (after.containsKey(s) && !members.containsKey(s)) {
          mark.ifPresent(m -> members.put(s, m));
        }
      }
    }
    if (!members.isEmpty() || !stale.isEmpty()) {
      next = next.withHaServerNames(members, stale);
    }
    refuseUnassignedHaClasses(server, part, next, !before.isEmpty());
    return next;
  }

  /**
   * Refuses a configuration in which a pool is limited to a class {@code HA_<name>} that no HA
   * peer of the server assigns and the configuration does not define: Kea's HA hook puts each
   * client of a load-balancing pair into such a class, and once no hook does, the pool serves no
   * client at all (Kea logs {@code ALLOC_ENGINE_V4_ALLOC_FAIL_CLASSES}). Looks at the subnets the
   * part touches, and at every subnet when the part changes relationships (a removed hook
   * affects them all).
   */
  private static void refuseUnassignedHaClasses(ServerId server, ServerPlan part, Dhcp4Config next,
      boolean relationships) {
    Set<String> assigned = new HashSet<>();
    next.highAvailability().ifPresent(list -> list.forEach(e -> peerNames(e).forEach(n -> assigned.add("HA_" + n))));
    Set<Subnet> touched = part.subnets();
    List<Dhcp4Config.LimitedPool> dead = next.poolsLimitedTo(s -> relationships || touched.contains(s),
        c -> c.startsWith("HA_") && !assigned.contains(c) && !next.definesClass(c));
    if (dead.isEmpty()) {
      return;
    }
    List<Violation> found = new ArrayList<>();
    for (Dhcp4Config.LimitedPool p : dead) {
      found.add(new Violation("scopes", p.subnet().toString(), "would keep pool " + p.pool() + " limited to client class "
          + p.clientClass() + ", which no HA relationship of server " + server + " assigns any more: Kea would"
          + " give no client an address from it. Make the pool whole again (the SDK's plans do so when a scope"
          + " leaves load balancing: plan the change again) or define the class on the server"));
    }
    throw new ValidationException("plan for Kea server " + server, found);
  }

  private static int indexOf(ArrayNode list, RelationshipName name) {
    for (int i = 0; i < list.size(); i++) {
      if (KeaHaMapping.nameOf(list.get(i)).filter(name::equals).isPresent()) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> peerNames(Relationship r) {
    if (r.settings() instanceof KeaHaSettings kea) {
      return kea.peers().stream().map(KeaPeer::name).toList();
    }
    return List.of();
  }

  private static List<String> peerNames(JsonNode entry) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : entry.path("peers")) {
      if (p.path("name").isTextual()) {
        out.add(p.path("name").asText());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // status and partner-down

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    KeaClient client = client(server);
    String own = ownName(server, relationship);
    KeaStatus status = client.statusGet();
    List<HaRelationshipStatus> all = status.highAvailability();
    if (all.isEmpty()) {
      throw new NotFoundException("Kea HA relationship", relationship.name().value(), "on server " + server.id()
          + " (status-get reports none: the HA hook is not loaded)");
    }
    HaRelationshipStatus ha = all.size() == 1 ? all.get(0) : all.stream()
        .filter(r -> r.local().serverName().filter(own::equals).isPresent()).findFirst()
        .orElseThrow(() -> new NotFoundException("Kea HA relationship", relationship.name().value(),
            "on server " + server.id() + " (no relationship in status-get has the local server name "
                + Texts.quoted(own) + ")"));
    HaHeartbeat beat = client.haHeartbeat(own);
    Instant now = clock.instant();
    var out = FailoverStatus.builder().relationship(relationship.name()).server(server.id())
        .local(state(server, ha.local().state())).observedAt(now);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("ha-mode", ha.haMode());
    details.put("role", ha.local().role());
    details.put("scopes", String.join(",", ha.local().scopes()));
    details.put("unsent-update-count", Long.toString(beat.unsentUpdateCount()));
    details.put("date-time", beat.dateTime());
    if (ha.remote().isPresent()) {
      HaRemoteServer remote = ha.remote().get();
      if (!remote.lastState().isEmpty()) {
        out.partner(state(server, remote.lastState()));
      }
      if (remote.inTouch()) {
        out.lastContact(now.minusSeconds(remote.age()));
      }
      details.put("partner-role", remote.role());
      details.put("partner-scopes", String.join(",", remote.lastScopes()));
      details.put("age", Long.toString(remote.age()));
      details.put("in-touch", Boolean.toString(remote.inTouch()));
      details.put("communication-interrupted", Boolean.toString(remote.communicationInterrupted()));
      details.put("unacked-clients", Long.toString(remote.unackedClients()));
      details.put("unacked-clients-left", Long.toString(remote.unackedClientsLeft()));
      details.put("connecting-clients", Long.toString(remote.connectingClients()));
      details.put("analyzed-packets", Long.toString(remote.analyzedPackets()));
    }
    details.replaceAll((k, val) -> Texts.printable(val) ? val : val.replaceAll("\\p{Cntrl}", "?"));
    return out.details(details).build();
  }

  private static FailoverState state(Server server, String name) {
    try {
      return KeaHaState.fromName(name);
    } catch (ValidationException e) {
      throw BackendException.transport(server.id().value(), "reports an HA state the SDK does not know: "
          + Texts.quoted(name), e);
    }
  }

  /**
   * Kea has no command that puts a server into {@code partner-down}: the HA hook goes there by
   * itself when its partner stops answering (after {@code max-response-delay}, and, unless
   * {@code max-unacked-clients} is 0, once enough clients went unanswered). The one way an
   * operator can tell it the partner is down is {@code ha-maintenance-start}: the server first
   * asks its partner to go {@code in-maintenance}, and when the partner does not answer (or its
   * agent cannot reach it) Kea moves the server to {@code partner-down} at once. This method
   * first reads the server's own view of its partner ({@code status-get}): while the server is in
   * touch with a partner that answers (its last heartbeat answered, in a state other than
   * {@code unavailable}), the partner is not down, and the request is refused
   * ({@link BackendException} of kind {@code REJECTED}) with nothing sent that changes either
   * server. Otherwise it sends {@code ha-maintenance-start}; a server already in
   * {@code partner-down} is left as it is. Should the partner answer Kea after all (it came back
   * between the read and the request), Kea moves the pair into maintenance instead, which this
   * method cancels again before refusing.
   */
  @Override
  public void partnerDown(Server server, Relationship relationship) {
    KeaClient client = client(server);
    String own = ownName(server, relationship);
    HaHeartbeat beat = client.haHeartbeat(own);
    if (beat.state().equals(MAINTENANCE_PARTNER_DOWN)) {
      LOG.info("kea {}: already in partner-down", server.id());
      return;
    }
    ServerId partner = relationship.partnerOf(server.id());
    Optional<HaRemoteServer> remote = remoteOf(client.statusGet(), own);
    if (remote.isPresent() && partnerAnswers(remote.get())) {
      HaRemoteServer r = remote.get();
      throw BackendException.rejected(server.id().value(), partner + " still answers " + server.id() + " (" + server.id()
          + " is " + beat.state() + ", its partner " + partner + " is " + r.lastState() + ", last heard from "
          + r.age() + " s ago), so " + server.id() + " cannot be told its partner is down; nothing was sent."
          + " Kea moves to partner-down by itself when its partner stops answering; once " + partner
          + " is stopped or cut off, run partner-down again. For a planned takeover, put the pair in maintenance"
          + " instead (failover maintenance start).", "partner-reachable");
    }
    KeaAnswer answer = client.haMaintenanceStart();
    String after = client.haHeartbeat(own).state();
    if (after.equals(MAINTENANCE_PARTNER_DOWN)) {
      LOG.info("kea {}: partner-down ({})", server.id(), answer.text().orElse(""));
      return;
    }
    String cancelled;
    try {
      client.haMaintenanceCancel();
      cancelled = "; the maintenance Kea started instead was cancelled";
    } catch (BackendException e) {
      cancelled = "; cancelling the maintenance Kea started instead failed (" + e.serverMessage()
          + "): run failover maintenance cancel on " + server.id();
    }
    throw BackendException.rejected(server.id().value(), partner + " answered " + server.id() + ", so Kea did not move"
        + " to partner-down (it was " + beat.state() + ", Kea answered " + Texts.quoted(answer.text().orElse(""))
        + ", it is now " + after + ")" + cancelled + ". Kea moves to partner-down by itself when its partner stops"
        + " answering; for a planned takeover, put the pair in maintenance instead (failover maintenance start).",
        "partner-reachable");
  }

  /** The server's view of its partner in the relationship whose local server is {@code own}. */
  private static Optional<HaRemoteServer> remoteOf(KeaStatus status, String own) {
    List<HaRelationshipStatus> all = status.highAvailability();
    Optional<HaRelationshipStatus> ha = all.size() == 1 ? Optional.of(all.get(0)) : all.stream()
        .filter(r -> r.local().serverName().filter(own::equals).isPresent()).findFirst();
    return ha.flatMap(HaRelationshipStatus::remote);
  }

  /** Whether the server hears its partner: in touch, not interrupted, last seen in a state other than unavailable. */
  private static boolean partnerAnswers(HaRemoteServer remote) {
    return remote.inTouch() && !remote.communicationInterrupted() && !remote.lastState().isEmpty()
        && !remote.lastState().equals("unavailable");
  }

  // ---------------------------------------------------------------------------------------------
  // KeaMaintenance

  @Override
  public KeaAnswer maintenanceStart(Server server) {
    return client(server).haMaintenanceStart();
  }

  @Override
  public KeaAnswer maintenanceCancel(Server server) {
    return client(server).haMaintenanceCancel();
  }

  @Override
  public KeaAnswer haContinue(Server server, Relationship relationship) {
    return client(server).haContinue(ownName(server, relationship));
  }

  @Override
  public KeaAnswer haSync(Server server, Relationship relationship, Duration maxPeriod) {
    ServerId partner = relationship.partnerOf(server.id());
    String name = kea(relationship).peerFor(partner).map(KeaPeer::name).orElseThrow(() -> new NotFoundException(
        "peer", partner.value(), "in Kea relationship " + relationship.name()));
    return client(server).haSync(name, maxPeriod);
  }

  @Override
  public KeaAnswer haScopes(Server server, Relationship relationship, List<String> scopes) {
    ownName(server, relationship);
    return client(server).haScopes(scopes);
  }

  private static KeaHaSettings kea(Relationship relationship) {
    if (relationship.settings() instanceof KeaHaSettings kea) {
      return kea;
    }
    throw new ValidationException("relationship " + relationship.name(), List.of(new Violation("settings",
        relationship.vendor().displayName(), "must be Kea HA settings")));
  }

  /** The server's own peer name in the relationship ({@code this-server-name}). */
  private static String ownName(Server server, Relationship relationship) {
    return kea(relationship).peerFor(server.id()).map(KeaPeer::name).orElseThrow(() -> new NotFoundException(
        "server", server.id().value(), "among the peers of Kea relationship " + relationship.name()));
  }

  // ---------------------------------------------------------------------------------------------
  // clients

  /** What {@link #check} rendered and {@code config-test} accepted: {@code next} over {@code fingerprint}. */
  private record Prepared(String fingerprint, ServerPlan part, Dhcp4Config next) {}

  private record ClientKey(ServerId id, URI endpoint, Optional<Credential> credential, Map<String, String> options) {}

  private KeaClient client(Server server) {
    Violations.collect()
        .check(server.vendor() == Vendor.KEA, "vendor", server.vendor(), "must be KEA for the Kea backend")
        .throwIfAny("server " + server.id());
    return clients.computeIfAbsent(key(server), k -> newClient(server));
  }

  private static ClientKey key(Server server) {
    return new ClientKey(server.id(), server.endpoint(), server.credential(), Map.copyOf(server.options()));
  }

  static KeaClient newClient(Server server) {
    Map<String, String> options = server.options();
    Violations v = Violations.collect();
    for (String key : options.keySet()) {
      v.check(OPTIONS.contains(key), "options." + key, Texts.quoted(options.get(key)),
          "must be one of " + new TreeSet<>(OPTIONS) + " for a Kea server");
    }
    v.check(options.containsKey(OPTION_TLS_CERT) == options.containsKey(OPTION_TLS_PKCS8), "options." + OPTION_TLS_CERT,
        options.getOrDefault(OPTION_TLS_CERT, "(none)"), "must be given together with " + OPTION_TLS_PKCS8);
    v.check(!options.containsKey(OPTION_TLS_CERT) || options.containsKey(OPTION_TLS_CA), "options." + OPTION_TLS_CA,
        "(none)", "must be given with a client certificate");
    Duration connect = duration(options, OPTION_CONNECT_TIMEOUT, KeaClient.DEFAULT_CONNECT_TIMEOUT, v);
    Duration request = duration(options, OPTION_REQUEST_TIMEOUT, KeaClient.DEFAULT_REQUEST_TIMEOUT, v);
    String hooks = options.get(OPTION_HOOKS_DIRECTORY);
    v.check(hooks == null || (!hooks.isEmpty() && Texts.printable(hooks) && !hooks.contains("\"")), "options."
        + OPTION_HOOKS_DIRECTORY, hooks == null ? "" : Texts.quoted(hooks), "must be a path without control characters or quotes");
    for (String option : OWN_FILE_OPTIONS.keySet()) {
      String path = options.get(option);
      v.check(path == null || (!path.isEmpty() && Texts.printable(path)), "options." + option,
          path == null ? "" : Texts.quoted(path), "must be a non-empty path");
    }
    v.throwIfAny("Kea server " + server.id());
    KeaClient.Builder b = KeaClient.builder(server.endpoint()).name(server.id().value()).connectTimeout(connect)
        .requestTimeout(request);
    server.credential().ifPresent(b::credential);
    if (options.containsKey(OPTION_TLS_CA)) {
      Path ca = Path.of(options.get(OPTION_TLS_CA));
      b.tls(options.containsKey(OPTION_TLS_CERT)
          ? KeaTls.withClientCertificate(ca, Path.of(options.get(OPTION_TLS_CERT)), Path.of(options.get(OPTION_TLS_PKCS8)))
          : KeaTls.trusting(ca));
    }
    return b.build();
  }

  private static Duration duration(Map<String, String> options, String key, Duration fallback, Violations v) {
    String text = options.get(key);
    if (text == null) {
      return fallback;
    }
    Duration d = null;
    try {
      d = text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      d = null;
    }
    v.check(d != null && !d.isNegative() && !d.isZero(), "options." + key, Texts.quoted(text),
        "must be a positive duration: whole seconds such as 30, or ISO-8601 such as PT30S");
    return d == null || d.isNegative() || d.isZero() ? fallback : d;
  }

  /** The server's own relationship-level TLS paths, from its options: member → path. */
  static Map<String, String> ownFiles(Server server) {
    Map<String, String> out = new TreeMap<>();
    OWN_FILE_OPTIONS.forEach((option, member) -> {
      String path = server.options().get(option);
      if (path != null) {
        out.put(member, path);
      }
    });
    return out;
  }

  private static String hooksDirectory(Server server) {
    return server.options().getOrDefault(OPTION_HOOKS_DIRECTORY, DEFAULT_HOOKS_DIRECTORY);
  }

  @Override
  public String toString() {
    return "KeaBackend[" + clients.size() + " client(s)]";
  }
}
