package dev.failover.gen;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Scopes for property tests, drawn from a small universe of items so that two scopes of the same
 * subnet share, lack and change items against each other often.
 */
public final class ScopeGen {

  private ScopeGen() {}

  /** A random seed, from which {@link #scope(Subnet, Random)} draws a scope. */
  public static Gen<Long> seeds() {
    return SourceDSL.longs().all();
  }

  /** A subnet 10.a.b.0/24. */
  public static Subnet subnet(int index) {
    return Subnet.of(Ipv4Address.ofBits((10 << 24) | ((index & 0xffff) << 8)), 24);
  }

  /** A scope of {@code subnet} (a /24) with random contents from the shared universe. */
  public static Scope scope(Subnet subnet, Random random) {
    int base = subnet.network().bits();
    ImmutableScope.Builder b = Scope.builder().subnet(subnet);
    b.properties(ScopeProperties.builder().name(pick(random, "", "office", "lab", "guest wifi"))
        .description(pick(random, "", "floor 2", "\"quoted\" ; name"))
        .leaseTime(random.nextBoolean() ? java.util.Optional.empty()
            : java.util.Optional.of(Duration.ofHours(1 + random.nextInt(3))))
        .enabled(random.nextInt(8) != 0).build());
    for (int k = 0; k < 8; k++) {
      if (random.nextInt(3) != 0) {
        Pool pool = Pool.of(range(base, k * 32 + 1, k * 32 + 10 + random.nextInt(2) * 5));
        if (random.nextBoolean()) {
          pool = dev.failover.scope.ImmutablePool.copyOf(pool).withFailoverPeer(pick(random, "fo1", "fo2"));
        }
        b.addPool(pool);
      }
      if (random.nextInt(3) == 0) {
        b.addExclusion(Exclusion.of(range(base, k * 32 + 21, k * 32 + 22 + random.nextInt(3))));
      }
    }
    List<Integer> macs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      macs.add(i);
    }
    Collections.shuffle(macs, random);
    int n = random.nextInt(7);
    List<Integer> hosts = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      for (int h = 26; h <= 30; h++) {
        hosts.add(k * 32 + h);
      }
    }
    Collections.shuffle(hosts, random);
    for (int i = 0; i < n; i++) {
      Reservation r = Reservation.builder().identifier(String.format("00:16:3e:00:00:%02x", macs.get(i)))
          .address(Ipv4Address.ofBits(base + hosts.get(i)))
          .hostname(random.nextBoolean() ? java.util.Optional.of("host-" + macs.get(i)) : java.util.Optional.empty())
          .build();
      b.addReservation(r);
    }
    for (int code : new int[] {3, 6, 15, 42}) {
      if (random.nextBoolean()) {
        b.addOption(OptionValue.of(code, pick(random, "10.0.0.1", "10.0.0.2", "example.org")));
      }
    }
    if (random.nextInt(4) == 0) {
      b.addOption(OptionValue.builder().code(6).value("10.9.9.9").userClass("voip").build());
    }
    return b.build();
  }

  private static AddressRange range(int base, int from, int to) {
    return AddressRange.of(Ipv4Address.ofBits(base + from), Ipv4Address.ofBits(base + to));
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
