package dev.failover.gen;

import static org.quicktheories.QuickTheory.qt;

import org.quicktheories.QuickTheory;

/**
 * How property tests run here: seeded (from {@code -Dfailover.property.seed}, else a fresh seed
 * printed on failure), with {@code -Dfailover.property.cases} examples (1,000 by default, as in CI).
 */
public final class Properties {

  public static final long SEED = Long.getLong("failover.property.seed", System.nanoTime());
  public static final int CASES = Integer.getInteger("failover.property.cases", 1000);

  private Properties() {}

  /** A QuickTheories run with the seed and the number of cases. */
  public static QuickTheory theory() {
    return qt().withFixedSeed(SEED).withExamples(CASES).withShrinkCycles(200);
  }

  /** Runs a property; a failure names the seed that reproduces it. */
  public static void check(String property, Runnable run) {
    try {
      run.run();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(property + " failed with seed " + SEED + "; rerun with -Dfailover.property.seed="
          + SEED + ": " + e.getMessage(), e);
    }
  }

}
