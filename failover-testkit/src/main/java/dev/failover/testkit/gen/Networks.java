package dev.failover.testkit.gen;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/** Subnets in private address space, disjoint sets of them, ranges and addresses inside one. Not API. */
final class Networks {

  /** RFC 1918 space: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
  static final List<Subnet> PRIVATE = List.of(Subnet.parse("10.0.0.0/8"), Subnet.parse("172.16.0.0/12"),
      Subnet.parse("192.168.0.0/16"));

  /** Tries at one prefix length before a disjoint draw takes a smaller subnet. */
  private static final int PLACEMENT_ATTEMPTS = 64;

  private Networks() {}

  /** A prefix length from {@code min} to {@code max}: /24 half the time when in range, the edges often. */
  static int prefix(RandomGenerator r, int min, int max) {
    int kind = r.nextInt(8);
    if (kind < 4 && min <= 24 && 24 <= max) {
      return 24;
    }
    if (kind == 4) {
      return min;
    }
    if (kind == 5) {
      return max;
    }
    return Draw.uniform(r, min, max);
  }

  /** A subnet of that prefix length at a random aligned place in one of the private blocks that can hold it. */
  static Subnet placed(RandomGenerator r, int prefix) {
    List<Subnet> fit = new ArrayList<>(3);
    for (Subnet block : PRIVATE) {
      if (block.prefixLength() <= prefix) {
        fit.add(block);
      }
    }
    Subnet block = Draw.pick(r, fit);
    long slots = 1L << (prefix - block.prefixLength());
    long offset = Draw.uniform(r, 0, slots - 1) << (32 - prefix);
    return Subnet.of(block.network().plus(offset), prefix);
  }

  /** A subnet of {@code min} to {@code max} prefix length in private space. */
  static Subnet subnet(RandomGenerator r, int min, int max) {
    return placed(r, prefix(r, min, max));
  }

  /**
   * {@code count} subnets of which no two overlap, in the order drawn. A subnet that finds no
   * free place after {@value #PLACEMENT_ATTEMPTS} tries is drawn one prefix length smaller, down
   * to {@code max}.
   */
  static List<Subnet> disjoint(RandomGenerator r, int count, int min, int max) {
    TreeMap<Long, Long> taken = new TreeMap<>();
    List<Subnet> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Subnet placed = null;
      for (int prefix = prefix(r, min, max); placed == null && prefix <= max; prefix++) {
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS && placed == null; attempt++) {
          Subnet candidate = placed(r, prefix);
          if (free(taken, candidate)) {
            placed = candidate;
          }
        }
      }
      if (placed == null) {
        throw new IllegalStateException("found no free place in private address space for subnet " + (i + 1)
            + " of " + count);
      }
      taken.put(placed.network().toLong(), placed.broadcast().toLong());
      out.add(placed);
    }
    return out;
  }

  private static boolean free(TreeMap<Long, Long> taken, Subnet s) {
    long start = s.network().toLong();
    long end = s.broadcast().toLong();
    Map.Entry<Long, Long> below = taken.floorEntry(start);
    Map.Entry<Long, Long> above = taken.ceilingEntry(start);
    return (below == null || below.getValue() < start) && (above == null || above.getKey() > end);
  }

  /** The first address a client may get: after the network address, when the subnet has one (prefix ≤ 30). */
  static long firstHost(Subnet s) {
    return s.network().toLong() + (s.prefixLength() <= 30 ? 1 : 0);
  }

  /** The last address a client may get: before the broadcast address, when the subnet has one. */
  static long lastHost(Subnet s) {
    return s.broadcast().toLong() - (s.prefixLength() <= 30 ? 1 : 0);
  }

  /** How many addresses a client may get. */
  static long hosts(Subnet s) {
    return lastHost(s) - firstHost(s) + 1;
  }

  /**
   * {@code k} ranges from {@code lo} to {@code hi} of which no two overlap, in address order;
   * {@code k <= hi - lo + 1}. Now and then a range is a single address.
   */
  static List<AddressRange> disjointRanges(RandomGenerator r, long lo, long hi, int k) {
    long room = hi - lo + 1 - (k - 1);
    long[] u = new long[2 * k];
    for (int i = 0; i < u.length; i++) {
      u[i] = Draw.uniform(r, 0, room - 1);
    }
    Arrays.sort(u);
    List<AddressRange> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      long start = lo + u[2 * i] + i;
      long end = Draw.oneIn(r, 8) ? start : lo + u[2 * i + 1] + i;
      out.add(AddressRange.of(address(start), address(end)));
    }
    return out;
  }

  /** The address with that unsigned value. */
  static Ipv4Address address(long value) {
    return Ipv4Address.ofBits((int) value);
  }
}
