package dev.failover.isc;

import dev.failover.BackendException;
import dev.failover.ConflictException;
import dev.failover.ImmutableProgress;
import dev.failover.NotFoundException;
import dev.failover.Progress;
import dev.failover.ProgressListener;
import dev.failover.ValidationException;
import dev.failover.Violation;
import dev.failover.spi.Texts;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.isc.store.IscConfigSnapshot;
import dev.failover.isc.store.LocalFileConfigStore;
import dev.failover.isc.store.ReloadHook;
import dev.failover.plan.IscPeer;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ISC dhcpd 4.x backend: reads and writes a server's dhcpd.conf (and the files it
 * includes) through a {@link LocalFileConfigStore}, and reads and steers failover state over
 * OMAPI.
 *
 * <p>A server of the inventory is reached as:
 * <ul>
 *   <li>endpoint {@code file:///etc/dhcp/dhcpd.conf}: the main configuration file;</li>
 *   <li>option {@code dhcpd}: the binary that checks a configuration with {@code dhcpd -t}
 *       before it is written (default {@code /usr/sbin/dhcpd}; when it is not executable,
 *       nothing is checked);</li>
 *   <li>options {@code omapi-host} (default {@code 127.0.0.1}) and {@code omapi-port} (default
 *       7911): dhcpd's {@code omapi-port} listener;</li>
 *   <li>the credential, when dhcpd sets {@code omapi-key}: user = the key's name, secret = its
 *       base64 HMAC-MD5 secret.</li>
 * </ul>
 *
 * <p>What a server holds: its scopes are its subnet declarations; its peers are its
 * {@code failover peer} declarations (and dormant ones, which dhcpd does not see: see
 * {@link IscConfig#withPeerDormant(String)}), mapped by {@link IscPeerMapping}; each peer is a
 * relationship with the inventory server whose {@code address} is the peer's
 * {@code peer address}, its settings read from both servers' declarations (mclt and split are
 * written on the primary only), its scopes the subnets whose pools refer to the peer on this
 * server. When the partner's configuration cannot be read, or lacks the peer, the settings are
 * what this server's declaration says, and what only the primary says is taken as dhcpd's
 * documented example (mclt 3600, split 128) when this server is the secondary.
 *
 * <p>Applying writes the whole part at once (one atomic replacement per changed file, checked
 * with {@code dhcpd -t}, previous file kept as a timestamped backup) and then calls the
 * {@link ReloadHook}: dhcpd reads its configuration only when it starts, so the hook must
 * restart it (the default hook does nothing). Thread-safe.
 */
public final class IscBackend implements FailoverBackend, IscOmapi {

  private static final Logger LOG = LoggerFactory.getLogger(IscBackend.class);

  private final ReloadHook reloadHook;
  private final Clock clock;

  /** A backend whose writes reload nothing: restart dhcpd yourself after applying. */
  public IscBackend() {
    this(ReloadHook.none());
  }

  /**
   * A backend that calls {@code reloadHook} after each configuration it writes.
   *
   * @param reloadHook called with the main file's path after each write
   */
  public IscBackend(ReloadHook reloadHook) {
    this(reloadHook, Clock.systemUTC());
  }

  /**
   * As {@link #IscBackend(ReloadHook)}, with the clock that stamps status reads and backups.
   *
   * @param reloadHook called with the main file's path after each write
   * @param clock stamps status reads and backups
   */
  public IscBackend(ReloadHook reloadHook, Clock clock) {
    this.reloadHook = Objects.requireNonNull(reloadHook, "reloadHook");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Vendor vendor() {
    return Vendor.ISC;
  }

  private LocalFileConfigStore store(Server server, IscServerSettings settings) {
    return LocalFileConfigStore.builder(settings.configFile()).dhcpd(settings.dhcpd()).reloadHook(reloadHook)
        .clock(clock).server(server.id().value()).build();
  }

  private IscConfigSnapshot snapshot(Server server) {
    return store(server, IscServerSettings.of(server)).read();
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  @Override
  public ServerState read(Server server, Inventory inventory) {
    IscConfigSnapshot snap = snapshot(server);
    IscConfig config = snap.config();
    List<String> problems = new ArrayList<>();
    config.unreadable().forEach(e -> problems.add(e.getMessage()));
    Map<String, IscPeerStatement> statements = IscPlanEditor.statements(config, server.id().value());
    List<IscPeer> peers = IscPlanEditor.peers(config, statements, server.address(), problems);
    List<Scope> scopes = config.scopes();
    List<Relationship> relationships = new ArrayList<>();
    Map<dev.failover.server.ServerId, Optional<Map<String, IscPeerStatement>>> partners = new LinkedHashMap<>();
    for (IscPeer peer : peers) {
      try {
        relationships.add(relationship(server, inventory, peer, scopes, partners));
      } catch (ValidationException e) {
        // one peer that cannot be a relationship does not hide the others: it is reported, the rest is read
        problems.add(config.location(peer.name()).map(l -> l + ": ").orElse("") + e.getMessage()
            + " (the peer is read, its relationship is left out until this is repaired)");
        LOG.warn("isc {}: {}", server.id(), e.getMessage());
      }
    }
    return ServerState.builder().server(server.id()).vendor(Vendor.ISC).fingerprint(snap.fingerprint())
        .scopes(scopes).peers(peers).relationships(relationships).problems(problems).build();
  }

  /** The subnets whose pools refer to the peer. */
  static Set<Subnet> coveredSubnets(Collection<Scope> scopes, String peer) {
    Set<Subnet> out = new TreeSet<>();
    for (Scope s : scopes) {
      for (Pool p : s.pools()) {
        if (p.failoverPeer().equals(Optional.of(peer))) {
          out.add(s.subnet());
          break;
        }
      }
    }
    return out;
  }

  private Relationship relationship(Server server, Inventory inventory, IscPeer peer, List<Scope> scopes,
      Map<dev.failover.server.ServerId, Optional<Map<String, IscPeerStatement>>> partners) {
    String subject = "failover peer " + Texts.quoted(peer.name()) + " on " + server.id();
    RelationshipName name;
    try {
      name = RelationshipName.of(peer.name());
    } catch (ValidationException e) {
      throw new ValidationException(subject, e.violations());
    }
    IscPeerDeclaration mine = peer.declaration();
    List<Server> candidates = inventory.servers().stream()
        .filter(s -> s.vendor() == Vendor.ISC && !s.id().equals(server.id())
            && s.address().equalsIgnoreCase(mine.peerAddress()))
        .toList();
    if (candidates.size() != 1) {
      String known = inventory.servers().stream().filter(s -> s.vendor() == Vendor.ISC && !s.id().equals(server.id()))
          .map(s -> s.id() + " (" + s.address() + ")").collect(Collectors.joining(", "));
      throw new ValidationException(subject, List.of(new Violation("peerAddress", Texts.quoted(mine.peerAddress()),
          candidates.isEmpty() ? "must be the address of an ISC server in the inventory (ISC servers: "
              + (known.isEmpty() ? "none" : known) + ")"
              : "must be the address of exactly one ISC server in the inventory, not of " + candidates.stream()
                  .map(s -> s.id().value()).toList())));
    }
    Server partner = candidates.get(0);
    Optional<Map<String, IscPeerStatement>> declared = partners.computeIfAbsent(partner.id(), k -> partnerPeers(partner));
    IscPeerDeclaration theirs = declared.flatMap(m -> partnerDeclaration(partner, m, peer.name()))
        .orElseGet(() -> IscPeerMapping.mirror(mine));
    boolean primary = mine.role() == ServerRole.PRIMARY;
    IscFailoverSettings settings;
    try {
      settings = primary ? IscFailoverSettings.fromDeclarations(mine, theirs)
          : IscFailoverSettings.fromDeclarations(theirs, mine);
    } catch (ValidationException e) {
      throw new ValidationException("failover peer " + Texts.quoted(peer.name()) + " declared on " + server.id()
          + " and " + partner.id() + " (field names: the primary's and the secondary's declaration)", e.violations());
    }
    int buckets = settings.primaryBuckets();
    FailoverMode mode = buckets == 0 || buckets == 256 ? FailoverMode.HOT_STANDBY : FailoverMode.LOAD_BALANCING;
    return Relationship.builder().name(name).mode(mode)
        .primary(primary ? server.id() : partner.id()).secondary(primary ? partner.id() : server.id())
        .settings(settings).scopes(coveredSubnets(scopes, peer.name())).build();
  }

  /** The partner's peers (declared and dormant), read once per read of a server; empty when unreadable. */
  private Optional<Map<String, IscPeerStatement>> partnerPeers(Server partner) {
    try {
      return Optional.of(IscPlanEditor.statements(snapshot(partner).config(), partner.id().value()));
    } catch (BackendException | ValidationException e) {
      LOG.warn("cannot read the configuration of partner {} ({}): its relationships are read from one side",
          partner.id(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The partner's declaration of the peer, when it declares it in a form the API holds. */
  private static Optional<IscPeerDeclaration> partnerDeclaration(Server partner, Map<String, IscPeerStatement> peers,
      String name) {
    IscPeerStatement s = peers.get(name);
    if (s == null) {
      LOG.debug("{} declares no failover peer {}: its settings are read from one side", partner.id(), name);
      return Optional.empty();
    }
    try {
      return Optional.of(IscPeerMapping.toDeclaration(s, partner.address()));
    } catch (ValidationException e) {
      LOG.warn("the failover peer {} of partner {} cannot be read ({}): its settings are read from one side", name,
          partner.id(), e.getMessage());
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // check and apply

  @Override
  public void check(Server server, ServerPlan part) {
    IscServerSettings settings = IscServerSettings.of(server);
    LocalFileConfigStore store = store(server, settings);
    IscConfigSnapshot snap = store.read();
    requireFingerprint(server, part, snap);
    store.check(IscPlanEditor.edit(snap.config(), server, part, subnet -> { }));
  }

  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    IscServerSettings settings = IscServerSettings.of(server);
    LocalFileConfigStore store = store(server, settings);
    IscConfigSnapshot snap = store.read();
    requireFingerprint(server, part, snap);
    Set<Subnet> subnets = part.subnets();
    int[] done = {0};
    IscConfig next = IscPlanEditor.edit(snap.config(), server, part, subnet -> progress.onProgress(
        ImmutableProgress.builder().server(server.id()).phase(Progress.Phase.APPLY).done(++done[0])
            .total(subnets.size()).subnet(subnet).build()));
    String fingerprint = store.write(next, part.fingerprint());
    if (subnets.isEmpty()) {
      progress.onProgress(Progress.of(server.id(), Progress.Phase.APPLY, 1, 1));
    }
    LOG.info("isc {}: applied {} change(s) touching {} scope(s) to {}", server.id(), part.changes().size(),
        subnets.size(), settings.configFile());
    return fingerprint;
  }

  private static void requireFingerprint(Server server, ServerPlan part, IscConfigSnapshot snap) {
    if (!snap.fingerprint().equals(part.fingerprint())) {
      throw new ConflictException(server.id().value(), part.fingerprint(), snap.fingerprint());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // failover state over OMAPI

  @Override
  public OmapiFailoverState failoverState(Server server, String peer) {
    IscServerSettings settings = IscServerSettings.of(server);
    try (OmapiClient client = OmapiClient.connect(settings.omapi())) {
      return client.failoverState(peer);
    } catch (BackendException e) {
      throw dormantOr(server, settings, peer, e);
    }
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    requireIsc(server, relationship);
    OmapiFailoverState s = failoverState(server, relationship.name().value());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("hierarchy", s.role().name().toLowerCase(java.util.Locale.ROOT));
    details.put("mclt", String.valueOf(s.mclt().getSeconds()));
    details.put("max-response-delay", String.valueOf(s.maxResponseDelay().getSeconds()));
    s.loadBalanceMaxSeconds().ifPresent(d -> details.put("load-balance-max-secs", String.valueOf(d.getSeconds())));
    s.loadBalanceHba().ifPresent(h -> details.put("load-balance-hba", h));
    details.put("max-outstanding-updates", String.valueOf(s.maxOutstandingUpdates()));
    details.put("cur-unacked-updates", String.valueOf(s.currentUnackedUpdates()));
    details.put("local-port", String.valueOf(s.localPort()));
    details.put("partner-port", String.valueOf(s.partnerPort()));
    details.put("skew", String.valueOf(s.skew().getSeconds()));
    details.put("local-stos", s.localStateSince().toString());
    details.put("partner-stos", s.partnerStateSince().toString());
    s.lastPacketSent().ifPresent(t -> details.put("last-packet-sent", t.toString()));
    Optional<Instant> lastContact = s.lastTimestampReceived();
    return FailoverStatus.builder().relationship(relationship.name()).server(server.id()).local(s.localState())
        .partner(s.partnerState()).observedAt(clock.instant()).lastContact(lastContact).details(details).build();
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    requireIsc(server, relationship);
    IscServerSettings settings = IscServerSettings.of(server);
    String peer = relationship.name().value();
    try (OmapiClient client = OmapiClient.connect(settings.omapi())) {
      OmapiFailoverState before = client.forcePartnerDown(peer);
      LOG.info("isc {}: failover peer {} set to partner-down over OMAPI (it was {})", server.id(), peer,
          before.localState());
    } catch (BackendException e) {
      throw dormantOr(server, settings, peer, e);
    }
  }

  private static void requireIsc(Server server, Relationship relationship) {
    if (relationship.vendor() != Vendor.ISC || !relationship.involves(server.id())) {
      throw new ValidationException("relationship " + relationship.name(), List.of(new Violation("relationship",
          relationship.name().value(), "must be an ISC relationship of " + server.id())));
    }
  }

  /**
   * dhcpd answers "no object matches specification" for a peer it does not run; when the peer is
   * dormant in the configuration, say so.
   */
  private RuntimeException dormantOr(Server server, IscServerSettings settings, String peer, BackendException e) {
    if (e.kind() != BackendException.Kind.REJECTED || !e.serverCode().equals(Optional.of("ISC_R_NOTFOUND"))) {
      return e;
    }
    try {
      boolean dormant = store(server, settings).read().config().dormantPeers().stream()
          .anyMatch(p -> p.name().equals(peer));
      if (dormant) {
        NotFoundException n = new NotFoundException("failover state of peer", Texts.quoted(peer), "on " + server.id()
            + ": the peer is dormant (no pool refers to it yet, so dhcpd does not run it)");
        n.initCause(e);
        return n;
      }
    } catch (RuntimeException readFailure) {
      e.addSuppressed(readFailure);
    }
    return e;
  }
}
