package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI README's "A first session": a whole sandbox session in text mode, as a new operator sees
 * it, run here command by command. The test fails when the README's transcript differs from what
 * the tool prints (values that differ from run to run — digests, state fingerprints, ports, clock
 * times — are masked on both sides). {@code -Dreadme.update=true} (or {@link #main}) writes the
 * transcript into the README again.
 */
class ReadmeTranscriptTest {

  static final String BEGIN = "<!-- transcript: written by ReadmeTranscriptTest; do not edit by hand -->";
  static final String END = "<!-- end of transcript -->";

  /** The session: what the operator types after {@code failover}. */
  static final List<List<String>> SESSION = List.of(
      List.of("--sandbox", "drift"),
      List.of("--sandbox", "relationships", "show", "kea-pair"),
      List.of("--sandbox", "--as", "bob", "replicate", "scope", "10.20.0.0/24", "--from", "kea-a"),
      List.of("--sandbox", "replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply", "--yes", "--no-progress"),
      List.of("--sandbox", "drift", "kea-pair"),
      List.of("--sandbox", "scopes", "add", "isc-pair", "10.19.0.0/24"),
      List.of("--sandbox", "status"));

  @TempDir
  Path dir;

  static Path readme() {
    return Path.of(System.getProperty("basedir", "."), "README.md");
  }

  /** Runs the session on a fresh sandbox in {@code dir} and returns the transcript. */
  static String transcript(Path dir) {
    Path sandbox = dir.resolve("sandbox");
    Cli.sandbox(sandbox, "--sandbox-reset", "principals").expect(ExitCode.OK);
    StringBuilder sb = new StringBuilder();
    for (List<String> command : SESSION) {
      List<String> args = new ArrayList<>(command);
      args.remove("--sandbox");
      Cli.Result r = Cli.sandbox(sandbox, args.toArray(String[]::new));
      sb.append("$ failover ").append(String.join(" ", command)).append('\n');
      sb.append(r.out());
      if (!r.err().isEmpty()) {
        sb.append(r.err());
      }
      sb.append("(exit code ").append(r.code()).append(")\n\n");
    }
    return Golden.place(sb.toString().stripTrailing() + "\n", sandbox);
  }

  /** The transcript between the markers of a README text. */
  static String section(String readme) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("the README's transcript markers %s … %s", BEGIN, END).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String block = readme.substring(begin + BEGIN.length(), end).strip();
    assertThat(block).startsWith("```").endsWith("```");
    return block.substring(3, block.length() - 3).strip() + "\n";
  }

  static String replaced(String readme, String transcript) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    return readme.substring(0, begin + BEGIN.length()) + "\n```\n" + transcript + "```\n" + readme.substring(end);
  }

  @Test
  @DisplayName("the README's first session is what the tool prints, command by command, in text mode")
  void readmeShowsWhatTheToolPrints() throws IOException {
    String transcript = transcript(dir);
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);
    if (Boolean.getBoolean("readme.update")) {
      Files.writeString(readme(), replaced(readme, transcript), StandardCharsets.UTF_8);
      return;
    }
    assertThat(Golden.mask(section(readme)))
        .as("the README's transcript against what the tool prints now (-Dreadme.update=true writes it again)")
        .isEqualTo(Golden.mask(transcript));
    // what a new operator must be able to read in it
    assertThat(transcript).contains("(exit code 3)", "(exit code 5)", "applied plan",
        "~ option 6 domain-name-servers: 192.0.2.53 → 192.0.2.53, 192.0.2.54",
        "+ reservation \"door-1\" hw-address 00:16:3e:20:00:02 → 10.20.0.11",
        "~ pool 10.19.0.10-10.19.0.250: now refers to failover peer \"isc-pair\"",
        "heartbeat-delay", "in touch");
  }

  /** Writes the README's transcript again: {@code main(["path/to/failover-cli/README.md"])}. */
  public static void main(String[] args) throws IOException {
    Path readme = args.length > 0 ? Path.of(args[0]) : readme();
    Path tmp = Files.createTempDirectory("failover-readme-transcript");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Files.writeString(readme, replaced(text, transcript(tmp)), StandardCharsets.UTF_8);
  }
}
