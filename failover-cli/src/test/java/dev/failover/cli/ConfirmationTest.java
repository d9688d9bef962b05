package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --apply asks before it changes anything; without a terminal it refuses unless --yes is given. */
class ConfirmationTest {

  @TempDir
  Path dir;

  Path state() {
    return dir.resolve("sandbox");
  }

  @Test
  @DisplayName("--apply without --yes and without a terminal refuses (exit 2) and changes nothing")
  void refusesWithoutTerminal() {
    Cli.Result r = Cli.sandbox(state(), "replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply")
        .expect(ExitCode.USAGE);
    assertThat(r.out()).contains("Plan: replicate relationship kea-pair from kea-a");
    assertThat(r.err()).contains("refusing to apply without confirmation", "--yes");
    Cli.sandbox(state(), "drift", "kea-pair").expect(ExitCode.DRIFT);
    Cli.sandbox(state(), "partner-down", "kea-pair", "--on", "kea-b", "--apply").expect(ExitCode.USAGE);
    Cli.sandbox(state(), "apply", state().toString()).expect(ExitCode.ERROR);
  }

  @Test
  @DisplayName("on a terminal the operator is asked; 'y' applies")
  void operatorConfirms() {
    Cli.Operator yes = new Cli.Operator("y");
    Cli.sandbox(state(), yes, "replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply")
        .expect(ExitCode.OK);
    assertThat(yes.prompts).containsExactly("Apply 2 change(s) to kea-b? [y/N] ");
    Cli.sandbox(state(), "drift", "kea-pair").expect(ExitCode.OK);
  }

  @Test
  @DisplayName("on a terminal, anything but yes declines (exit 1) and changes nothing")
  void operatorDeclines() {
    Cli.Operator no = new Cli.Operator("n");
    Cli.Result r = Cli.sandbox(state(), no, "replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply")
        .expect(ExitCode.ERROR);
    assertThat(r.err()).contains("not applied: the operator declined");
    assertThat(no.prompts).hasSize(1);
    Cli.sandbox(state(), "drift", "kea-pair").expect(ExitCode.DRIFT);
    Cli.sandbox(state(), new Cli.Operator(null), "partner-down", "isc-pair", "--on", "isc-b", "--apply")
        .expect(ExitCode.ERROR);
    Cli.sandbox(state(), new Cli.Operator("yes"), "partner-down", "isc-pair", "--on", "isc-b", "--apply")
        .expect(ExitCode.OK);
  }

  @Test
  @DisplayName("a denied principal is not asked: the facade refuses (exit 5)")
  void deniedIsNotAsked() {
    Cli.Operator yes = new Cli.Operator("y");
    Cli.sandbox(state(), yes, "--as", "bob", "replicate", "scope", "10.20.0.0/24", "--from", "kea-a", "--apply")
        .expect(ExitCode.DENIED);
    assertThat(yes.prompts).isEmpty();
  }

  @Test
  @DisplayName("an inventory without a default principal needs --as to apply (exit 2), not to show a plan")
  void principalNeeded() throws Exception {
    Path inventory = dir.resolve("inv.json");
    java.nio.file.Files.writeString(inventory, """
        {"servers": [{"id": "win-a", "vendor": "windows", "address": "127.0.0.1", "endpoint": "ssh://127.0.0.1:1"}],
         "principals": [{"name": "alice", "roles": ["dhcp-administrators"]}]}
        """);
    Cli.Result r = Cli.run(Map.of(), Terminal.none(), "-i", inventory.toString(), "replicate", "server", "--from",
        "win-a", "--apply", "--yes").expect(ExitCode.USAGE);
    assertThat(r.err()).contains("name the principal to act for with --as", "[alice]");
  }
}
