package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Generator: seeds, samples and combinators")
class GeneratorTest {

  private static final Generator<Integer> DIE = random -> random.nextInt(1, 7);

  @Test
  @DisplayName("sample(seed) is next() on a SplittableRandom of that seed")
  void sampleIsNextOnASeededSource() {
    for (long seed = 0; seed < 50; seed++) {
      assertThat(DIE.sample(seed)).isEqualTo(DIE.next(new SplittableRandom(seed)));
    }
  }

  @Test
  @DisplayName("samples: the same seed gives the same values, a longer run starts with a shorter one")
  void samplesAreReproducible() {
    List<Integer> a = DIE.samples(7, 200).toList();
    assertThat(DIE.samples(7, 200).toList()).isEqualTo(a);
    assertThat(DIE.samples(7, 500).limit(200).toList()).isEqualTo(a);
    assertThat(DIE.samples(8, 200).toList()).isNotEqualTo(a);
    assertThat(DIE.samples(7, 0)).isEmpty();
  }

  @Test
  @DisplayName("samples consumed in parallel are the values consumed in order")
  void samplesInParallel() {
    Generator<List<Integer>> lists = DIE.list(0, 20);
    assertThat(lists.samples(3, 300).parallel().toList()).isEqualTo(lists.samples(3, 300).toList());
  }

  @Test
  @DisplayName("samples refuses a negative count")
  void negativeCount() {
    assertThatThrownBy(() -> DIE.samples(1, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be 0 or more, was -1");
  }

  @Test
  @DisplayName("map and flatMap draw from the same source")
  void mapAndFlatMap() {
    assertThat(DIE.map(n -> n * 10).samples(5, 100)).allMatch(n -> n % 10 == 0 && n >= 10 && n <= 60);
    Generator<List<Integer>> dependent = DIE.flatMap(n -> DIE.list(n, n));
    assertThat(dependent.samples(5, 100)).allMatch(l -> l.size() >= 1 && l.size() <= 6);
    assertThat(dependent.samples(5, 100).map(List::size).collect(Collectors.toSet())).hasSize(6);
  }

  @Test
  @DisplayName("filter keeps drawing until a value passes, and gives up after 1000 refusals")
  void filter() {
    assertThat(DIE.filter(n -> n == 6).samples(1, 50)).containsOnly(6);
    Generator<Integer> never = DIE.filter(n -> n > 6);
    assertThatThrownBy(() -> never.sample(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused 1000 values in a row");
  }

  @Test
  @DisplayName("list gives every length from min to max, unmodifiable")
  void list() {
    Set<Integer> lengths = new HashSet<>();
    DIE.list(2, 5).samples(9, 300).forEach(l -> lengths.add(l.size()));
    assertThat(lengths).containsExactlyInAnyOrder(2, 3, 4, 5);
    List<Integer> one = DIE.list(1, 1).sample(1);
    assertThatThrownBy(() -> one.add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> DIE.list(3, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DIE.list(-1, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("constant, oneOf and anyOf")
  void factories() {
    assertThat(Generator.constant("x").samples(1, 10)).containsOnly("x");
    assertThat(Generator.oneOf("a", "b", "c").samples(1, 200).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(Generator.anyOf(List.of(Generator.constant(1), Generator.constant(2))).samples(1, 100)
        .collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2);
    assertThatThrownBy(() -> Generator.oneOf(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Generator.anyOf(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("any RandomGenerator drives a generator: java.util.Random with a seed repeats itself")
  void anyRandomGenerator() {
    Generator<List<Integer>> lists = DIE.list(0, 30);
    assertThat(lists.next(new Random(11))).isEqualTo(lists.next(new Random(11)));
  }
}
