package dev.failover.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Texts: words an operator reads")
class TextsTest {

  @Test
  @DisplayName("a duration reads as ms, s, min and s — never as Java's PT10S")
  void duration() {
    assertThat(Texts.duration(Duration.ZERO)).isEqualTo("0 ms");
    assertThat(Texts.duration(Duration.ofMillis(300))).isEqualTo("300 ms");
    assertThat(Texts.duration(Duration.ofSeconds(10))).isEqualTo("10 s");
    assertThat(Texts.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Texts.duration(Duration.ofMinutes(2))).isEqualTo("2 min");
    assertThat(Texts.duration(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
    assertThat(Texts.duration(Duration.ofHours(1))).isEqualTo("60 min").doesNotContain("PT");
  }

  @Test
  @DisplayName("a hostile value is quoted so that it stays visibly one value")
  void quoted() {
    assertThat(Texts.quoted("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\u000ad\"");
  }
}
