package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the terminal: cleaned text, and a progress bar that redraws in place on a terminal. */
class OutputTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("clean escapes C0 (but newline and tab), DEL, C1, line separators and bidi controls; keeps other text")
  void clean() {
    assertThat(Output.clean("a\u001b[2Jb")).isEqualTo("a\\u001b[2Jb");
    assertThat(Output.clean("x\u009b31m\u007f")).isEqualTo("x\\u009b31m\\u007f");
    assertThat(Output.clean("r\rn")).isEqualTo("r\\u000dn");
    assertThat(Output.clean("\u202Eabc\u2066\u2069\u200F\u2028")).isEqualTo("\\u202eabc\\u2066\\u2069\\u200f\\u2028");
    assertThat(Output.clean("line 1\n\tline 2 Zoë 名前 \"q\" $(x)")).isEqualTo("line 1\n\tline 2 Zoë 名前 \"q\" $(x)");
    assertThat(Output.clean(null)).isEqualTo("null");
  }

  @Test
  @DisplayName("on a terminal the progress bar redraws one line and ends it at 100%")
  void redrawnProgress() {
    Cli.Result r = Cli.sandbox(dir.resolve("sandbox"), new Cli.Operator("y"), "replicate", "server", "--from", "win-a",
        "--apply").expect(ExitCode.OK);
    assertThat(r.err()).contains("\r[", "100% win-b").endsWith("\n");
    assertThat(r.err().split("\n")).hasSize(1);
    assertThat(r.err().split("\r")).hasSizeGreaterThan(3);
  }
}
