package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's examples are the compiled ReadmeExampleTest and ReadmeFakeExampleTest")
class ReadmeTest {

  private static final String FENCE = "```";

  @Test
  @DisplayName("the java block of the Generators section is ReadmeExampleTest.java without its package line")
  void readmeShowsTheCompiledExample() throws IOException {
    assertShowsExactly("\n## Generators", "ReadmeExampleTest.java");
  }

  @Test
  @DisplayName("the java block of the application-tests section is ReadmeFakeExampleTest.java without its package line")
  void readmeShowsTheCompiledFakeExample() throws IOException {
    assertShowsExactly("\n### Your application's tests against the fake", "ReadmeFakeExampleTest.java");
  }

  /** The first java block after the heading is the test source without its package line. */
  private static void assertShowsExactly(String heading, String file) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/failover/testkit/gen/" + file));
    String packageLine = "package dev.failover.testkit.gen;\n\n";
    assertThat(source).startsWith(packageLine);
    int section = readme.indexOf(heading);
    assertThat(section).as("README has the section %s", heading.strip()).isNotNegative();
    int start = readme.indexOf(FENCE + "java\n", section);
    int end = readme.indexOf("\n" + FENCE, start + 1);
    assertThat(start).as("the section has a java block").isNotNegative();
    String shown = readme.substring(start + (FENCE + "java\n").length(), end + 1);
    assertThat(shown).isEqualTo(source.substring(packageLine.length()));
  }
}
