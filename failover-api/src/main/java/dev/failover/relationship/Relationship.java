package dev.failover.relationship;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.immutables.value.Value;

/**
 * A failover relationship: two servers of one vendor, a {@link FailoverMode}, the vendor's
 * {@link VendorSettings}, and the scopes (subnets) it covers, kept sorted and free of
 * duplicates. {@link #primary()} is the primary server (ISC primary, Kea primary, the Windows
 * server the relationship is created on); {@link #secondary()} is its partner, whatever the
 * vendor calls it (ISC secondary, Kea secondary/standby/backup by mode, Windows partner server).
 *
 * <pre>{@code
 * Relationship r = Relationship.builder()
 *     .name("pair-1").mode(FailoverMode.HOT_STANDBY)
 *     .primary("dhcp-a").secondary("dhcp-b")
 *     .settings(WindowsFailoverSettings.hotStandby(5))
 *     .addScope(Subnet.parse("10.1.0.0/24"))
 *     .build();
 * }</pre>
 *
 * <p>Rules checked when built, all reported in one {@link ValidationException}: the primary and
 * the secondary differ; the mode is one the settings' vendor has; the settings' mode rules
 * ({@link VendorSettings#violationsIn}); for Kea, the peers include one on the primary server in
 * the primary role and one on the secondary server in the role the mode gives it (secondary,
 * standby, backup). Rules that need more than the value itself are separate:
 * {@link #violationsAgainst(Inventory)} (both servers known, of the settings' vendor) and
 * {@link #violationsOn(Server, List)} (rules across the relationships of one server, their one
 * home, which the planner reaches) and {@link #violationsAmong(Collection)} (the same on each
 * server of a collection, and names unique across it).
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableRelationship.class)
@JsonDeserialize(as = ImmutableRelationship.class)
public abstract class Relationship {

  /** Windows' limit on relationships per server ({@code ERROR_DHCP_FO_MAX_RELATIONSHIPS}). */
  public static final int WINDOWS_MAX_RELATIONSHIPS_PER_SERVER = 31;

  /** {@return the relationship's name (the Windows relationship name, the ISC peer name)} */
  public abstract RelationshipName name();

  /** {@return how the two servers share the work} */
  public abstract FailoverMode mode();

  /** {@return the primary server} */
  public abstract ServerId primary();

  /** {@return the partner of the primary (ISC secondary; Kea secondary, standby or backup; Windows partner server)} */
  public abstract ServerId secondary();

  /** {@return the vendor's own settings; their vendor is the relationship's vendor} */
  public abstract VendorSettings settings();

  /** {@return the subnets of the scopes the relationship covers, sorted, each once} */
  public abstract List<Subnet> scopes();

  /**
   * {@return a builder that also takes plain text for the name and the servers:
   * {@code Relationship.builder().name("pair-1").primary("dhcp-a").secondary("dhcp-b")}}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a relationship without scopes}
   *
   * @param name the relationship's name
   * @param mode the failover mode
   * @param primary the primary server's inventory id
   * @param secondary the secondary (or standby) server's inventory id
   * @param settings the vendor's settings
   */
  public static Relationship of(String name, FailoverMode mode, String primary, String secondary,
      VendorSettings settings) {
    return builder().name(name).mode(mode).primary(primary).secondary(secondary).settings(settings).build();
  }

  /**
   * {@return this relationship with every secret left out (the Windows shared secret, Kea basic-auth
   * passwords), everything else kept, message authentication included} Servers never show
   * secrets back, so what a server holds is compared with what a plan wrote in this form.
   */
  public Relationship withoutSecrets() {
    VendorSettings s = settings();
    if (s instanceof WindowsFailoverSettings w && w.sharedSecret().isPresent()) {
      return ImmutableRelationship.copyOf(this).withSettings(ImmutableWindowsFailoverSettings.copyOf(w)
          .withMessageAuthentication(w.messageAuthentication()).withSharedSecret(java.util.Optional.empty()));
    }
    if (s instanceof KeaHaSettings k && k.peers().stream().anyMatch(p -> p.basicAuthPassword().isPresent())) {
      return ImmutableRelationship.copyOf(this).withSettings(ImmutableKeaHaSettings.copyOf(k).withPeers(k.peers().stream()
          .map(p -> (KeaPeer) ImmutableKeaPeer.copyOf(p).withBasicAuthPassword(java.util.Optional.empty())).toList()));
    }
    return this;
  }

  /** {@return the vendor of both servers (the settings' vendor)} */
  public Vendor vendor() {
    return settings().vendor();
  }

  /**
   * {@return every server taking part: the primary, the secondary and, for Kea, any further backup
   * servers among the peers}
   */
  public List<ServerId> servers() {
    Set<ServerId> all = new LinkedHashSet<>(List.of(primary(), secondary()));
    if (settings() instanceof KeaHaSettings kea) {
      kea.peers().forEach(p -> all.add(p.server()));
    }
    return List.copyOf(all);
  }

  /**
   * {@return whether the server takes part in the relationship (as primary, secondary or Kea backup)}
   *
   * @param server the server's inventory id
   */
  public boolean involves(ServerId server) {
    return servers().contains(server);
  }

  /**
   * {@return the server's partner: the secondary for the primary, the primary for the secondary and for
   * a Kea backup server (the one that sends it lease updates)}
   *
   * @param server the server's inventory id
   * @throws NotFoundException if the server does not take part
   *
   */
  public ServerId partnerOf(ServerId server) {
    requireInvolved(server);
    return server.equals(primary()) ? secondary() : primary();
  }

  /**
   * {@return the role the server plays, in the vendor's terms: ISC primary/secondary; the Kea peer's
   * role; Windows primary/secondary in load balancing and, in hot standby, primary for the
   * active server and standby for the standby one}
   *
   * @param server the server's inventory id
   * @throws NotFoundException if the server does not take part
   *
   */
  public ServerRole roleOf(ServerId server) {
    requireInvolved(server);
    VendorSettings s = settings();
    if (s instanceof KeaHaSettings kea) {
      return kea.peerFor(server).map(KeaPeer::role)
          .orElseThrow(() -> new NotFoundException("peer", server.value(), "in Kea relationship " + name()));
    }
    boolean isPrimary = server.equals(primary());
    if (s instanceof WindowsFailoverSettings win && mode() == FailoverMode.HOT_STANDBY) {
      boolean partnerIsStandby = win.effectivePartnerRole() == WindowsServerRole.STANDBY;
      return isPrimary == partnerIsStandby ? ServerRole.PRIMARY : ServerRole.STANDBY;
    }
    return isPrimary ? ServerRole.PRIMARY : ServerRole.SECONDARY;
  }

  /**
   * {@return the ISC {@code failover peer} declaration of that server}
   *
   * @param server the server's inventory id
   * @throws ValidationException if the relationship is not an ISC one
   * @throws NotFoundException if the server does not take part
   *
   */
  public IscPeerDeclaration iscDeclarationFor(ServerId server) {
    if (!(settings() instanceof IscFailoverSettings isc)) {
      throw new ValidationException("relationship " + name(), List.of(new Violation("settings", String.valueOf(vendor()),
          "must be ISC settings to give a failover peer declaration")));
    }
    return isc.declarationFor(roleOf(server));
  }

  /**
   * {@return the same relationship covering these scopes too}
   *
   * @param subnets the scopes to add
   */
  public Relationship plusScopes(Collection<Subnet> subnets) {
    List<Subnet> all = new ArrayList<>(scopes());
    all.addAll(subnets);
    return ImmutableRelationship.copyOf(this).withScopes(all);
  }

  /**
   * {@return the same relationship no longer covering these scopes}
   *
   * @param subnets the scopes to take out
   */
  public Relationship minusScopes(Collection<Subnet> subnets) {
    List<Subnet> rest = new ArrayList<>(scopes());
    rest.removeAll(subnets);
    return ImmutableRelationship.copyOf(this).withScopes(rest);
  }

  /** {@return the settings' warnings for the relationship's mode ({@link VendorSettings#advisories})} */
  public List<String> advisories() {
    return settings().advisories(mode());
  }

  /**
   * {@return what breaks against the inventory: both servers (and Kea backups) must be in it, of the
   * settings' vendor; with Kea's dedicated HA listener, a peer URL must not take the port of
   * that server's own control endpoint (vendor-facts §3.4: use e.g. 8001 beside 8000)}
   *
   * @param inventory the servers known
   */
  public List<Violation> violationsAgainst(Inventory inventory) {
    Violations v = Violations.collect();
    for (ServerId id : servers()) {
      String field = id.equals(primary()) ? "primary" : id.equals(secondary()) ? "secondary" : "settings.peers.server";
      Optional<Server> server = inventory.find(id);
      v.check(server.isPresent(), field, id, "must be a server in the inventory");
      server.ifPresent(s -> v.check(s.vendor() == vendor(), field, id + " (" + s.vendor().displayName() + ")",
          "must be a " + vendor().displayName() + " server like the relationship's settings"));
    }
    if (settings() instanceof KeaHaSettings kea && kea.multiThreading().map(KeaMultiThreading::dedicatedListenerInUse)
        .orElse(false)) {
      for (KeaPeer p : kea.peers()) {
        inventory.find(p.server()).ifPresent(s -> v.check(!sameEndpoint(p.url(), s.endpoint()), "settings.peers.url",
            p.url(), "must not use the port of the server's control endpoint " + s.endpoint()
                + " when the HA hook has a dedicated listener"));
      }
    }
    return v.list();
  }

  /**
   * {@return what breaks across relationships (for example all relationships of an inventory, or of one
   * server): names are unique; and on each server the rules of {@link #violationsOn}}
   *
   * @param relationships the relationships checked together
   */
  public static List<Violation> violationsAmong(Collection<? extends Relationship> relationships) {
    Violations v = Violations.collect();
    Map<RelationshipName, Integer> names = new TreeMap<>();
    relationships.forEach(r -> names.merge(r.name(), 1, Integer::sum));
    names.forEach((name, count) -> v.check(count == 1, "name", Texts.quoted(name.value()),
        "must be unique among relationships (used " + count + " times)"));
    byServer(relationships).forEach((server, rs) -> ServerRules.check(server, Optional.empty(), rs, false, v));
    return v.list();
  }

  /**
   * {@return what the relationships one server holds break of the rules across them (vendor-facts
   * §1, §2.2, §3.4)}: each name is free on the server; a scope belongs to one relationship only
   * (Windows, ISC pools, Kea subnets alike); a Windows server has at most
   * {@value #WINDOWS_MAX_RELATIONSHIPS_PER_SERVER} relationships, their names differing in more
   * than letter case; a Kea server in more than one relationship uses hot standby in all of
   * them (hub and spoke), with peer names unique across them and its own listener different in
   * each (a dedicated HA listener: a peer URL that is the server's control endpoint serves every
   * relationship). The relationships are taken in order: a later one is said to break a rule with
   * an earlier one. The planner asks this of every server a plan changes (and refuses what the
   * plan newly breaks), so each of these rules has this one home.
   *
   * @param server the server (its endpoint tells its control socket from its HA listeners)
   * @param relationships the relationships it holds (others are left out)
   */
  public static List<Violation> violationsOn(Server server, List<? extends Relationship> relationships) {
    Violations v = Violations.collect();
    ServerRules.check(server.id(), Optional.of(server.endpoint()),
        relationships.stream().filter(r -> r.involves(server.id())).toList(), true, v);
    return v.list();
  }

  private static Map<ServerId, List<Relationship>> byServer(Collection<? extends Relationship> relationships) {
    Map<ServerId, List<Relationship>> byServer = new TreeMap<>();
    for (Relationship r : relationships) {
      for (ServerId s : r.servers()) {
        byServer.computeIfAbsent(s, k -> new ArrayList<>()).add(r);
      }
    }
    return byServer;
  }

  private static boolean sameEndpoint(URI peer, URI endpoint) {
    if (endpoint.getHost() == null || peer.getHost() == null) {
      return false;
    }
    return peer.getHost().equalsIgnoreCase(endpoint.getHost()) && port(peer) == port(endpoint);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private void requireInvolved(ServerId server) {
    Objects.requireNonNull(server, "server");
    if (!involves(server)) {
      throw new NotFoundException("server", server.value(), "in relationship " + name() + " (servers: " + servers() + ")");
    }
  }

  /**
   * Checks the relationship's own rules and its settings' rules for its mode, all together.
   *
   * @return this relationship
   */
  @Value.Check
  protected Relationship check() {
    Violations v = Violations.collect();
    v.check(!primary().equals(secondary()), "secondary", secondary(), "must differ from the primary");
    Vendor vendor = vendor();
    boolean supported = mode().supportedBy(vendor);
    v.check(supported, "mode", mode(), () -> "must be a mode " + vendor.displayName() + " has");
    if (supported) {
      v.addAll("settings", settings().violationsIn(mode()));
    }
    if (settings() instanceof KeaHaSettings kea) {
      checkKeaPeer(v, kea, primary(), "primary", ServerRole.PRIMARY);
      checkKeaPeer(v, kea, secondary(), "secondary", KeaHaSettings.partnerRole(mode()));
    }
    v.throwIfAny("relationship " + name());
    Set<Subnet> sorted = new TreeSet<>(scopes());
    if (sorted.size() == scopes().size() && List.copyOf(sorted).equals(scopes())) {
      return this;
    }
    return ImmutableRelationship.copyOf(this).withScopes(sorted);
  }

  private static void checkKeaPeer(Violations v, KeaHaSettings kea, ServerId server, String which, ServerRole role) {
    Optional<KeaPeer> peer = kea.peerFor(server);
    v.check(peer.isPresent(), "settings.peers", server,
        "must include a peer on the " + which + " server " + server);
    peer.ifPresent(p -> v.check(p.role() == role, "settings.peers.role", p.name() + ": " + p.role(),
        "must be " + role + " for the " + which + " server " + server));
  }

  /** The builder, with overloads that take plain text. */
  public static final class Builder extends ImmutableRelationship.Builder {

    Builder() {}

    /**
     * Sets the name, validated as a {@link RelationshipName}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      name(RelationshipName.of(name));
      return this;
    }

    /**
     * Sets the primary server.
     *
     * @param id the primary server's inventory id
     * @return this builder
     */
    public Builder primary(String id) {
      primary(ServerId.of(id));
      return this;
    }

    /**
     * Sets the secondary (or standby) server.
     *
     * @param id the secondary server's inventory id
     * @return this builder
     */
    public Builder secondary(String id) {
      secondary(ServerId.of(id));
      return this;
    }

    /**
     * Adds a scope by its subnet text.
     *
     * @param subnet the subnet, for example {@code 10.1.0.0/24}
     * @return this builder
     */
    public Builder addScope(String subnet) {
      addScope(Subnet.parse(subnet));
      return this;
    }
  }
}
