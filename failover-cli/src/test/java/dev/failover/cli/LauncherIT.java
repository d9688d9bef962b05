package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failover.testkit.kea.FakeKeaPair;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged tool as an operator runs it: {@code bin/failover} on {@code target/failover-cli.jar}
 * in a separate JVM, with no terminal, through a README flow across several processes.
 */
class LauncherIT {

  private static final Path SCRIPT = Path.of("bin", "failover").toAbsolutePath();

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  Run failover(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--sandbox", "--sandbox-dir", dir.resolve("sandbox").toString()));
    all.addAll(List.of(args));
    return launch(all);
  }

  Run launch(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // the launcher's class-data archive in this test's own directory: the shared cache is made and
    // pruned by every other build's runs at once (an archive removed between the launcher finding it
    // and the JVM mapping it)
    pb.environment().put("FAILOVER_CDS_DIR", dir.resolve("cds").toString());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("failover " + String.join(" ", args) + " did not finish within 60 s");
    }
    return new Run(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the packaged jar merges the three backends' providers and reads the fake Kea pair without --sandbox")
  void packagedBackends() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target", "failover-cli.jar").toFile())) {
      JarEntry services = jar.getJarEntry("META-INF/services/dev.failover.spi.BackendProvider");
      assertThat(services).isNotNull();
      String providers = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(providers).contains("dev.failover.isc.IscBackendProvider", "dev.failover.kea.KeaBackendProvider",
          "dev.failover.windows.WindowsBackendProvider");
    }
    try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
      Path inventory = dir.resolve("inventory.yaml");
      Files.writeString(inventory, """
          servers:
            - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "%s"}
            - {id: kea-b, vendor: kea, address: 127.0.0.1, endpoint: "%s"}
          """.formatted(pair.primary().url(), pair.secondary().url()));
      Run servers = launch(List.of("-i", inventory.toString(), "servers"));
      assertThat(servers.code()).as(servers.err()).isEqualTo(ExitCode.OK);
      assertThat(servers.out()).contains("1 scope(s), 1 in failover").doesNotContain("backend on the class path");
      Run drift = launch(List.of("-i", inventory.toString(), "drift"));
      assertThat(drift.code()).as(drift.out() + drift.err()).isEqualTo(ExitCode.OK);
    }
  }

  @Test
  @DisplayName("the README flow in separate processes: drift, plan, refuse without --yes, apply, drift gone, status")
  void readmeFlow() throws Exception {
    assertThat(Files.isRegularFile(Path.of("target", "failover-cli.jar"))).isTrue();
    Run drift = failover("drift");
    assertThat(drift.code()).as(drift.err()).isEqualTo(ExitCode.DRIFT);
    assertThat(drift.out()).contains("3 of 3 relationship(s) drifted");

    Run plan = failover("replicate", "relationship", "kea-pair", "--from", "kea-a");
    assertThat(plan.code()).isEqualTo(ExitCode.OK);
    assertThat(plan.out()).contains("Plan: replicate relationship kea-pair from kea-a", "plan only");

    Run refused = failover("replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply");
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("refusing to apply without confirmation");

    Run applied = failover("replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply", "--yes");
    assertThat(applied.code()).as(applied.err()).isEqualTo(ExitCode.OK);
    assertThat(applied.err()).contains("100% kea-b").doesNotContain("SLF4J");

    Run after = failover("drift", "kea-pair", "--json");
    assertThat(after.code()).isEqualTo(ExitCode.OK);
    JsonNode json = new ObjectMapper().readTree(after.out());
    assertThat(json.path("driftFound").asBoolean()).isFalse();

    Run status = failover("status", "kea-pair");
    assertThat(status.code()).isEqualTo(ExitCode.OK);
    assertThat(status.out()).containsPattern("\n  kea-a +hot-standby +hot-standby +yes +");
    assertThat(failover("--version").out()).matches("failover \\d+\\.\\d+\\.\\d+.*\\n");
  }
}
