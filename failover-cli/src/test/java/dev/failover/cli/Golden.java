package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden text: what the tool prints, compared with a file a reviewer can read. What changes from
 * run to run (plan digests, state fingerprints, ports, clock times, the sandbox directory) is
 * masked on both sides. Run with {@code -Dgolden.update=true} to write the files again.
 */
final class Golden {

  /** Where the golden files live in the source tree (the module directory is the working directory). */
  static final Path DIR = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden");

  /** What the sandbox directory of a test is shown as. */
  static final String SANDBOX_DIR = "/tmp/failover-cli-sandbox-operator";

  private Golden() {}

  static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  /** The text with the values that differ from run to run replaced by placeholders. */
  static String mask(String text) {
    return text
        .replaceAll("digest [0-9a-f]{16}", "digest <digest>")
        .replaceAll("applied plan [0-9a-f]{16}", "applied plan <digest>")
        .replaceAll("(state|now at state) [0-9a-f]{12}", "$1 <state>")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
        .replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC", "YYYY-MM-DD hh:mm:ss UTC")
        .replaceAll("(?m)[ \\t]+$", "");
  }

  /** The sandbox directory of the test shown as {@link #SANDBOX_DIR}. */
  static String place(String text, Path sandbox) {
    return text.replace(sandbox.toString(), SANDBOX_DIR);
  }

  /** Compares the masked text with the golden file {@code name}, or writes it with {@code -Dgolden.update=true}. */
  static void check(String name, String text) {
    Path file = DIR.resolve(name);
    String actual = mask(text);
    try {
      if (updating()) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(Files.exists(file)).as("golden file %s (write it with -Dgolden.update=true)", file).isTrue();
      assertThat(actual).as("the text against golden file %s (-Dgolden.update=true writes it again)", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
