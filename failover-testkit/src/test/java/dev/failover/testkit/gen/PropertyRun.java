package dev.failover.testkit.gen;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.function.Consumer;

/**
 * How the property tests here run: QuickTheories over seeds, seeded from
 * {@code -Dfailover.property.seed} (else a fresh seed, printed on failure), with
 * {@code -Dfailover.property.cases} examples (1000 by default).
 */
final class PropertyRun {

  static final long SEED = Long.getLong("failover.property.seed", System.nanoTime());
  static final int CASES = Integer.getInteger("failover.property.cases", 1000);

  private PropertyRun() {}

  /**
   * Checks {@code property} for {@link #CASES} values of the generator, each drawn from a seed
   * QuickTheories hands out; a failure names the run's seed and the value's own seed.
   */
  static <T> void forAll(String property, Generator<T> generator, Consumer<T> check) {
    try {
      qt().withFixedSeed(SEED).withExamples(CASES).forAll(longs().all()).checkAssert(seed -> {
        T value;
        try {
          value = generator.sample(seed);
        } catch (RuntimeException e) {
          throw new AssertionError("the generator threw for sample seed " + seed + ": " + e, e);
        }
        try {
          check.accept(value);
        } catch (AssertionError e) {
          throw new AssertionError("sample seed " + seed + ": " + e.getMessage(), e);
        }
      });
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(property + " failed with seed " + SEED + " (rerun with -Dfailover.property.seed=" + SEED
          + "): " + e.getMessage(), e);
    }
  }
}
