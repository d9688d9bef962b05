package dev.failover.kea;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.ha.KeaHaEntry;
import dev.failover.kea.ha.KeaHaMapping;
import dev.failover.plan.ServerState;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a Kea server into a {@link ServerState}: {@code config-get}; every {@code subnet4} (top
 * level and in shared networks) is a scope; each entry of the HA hook's
 * {@code high-availability} list is a relationship ({@link KeaHaMapping}) whose peers are matched
 * to inventory servers as failover-kea/README.md describes (own name, URL host and port, another
 * server's own {@code this-server-name}, server id).
 */
final class KeaStateReader {

  private final KeaClients clients;

  KeaStateReader(KeaClients clients) {
    this.clients = clients;
  }

  ServerState read(Server server, Inventory inventory) {
    return state(server, inventory, clients.configGet(server), ownNames(server, inventory, true));
  }

  /**
   * The relationships {@link #read} finds, from a {@code config-get} of which only the HA entries
   * and the subnets' prefixes are read: no scope mapped, no fingerprint computed.
   */
  List<Relationship> relationships(Server server, Inventory inventory) {
    Dhcp4Config config = clients.configGet(server);
    return relationships(server, inventory, config, List.copyOf(config.prefixes()), ownNames(server, inventory, true));
  }

  /**
   * The state of the configuration this backend last read from the server (by read, or
   * the {@code config-get} that ends apply) when its fingerprint is {@code fingerprint};
   * mapped again with {@code inventory}, no request sent.
   */
  Optional<ServerState> remembered(Server server, Inventory inventory, String fingerprint) {
    Optional<Dhcp4Config> config = clients.lastRead(server, fingerprint);
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
        Optional<Dhcp4Config> config = configs.computeIfAbsent(other.id(), id -> clients.known(other, ask));
        if (config.isPresent() && namesItself(config.get(), name, entry)) {
          found.add(other.id());
        }
      }
      return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    };
  }

  /** Whether the configuration has an HA entry of the server named {@code name} with the same peers as {@code entry}. */
  private static boolean namesItself(Dhcp4Config config, String name, JsonNode entry) {
    Set<String> peers = peerIdentities(entry);
    for (JsonNode own : config.highAvailability()) {
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

  /**
   * {@return the state of {@code server} as {@code config} describes it (see the class comment): what
   * {@code read} gives for a server answering {@code config-get} with {@code config}, without a
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
    List<Relationship> relationships = relationships(server, inventory, config,
        scopes.stream().map(Scope::subnet).toList(), names);
    return ServerState.builder().server(server.id()).vendor(Vendor.KEA).fingerprint(config.fingerprint())
        .scopes(scopes).relationships(relationships).build();
  }

  private static List<Relationship> relationships(Server server, Inventory inventory, Dhcp4Config config,
      List<Subnet> subnets, OwnNames ownNames) {
    List<JsonNode> list = config.highAvailability();
    if (list.isEmpty()) {
      return List.of();
    }
    Violations v = Violations.collect();
    List<KeaHaEntry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
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
      for (Subnet s : subnets) {
        if (!byName || peerNames.contains(names.get(s))) {
          covered.add(s);
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
}
