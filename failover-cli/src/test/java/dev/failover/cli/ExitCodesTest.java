package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each documented exit code, provoked through the command line, in text and with --json. */
class ExitCodesTest {

  @TempDir
  Path dir;

  Cli.Result run(String... args) {
    return Cli.sandbox(dir.resolve("sandbox"), args);
  }

  @Test
  @DisplayName("0: done")
  void ok() {
    run("status").expect(ExitCode.OK);
    run("replicate", "scope", "10.20.0.0/24", "--from", "kea-a").expect(ExitCode.OK);
  }

  @Test
  @DisplayName("1: an error of the SDK (not found, invalid), with the SDK's message and, with --json, its kind")
  void error() {
    Cli.Result missing = run("drift", "no-such-pair").expect(ExitCode.ERROR);
    assertThat(missing.err()).contains("error: relationship no-such-pair not found");
    JsonNode json = run("relationships", "show", "no-such-pair", "--json").expect(ExitCode.ERROR).json();
    assertThat(json.path("error").path("kind").asText()).isEqualTo("not-found");
    assertThat(json.path("error").path("exitCode").asInt()).isEqualTo(ExitCode.ERROR);

    JsonNode invalid = run("relationships", "create", "bad", "--primary", "win-a", "--secondary", "win-b",
        "--mode", "load-balancing", "--load-balance-percent", "140", "--json").expect(ExitCode.ERROR).json();
    assertThat(invalid.path("error").path("kind").asText()).isEqualTo("invalid");
    assertThat(invalid.path("error").path("violations").get(0).path("value").asText()).isEqualTo("140");
  }

  @Test
  @DisplayName("2: usage — unknown option, malformed argument, missing subcommand, no inventory")
  void usage() {
    assertThat(run("drift", "--bogus").expect(ExitCode.USAGE).err()).contains("Unknown option: '--bogus'");
    assertThat(run("replicate", "scope", "10.1.0.0/33", "--from", "kea-a").expect(ExitCode.USAGE).err())
        .contains("10.1.0.0/33");
    run("replicate", "scope", "10.20.0.0/24").expect(ExitCode.USAGE);
    run("relationships").expect(ExitCode.USAGE);
    run().expect(ExitCode.USAGE);
    run("no-such-command").expect(ExitCode.USAGE);
    assertThat(Cli.run(Map.of(), Terminal.none(), "drift").expect(ExitCode.USAGE).err()).contains("--inventory");
    JsonNode json = run("drift", "--json", "--bogus").expect(ExitCode.USAGE).json();
    assertThat(json.path("error").path("kind").asText()).isEqualTo("usage");
  }

  @Test
  @DisplayName("3: drift found")
  void drift() {
    run("drift").expect(ExitCode.DRIFT);
    run("drift", "isc-pair", "--json").expect(ExitCode.DRIFT);
  }

  @Test
  @DisplayName("4: conflict — a saved plan applied after the server changed; the plan must be made again")
  void conflict() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, run("replicate", "relationship", "kea-pair", "--from", "kea-a", "--json")
        .expect(ExitCode.OK).out());
    run("replicate", "scope", "10.20.0.0/24", "--from", "kea-a", "--apply", "--yes").expect(ExitCode.OK);
    Cli.Result stale = run("apply", plan.toString(), "--yes").expect(ExitCode.CONFLICT);
    assertThat(stale.err()).contains("server kea-b changed since the plan was made", "plan again");
    JsonNode json = run("apply", plan.toString(), "--yes", "--json").expect(ExitCode.CONFLICT).json();
    assertThat(json.path("applied").asBoolean()).isFalse();
    assertThat(json.path("error").path("kind").asText()).isEqualTo("conflict");
    assertThat(json.path("error").path("server").asText()).isEqualTo("kea-b");
  }

  @Test
  @DisplayName("5: access denied, with the decision's reason: the server-level bit does not grant scope replication")
  void denied() {
    Cli.Result bob = run("--as", "bob", "replicate", "scope", "10.30.0.0/24", "--from", "win-a", "--apply", "--yes")
        .expect(ExitCode.DENIED);
    assertThat(bob.out()).contains("denied: bob replicating scope 10.30.0.0/24 from win-a to win-b needs one of "
        + "\"Read/write scope options\", \"Edit reservations\", \"Edit address pools\", \"Edit exclusions\" "
        + "on scope 10.30.0.0/24 of win-b");
    assertThat(bob.err()).contains("error: denied: bob");
    run("drift", "win-pair").expect(ExitCode.DRIFT);

    // a plan shown for a principal who could not apply it says so in its exit code too
    run("--as", "bob", "replicate", "scope", "10.30.0.0/24", "--from", "win-a").expect(ExitCode.DENIED);
    JsonNode json = run("replicate", "relationship", "win-pair", "--from", "win-a", "--as", "carol", "--apply", "--yes",
        "--json").expect(ExitCode.DENIED).json();
    assertThat(json.path("allowed").asBoolean()).isFalse();
    assertThat(json.path("error").path("decision").path("missing").get(0).path("needs").asText())
        .isEqualTo("\"Administer DHCP servers\"");

    // carol holds "Edit reservations" on that scope of win-b: allowed
    run("--as", "carol", "replicate", "scope", "10.30.0.0/24", "--from", "win-a", "--apply", "--yes")
        .expect(ExitCode.OK);
    Cli.Result partnerDown = run("--as", "ivan", "partner-down", "kea-pair", "--on", "kea-b", "--apply", "--yes")
        .expect(ExitCode.DENIED);
    assertThat(partnerDown.out()).contains("denied: ivan setting partner-down on kea-b for kea-pair needs DHCP "
        + "administrator");
    // an unknown principal is an error on every command, also on one that only reads
    assertThat(run("--as", "nobody", "status").expect(ExitCode.ERROR).err()).contains("principal \"nobody\" not found");
    run("--as", "nobody", "replicate", "scope", "10.30.0.0/24", "--from", "win-a").expect(ExitCode.ERROR);
  }

  @Test
  @DisplayName("6 needs a backend without the feature: the sandbox's real Kea backend offers maintenance, so it is planned (0)")
  void maintenanceAvailableInTheSandbox() {
    assertThat(run("maintenance", "start", "kea-pair", "--on", "kea-a").expect(ExitCode.OK).out())
        .contains("Plan: ha-maintenance-start on kea-a");
  }

  @Test
  @DisplayName("--help and --version exit 0 and list the exit codes")
  void help() {
    Cli.Result help = run("--help").expect(ExitCode.OK);
    assertThat(help.out()).contains("Exit codes:", "3   drift found", "replicate", "partner-down");
    assertThat(run("--version").expect(ExitCode.OK).out()).startsWith("failover ");
  }
}
