package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.json.FailoverJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code failover watch} against the sandbox: bounded by --count and --for, in text and JSON lines. */
class WatchCommandTest {

  /** One sandbox for the class (the watch only reads it): started once, not per test. */
  @TempDir
  static Path dir;

  private Cli.Result run(String... args) {
    return Cli.sandbox(dir.resolve("sandbox"), args);
  }

  @Test
  @DisplayName("the first survey prints the sample's drift of each pair as a readable line; two quiet surveys later it stops by itself (exit 0)")
  void textForCount() {
    Cli.Result r = run("watch", "--interval", "1s", "--count", "2").expect(ExitCode.OK);
    assertThat(r.err()).contains("watching 3 relationship(s) on 6 server(s), every 1 s, 2 survey(s)");
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  "
        + "kea-pair: drift appeared, 2 item\\(s\\) differ between kea-a and kea-b"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("isc-pair: drift appeared"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("win-pair: drift appeared"));
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @DisplayName("--json prints one JSON object per change and line; --for stops a watch whose next survey is an hour away")
  void jsonLinesFor() {
    Cli.Result r = run("watch", "kea-pair", "--json", "--interval", "1h", "--for", "2s").expect(ExitCode.OK);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).singleElement().satisfies(line -> {
      JsonNode event = FailoverJson.read(line, JsonNode.class);
      assertThat(event.path("kind").asText()).isEqualTo("DRIFT_APPEARED");
      assertThat(event.path("relationship").asText()).isEqualTo("kea-pair");
      assertThat(event.path("differences").asInt()).isEqualTo(2);
      assertThat(event.path("message").asText()).isEqualTo("kea-pair: drift appeared, 2 item(s) differ between kea-a and kea-b");
    });
    assertThat(r.err()).doesNotContain("watching");
  }

  @Test
  @DisplayName("--count 0 is a usage error naming the option")
  void countZero() {
    assertThat(run("watch", "--count", "0").expect(ExitCode.USAGE).err()).contains("--count must be at least 1, was 0");
  }
}
