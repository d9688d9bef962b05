package dev.failover.kea.config;

import static org.quicktheories.QuickTheory.qt;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Seeded scope samples for the property tests: random subnets with pools, options, reservations
 * of every identifier type, and hostile names; every sample is a scope Kea can hold.
 */
final class ScopeSamples {

  static final long SEED = Long.getLong("failover.property.seed", System.nanoTime());
  static final int CASES = Integer.getInteger("failover.property.cases", 1000);

  /** Printable text that would break a writer that concatenates. */
  static final List<String> HOSTILE = List.of("", "plain", "x\"; }, \"subnet4\": [], \"", "back\\slash \\\"",
      "'$(rm -rf /)' `id`", "caf\u00e9 \u4e2d \ud83d\ude00", "{\"Dhcp4\":{}}", "</script><!--", "a,b;c", "   ");

  private static final int[][] OPTIONS = {{3, 1}, {6, 2}, {15, 0}, {42, 1}, {66, 0}, {150, 1}, {224, 0}};

  private ScopeSamples() {}

  /** An option value from the hostile texts: an empty value is not an option value (OptionValue refuses it). */
  static String nonEmpty(String hostile) {
    return hostile.isEmpty() ? "x" : hostile;
  }

  static QuickTheory theory() {
    return qt().withFixedSeed(SEED).withExamples(CASES);
  }

  /** Runs a property; a failure names the seed that reproduces it. */
  static void check(String property, Runnable run) {
    try {
      run.run();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(property + " failed with seed " + SEED + "; rerun with -Dfailover.property.seed="
          + SEED + ": " + e.getMessage(), e);
    }
  }

  /** Scopes Kea can hold: with an id, no exclusions. */
  static Gen<Scope> keaScopes() {
    return SourceDSL.longs().all().map(seed -> scope(new Random(seed), false));
  }

  /** Scopes that also have exclusions. */
  static Gen<Scope> scopesWithExclusions() {
    return SourceDSL.longs().all().map(seed -> scope(new Random(seed), true));
  }

  static Scope scope(Random r, boolean exclusions) {
    int prefix = 20 + r.nextInt(9);
    int network = (10 << 24) | (r.nextInt(1 << 16) << 8);
    network &= prefix == 0 ? 0 : -1 << (32 - prefix);
    Subnet subnet = Subnet.of(Ipv4Address.ofBits(network), prefix);
    long hosts = subnet.broadcast().toLong() - subnet.network().toLong() - 1;
    ImmutableScope.Builder scope = Scope.builder().subnet(subnet);
    var properties = ScopeProperties.builder().id(1 + r.nextInt(1_000_000))
        .name(pick(r, HOSTILE).trim()).description(pick(r, HOSTILE)).enabled(r.nextInt(4) != 0);
    if (r.nextBoolean()) {
      properties.leaseTime(Duration.ofSeconds(60 + r.nextInt(100_000)));
    }
    scope.properties(properties.build());
    // pools: sorted distinct offsets paired into ranges
    TreeSet<Long> cuts = new TreeSet<>();
    int wanted = 2 * r.nextInt(4);
    while (cuts.size() < wanted) {
      cuts.add(1 + (long) (r.nextDouble() * hosts));
    }
    List<Long> c = new ArrayList<>(cuts);
    List<AddressRange> pools = new ArrayList<>();
    for (int i = 0; i + 1 < c.size(); i += 2) {
      AddressRange range = AddressRange.of(subnet.network().plus(c.get(i)), subnet.network().plus(c.get(i + 1)));
      pools.add(range);
      var pool = ImmutablePool.builder().range(range);
      if (r.nextInt(3) == 0) {
        pool.clientClass(r.nextBoolean() ? "HA_server1" : "HA_server2");
      }
      scope.addPool(pool.build());
    }
    if (exclusions) {
      for (AddressRange pool : pools) {
        long span = pool.size();
        long from = (long) (r.nextDouble() * span);
        long to = Math.min(span - 1, from + r.nextInt(5));
        scope.addExclusion(Exclusion.of(AddressRange.of(pool.start().plus(from), pool.start().plus(to))));
      }
    }
    for (int[] option : OPTIONS) {
      if (r.nextBoolean()) {
        var o = OptionValue.builder().code(option[0]).value(option[1] == 1 ? subnet.network().plus(1).toString()
            : option[1] == 2 ? subnet.network().plus(1) + ", " + subnet.network().plus(2) : nonEmpty(pick(r, HOSTILE)));
        StandardOptions.name(option[0]).ifPresent(o::name);
        scope.addOption(o.build());
      }
    }
    Set<Long> taken = new HashSet<>();
    Set<String> ids = new HashSet<>();
    int reservations = r.nextInt(6);
    for (int i = 0; i < reservations && taken.size() < hosts; i++) {
      long at = 1 + (long) (r.nextDouble() * hosts);
      Reservation.IdentifierType type = Reservation.IdentifierType.values()[r.nextInt(5)];
      String id = hex(r, type == Reservation.IdentifierType.HW_ADDRESS ? 6 : 1 + r.nextInt(12));
      if (!taken.add(at) || !ids.add(type + id)) {
        continue;
      }
      var res = Reservation.builder().identifierType(type).identifier(id).address(subnet.network().plus(at));
      if (r.nextBoolean()) {
        res.hostname("host-" + i + ".example");
      }
      String name = pick(r, HOSTILE);
      if (!name.isEmpty()) {
        res.name(name);
      }
      String description = pick(r, HOSTILE);
      if (!description.isEmpty()) {
        res.description(description);
      }
      if (r.nextInt(3) == 0) {
        res.addOption(OptionValue.builder().code(3).name("routers").value(subnet.network().plus(1).toString()).build());
      }
      scope.addReservation(res.build());
    }
    return scope.build();
  }

  private static String hex(Random r, int bytes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bytes; i++) {
      if (i > 0) {
        out.append(':');
      }
      out.append(String.format("%02x", r.nextInt(256)));
    }
    return out.toString();
  }

  private static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }
}
