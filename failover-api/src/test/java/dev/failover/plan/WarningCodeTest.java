package dev.failover.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.json.FailoverJson;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a warning's code")
class WarningCodeTest {

  @Test
  @DisplayName("travels in JSON as its stable text and is read back")
  void travelsAsItsStableText() throws Exception {
    Warning w = Warning.of(WarningCode.POOL_REFERENCES_REMOVED, "pool references removed");
    String json = FailoverJson.mapper().writeValueAsString(w);
    assertThat(json).contains("\"code\":\"pool-references-removed\"");
    assertThat(FailoverJson.mapper().readValue(json, Warning.class)).isEqualTo(w);
  }

  @Test
  @DisplayName("has a distinct lower-case hyphenated text for every code")
  void everyTextIsDistinct() {
    assertThat(Arrays.stream(WarningCode.values()).map(WarningCode::code))
        .doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z]+(-[a-z]+)*"));
    assertThat(Arrays.stream(WarningCode.values())).allSatisfy(c -> assertThat(WarningCode.of(c.code())).isSameAs(c));
  }

  @Test
  @DisplayName("refuses an unknown text, naming the known ones")
  void refusesAnUnknownText() {
    assertThatThrownBy(() -> WarningCode.of("peer-gone")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"peer-gone\"").hasMessageContaining("peer-deleted");
  }
}
