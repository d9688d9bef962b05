package dev.failover.relationship;

import dev.failover.errors.Violations;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.spi.Texts;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules across the relationships one server holds, in one place (vendor-facts §1, §2.2,
 * §3.4), in the words an operator reads; the vendor's own rules are reached through the sealed
 * {@link VendorSettings} of the relationships. {@link Relationship#violationsOn} and
 * {@link Relationship#violationsAmong} are its public faces; the planner and the Windows
 * backend's preconditions call them.
 */
final class ServerRules {

  private ServerRules() {}

  /**
   * Adds what the relationships of {@code server} break, in order: a later relationship is the
   * one said to break a rule with an earlier one.
   *
   * @param endpoint the server's control endpoint, when known: a Kea peer URL that is the
   *     server's control endpoint (HA commands through its Control Agent or its own control socket)
   *     serves every relationship of the server
   * @param names whether the names are checked here (else the caller checks them across servers)
   */
  static void check(ServerId server, Optional<URI> endpoint, List<? extends Relationship> relationships,
      boolean names, Violations v) {
    if (names) {
      Set<RelationshipName> seen = new HashSet<>();
      for (Relationship r : relationships) {
        v.check(seen.add(r.name()), "name", r.name(), "must be free on " + server);
      }
    }
    Map<Subnet, Relationship> owner = new HashMap<>();
    for (Relationship r : relationships) {
      for (Subnet subnet : r.scopes()) {
        Relationship first = owner.putIfAbsent(subnet, r);
        v.check(first == null, "scopes", subnet, () -> "is already in relationship " + first.name() + " on " + server
            + (r.settings() instanceof WindowsFailoverSettings
                ? ": Windows keeps a scope in one relationship only (ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP)"
                : " (one relationship per scope)"));
      }
    }
    windows(server, relationships.stream().filter(r -> r.settings() instanceof WindowsFailoverSettings).toList(), v);
    kea(server, endpoint, relationships.stream().filter(r -> r.settings() instanceof KeaHaSettings).toList(), v);
  }

  /** Windows: at most {@value Relationship#WINDOWS_MAX_RELATIONSHIPS_PER_SERVER} per server, names compared without case. */
  private static void windows(ServerId server, List<? extends Relationship> windows, Violations v) {
    int max = Relationship.WINDOWS_MAX_RELATIONSHIPS_PER_SERVER;
    v.check(windows.size() <= max, "relationships", server + ": " + windows.size(), "must be at most " + max
        + " per Windows server: " + server + " must have fewer than " + max + " relationships before another is"
        + " added (ERROR_DHCP_FO_MAX_RELATIONSHIPS)");
    Map<String, RelationshipName> lower = new HashMap<>();
    for (Relationship r : windows) {
      RelationshipName other = lower.putIfAbsent(r.name().value().toLowerCase(Locale.ROOT), r.name());
      v.check(other == null || other.equals(r.name()), "name", Texts.quoted(r.name().value()), () -> "must differ from "
          + Texts.quoted(other.value()) + " on " + server + " in more than letter case: Windows compares relationship"
          + " names without case (ERROR_DHCP_FO_RELATIONSHIP_EXISTS)");
    }
  }

  /**
   * Kea, a server in several relationships (hub and spoke): hot standby in all of them, every
   * peer name unique across them (a subnet names its relationship by one), and the server's own
   * listener different in each (a dedicated HA listener; not the server's control endpoint, which
   * serves them all).
   */
  private static void kea(ServerId server, Optional<URI> endpoint, List<? extends Relationship> kea, Violations v) {
    if (kea.size() < 2) {
      return;
    }
    for (Relationship r : kea) {
      v.check(r.mode() == FailoverMode.HOT_STANDBY, "mode", r.name() + ": " + r.mode(), () -> "must be hot standby:"
          + " relationship " + r.name() + " is in " + r.mode().name().toLowerCase(Locale.ROOT).replace('_', '-')
          + " mode on server " + server + ", which has " + kea.size() + " HA relationships: Kea allows several"
          + " relationships on one server in hot-standby mode only");
    }
    Map<String, RelationshipName> peerNames = new TreeMap<>();
    Set<String> listeners = new TreeSet<>();
    for (Relationship r : kea) {
      for (KeaPeer p : ((KeaHaSettings) r.settings()).peers()) {
        RelationshipName other = peerNames.putIfAbsent(p.name(), r.name());
        v.check(other == null, "settings.peers.name", Texts.quoted(p.name()), () -> "must be unique across the Kea"
            + " relationships of a server: relationship " + r.name() + " names a peer " + Texts.quoted(p.name())
            + " as relationship " + other + " does, on server " + server + " (give the server's peer its own name in"
            + " each relationship)");
        if (p.server().equals(server) && endpoint.map(e -> !sameListener(p.url(), e)).orElse(true)) {
          v.check(listeners.add(p.url().getHost() + ":" + port(p.url())), "settings.peers.url", p.url(),
              "must differ between the Kea relationships of server " + server
                  + " (each relationship listens on its own address and port)");
        }
      }
    }
  }

  private static boolean sameListener(URI a, URI b) {
    return a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
