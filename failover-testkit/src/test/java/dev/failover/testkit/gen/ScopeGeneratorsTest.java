package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Generators: subnets and scopes are valid and keep the scope rules")
class ScopeGeneratorsTest {

  private static final List<Subnet> PRIVATE = List.of(Subnet.parse("10.0.0.0/8"), Subnet.parse("172.16.0.0/12"),
      Subnet.parse("192.168.0.0/16"));

  /** A fixed seed for the statements about what the generators cover. */
  private static final long COVERAGE_SEED = 20_260_101L;

  @Test
  @DisplayName("subnets: prefix 16 to 30, inside private address space")
  void subnetsInPrivateSpace() {
    PropertyRun.forAll("subnets in private space", Generators.subnets(), s -> {
      assertThat(s.prefixLength()).isBetween(16, 30);
      assertThat(PRIVATE).anyMatch(block -> block.contains(s.network()) && block.contains(s.broadcast()));
    });
  }

  @Test
  @DisplayName("subnets: /16, /24 and /30 and all three private blocks come up")
  void subnetsCover() {
    List<Subnet> all = Generators.subnets().samples(COVERAGE_SEED, 2000).toList();
    assertThat(all.stream().map(Subnet::prefixLength).collect(Collectors.toSet())).contains(16, 24, 30);
    for (Subnet block : PRIVATE) {
      assertThat(all).as("subnets in " + block).anyMatch(s -> block.contains(s.network()));
    }
  }

