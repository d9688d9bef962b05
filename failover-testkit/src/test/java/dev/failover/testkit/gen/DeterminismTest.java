package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.relationship.FailoverMode;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Generators are deterministic: the same seed gives the same values")
class DeterminismTest {

  private static final ServerId A = ServerId.of("dhcp-a");
  private static final ServerId B = ServerId.of("dhcp-b");
  private static final Subnet SUBNET = Subnet.parse("10.1.0.0/24");

  static Stream<Arguments> generators() {
    return Stream.of(
        named("subnets", Generators::subnets),
        named("disjointSubnets", () -> Generators.disjointSubnets(0, 20)),
        named("scopes", Generators::scopes),
        named("scopesOf", () -> Generators.scopesOf(SUBNET)),
        named("disjointScopes", () -> Generators.disjointScopes(0, 10)),
        named("pools", () -> Generators.pools(SUBNET, 5)),
        named("exclusions", () -> Generators.exclusions(SUBNET, 5)),
        named("reservations", () -> Generators.reservations(SUBNET, 10)),
        named("optionValues", () -> Generators.optionValues(6)),
        named("optionValue", Generators::optionValue),
        named("scopeProperties", Generators::scopeProperties),
        named("serverIds", Generators::serverIds),
        named("relationshipNames", Generators::relationshipNames),
        named("relationships", () -> Generators.relationships(A, B)),
        named("keaRelationships", () -> Generators.keaRelationships(FailoverMode.HOT_STANDBY, A, B,
            List.of(ServerId.of("dhcp-c")))),
        named("iscSettings", () -> Generators.iscSettings(FailoverMode.LOAD_BALANCING)),
        named("keaSettings", () -> Generators.keaSettings(FailoverMode.LOAD_BALANCING, A, B, List.of())),
        named("windowsSettings", () -> Generators.windowsSettings(FailoverMode.HOT_STANDBY)),
        named("hostileText", Generators::hostileText),
        named("hostilePrintableText", () -> Generators.hostilePrintableText(0, 40)),
        named("hostileScopeNames", Generators::hostileScopeNames),
        named("hostileDescriptions", Generators::hostileDescriptions),
        named("hostileRelationshipNames", Generators::hostileRelationshipNames));
  }

  private static Arguments named(String name, Supplier<Generator<?>> make) {
    return Arguments.of(name, make);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  @DisplayName("same seed, same values; another seed, other values")
  void sameSeedSameValues(String name, Supplier<Generator<?>> make) {
    long seed = PropertyRun.SEED;
    List<?> first = make.get().samples(seed, 200).toList();
    assertThat(make.get().samples(seed, 200).toList()).as(name + " with seed " + seed).isEqualTo(first);
    assertThat(make.get().samples(seed + 1, 200).toList()).as(name + " with seeds " + seed + " and " + (seed + 1))
        .isNotEqualTo(first);
    assertThat(make.get().next(new Random(seed))).as(name + " from java.util.Random(" + seed + ")")
        .isEqualTo(make.get().next(new Random(seed)));
  }
}
