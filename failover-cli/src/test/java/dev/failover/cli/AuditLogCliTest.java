package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failover.errors.ValidationException;
import dev.failover.cli.inventory.InventoryFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The tool's audit log: one JSON line per attempt to change a server, never a secret")
class AuditLogCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Cli.Result run(String... args) {
    return Cli.sandbox(dir.resolve("sandbox"), args);
  }

  private List<JsonNode> lines(Path log) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as("each line is one JSON object: %s", line).isTrue();
      out.add(node);
    }
    return out;
  }

  @Test
  @DisplayName("--audit-log: denied, applied, a stale saved plan (conflict) and a partner-down Kea refuses are one line "
      + "each; showing a plan and reading state add none; no secret of the sandbox is in it")
  void everyAttemptIsOneLine() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    String logArg = log.toString();
    Path saved = dir.resolve("plan.json");
    Files.writeString(saved, run("--audit-log", logArg, "replicate", "relationship", "isc-pair", "--from", "isc-a",
        "--json").expect(ExitCode.OK).out());
    String digest = JSON.readTree(Files.readString(saved)).path("digest").asText();
    assertThat(Files.readString(log)).as("a plan only shown is no attempt").isEmpty();

    run("--audit-log", logArg, "--as", "ivan", "replicate", "relationship", "isc-pair", "--from", "isc-a", "--apply",
        "--yes").expect(ExitCode.DENIED);
    run("--audit-log", logArg, "replicate", "relationship", "isc-pair", "--from", "isc-a", "--apply", "--yes")
        .expect(ExitCode.OK);
    // the replication just applied changed isc-b: the saved plan is stale
    run("--audit-log", logArg, "apply", saved.toString(), "--yes").expect(ExitCode.CONFLICT);
    run("--audit-log", logArg, "partner-down", "kea-pair", "--on", "kea-b", "--apply", "--yes")
        .expect(ExitCode.ERROR);
    run("--audit-log", logArg, "status").expect(ExitCode.OK);

    List<JsonNode> events = lines(log);
    assertThat(events).extracting(e -> e.path("outcome").asText()).containsExactly("DENIED", "SUCCEEDED",
        "CONFLICT", "FAILED");
    assertThat(events).extracting(e -> e.path("principal").asText()).containsExactly("ivan", "alice", "alice",
        "alice");
    JsonNode denied = events.get(0);
    assertThat(denied.path("operation").asText()).isEqualTo("replicate relationship isc-pair from isc-a");
    assertThat(denied.path("planDigest").asText()).isEqualTo(digest);
    assertThat(denied.path("servers").toString()).as("the servers the plan changes").isEqualTo("[\"isc-b\"]");
    assertThat(Instant.parse(denied.path("time").asText())).isNotNull();
    assertThat(denied.path("time").asText()).endsWith("Z");
    assertThat(denied.path("detail").asText()).contains("ivan");
    assertThat(events.get(2).path("planDigest").asText()).isEqualTo(digest);
    JsonNode refused = events.get(3);
    assertThat(refused.path("operation").asText()).isEqualTo("partner-down kea-pair on kea-b");
    assertThat(refused.path("servers").toString()).isEqualTo("[\"kea-b\"]");

    String text = Files.readString(log, StandardCharsets.UTF_8);
    try (Stream<Path> secrets = Files.list(dir.resolve("sandbox").resolve("secrets"))) {
      for (Path secret : secrets.toList()) {
        String value = Files.readString(secret, StandardCharsets.UTF_8).strip();
        assertThat(value).isNotBlank();
        assertThat(text).as("the sandbox's secret %s", secret.getFileName()).doesNotContain(value);
      }
    }
  }

  @Test
  @DisplayName("the inventory's auditLog is relative to the file; a log that cannot be written stops the run first")
  void inventoryKeyAndUnwritableLog() throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Path inventory = dir.resolve("inventory.yaml");
    Files.writeString(inventory, """
        servers:
          - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "http://127.0.0.1:1/"}
        principals:
          - {name: alice, roles: [dhcp-administrators]}
        auditLog: logs/audit.jsonl
        """);
    assertThat(InventoryFile.read(inventory, Map.of()).auditLog()).contains(dir.resolve("logs/audit.jsonl"));
    Cli.run(Map.of(), Terminal.none(), "-i", inventory.toString(), "principals").expect(ExitCode.OK);
    assertThat(dir.resolve("logs/audit.jsonl")).exists();

    Path nowhere = dir.resolve("no-such-dir").resolve("audit.jsonl");
    Cli.Result refused = Cli.run(Map.of(), Terminal.none(), "-i", inventory.toString(), "--audit-log",
        nowhere.toString(), "principals").expect(ExitCode.ERROR);
    assertThat(refused.err()).contains(nowhere.toString(), "its directory does not exist");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InventoryFile.parse("""
        servers:
          - {id: kea-a, vendor: kea, address: 127.0.0.1, endpoint: "http://127.0.0.1:1/"}
        auditLog: [a, b]
        """, false, "inventory", Map.of(), dir)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("auditLog").hasMessageContaining("must be the path of the audit log file");
  }
}