  @Test
  @DisplayName("subnets(min, max) keeps to the prefix lengths asked for, and refuses lengths outside 8 to 30")
  void subnetsWithPrefixes() {
    assertThat(Generators.subnets(8, 8).samples(1, 20)).containsOnly(Subnet.parse("10.0.0.0/8"));
    assertThat(Generators.subnets(29, 30).samples(1, 200)).allMatch(s -> s.prefixLength() >= 29);
    assertThatThrownBy(() -> Generators.subnets(7, 24)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 <= minPrefix <= maxPrefix <= 30");
    assertThatThrownBy(() -> Generators.subnets(24, 31)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Generators.subnets(25, 24)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("disjointSubnets: no two subnets of a list overlap")
  void disjointSubnets() {
    PropertyRun.forAll("disjoint subnets", Generators.disjointSubnets(0, 40), list -> {
      assertThat(list.size()).isBetween(0, 40);
      assertDisjoint(list);
    });
  }

  @Test
  @DisplayName("disjointSubnets: 10,000 at once, none overlapping")
  void manyDisjointSubnets() {
    List<Subnet> list = Generators.disjointSubnets(Generators.MAX_DISJOINT, Generators.MAX_DISJOINT).sample(5);
    assertThat(list).hasSize(Generators.MAX_DISJOINT);
    assertDisjoint(list);
    assertThatThrownBy(() -> Generators.disjointSubnets(0, Generators.MAX_DISJOINT + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<= 10000");
  }

  @Test
  @DisplayName("scopes: pools and exclusions inside the subnet and disjoint, reservations unique and off the network and broadcast addresses, options unique")
  void scopesKeepTheRules() {
    PropertyRun.forAll("scope rules", Generators.scopes(), ScopeGeneratorsTest::assertScopeRules);
  }

  @Test
  @DisplayName("scopesOf: a /30 gets at most two pools and two reservations, on its two host addresses")
  void smallestSubnet() {
    Subnet s = Subnet.parse("192.168.7.4/30");
    PropertyRun.forAll("scopes of a /30", Generators.scopesOf(s), scope -> {
      assertThat(scope.subnet()).isEqualTo(s);
      assertThat(scope.pools().size()).isLessThanOrEqualTo(2);
      assertThat(scope.reservations().size()).isLessThanOrEqualTo(2);
      assertScopeRules(scope);
    });
  }

  @Test
  @DisplayName("scopes cover the interesting cases: no pool, four pools, single-address pools, exclusions across pools, every identifier type, both id edges, hostile names")
  void scopesCover() {
    List<Scope> all = Generators.scopes().samples(COVERAGE_SEED, 3000).toList();
    assertThat(all).anyMatch(s -> s.pools().isEmpty()).anyMatch(s -> s.pools().size() == 4)
        .anyMatch(s -> s.pools().stream().anyMatch(p -> p.range().size() == 1))
        .anyMatch(s -> s.exclusions().stream().anyMatch(e -> s.pools().stream().anyMatch(p -> p.range().overlaps(e.range()))))
        .anyMatch(s -> s.reservations().size() == 8)
        .anyMatch(s -> s.reservations().stream().anyMatch(r -> !r.options().isEmpty()))
        .anyMatch(s -> s.options().stream().anyMatch(o -> o.userClass().isPresent()))
        .anyMatch(s -> s.properties().id().isPresent() && s.properties().id().getAsLong() == 1)
        .anyMatch(s -> s.properties().id().isPresent() && s.properties().id().getAsLong() == 4_294_967_294L)
        .anyMatch(s -> !s.properties().enabled())
        .anyMatch(s -> s.properties().name().contains("'") || s.properties().name().contains("\""))
        .anyMatch(s -> s.subnet().prefixLength() == 30 && !s.pools().isEmpty());
    Set<Reservation.IdentifierType> types = EnumSet.noneOf(Reservation.IdentifierType.class);
    all.forEach(s -> s.reservations().forEach(r -> types.add(r.identifierType())));
    assertThat(types).containsExactlyInAnyOrder(Reservation.IdentifierType.values());
  }

  @Test
  @DisplayName("disjointScopes: subnets that do not overlap and scope ids that differ")
  void disjointScopes() {
    PropertyRun.forAll("disjoint scopes", Generators.disjointScopes(0, 12), scopes -> {
      assertDisjoint(scopes.stream().map(Scope::subnet).toList());
      List<Long> ids = scopes.stream().filter(s -> s.properties().id().isPresent())
          .map(s -> s.properties().id().getAsLong()).toList();
      assertThat(ids).doesNotHaveDuplicates();
      scopes.forEach(ScopeGeneratorsTest::assertScopeRules);
    });
  }

  @Test
  @DisplayName("pools, exclusions and reservations of a subnet: at most the count asked for, and a scope accepts them together")
  void parts() {
    Subnet s = Subnet.parse("10.20.0.0/22");
    Generator<Scope> assembled = random -> Scope.builder().subnet(s)
        .addAllPools(Generators.pools(s, 10).next(random))
        .addAllExclusions(Generators.exclusions(s, 10).next(random))
        .addAllReservations(Generators.reservations(s, 30).next(random))
        .addAllOptions(Generators.optionValues(12).next(random))
        .build();
    PropertyRun.forAll("assembled scope", assembled, scope -> {
      assertThat(scope.pools().size()).isLessThanOrEqualTo(10);
      assertThat(scope.exclusions().size()).isLessThanOrEqualTo(10);
      assertThat(scope.reservations().size()).isLessThanOrEqualTo(30);
      assertThat(scope.options().size()).isLessThanOrEqualTo(12);
      assertScopeRules(scope);
    });
    assertThatThrownBy(() -> Generators.pools(s, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Generators.optionValues(1001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("scopeProperties: ids 1 to 4294967294, names up to 256 and descriptions up to 1024 characters, lease times positive")
  void properties() {
    PropertyRun.forAll("scope properties", Generators.scopeProperties(), p -> {
      p.id().ifPresent(id -> assertThat(id).isBetween(1L, 4_294_967_294L));
      assertThat(p.name().length()).isLessThanOrEqualTo(256);
      assertThat(p.description().length()).isLessThanOrEqualTo(1024);
      p.leaseTime().ifPresent(t -> assertThat(t).isPositive());
      assertThat(ScopeProperties.builder().from(p).build()).isEqualTo(p);
    });
  }

  @Test
  @DisplayName("optionValue: codes 1 to 254, values without control characters, well-known options with values of their shape")
  void optionValues() {
    PropertyRun.forAll("option values", Generators.optionValue(), o -> {
      assertThat(o.code()).isBetween(1, 254);
      assertThat(o.value()).doesNotContain("\n", "\r", "\0");
      if (o.code() == 3 || o.code() == 6 || o.code() == 42 || o.code() == 44) {
        assertThat(o.value().split(", ")).allMatch(Ipv4Address::isValid);
      }
    });
    List<OptionValue> all = Generators.optionValue().samples(COVERAGE_SEED, 1000).toList();
    assertThat(all).anyMatch(o -> o.code() >= 224).anyMatch(o -> o.vendorClass().isPresent())
        .anyMatch(o -> o.name().isPresent()).anyMatch(o -> o.value().contains(", "));
  }

  /** The scope rules, checked here independently of the API's own check. */
  static void assertScopeRules(Scope scope) {
    Subnet s = scope.subnet();
    long first = s.network().toLong() + 1;
    long last = s.broadcast().toLong() - 1;
    assertRangesInsideAndDisjoint(scope.pools().stream().map(Pool::range).toList(), first, last, "pools");
    assertRangesInsideAndDisjoint(scope.exclusions().stream().map(Exclusion::range).toList(), first, last, "exclusions");
    Set<String> keys = new HashSet<>();
    Set<Ipv4Address> addresses = new HashSet<>();
    for (Reservation r : scope.reservations()) {
      assertThat(r.address().toLong()).as("reservation address of " + s).isBetween(first, last);
      assertThat(keys.add(r.key())).as("unique identifier " + r.key()).isTrue();
      assertThat(addresses.add(r.address())).as("unique address " + r.address()).isTrue();
    }
    List<String> optionKeys = scope.options().stream().map(OptionValue::key).toList();
    assertThat(optionKeys).doesNotHaveDuplicates();
    assertThat(Scope.builder().from(scope).build()).isEqualTo(scope);
  }

  private static void assertRangesInsideAndDisjoint(List<AddressRange> ranges, long first, long last, String what) {
    List<AddressRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.naturalOrder());
    for (int i = 0; i < sorted.size(); i++) {
      AddressRange r = sorted.get(i);
      assertThat(r.start().toLong()).as(what + " " + r + " start").isGreaterThanOrEqualTo(first);
      assertThat(r.end().toLong()).as(what + " " + r + " end").isLessThanOrEqualTo(last);
      if (i > 0) {
        assertThat(sorted.get(i - 1).end().toLong()).as(what + " " + sorted.get(i - 1) + " before " + r)
            .isLessThan(r.start().toLong());
      }
    }
  }

  static void assertDisjoint(List<Subnet> subnets) {
    List<Subnet> sorted = new ArrayList<>(subnets);
    sorted.sort(Comparator.comparing((Function<Subnet, Ipv4Address>) Subnet::network));
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i - 1).broadcast()).as(sorted.get(i - 1) + " and " + sorted.get(i) + " overlap")
          .isLessThan(sorted.get(i).network());
    }
  }
}
