package dev.failover.testkit.windows;

import dev.failover.scope.Ipv4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The world a set of fake Windows DHCP servers live in: a registry by name and address (so that
 * {@code Add-DhcpServerv4Failover -PartnerServer dhcp-b} finds its partner and configures both
 * servers), the links between them, and one controllable clock. Every server of the network
 * shares one lock, so an operation that touches both partners is atomic and the fakes are
 * thread-safe and deterministic: time moves only through {@link #advance(Duration)}.
 *
 * <pre>{@code
 * FakeWindowsNetwork net = FakeWindowsNetwork.create();
 * FakeWindowsDhcpServer a = net.addServer("dhcp-a", "192.0.2.1");
 * FakeWindowsDhcpServer b = net.addServer("dhcp-b", "192.0.2.2");
 * }</pre>
 */
public final class FakeWindowsNetwork {

  /** Where every network's clock starts. */
  public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

  final Object lock = new Object();
  private final Map<String, FakeWindowsDhcpServer> servers = new LinkedHashMap<>();
  private final Set<Set<String>> cut = new HashSet<>();
  private Instant now = EPOCH;

  private FakeWindowsNetwork() {}

  /** {@return an empty network, its clock at a fixed instant} */
  public static FakeWindowsNetwork create() {
    return new FakeWindowsNetwork();
  }

  /**
   * Adds a server known by its host name and IPv4 address; both must be unique in the network.
   *
   * @param name the host name
   * @param address the IPv4 address
   * @return the new server
   */
  public FakeWindowsDhcpServer addServer(String name, String address) {
    Ipv4Address ip = Ipv4Address.parse(address);
    synchronized (lock) {
      if (find(name).isPresent() || find(address).isPresent()) {
        throw new IllegalArgumentException("a server named " + name + " or at " + address + " exists already");
      }
      FakeWindowsDhcpServer server = new FakeWindowsDhcpServer(this, name, ip);
      servers.put(name.toLowerCase(Locale.ROOT), server);
      return server;
    }
  }

  /**
   * {@return the server with that host name (any case, with or without a domain suffix) or IPv4 address}
   *
   * @param nameOrAddress the host name or address
   */
  public Optional<FakeWindowsDhcpServer> find(String nameOrAddress) {
    synchronized (lock) {
      String key = nameOrAddress.toLowerCase(Locale.ROOT);
      for (FakeWindowsDhcpServer s : servers.values()) {
        String n = s.name().toLowerCase(Locale.ROOT);
        if (n.equals(key) || key.startsWith(n + ".") || s.address().toString().equals(nameOrAddress)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** {@return every server, in the order added} */
  public List<FakeWindowsDhcpServer> servers() {
    synchronized (lock) {
      return new ArrayList<>(servers.values());
    }
  }

  /** {@return the network's clock: it stands still until {@link #advance(Duration)}} */
  public Clock clock() {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now();
      }
    };
  }

  /** {@return the network's time now} */
  public Instant now() {
    synchronized (lock) {
      return now;
    }
  }

  /**
   * Moves time forward; relationships whose timers run out change state (automatic PARTNER DOWN, end of recovery).
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, was " + duration);
    }
    synchronized (lock) {
      now = now.plus(duration);
      servers.values().forEach(FakeWindowsDhcpServer::tick);
    }
  }

  /**
   * Cuts the failover link between two servers; their shared relationships go to COMMUNICATION INTERRUPTED.
   *
   * @param a one server
   * @param b the other
   */
  public void disconnect(FakeWindowsDhcpServer a, FakeWindowsDhcpServer b) {
    synchronized (lock) {
      cut.add(Set.of(a.name().toLowerCase(Locale.ROOT), b.name().toLowerCase(Locale.ROOT)));
      a.linkChanged(b, false);
      b.linkChanged(a, false);
    }
  }

  /**
   * Restores the link; relationships recover (hot side waits MCLT in RECOVER WAIT after a PARTNER DOWN).
   *
   * @param a one server
   * @param b the other
   */
  public void reconnect(FakeWindowsDhcpServer a, FakeWindowsDhcpServer b) {
    synchronized (lock) {
      cut.remove(Set.of(a.name().toLowerCase(Locale.ROOT), b.name().toLowerCase(Locale.ROOT)));
      a.linkChanged(b, true);
      b.linkChanged(a, true);
    }
  }

  /**
   * {@return whether the two servers can reach each other}
   *
   * @param a one server
   * @param b the other
   */
  public boolean reachable(FakeWindowsDhcpServer a, FakeWindowsDhcpServer b) {
    synchronized (lock) {
      return !cut.contains(Set.of(a.name().toLowerCase(Locale.ROOT), b.name().toLowerCase(Locale.ROOT)));
    }
  }
}
