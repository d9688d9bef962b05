package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        .contains("Mappings (").contains("->  (none)").contains("Untranslatable (")
        .contains("Cutover steps (run with --apply):\n1. configure the Kea pair while ISC serves\n   does:     config-set")
        .contains("4. stop ISC on the secondary's side (isc-b)")
        .containsPattern("  u-[0-9a-f]{8}  ");
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
  @DisplayName("given both partners' leases, the plan splits each load-balanced pool between the Kea servers' HA classes around them; without, the pool stays whole")
  void leasesSplitThePools() throws Exception {
    JsonNode whole = run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--json").expect(ExitCode.OK).json();
    assertThat(whole.path("mode").asText()).isEqualTo("load-balancing");
    JsonNode subnet = whole.path("configs").path("kea-a").path("Dhcp4").path("subnet4").get(0);
    assertThat(subnet.path("pools")).hasSize(1);
    assertThat(subnet.path("pools").get(0).has("client-class")).as("a pool planned without the leases").isFalse();
    String first = subnet.path("pools").get(0).path("pool").asText().split("-")[0].strip();
    Path a = Files.writeString(dir.resolve("a.leases"), "lease " + first + " {\n  starts 1 2026/12/07 10:00:00;\n"
        + "  ends 3 2099/12/30 10:00:00;\n  cltt 1 2026/12/07 10:00:00;\n  binding state active;\n"
        + "  next binding state free;\n  hardware ethernet 52:54:00:00:01:10;\n}\n");
    Path b = Files.writeString(dir.resolve("b.leases"), "");
    JsonNode split = run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--json",
        "--isc-leases-a", a.toString(), "--isc-leases-b", b.toString()).expect(ExitCode.OK).json();
    List<String> classes = new ArrayList<>();
    split.path("configs").path("kea-a").path("Dhcp4").path("subnet4").get(0).path("pools")
        .forEach(p -> classes.add(p.path("client-class").asText()));
    assertThat(classes).as("the first subnet's pools planned with a lease in it").contains("HA_kea-a", "HA_kea-b");
  }

  @Test
  @DisplayName("--to must name two different Kea servers; an ISC server there is refused in operator words")
  void wrongTargets() {
    assertThat(run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a").expect(ExitCode.USAGE).err())
        .contains("--to names two different Kea servers");
    assertThat(run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,isc-b").expect(ExitCode.USAGE).err())
        .contains("--to must be a Kea server; isc-b is isc");
  }

  /** The ids of every untranslatable item of the sandbox's plan, comma-separated. */
  private String allIds() {
    JsonNode json = run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--json").expect(ExitCode.OK).json();
    List<String> ids = new ArrayList<>();
    json.path("untranslatable").forEach(i -> ids.add(i.path("id").asText()));
    assertThat(ids).isNotEmpty().allMatch(id -> id.matches("u-[0-9a-f]{8}"));
    return String.join(",", ids);
  }

  private List<String> applyArgs(String... more) throws Exception {
    Path a = Files.writeString(dir.resolve("a.leases"), "");
    Path b = Files.writeString(dir.resolve("b.leases"), "");
    Path events = dir.resolve("events");
    List<String> args = new ArrayList<>(List.of("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b",
        "--accept", allIds(), "--apply", "--isc-leases-a", a.toString(), "--isc-leases-b", b.toString(),
        "--isc-stop-a", "echo stopped-a >> " + events, "--isc-start-a", "echo started-a >> " + events,
        "--isc-stop-b", "echo stopped-b >> " + events, "--isc-start-b", "echo started-b >> " + events));
    args.addAll(List.of(more));
    return args;
  }

  private String events() throws Exception {
    Path events = dir.resolve("events");
    return Files.exists(events) ? Files.readString(events) : "";
  }

  @Test
  @DisplayName("--apply with an untranslatable item not accepted is refused (exit 1), listing each item with its id; nothing changes")
  void applyRefusedUntilAccepted() throws Exception {
    Cli.Result refused = run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--apply")
        .expect(ExitCode.ERROR);
    assertThat(refused.err()).contains("The move is refused: ").contains("untranslatable item(s) not accepted. Read"
        + " each and accept it with --accept ID:").containsPattern("  u-[0-9a-f]{8}  ");
    assertThat(run("relationships", "list").expect(ExitCode.OK).out()).contains("kea-pair");
    assertThat(run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--accept", "u-00000000")
        .expect(ExitCode.USAGE).err()).contains("--accept names no untranslatable item of this plan: u-00000000");
    assertThat(run("migrate", "isc-to-kea", "isc-pair", "--to", "kea-a,kea-b", "--accept", allIds(), "--apply")
        .expect(ExitCode.USAGE).err()).contains("--apply needs --isc-leases-a, --isc-leases-b, --isc-stop-a,"
        + " --isc-start-a, --isc-stop-b, --isc-start-b");
    assertThat(events()).isEmpty();
  }

  @Test
  @DisplayName("--apply with every item accepted runs the four steps: the Kea pair takes the plan, ISC is stopped by the operator's commands, side by side")
  void applyAll() throws Exception {
    Cli.Result done = run(applyArgs().toArray(String[]::new)).expect(ExitCode.OK);
    assertThat(done.out()).contains("step 1 done\nstep 2 done\nstep 3 done\nstep 4 done\n")
        .contains("The Kea pair serves in place of ISC failover peer \"isc-pair\".");
    assertThat(events()).isEqualTo("stopped-a\nstopped-b\n");
  }

  @Test
  @DisplayName("a command that fails at step 4 stops the cutover (exit 1): ISC is started again on the first side and the Kea pair restored, each named")
  void applyFailsAndGoesBack() throws Exception {
    List<String> args = applyArgs();
    args.set(args.indexOf("--isc-stop-b") + 1, "echo no such unit >&2; exit 3");
    Cli.Result failed = run(args.toArray(String[]::new)).expect(ExitCode.ERROR);
    assertThat(failed.out()).contains("step 4 FAILED: stopping ISC on isc-b: --isc-stop-b exited with status 3: no such"
        + " unit").contains("undone: step 3: started ISC on isc-a again")
        .contains("undone: step 1: restored kea-a's previous configuration");
    assertThat(failed.err()).contains("The cutover failed at step 4").contains("What it did was undone.");
    assertThat(events()).isEqualTo("stopped-a\nstarted-a\n");
  }

  @Test
  @DisplayName("--step 3 alone, with the Kea pair not yet configured: its check fails in the operator's words and only step 3 is undone")
  void oneStep() throws Exception {
    Cli.Result failed = run(applyArgs("--step", "3", "--state-timeout", "5").toArray(String[]::new))
        .expect(ExitCode.ERROR);
    assertThat(failed.out()).contains("step 3 FAILED: no kea-a serving isc-a's side within 5 s: kea-a is in HA state")
        .contains("undone: step 3: started ISC on isc-a again").doesNotContain("step 1:");
    assertThat(events()).isEqualTo("stopped-a\nstarted-a\n");
  }

  @Test
  @DisplayName("--apply as a sandbox principal without the right to change the four servers is refused with the facade's words (exit 5) before any step: no ISC command runs, one DENIED line in the audit log")
  void applyDenied() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    List<String> args = new ArrayList<>(List.of("--audit-log", log.toString(), "--as", "ivan"));
    args.addAll(applyArgs());
    Cli.Result denied = run(args.toArray(String[]::new)).expect(ExitCode.DENIED);
    assertThat(denied.err()).contains("denied: ivan migrate isc-to-kea isc-pair to kea-a and kea-b needs")
        .contains("\"Administer DHCP servers\" on server kea-a").contains("\"Administer DHCP servers\" on server kea-b")
        .contains("\"Administer DHCP servers\" on server isc-a").contains("\"Administer DHCP servers\" on server isc-b");
    assertThat(denied.out()).doesNotContain("step 1");
    assertThat(events()).isEmpty();
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1);
    JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
    assertThat(event.path("outcome").asText()).isEqualTo("DENIED");
    assertThat(event.path("principal").asText()).isEqualTo("ivan");
  }

  @Test
  @DisplayName("--apply with --audit-log appends one JSON line per step: principal, operation with the relationship, the plan's digest, the four servers, SUCCEEDED, the time")
  void applyAudited() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    List<String> args = new ArrayList<>(List.of("--audit-log", log.toString()));
    args.addAll(applyArgs());
    run(args.toArray(String[]::new)).expect(ExitCode.OK);
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(4);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int n = 1; n <= 4; n++) {
      JsonNode event = json.readTree(lines.get(n - 1));
      assertThat(event.path("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(event.path("principal").asText()).isEqualTo("alice");
      assertThat(event.path("operation").asText()).isEqualTo("migrate isc-to-kea isc-pair to kea-a and kea-b");
      assertThat(event.path("planDigest").asText()).matches("[0-9a-f]{64}");
      assertThat(event.path("servers").toString()).isEqualTo("[\"kea-a\",\"kea-b\",\"isc-a\",\"isc-b\"]");
      assertThat(event.path("detail").asText()).startsWith("step " + n + " (").endsWith(") done");
      assertThat(java.time.Instant.parse(event.path("time").asText())).isNotNull();
    }
    assertThat(String.join("\n", lines)).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("secret");
  }
}
