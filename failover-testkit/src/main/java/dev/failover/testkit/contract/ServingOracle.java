package dev.failover.testkit.contract;

import dev.failover.Failover;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.ServerId;
import dev.failover.serving.ServerChoice;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.ServerStatus;
import dev.failover.testkit.probe.DhcpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which servers of an in-memory or fake pair answer a client, judged from what the servers hold
 * now (as their backend reads it) rather than from packets: the stand-in for the DHCP probe where
 * no server puts packets on the wire. A server answers a client's DHCPDISCOVER relayed into a
 * subnet when all of these hold:
 * <ol>
 *   <li>it is running (not one the test stopped) and holds the subnet's scope, enabled;</li>
 *   <li>when the scope belongs to a failover relationship on that server, the relationship's
 *       mode, split and the servers' reported states give it the client
 *       ({@link ServerChoice#predict(Relationship, dev.failover.serving.Client, List)}), except
 *       that an ISC server gives a client its fixed address (a host reservation) whatever the
 *       split, as real dhcpd does (it load-balances only the leases of its failover pools);</li>
 *   <li>a reservation of the scope names the client (hardware address, or client identifier
 *       for a {@code CLIENT_ID} reservation): it offers the reserved address; else a pool whose
 *       class rules admit the client offers an address of its range.</li>
 * </ol>
 *
 * <p>Client classes, as the servers would assign them: every client is in {@code ALL}; a client
 * sending vendor class identifier (option 60) {@code V} is in Kea's built-in class
 * {@code VENDOR_CLASS_V} and in a class named {@code V} (the ISC fixtures' {@code class "V"
 * { match if option vendor-class-identifier = "V"; }}); under Kea load balancing a client is in
 * {@code HA_<server>} of the server its bucket gives it, and in no {@code HA_} class once no HA
 * relationship of the server covers the scope (a pool still limited to one then serves nobody,
 * as real Kea's does). A pool's class is Kea's {@code client-class}, or ISC's
 * {@code allow members of "C"} / {@code deny members of "C"} statements.
 *
 * <p>What it does not know: leases (a client holding one is usually answered by the server that
 * holds it), exhausted pools, exclusions inside a pool, and class definitions other than the ones
 * above.
 */
public final class ServingOracle {

  private static final Pattern MEMBERS = Pattern.compile("(allow|deny) members of \"([^\"]*)\"");

  private final Inventory inventory;
  private final FailoverBackend backend;
  private final Set<ServerId> stopped = new LinkedHashSet<>();

  private ServingOracle(Inventory inventory, FailoverBackend backend) {
    this.inventory = inventory;
    this.backend = backend;
  }

  /**
   * {@return an oracle over the servers of the fixture, read through its backend}
   *
   * @param fixture the pair of fake or in-memory servers
   */
  public static ServingOracle of(ContractFixture fixture) {
    return new ServingOracle(fixture.inventory(), fixture.backend());
  }

  /**
   * Counts the server as stopped (it answers nobody) or running again.
   *
   * @param server the server's inventory id
   * @param isStopped whether it is stopped
   */
  public synchronized void stopped(ServerId server, boolean isStopped) {
    if (isStopped) {
      stopped.add(server);
    } else {
      stopped.remove(server);
    }
  }

  /**
   * {@return for each client, the servers that offer it an address, with the address, in server order}
   *
   * @param failover the facade over the servers, whose states decide who serves a relationship's client
   * @param subnet the subnet the client's DHCPDISCOVER is relayed into
   * @param clients the clients
   */
  public List<Map<ServerId, Ipv4Address>> answers(Failover failover, Subnet subnet, List<DhcpClient> clients) {
    Map<ServerId, ServerState> states = new LinkedHashMap<>();
    for (var server : inventory.servers()) {
      states.put(server.id(), backend.read(server, inventory));
    }
    Map<String, List<ServerStatus>> statuses = new LinkedHashMap<>();
    List<Map<ServerId, Ipv4Address>> out = new ArrayList<>();
    for (DhcpClient client : clients) {
      Map<ServerId, Ipv4Address> answers = new LinkedHashMap<>();
      states.forEach((id, state) -> offer(failover, id, state, subnet, client, statuses)
          .ifPresent(a -> answers.put(id, a)));
      out.add(answers);
    }
    return out;
  }

  private Optional<Ipv4Address> offer(Failover failover, ServerId id, ServerState state, Subnet subnet,
      DhcpClient client, Map<String, List<ServerStatus>> statuses) {
    synchronized (this) {
      if (stopped.contains(id)) {
        return Optional.empty();
      }
    }
    Optional<Scope> scope = state.scope(subnet).filter(Scope::enabled);
    if (scope.isEmpty()) {
      return Optional.empty();
    }
    Set<String> classes = new LinkedHashSet<>();
    classes.add("ALL");
    client.vendorClass().ifPresent(v -> {
      classes.add("VENDOR_CLASS_" + v);
      classes.add(v);
    });
    Optional<Relationship> relationship = state.relationshipOf(subnet);
    Optional<Reservation> reservation = scope.get().reservations().stream().filter(x -> names(x, client)).findFirst();
    if (reservation.isPresent() && relationship.map(r -> r.settings() instanceof IscFailoverSettings).orElse(false)) {
      // dhcpd load-balances only the leases of its failover pools: a fixed address is given by either server
      return reservation.map(Reservation::address);
    }
    if (relationship.isPresent()) {
      Relationship r = relationship.get();
      List<ServerStatus> known = statuses.computeIfAbsent(r.name().value(), n -> failover.statuses(n));
      ServerChoice choice = ServerChoice.predict(r, client.identity(), answering(known));
      if (!choice.servers().contains(id)) {
        return Optional.empty();
      }
      if (r.mode() == FailoverMode.LOAD_BALANCING && r.settings() instanceof KeaHaSettings) {
        classes.add("HA_" + choice.configured().value());
        // in partner-down the survivor serves the partner's clients from the partner's half too
        if (choice.basis() != ServerChoice.Basis.LOAD_BALANCING_HASH) {
          classes.add("HA_" + r.primary().value());
          classes.add("HA_" + r.secondary().value());
        }
      }
    }
    if (reservation.isPresent()) {
      return reservation.map(Reservation::address);
    }
    for (Pool pool : scope.get().pools()) {
      if (admits(pool, classes)) {
        return Optional.of(pool.range().start());
      }
    }
    return Optional.empty();
  }

  /** The statuses of the running servers: a stopped one gives none, as a real stopped server does not answer. */
  private synchronized List<ServerStatus> answering(Collection<ServerStatus> all) {
    return all.stream().filter(s -> !stopped.contains(s.server())).toList();
  }

  private static boolean names(Reservation r, DhcpClient client) {
    return switch (r.identifierType()) {
      case HW_ADDRESS -> r.identifier().equalsIgnoreCase(client.identity().hardwareAddressText());
      case CLIENT_ID -> client.identity().clientIdentifierBytes()
          .map(b -> HexFormat.ofDelimiter(":").formatHex(b).equalsIgnoreCase(r.identifier())).orElse(false);
      default -> false;
    };
  }

  private static boolean admits(Pool pool, Set<String> classes) {
    if (pool.clientClass().isPresent() && !classes.contains(pool.clientClass().get())) {
      return false;
    }
    boolean anyAllow = false;
    boolean allowed = false;
    for (String statement : pool.iscStatements()) {
      Matcher m = MEMBERS.matcher(statement);
      if (!m.find()) {
        continue;
      }
      if (m.group(1).equals("deny") && classes.contains(m.group(2))) {
        return false;
      }
      if (m.group(1).equals("allow")) {
        anyAllow = true;
        allowed |= classes.contains(m.group(2));
      }
    }
    return !anyAllow || allowed;
  }
}
