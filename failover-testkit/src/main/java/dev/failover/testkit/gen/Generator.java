package dev.failover.testkit.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Draws values of type {@code T} from a random source. A generator holds no state of its own:
 * the same random source in the same state gives the same value, so a seed reproduces a value
 * on every run and every machine. Any test engine can drive one:
 *
 * <pre>{@code
 * Generator<Scope> scopes = Generators.scopes();
 * Scope one = scopes.sample(42);                        // the value of seed 42
 * Stream<Scope> many = scopes.samples(42, 500);         // JUnit @MethodSource
 * Gen<Scope> qt = longs().all().map(scopes::sample);    // QuickTheories
 * Scope mine = scopes.next(new java.util.Random(7));    // any RandomGenerator
 * }</pre>
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface Generator<T> {

  /** How many draws {@link #filter} makes before it gives up. */
  int FILTER_ATTEMPTS = 1000;

  /**
   * {@return the next value drawn from {@code random}} Never null; every value is valid (building it did
   * not throw).
   *
   * @param random the source of randomness
   */
  T next(RandomGenerator random);

  /**
   * {@return the value of that seed: {@code next(new SplittableRandom(seed))}}
   *
   * @param seed the seed
   */
  default T sample(long seed) {
    return next(new SplittableRandom(seed));
  }

  /**
   * {@return {@code count} values, the same for the same seed} The {@code i}-th value is
   * {@link #sample(long) sample}{@code (s_i)}, where {@code s_i} is the {@code i}-th number of a
   * {@link SplittableRandom} seeded with {@code seed}; so each value depends only on the seed
   * and its index (a longer run starts with the values of a shorter one), and the stream may be
   * consumed in parallel.
   *
   * @param seed the seed
   * @param count how many values
   * @throws IllegalArgumentException if {@code count} is negative
   *
   */
  default Stream<T> samples(long seed, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, was " + count);
    }
    SplittableRandom root = new SplittableRandom(seed);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = root.nextLong();
    }
    return Arrays.stream(seeds).mapToObj(this::sample);
  }

  /**
   * {@return a generator of {@code f} applied to this generator's values}
   *
   * @param <R> the type of the new values
   * @param f the function
   */
  default <R> Generator<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    return random -> f.apply(next(random));
  }

  /**
   * {@return a generator that draws a value, then draws from the generator {@code f} makes of it}
   *
   * @param <R> the type of the new values
   * @param f makes a generator of a value
   */
  default <R> Generator<R> flatMap(Function<? super T, ? extends Generator<? extends R>> f) {
    Objects.requireNonNull(f, "f");
    return random -> f.apply(next(random)).next(random);
  }

  /**
   * {@return a generator of the values {@code accept} accepts, drawn again until one is accepted}
   *
   * @param accept which values to keep
   * @throws IllegalStateException from {@code next} when {@value #FILTER_ATTEMPTS} draws in a
   * row are refused (the filter is too strict for this generator)
   *
   */
  default Generator<T> filter(Predicate<? super T> accept) {
    Objects.requireNonNull(accept, "accept");
    return random -> {
      for (int i = 0; i < FILTER_ATTEMPTS; i++) {
        T value = next(random);
        if (accept.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("the filter refused " + FILTER_ATTEMPTS + " values in a row");
    };
  }

  /**
   * {@return a generator of unmodifiable lists of {@code min} to {@code max} values of this generator
   * (each length equally likely)}
   *
   * @param min the shortest length
   * @param max the longest length
   * @throws IllegalArgumentException unless {@code 0 <= min <= max}
   *
   */
  default Generator<List<T>> list(int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("list length must satisfy 0 <= min <= max, was min " + min + ", max " + max);
    }
    return random -> {
      int n = random.nextInt(min, max + 1);
      List<T> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(next(random));
      }
      return List.copyOf(out);
    };
  }

  /**
   * {@return a generator that always gives {@code value}}
   *
   * @param <T> the value's type
   * @param value the value
   */
  static <T> Generator<T> constant(T value) {
    Objects.requireNonNull(value, "value");
    return random -> value;
  }

  /**
   * {@return a generator of one of {@code values}, each equally likely}
   *
   * @param <T> the values' type
   * @param values the values
   * @throws IllegalArgumentException if there are no values
   *
   */
  static <T> Generator<T> oneOf(List<? extends T> values) {
    List<T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("values must not be empty");
    }
    return random -> copy.get(random.nextInt(copy.size()));
  }

  /**
   * {@return a generator of one of {@code values}, each equally likely}
   *
   * @param <T> the values' type
   * @param values the values
   * @throws IllegalArgumentException if there are no values
   *
   */
  @SafeVarargs
  static <T> Generator<T> oneOf(T... values) {
    List<T> list = new ArrayList<>(values.length);
    for (T value : values) {
      list.add(value);
    }
    return oneOf(list);
  }

  /**
   * {@return a generator that draws from one of {@code generators}, each equally likely}
   *
   * @param <T> the values' type
   * @param generators the generators
   * @throws IllegalArgumentException if there are no generators
   *
   */
  static <T> Generator<T> anyOf(List<? extends Generator<? extends T>> generators) {
    List<Generator<? extends T>> copy = List.copyOf(generators);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("generators must not be empty");
    }
    return random -> copy.get(random.nextInt(copy.size())).next(random);
  }
}
