package dev.failover.testkit.gen;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Random choices the generators share: numbers biased towards edges and typical values. Not API. */
final class Draw {

  /** The largest unsigned 32-bit number. */
  static final long UINT32_MAX = 4_294_967_295L;
  /** The largest unsigned 16-bit number. */
  static final long UINT16_MAX = 65_535L;
  /** The largest C int. */
  static final long C_INT_MAX = Integer.MAX_VALUE;

  private Draw() {}

  /** True with probability 1/n. */
  static boolean oneIn(RandomGenerator r, int n) {
    return r.nextInt(n) == 0;
  }

  /** A number from {@code min} to {@code max} inclusive ({@code max < Long.MAX_VALUE}), each equally likely. */
  static long uniform(RandomGenerator r, long min, long max) {
    return r.nextLong(min, max + 1);
  }

  /** A number from {@code min} to {@code max} inclusive, each equally likely. */
  static int uniform(RandomGenerator r, int min, int max) {
    return r.nextInt(min, max + 1);
  }

  /**
   * A number from {@code min} to {@code max}: an eighth of the time the minimum, an eighth the
   * maximum, a quarter one of the typical values (those in range), a quarter a small number just
   * above the minimum, and otherwise any number in the range.
   */
  static long number(RandomGenerator r, long min, long max, long... typical) {
    int kind = r.nextInt(8);
    if (kind == 0) {
      return min;
    }
    if (kind == 1) {
      return max;
    }
    if (kind <= 3 && typical.length > 0) {
      long t = typical[r.nextInt(typical.length)];
      return t >= min && t <= max ? t : min;
    }
    if (kind <= 5) {
      return min + uniform(r, 0, Math.min(max - min, 100));
    }
    return uniform(r, min, max);
  }

  /** {@link #number} as an int. */
  static int number(RandomGenerator r, int min, int max, int... typical) {
    long[] t = new long[typical.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = typical[i];
    }
    return (int) number(r, (long) min, max, t);
  }

  /** Whole seconds, drawn as by {@link #number}. */
  static Duration seconds(RandomGenerator r, long min, long max, long... typical) {
    return Duration.ofSeconds(number(r, min, max, typical));
  }

  /** Whole milliseconds, drawn as by {@link #number}. */
  static Duration millis(RandomGenerator r, long min, long max, long... typical) {
    return Duration.ofMillis(number(r, min, max, typical));
  }

  /** One of the items, each equally likely. */
  static <T> T pick(RandomGenerator r, List<? extends T> items) {
    return items.get(r.nextInt(items.size()));
  }

  /** One of the items, each equally likely. */
  @SafeVarargs
  static <T> T pick(RandomGenerator r, T... items) {
    return items[r.nextInt(items.length)];
  }

  /**
   * {@code k} distinct numbers from {@code 0} to {@code n - 1} (Floyd's sampling), in the order
   * drawn; {@code k <= n}.
   */
  static Set<Long> distinct(RandomGenerator r, long n, int k) {
    Set<Long> chosen = new LinkedHashSet<>(k * 2);
    for (long j = n - k; j < n; j++) {
      long t = uniform(r, 0, j);
      if (!chosen.add(t)) {
        chosen.add(j);
      }
    }
    return chosen;
  }
}
