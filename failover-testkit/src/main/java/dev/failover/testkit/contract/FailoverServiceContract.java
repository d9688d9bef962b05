package dev.failover.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.serving.Client;
import dev.failover.serving.ServerChoice;
import dev.failover.state.CommonState;
import dev.failover.testkit.probe.DhcpClient;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service contract: after each configuration operation, who serves which client. Where the
 * {@link FailoverBackendContract} checks what the servers' configurations say, this kit asks the
 * servers (real ones with DHCP packets, fakes through the model: {@link ServiceFixture}) which of
 * them answers each of a set of generated clients, and holds the answer to the relationship's
 * mode: hot standby, the active server; load balancing, the server RFC 3074's bucket gives the
 * client ({@link ServerChoice}).
 *
 * <p>The steps run in order on one pair (one fixture per class), each building on the last: a
 * relationship is created over a scope, a second scope is added, reservations are replicated, a
 * pool limited to a client class is replicated, the primary stops and the secondary serves in
 * partner-down, the primary comes back, and the relationship is removed keeping the scopes on
 * the primary and disabling the secondary's copies. A step that fails leaves the later ones
 * failing too; read the first failure.
 *
 * <p>Reserved clients: Kea's HA hook filters every query, so a reserved client is answered only
 * by the server its mode gives it; dhcpd load-balances only the leases of its failover pools, so
 * an ISC host with a fixed address is answered by both servers while both serve (real dhcpd
 * 4.4.3 does).
 *
 * <pre>{@code
 * class MyKeaServiceTest extends FailoverServiceContract {
 *   protected ServiceFixture fixture() {
 *     return ServiceFixture.model(myStateFixture(), ServiceFixture::keaClassPool);
 *   }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class FailoverServiceContract {

  /** The principal the kit's plans are applied as: a DHCP administrator. */
  protected static final Principal ADMIN = Principal.withRoles("service-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  /** The relationship's name. */
  protected static final String NAME = "service-1";
  /** The scope the relationship is created over (pool .100-.200). */
  protected static final Subnet FIRST = Subnet.parse("10.91.0.0/24");
  /** The scope added to it (pool .100-.200; later one pool .20-.60 limited to {@link #VENDOR_CLASS}). */
  protected static final Subnet ADDED = Subnet.parse("10.92.0.0/24");
  /** The vendor class identifier (option 60) of the class-restricted pool. */
  protected static final String VENDOR_CLASS = "service-phone";
  private static final AddressRange CLASS_RANGE = AddressRange.of("10.92.0.20", "10.92.0.60");

  private ServiceFixture fixture;
  private Failover failover;
  private Relationship relationship;
  private List<Client> clients;
  private long seed;
  /** The reserved clients of {@link #FIRST}, each with its address, once replicated. */
  private final Map<Client, Ipv4Address> reserved = new LinkedHashMap<>();
  /** Whether the vendor holds pools limited to a class (the class step ran with one). */
  private boolean classPools;

  /**
   * {@return the fixture for the whole class: one pair, every step on it}
   *
   * @throws Exception when the servers cannot be started
   */
  protected abstract ServiceFixture fixture() throws Exception;

  @BeforeAll
  void openFixture() throws Exception {
    fixture = fixture();
    failover = Failover.builder().inventory(fixture.inventory()).backends(fixture.backend()).build();
    seed = Long.getLong("failover.service.seed", System.nanoTime());
    clients = clients(seed, fixture.clients());
  }

  @AfterAll
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Generated clients: locally administered hardware addresses, every fourth also sending a client identifier. */
  static List<Client> clients(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Client> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] mac = new byte[6];
      random.nextBytes(mac);
      mac[0] = 0x02;
      Client c = Client.hardwareAddress(HexFormat.ofDelimiter(":").formatHex(mac));
      out.add(i % 4 == 3 ? c.withClientIdentifier("ff:" + HexFormat.of().toHexDigits((byte) (0x10 + i))
          + ":" + c.hardwareAddressText()) : c);
    }
    return out;
  }

  private String where() {
    return "seed " + seed + " (-Dfailover.service.seed=" + seed + ")";
  }

  private ServerState read(ServerId id) {
    Server server = fixture.inventory().require(id);
    return fixture.backend().read(server, fixture.inventory());
  }

  private static Scope scope(Subnet subnet) {
    int base = subnet.network().bits();
    return Scope.builder().subnet(subnet).addPool(Pool.of(AddressRange.of(Ipv4Address.ofBits(base + 100),
        Ipv4Address.ofBits(base + 200)))).build();
  }

  /** Who answered each client, compared with who should: one server, the expected one, with an address of the ranges. */
  private Map<ServerId, Integer> assertServedBy(Subnet subnet, List<DhcpClient> asked,
      java.util.function.Function<Client, ServerId> expected, List<AddressRange> ranges, String what) {
    return assertServedBy(subnet, asked, expected, ranges, what, false);
  }

  /**
   * As above; with {@code reservedByBoth}, a reserved client is answered by both servers with its
   * reservation (ISC: dhcpd load-balances only the leases of its failover pools, so a host with a
   * fixed address gets it from whichever server hears it, as real dhcpd 4.4.3 does).
   */
  private Map<ServerId, Integer> assertServedBy(Subnet subnet, List<DhcpClient> asked,
      java.util.function.Function<Client, ServerId> expected, List<AddressRange> ranges, String what,
      boolean reservedByBoth) {
    List<Map<ServerId, Ipv4Address>> answers = fixture.answers(failover, subnet, asked);
    Map<ServerId, Integer> counts = new LinkedHashMap<>();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      Client c = asked.get(i).identity();
      Map<ServerId, Ipv4Address> got = answers.get(i);
      Ipv4Address wantAddress = subnet.equals(FIRST) ? reserved.get(c) : null;
      java.util.Set<ServerId> want = wantAddress != null && reservedByBoth
          ? java.util.Set.of(fixture.primary(), fixture.secondary()) : java.util.Set.of(expected.apply(c));
      boolean right = got.keySet().equals(want) && got.values().stream().allMatch(a -> wantAddress != null
          ? a.equals(wantAddress) : ranges.stream().anyMatch(r -> r.contains(a)));
      if (!right) {
        wrong.add(asked.get(i) + ": expected " + want + " offering " + (wantAddress != null ? wantAddress
            : "an address of " + ranges) + ", answered " + got);
      }
      got.keySet().forEach(s -> counts.merge(s, 1, Integer::sum));
    }
    assertThat(wrong).as("%s, %s: clients not served as expected", what, where()).isEmpty();
    return counts;
  }

  private void assertServedByNobody(Subnet subnet, List<DhcpClient> asked, String what) {
    List<Map<ServerId, Ipv4Address>> answers = fixture.answers(failover, subnet, asked);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      if (!answers.get(i).isEmpty()) {
        wrong.add(asked.get(i) + " answered " + answers.get(i));
      }
    }
    assertThat(wrong).as("%s, %s: clients that should get no answer", what, where()).isEmpty();
  }

  private ServerId configured(Client c) {
    return ServerChoice.predict(relationship, c).configured();
  }

  private static List<DhcpClient> plain(List<Client> clients) {
    return clients.stream().map(DhcpClient::of).toList();
  }

  private List<AddressRange> seeded(Subnet subnet) {
    return scope(subnet).pools().stream().map(Pool::range).toList();
  }

  @Test
  @Order(1)
  @DisplayName("a created relationship serves each client from the server its mode gives it: hot standby the primary, load balancing the server of the client's bucket")
  void aCreatedRelationshipServesPerMode() {
    fixture.seed(fixture.primary(), scope(FIRST));
    Relationship r = fixture.relationship(NAME, List.of(FIRST));
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    relationship = failover.relationship(NAME);
    fixture.settle(failover, Optional.of(relationship));
    Map<ServerId, Integer> counts = assertServedBy(FIRST, plain(clients), this::configured, seeded(FIRST),
        "created relationship " + NAME + " (" + relationship.mode().displayName() + ")");
    long expectedServers = clients.stream().map(this::configured).distinct().count();
    assertThat(counts.keySet()).as("%s: the servers that answered", where()).hasSize((int) expectedServers);
  }

  @Test
  @Order(2)
  @DisplayName("a scope added to the relationship is served on both partners per mode")
  void aScopeAddedIsServed() {
    fixture.seed(fixture.primary(), scope(ADDED));
    failover.apply(failover.plan(AddScope.of(NAME, ADDED.toString())), ADMIN);
    fixture.settle(failover, Optional.of(relationship));
    assertThat(read(fixture.secondary()).scope(ADDED)).as("the added scope on the secondary").isPresent();
    assertServedBy(ADDED, plain(clients), this::configured, seeded(ADDED), "scope " + ADDED + " added");
  }

  @Test
  @Order(3)
  @DisplayName("reservations replicated to the partner are honoured by the server that serves each reserved client")
  void aReplicatedReservationIsHonoured() {
    // one reserved client of each server where the mode splits them; two of the active server's otherwise
    List<Client> chosen = new ArrayList<>();
    for (ServerId owner : List.of(fixture.primary(), fixture.secondary())) {
      clients.stream().filter(c -> c.clientIdentifierText().isEmpty() && !chosen.contains(c)
          && configured(c).equals(owner)).findFirst().ifPresent(chosen::add);
    }
    clients.stream().filter(c -> c.clientIdentifierText().isEmpty() && !chosen.contains(c)).limit(2 - chosen.size())
        .forEach(chosen::add);
    dev.failover.scope.ImmutableScope.Builder onPrimary = Scope.builder().from(read(fixture.primary()).scope(FIRST).orElseThrow());
    Map<Client, Ipv4Address> made = new LinkedHashMap<>();
    for (Client c : chosen) {
      Ipv4Address address = Ipv4Address.ofBits(FIRST.network().bits() + 20 + made.size());
      made.put(c, address);
      onPrimary.addReservation(Reservation.of(c.hardwareAddressText(), address.toString()));
    }
    fixture.seed(fixture.primary(), onPrimary.build());
    failover.apply(failover.plan(Replicate.scope(FIRST.toString()).from(fixture.primary().value())), ADMIN);
    fixture.settle(failover, Optional.of(relationship));
    assertThat(read(fixture.secondary()).scope(FIRST).orElseThrow().reservations())
        .extracting(x -> x.identifier() + "=" + x.address()).as("the reservations on the secondary")
        .containsAll(made.entrySet().stream().map(e -> e.getKey().hardwareAddressText() + "=" + e.getValue()).toList());
    reserved.putAll(made);
    assertServedBy(FIRST, plain(clients), this::configured, seeded(FIRST), "reservations replicated",
        reservedByBoth());
  }

  @Test
  @Order(4)
  @DisplayName("after a replication, a pool limited to a client class (vendor class identifier) serves only that class's clients, from the server the mode gives each")
  void aClassRestrictedPoolServesOnlyItsClass() {
    Optional<Pool> pool = fixture.classPool(CLASS_RANGE, VENDOR_CLASS);
    classPools = pool.isPresent();
    if (pool.isEmpty()) {
      // the vendor holds no pool limited to a class: the scope keeps serving every client
      assertServedBy(ADDED, plain(clients), this::configured, seeded(ADDED), "no class pools on this vendor");
      return;
    }
    Scope withClassPool = Scope.builder().from(read(fixture.primary()).scope(ADDED).orElseThrow())
        .pools(List.of(pool.get())).build();
    fixture.seed(fixture.primary(), withClassPool);
    failover.apply(failover.plan(Replicate.scope(ADDED.toString()).from(fixture.primary().value())), ADMIN);
    fixture.settle(failover, Optional.of(relationship));
    assertThat(read(fixture.secondary()).scope(ADDED).orElseThrow().pools()).as("the secondary's pools of %s", ADDED)
        .anySatisfy(p -> assertThat(p.range()).isEqualTo(CLASS_RANGE));
    List<Client> members = clients.subList(0, clients.size() / 2);
    List<Client> others = clients.subList(clients.size() / 2, clients.size());
    assertServedBy(ADDED, classMembers(members), this::configured, List.of(CLASS_RANGE),
        "clients of class " + VENDOR_CLASS);
    assertServedByNobody(ADDED, plain(others), "clients outside class " + VENDOR_CLASS);
  }

  /** ISC: a client with a fixed-address host is answered by both servers while both serve (not load-balanced). */
  private boolean reservedByBoth() {
    return relationship.settings() instanceof dev.failover.relationship.IscFailoverSettings;
  }

  private static List<DhcpClient> classMembers(List<Client> clients) {
    return clients.stream().map(c -> DhcpClient.of(c).withVendorClass(VENDOR_CLASS)).toList();
  }

  @Test
  @Order(5)
  @DisplayName("with the primary stopped, the secondary in partner-down serves the clients of both servers, honours the reservations and the class pool")
  void afterPartnerDownTheSurvivorServesAll() {
    ServerId survivor = fixture.secondary();
    fixture.stop(failover, relationship, fixture.primary());
    try {
      assertThat(failover.statuses(NAME)).filteredOn(s -> s.server().equals(survivor))
          .singleElement().satisfies(s -> assertThat(s.status().orElseThrow().localCommon())
              .isEqualTo(CommonState.PARTNER_DOWN));
      assertThat(clients).extracting(this::configured).as("%s: the clients belong to the active server(s) while normal",
          where()).isNotEmpty();
      assertServedBy(FIRST, plain(clients), c -> survivor, seeded(FIRST), "partner-down on " + survivor);
      if (classPools) {
        assertServedBy(ADDED, classMembers(clients.subList(0, clients.size() / 2)), c -> survivor,
            List.of(CLASS_RANGE), "class pool in partner-down on " + survivor);
      }
    } finally {
      fixture.start(failover, relationship, fixture.primary());
    }
    fixture.settle(failover, Optional.of(relationship));
    assertServedBy(FIRST, plain(clients), this::configured, seeded(FIRST), "both servers back", reservedByBoth());
  }

  @Test
  @Order(6)
  @DisplayName("after the relationship is removed keeping the scopes on the primary, it serves every client from the whole pool and the disabled copy on the secondary serves no one")
  void afterRemovalTheSurvivorServesTheWholePool() {
    failover.apply(failover.plan(RemoveRelationship.of(NAME).keepScopesOn(fixture.primary().value(),
        ScopeFate.DISABLE)), ADMIN);
    fixture.settle(failover, Optional.empty());
    assertThat(read(fixture.secondary()).scope(FIRST)).hasValueSatisfying(s -> assertThat(s.enabled()).isFalse());
    Map<ServerId, Integer> counts = assertServedBy(FIRST, plain(clients), c -> fixture.primary(), seeded(FIRST),
        "after removal, survivor " + fixture.primary());
    assertThat(counts).containsOnlyKeys(fixture.primary());
  }
}
