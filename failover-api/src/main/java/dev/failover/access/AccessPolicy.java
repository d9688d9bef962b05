package dev.failover.access;

import dev.failover.scope.ItemKind;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permission predicates, one per row of the product's permission table:
 *
 * <table>
 * <caption>Permissions</caption>
 * <tr><th>operation</th><th>needs</th><th>predicate</th></tr>
 * <tr><td>create, edit, remove a relationship; ISC peer changes</td><td>DHCP administrator</td>
 *     <td>{@link #manageRelationship}</td></tr>
 * <tr><td>add or remove a scope to/from a relationship</td><td>server bit "Add a scope"</td>
 *     <td>{@link #changeRelationshipScopes}</td></tr>
 * <tr><td>replicate one scope</td><td>one or more of the scope bits "Read/write scope options",
 *     "Edit reservations", "Edit address pools", "Edit exclusions" on the scope; the server-level
 *     "Edit reservations" bit does not count</td><td>{@link #replicateScope}</td></tr>
 * <tr><td>replicate all scopes of a relationship or a server</td><td>server bit "Administer
 *     DHCP servers"</td><td>{@link #replicateMany}</td></tr>
 * </table>
 *
 * <p>The {@link #strict() strict} policy goes further for replicating one scope: the plan's
 * changes to reservations need "Edit reservations" on that scope, to pools "Edit address pools",
 * to exclusions "Edit exclusions", to options and properties "Read/write scope options".
 *
 * <p>Permissions are checked on the server whose contents change: the destination of a
 * replication, both partners of a relationship.
 */
public final class AccessPolicy {

  private static final AccessPolicy STANDARD = new AccessPolicy(false);
  private static final AccessPolicy STRICT = new AccessPolicy(true);

  private final boolean strict;

  private AccessPolicy(boolean strict) {
    this.strict = strict;
  }

  /** {@return the product's own rules} */
  public static AccessPolicy standard() {
    return STANDARD;
  }

  /** {@return the product's rules, plus one scope bit per kind of change a replication makes} */
  public static AccessPolicy strict() {
    return STRICT;
  }

  /** {@return whether this is the {@linkplain #strict() strict} policy} */
  public boolean isStrict() {
    return strict;
  }

  /**
   * Create, edit or remove a relationship, or change ISC peers: a DHCP administrator.
   *
   * @param who the principal asking
   * @param operation the operation in words, for the decision's explanation
   * @return the decision, naming the missing role when refused
   */
  public AccessDecision manageRelationship(Principal who, String operation) {
    var d = decision(who, operation);
    if (who.isDhcpAdministrator()) {
      d.addGrantedBy("DHCP administrator (" + roleTitles(who) + ")");
    } else {
      d.addMissing(ImmutableMissing.of("DHCP administrator (built-in role DHCP Administrators)", "the DHCP service"));
    }
    return d.build();
  }

  /**
   * Add a scope to, or remove one from, a relationship: "Add a scope" on each server changed.
   *
   * @param who the principal asking
   * @param operation the operation in words, for the decision's explanation
   * @param servers the servers whose scopes change
   * @return the decision, naming each server and bit missing when refused
   */
  public AccessDecision changeRelationshipScopes(Principal who, String operation, Collection<ServerId> servers) {
    return serverBit(who, operation, servers, ServerAccessBit.ADD_A_SCOPE);
  }

  /**
   * Replicate every scope of a relationship or of a server: "Administer DHCP servers" on the destination.
   *
   * @param who the principal asking
   * @param operation the operation in words, for the decision's explanation
   * @param destination the server whose scopes are overwritten
   * @return the decision, naming the missing bit when refused
   */
  public AccessDecision replicateMany(Principal who, String operation, ServerId destination) {
    return serverBit(who, operation, List.of(destination), ServerAccessBit.ADMINISTER_DHCP_SERVERS);
  }

  /**
   * Change whole servers outside the facade's operations (the move of a failover pair to another
   * vendor: its servers' configurations, leases and services): "Administer DHCP servers" on each.
   *
   * @param who the principal asking
   * @param operation the operation in words, for the decision's explanation
   * @param servers every server the operation changes
   * @return the decision, naming each server and the bit missing on it when refused
   */
  public AccessDecision administerServers(Principal who, String operation, Collection<ServerId> servers) {
    return serverBit(who, operation, servers, ServerAccessBit.ADMINISTER_DHCP_SERVERS);
  }

  /**
   * Replicate one scope onto {@code destination}: one or more scope bits on the destination's
   * copy (strict: the bit governing each kind in {@code changedKinds}).
   *
   * @param who the principal asking
   * @param operation the operation in words, for the decision's explanation
   * @param destination the server whose copy of the scope is overwritten
   * @param subnet the scope replicated
   * @param changedKinds the kinds of item the replication changes on the destination
   * @return the decision, naming each missing bit when refused
   */
  public AccessDecision replicateScope(Principal who, String operation, ServerId destination, Subnet subnet,
      Set<ItemKind> changedKinds) {
    var d = decision(who, operation);
    Set<ScopeAccessBit> held = who.scopeBits(destination, subnet);
    String on = "scope " + subnet + " of " + destination;
    if (!strict) {
      if (held.isEmpty()) {
        d.addMissing(ImmutableMissing.of("one of " + titles(EnumSet.allOf(ScopeAccessBit.class)), on));
      } else {
        d.addGrantedBy(titles(held) + " on " + on);
      }
      return d.build();
    }
    Set<ScopeAccessBit> needed = new LinkedHashSet<>();
    for (ItemKind kind : ItemKind.values()) {
      if (changedKinds.contains(kind)) {
        needed.add(ScopeAccessBit.governing(kind));
      }
    }
    if (needed.isEmpty() && held.isEmpty()) {
      d.addMissing(ImmutableMissing.of("one of " + titles(EnumSet.allOf(ScopeAccessBit.class)), on));
    }
    for (ScopeAccessBit bit : needed) {
      if (held.contains(bit)) {
        d.addGrantedBy("\"" + bit.title() + "\" on " + on);
      } else {
        d.addMissing(ImmutableMissing.of("\"" + bit.title() + "\"", on));
      }
    }
    if (needed.isEmpty() && !held.isEmpty()) {
      d.addGrantedBy(titles(held) + " on " + on);
    }
    return d.build();
  }

  private AccessDecision serverBit(Principal who, String operation, Collection<ServerId> servers,
      ServerAccessBit bit) {
    var d = decision(who, operation);
    for (ServerId server : new LinkedHashSet<>(servers)) {
      if (who.serverBits(server).contains(bit)) {
        d.addGrantedBy("\"" + bit.title() + "\" on server " + server
            + (who.isDhcpAdministrator() ? " (" + roleTitles(who) + ")" : ""));
      } else {
        d.addMissing(ImmutableMissing.of("\"" + bit.title() + "\"", "server " + server));
      }
    }
    return d.build();
  }

  private static ImmutableAccessDecision.Builder decision(Principal who, String operation) {
    return ImmutableAccessDecision.builder().principal(who.name()).operation(operation);
  }

  private static String titles(Set<ScopeAccessBit> bits) {
    List<String> out = new ArrayList<>();
    for (ScopeAccessBit b : ScopeAccessBit.values()) {
      if (bits.contains(b)) {
        out.add("\"" + b.title() + "\"");
      }
    }
    return String.join(", ", out);
  }

  private static String roleTitles(Principal who) {
    return who.roles().stream().filter(BuiltInRole::dhcpAdministrator).map(BuiltInRole::title)
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return strict ? "AccessPolicy.strict" : "AccessPolicy.standard";
  }
}
