package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's generator example is the compiled ReadmeExampleTest")
class ReadmeTest {

  private static final String FENCE = "```";

  @Test
  @DisplayName("the java block of the Generators section is ReadmeExampleTest.java without its package line")
  void readmeShowsTheCompiledExample() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/failover/testkit/gen/ReadmeExampleTest.java"));
    String packageLine = "package dev.failover.testkit.gen;\n\n";
    assertThat(source).startsWith(packageLine);

    int section = readme.indexOf("\n## Generators");
    assertThat(section).as("README has a Generators section").isNotNegative();
    int start = readme.indexOf(FENCE + "java\n", section);
    int end = readme.indexOf("\n" + FENCE, start + 1);
    assertThat(start).as("the Generators section has a java block").isNotNegative();
    String shown = readme.substring(start + (FENCE + "java\n").length(), end + 1);
    assertThat(shown).isEqualTo(source.substring(packageLine.length()));
  }

  @Test
  @DisplayName("the java block of the application-tests section is ReadmeFakeExampleTest.java without its package and imports' first line")
  void readmeShowsTheCompiledFakeExample() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/failover/testkit/gen/ReadmeFakeExampleTest.java"));
    String packageLine = "package dev.failover.testkit.gen;\n\n";
    assertThat(source).startsWith(packageLine);
    int section = readme.indexOf("\n### Your application's tests against the fake");
    assertThat(section).as("README has the application-tests section").isNotNegative();
    int start = readme.indexOf(FENCE + "java\n", section);
    int end = readme.indexOf("\n" + FENCE, start + 1);
    assertThat(start).as("the section has a java block").isNotNegative();
    String shown = readme.substring(start + (FENCE + "java\n").length(), end + 1);
    assertThat(shown).isEqualTo(source.substring(packageLine.length()));
  }
}
