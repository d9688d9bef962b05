package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.failover.json.FailoverJson;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.server.ServerId;
import dev.failover.testkit.gen.Generator;
import dev.failover.testkit.gen.Generators;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReadmeExampleTest {

  // JUnit: 100 scopes, the same 100 on every run (seed 42)
  static Stream<Scope> scopes() {
    return Generators.scopes().samples(42, 100);
  }

  @ParameterizedTest
  @MethodSource("scopes")
  void aScopeSurvivesJson(Scope scope) {
    assertThat(FailoverJson.read(FailoverJson.write(scope), Scope.class)).isEqualTo(scope);
  }

  // QuickTheories: an engine that hands out numbers drives a generator through sample(seed)
  @Test
  void aRelationshipSurvivesJsonWithoutItsSecrets() {
    Generator<Relationship> relationships = Generators
        .relationships(ServerId.of("dhcp-a"), ServerId.of("dhcp-b"))
        .map(Relationship::withoutSecrets);
    qt().withFixedSeed(42).withExamples(200)
        .forAll(longs().all().map(relationships::sample))
        .checkAssert(r -> assertThat(FailoverJson.read(FailoverJson.write(r), Relationship.class)).isEqualTo(r));
  }
}
