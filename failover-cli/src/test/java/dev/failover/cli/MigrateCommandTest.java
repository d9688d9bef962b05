package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code failover migrate isc-to-kea} against the sandbox's ISC pair and Kea servers. */
class MigrateCommandTest {

  @TempDir
  Path dir;

  Cli.Result run(String... args) {
    return Cli.sandbox(dir.resolve("sandbox"), args);
  }

  @Test
  @DisplayName("the sandbox's ISC pair (split 128) is planned onto kea-a and kea-b in load balancing: mappings and what does not translate are shown, nothing changes")
  void showsThePlan() throws Exception {
    Cli.Result text = run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b").expect(ExitCode.OK);
    assertThat(text.out()).contains("Move ISC failover peer \"isc-pair\" to Kea HA (load-balancing) on kea-a, kea-b")
        .contains("Mappings (").contains("->  (none)").contains("Untranslatable (");
    JsonNode json = run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--json").expect(ExitCode.OK).json();
    assertThat(json.path("mode").asText()).isEqualTo("load-balancing");
    assertThat(json.path("servers").get(0).asText()).isEqualTo("kea-a");
    JsonNode ha = json.path("configs").path("kea-b").path("Dhcp4").path("hooks-libraries").get(1).path("parameters")
        .path("high-availability").get(0);
    assertThat(ha.path("this-server-name").asText()).isEqualTo("kea-b");
    assertThat(json.path("configs").path("kea-a").path("Dhcp4").path("subnet4").size()).isPositive();
    // nothing changed: the Kea pair is still in its own relationship
    assertThat(run("relationships", "list").expect(ExitCode.OK).out()).contains("kea-pair");
  }

  @Test
  @DisplayName("--to must name two different Kea servers; an ISC server there is refused in operator words")
  void wrongTargets() {
    assertThat(run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a").expect(ExitCode.USAGE).err())
        .contains("--to names two different Kea servers");
    assertThat(run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,isc-b").expect(ExitCode.USAGE).err())
        .contains("--to must be a Kea server; isc-b is isc");
  }
}
