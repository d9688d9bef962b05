package dev.failover.relationship;

import static dev.failover.relationship.Expect.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Relationship name (vendor-facts §1: at most 126 characters)")
class RelationshipNameTest {

  static final long SEED = Long.getLong("failover.property.seed", System.nanoTime());
  static final int CASES = Integer.getInteger("failover.property.cases", 1000);

  @Test
  @DisplayName("§1: 1 and 126 characters are accepted")
  void boundariesAccepted() {
    assertThat(RelationshipName.of("a").value()).isEqualTo("a");
    assertThat(RelationshipName.of("n".repeat(126)).value()).hasSize(126);
  }

  @Test
  @DisplayName("§1: 127 characters are refused (ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG), as is the empty name")
  void boundariesRefused() {
    Violation tooLong = violations(() -> RelationshipName.of("n".repeat(127))).get(0);
    assertThat(tooLong.field()).isEqualTo("name");
    assertThat(tooLong.rule()).contains("126");
    assertThat(violations(() -> RelationshipName.of(""))).extracting(Violation::field).containsExactly("name");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SFO-SIN-Failover", "pair 1", "!@#$%^&*", "x\"; Remove-DhcpServerv4Scope -ScopeId 10.0.0.0",
      "<-->", "Zürich ↔ Genève"})
  @DisplayName("§1 WS-SET: spaces and special characters are allowed (backends escape them where they write them)")
  void specialCharacters(String name) {
    assertThat(RelationshipName.of(name)).hasToString(name);
  }

  @ParameterizedTest(name = "{index}")
  @ValueSource(strings = {"a\nb", "a\u0000b", "a\u007fb", "a\u2028b", "\u001b[31mred"})
  @DisplayName("control characters are refused")
  void controlCharacters(String name) {
    assertThat(violations(() -> RelationshipName.of(name))).extracting(Violation::field).containsExactly("name");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {" pair", "pair ", "\u00a0pair", "pair\u2003", "\u3000pair", " "})
  @DisplayName("leading and trailing whitespace is refused")
  void whitespace(String name) {
    assertThat(violations(() -> RelationshipName.of(name))).extracting(Violation::rule)
        .containsExactly("must not start or end with whitespace");
  }

  @Test
  @DisplayName("every broken rule is reported at once")
  void allAtOnce() {
    List<Violation> v = violations(() -> RelationshipName.of(" " + "x".repeat(130) + "\n"));
    assertThat(v).extracting(Violation::field).containsExactly("name", "name", "name");
    assertThat(v).extracting(Violation::rule).anySatisfy(r -> assertThat(r).contains("126"))
        .anySatisfy(r -> assertThat(r).contains("control")).anySatisfy(r -> assertThat(r).contains("whitespace"));
  }

  @Test
  @DisplayName("equal by text, ordered by text, printed as the text")
  void valueSemantics() {
    assertThat(RelationshipName.of("pair-1")).isEqualTo(RelationshipName.of("pair-1"))
        .hasSameHashCodeAs(RelationshipName.of("pair-1")).isNotEqualTo(RelationshipName.of("Pair-1"));
    assertThat(RelationshipName.of("a")).isLessThan(RelationshipName.of("b"));
    assertThat(RelationshipName.of("pair 1")).hasToString("pair 1");
  }

  @Test
  @DisplayName("JSON is a plain string, and an invalid name in JSON fails with the validation")
  void json() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.writeValueAsString(RelationshipName.of("pair \"1\""))).isEqualTo("\"pair \\\"1\\\"\"");
    assertThat(mapper.readValue("\"pair 1\"", RelationshipName.class)).isEqualTo(RelationshipName.of("pair 1"));
    assertThatThrownBy(() -> mapper.readValue("\"\"", RelationshipName.class))
        .hasRootCauseInstanceOf(ValidationException.class);
  }

  /** The test's own statement of the whitespace rule: no Unicode white or space character at either end. */
  static boolean padded(String text) {
    if (text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    char last = text.charAt(text.length() - 1);
    return Character.isWhitespace(first) || Character.isSpaceChar(first) || Character.isWhitespace(last)
        || Character.isSpaceChar(last);
  }

  @Test
  @DisplayName("property: any text is either a valid name that survives JSON, or refused naming the field")
  void anyText() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    try {
      qt().withFixedSeed(SEED).withExamples(CASES)
          .forAll(strings().allPossible().ofLengthBetween(0, 140))
          .checkAssert(text -> {
            boolean valid = !text.isEmpty() && text.length() <= 126 && Texts.printable(text) && !padded(text);
            if (valid) {
              RelationshipName name = RelationshipName.of(text);
              try {
                assertThat(mapper.readValue(mapper.writeValueAsString(name), RelationshipName.class)).isEqualTo(name);
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            } else {
              assertThat(violations(() -> RelationshipName.of(text))).isNotEmpty()
                  .allSatisfy(v -> assertThat(v.field()).isEqualTo("name"));
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError("failed with seed " + SEED + " (rerun with -Dfailover.property.seed=" + SEED + ")", e);
    }
  }
}
