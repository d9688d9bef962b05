package dev.failover.testkit.memory;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverState;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.PairControls;
import dev.failover.testkit.isc.IscContractCapabilities;
import dev.failover.testkit.kea.KeaContractCapabilities;
import dev.failover.testkit.state.FailoverLink;
import dev.failover.testkit.windows.WindowsContractCapabilities;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two {@link InMemoryDhcpServer}s of one vendor, {@code mem-a} (primary, 192.0.2.1) and
 * {@code mem-b} (192.0.2.2), with their backend, inventory and facade, and control over the link
 * between them and their clock: the failover states move as the vendor's do
 * ({@link FailoverLink}). Ready in one line:
 *
 * <pre>{@code
 * InMemoryPair pair = InMemoryPair.of(Vendor.KEA).withRelationship("ha-1", scope);
 * pair.cutLink();
 * pair.advance(Duration.ofSeconds(60));      // Kea: partner-down after max-response-delay
 * }</pre>
 *
 * Thread-safe; deterministic (the clock moves only through {@link #advance}).
 */
public final class InMemoryPair implements PairControls {

  /** The primary's id. */
  public static final ServerId A = ServerId.of("mem-a");
  /** The secondary's id. */
  public static final ServerId B = ServerId.of("mem-b");
  private static final Principal SETUP = Principal.withRoles("in-memory-pair", BuiltInRole.DHCP_ADMINISTRATORS);

  private final Vendor vendor;
  private final InMemoryDhcpServer primary;
  private final InMemoryDhcpServer secondary;
  private final InMemoryBackend backend;
  private final Inventory inventory;
  private final Failover failover;
  private final Map<RelationshipName, FailoverLink> links = new LinkedHashMap<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private boolean linked = true;

  private InMemoryPair(Vendor vendor) {
    this.vendor = vendor;
    this.primary = new InMemoryDhcpServer(A, vendor);
    this.secondary = new InMemoryDhcpServer(B, vendor);
    this.backend = new InMemoryBackend(vendor).add(primary).add(secondary);
    this.inventory = Inventory.of(Server.of(A.value(), vendor, "192.0.2.1", URI.create("memory:mem-a")),
        Server.of(B.value(), vendor, "192.0.2.2", URI.create("memory:mem-b")));
    this.failover = Failover.builder().inventory(inventory).backends(backend).build();
  }

  /**
   * {@return two empty servers of the vendor, in touch}
   *
   * @param vendor the vendor
   */
  public static InMemoryPair of(Vendor vendor) {
    return new InMemoryPair(vendor);
  }

  /**
   * Seeds the scopes on the primary and creates the relationship {@link #relationship(String, List)}
   * describes with them on both servers, through the SDK's own plans.
   *
   * @param name the relationship's name
   * @param scopes the scopes
   * @return this pair
   */
  public InMemoryPair withRelationship(String name, Scope... scopes) {
    primary.withScopes(scopes);
    failover.apply(failover.plan(CreateRelationship.of(relationship(name, List.of()))), SETUP);
    for (Scope s : scopes) {
      failover.apply(failover.plan(AddScope.of(name, s.subnet().toString())), SETUP);
    }
    return this;
  }

  /**
   * {@return a valid relationship of the vendor between the two servers: ISC load balancing with
   * dhcpd.conf(5)'s example settings; Kea hot-standby with a 5 s max-response-delay and
   * max-unacked-clients 0 (partner-down by itself); Windows hot-standby, 5 % reserve, no
   * automatic state transition}
   *
   * @param name the relationship's name
   * @param scopes the subnets it covers
   */
  public Relationship relationship(String name, List<Subnet> scopes) {
    var b = Relationship.builder().name(name).primary(A).secondary(B).scopes(scopes);
    return switch (vendor) {
      case ISC -> b.mode(FailoverMode.LOAD_BALANCING).settings(IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2"))
          .build();
      case KEA -> b.mode(FailoverMode.HOT_STANDBY).settings(KeaHaSettings.builder()
          .from(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, A, URI.create("http://192.0.2.1:8001/"), B,
              URI.create("http://192.0.2.2:8001/")))
          .heartbeatDelay(Duration.ofSeconds(1)).maxResponseDelay(Duration.ofSeconds(5)).maxUnackedClients(0).build())
          .build();
      case WINDOWS -> b.mode(FailoverMode.HOT_STANDBY).settings(WindowsFailoverSettings.hotStandby(5)).build();
    };
  }

  /**
   * {@return the pair as a contract fixture: seeding puts the scope on the server directly, the
   * capabilities are the vendor's, closing it does nothing}
   */
  public ContractFixture contractFixture() {
    return new ContractFixture() {
      @Override
      public Inventory inventory() {
        return inventory;
      }

      @Override
      public ServerId primary() {
        return A;
      }

      @Override
      public ServerId secondary() {
        return B;
      }

      @Override
      public FailoverBackend backend() {
        return backend;
      }

      @Override
      public void seed(ServerId server, Scope scope) {
        backend.server(server).withScopes(scope);
      }

      @Override
      public Relationship relationship(String name, List<Subnet> scopes) {
        return InMemoryPair.this.relationship(name, scopes);
      }

      @Override
      public ContractCapabilities capabilities() {
        return switch (vendor) {
          case ISC -> new IscContractCapabilities();
          case KEA -> new KeaContractCapabilities();
          case WINDOWS -> new WindowsContractCapabilities();
        };
      }

      @Override
      public void close() {
      }
    };
  }

  /** {@return the vendor both servers stand in for} */
  public Vendor vendor() {
    return vendor;
  }

  /** {@return the primary server} */
  public InMemoryDhcpServer primary() {
    return primary;
  }

  /** {@return the secondary server} */
  public InMemoryDhcpServer secondary() {
    return secondary;
  }

  /** {@return the backend serving both servers} */
  public InMemoryBackend backend() {
    return backend;
  }

  /** {@return an inventory of both servers} */
  public Inventory inventory() {
    return inventory;
  }

  /**
   * {@return the facade over the pair (no audit listener; build your own from {@link #inventory()} and {@link #backend()} for one)}
   */
  public Failover failover() {
    return failover;
  }

  /** {@return the pair's clock} */
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized void cutLink() {
    linked = false;
    for (Relationship r : primary.state().relationships()) {
      links.computeIfAbsent(r.name(), n -> FailoverLink.of(r, side(primary, r), side(secondary, r))).cut(now);
    }
  }

  @Override
  public synchronized void restoreLink() {
    linked = true;
    links.values().forEach(l -> l.restore(now));
  }

  @Override
  public synchronized void advance(Duration step) {
    now = now.plus(step);
    links.values().forEach(l -> l.tick(now));
    if (linked) {
      links.values().removeIf(FailoverLink::settled);
    }
  }

  /** {@return whether the partners reach each other} */
  public synchronized boolean linked() {
    return linked;
  }

  @Override
  public Optional<Duration> automaticPartnerDown() {
    return FailoverLink.Timings.of(relationship("timings", List.of())).automaticPartnerDown();
  }

  @Override
  public Duration recovery() {
    return FailoverLink.Timings.of(relationship("timings", List.of())).recovery();
  }

  private FailoverLink.Side side(InMemoryDhcpServer server, Relationship r) {
    return new FailoverLink.Side() {
      @Override
      public FailoverState local() {
        return server.failoverState(r.name()).map(x -> x[0]).orElseGet(() -> backend.normal(r));
      }

      @Override
      public void set(FailoverState local, FailoverState partner) {
        server.setState(r.name(), local, partner);
      }
    };
  }

  @Override
  public String toString() {
    return "InMemoryPair{" + vendor.displayName() + ", " + A + " and " + B + "}";
  }
}
