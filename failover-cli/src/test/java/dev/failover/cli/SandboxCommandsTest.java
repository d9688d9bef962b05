package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command, end to end against the sandbox, in text and in JSON. */
class SandboxCommandsTest {

  @TempDir
  Path dir;

  Path state() {
    return dir.resolve("sandbox");
  }

  Cli.Result run(String... args) {
    return Cli.sandbox(state(), args);
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
    return out;
  }

  @Nested
  @DisplayName("servers and principals")
  class Inventory {

    @Test
    @DisplayName("servers lists the six sandbox servers with what each holds")
    void servers() {
      Cli.Result text = run("servers").expect(ExitCode.OK);
      assertThat(text.out()).contains("6 server(s) (sandbox: fake servers on 127.0.0.1").contains("isc-a", "kea-b", "win-b")
          .contains("9 scope(s), 8 in failover; relationships \"win-pair\"")
          .contains("failover peers \"isc-pair\"");
      JsonNode json = run("servers", "--json").expect(ExitCode.OK).json();
      assertThat(json.path("sandbox").asBoolean()).isTrue();
      assertThat(texts(json.path("servers"), null)).hasSize(6);
      JsonNode winA = json.path("servers").get(4);
      assertThat(winA.path("server").path("id").asText()).isEqualTo("win-a");
      assertThat(winA.path("server").path("vendor").asText()).isEqualTo("WINDOWS");
      assertThat(winA.path("scopes").asInt()).isEqualTo(9);
      assertThat(texts(json.path("servers"), "backend")).containsExactly("isc", "isc", "kea", "kea", "windows",
          "windows");
      assertThat(winA.path("server").path("endpoint").asText()).startsWith("ssh://dhcpadmin@127.0.0.1:");
      assertThat(json.path("servers").get(2).path("server").path("endpoint").asText()).startsWith("http://127.0.0.1:");
      assertThat(texts(winA.path("relationships"), null)).containsExactly("win-pair");
    }

    @Test
    @DisplayName("principals shows roles and bits, and the default principal")
    void principals() {
      Cli.Result text = run("principals").expect(ExitCode.OK);
      assertThat(text.out()).contains("\"alice\" (default)", "DHCP Administrators (built-in)",
          "on scope 10.30.0.0/24 of win-b: \"Edit reservations\"", "on server win-b: \"Edit reservations\"");
      JsonNode json = run("principals", "--json").expect(ExitCode.OK).json();
      assertThat(json.path("defaultPrincipal").asText()).isEqualTo("alice");
      assertThat(texts(json.path("principals"), "name")).containsExactly("alice", "ivan", "bob", "carol", "dave");
    }
  }

  @Nested
  @DisplayName("relationships")
  class Relationships {

    @Test
    @DisplayName("list and show read the three pairs")
    void listAndShow() {
      assertThat(run("relationships", "list").expect(ExitCode.OK).out())
          .contains("\"isc-pair\"  ISC dhcpd  load balancing, primary isc-a, secondary isc-b, 2 scope(s)")
          .contains("\"kea-pair\"  Kea  hot standby, primary kea-a, standby kea-b, 2 scope(s)")
          .contains("\"win-pair\"  Windows DHCP  hot standby, primary win-a, standby win-b, 8 scope(s)");
      JsonNode list = run("relationships", "list", "--json").expect(ExitCode.OK).json();
      assertThat(texts(list.path("relationships"), "name")).containsExactly("isc-pair", "kea-pair", "win-pair");

      assertThat(run("relationships", "show", "kea-pair").expect(ExitCode.OK).out())
          .contains("kea-a: primary", "kea-b: standby", "scopes: 10.20.0.0/24, 10.21.0.0/24");
      JsonNode show = run("relationships", "show", "isc-pair", "--json").expect(ExitCode.OK).json();
      assertThat(show.path("relationship").path("settings").path("split").asInt()).isEqualTo(128);
      assertThat(texts(show.path("relationship").path("scopes"), null)).containsExactly("10.10.0.0/24", "10.11.0.0/24");
    }

    @Test
    @DisplayName("create shows the plan, applies it with --apply --yes, and the next run lists the new relationship")
    void create() {
      Cli.Result plan = run("relationships", "create", "lobby", "--primary", "win-a", "--secondary", "win-b",
          "--mode", "load-balancing", "--load-balance-percent", "60", "--scope", "10.39.0.0/24").expect(ExitCode.OK);
      assertThat(plan.out()).contains("Plan: create relationship lobby", "+ scope 10.39.0.0/24",
          "allowed: alice creating relationship lobby", "plan only: nothing was changed");
      assertThat(run("relationships", "list").out()).doesNotContain("lobby");

      JsonNode applied = run("relationships", "create", "lobby", "--primary", "win-a", "--secondary", "win-b",
          "--mode", "load-balancing", "--load-balance-percent", "60", "--scope", "10.39.0.0/24", "--apply", "--yes",
          "--json").expect(ExitCode.OK).json();
      assertThat(applied.path("applied").asBoolean()).isTrue();
      assertThat(applied.path("plan").path("operation").path("operation").asText()).isEqualTo("create-relationship");
      JsonNode show = run("relationships", "show", "lobby", "--json").expect(ExitCode.OK).json();
      assertThat(show.path("relationship").path("mode").asText()).isEqualTo("LOAD_BALANCING");
      assertThat(show.path("relationship").path("settings").path("loadBalancePercent").asInt()).isEqualTo(60);
    }

    @Test
    @DisplayName("create of an ISC pair declares a failover peer on both servers")
    void createIsc() {
      run("relationships", "remove", "isc-pair", "--keep-scopes-on", "isc-a", "--other-side", "delete", "--apply",
          "--yes").expect(ExitCode.OK);
      assertThat(run("peers", "list").out()).contains("isc-a:\n  no failover peers", "isc-b:\n  no failover peers");
      run("relationships", "create", "campus", "--primary", "isc-a", "--secondary", "isc-b", "--mode", "hot-standby",
          "--scope", "10.10.0.0/24", "--apply", "--yes").expect(ExitCode.OK);
      String peers = run("peers", "list").expect(ExitCode.OK).out();
      assertThat(peers).contains("\"campus\" primary, address 192.0.2.11:647", "split 256",
          "\"campus\" secondary, address 192.0.2.12:647");
    }

    @Test
    @DisplayName("modify changes the mode and settings; options of another vendor are a usage error")
    void modify() {
      Cli.Result plan = run("relationships", "modify", "win-pair", "--reserve-percent", "10", "--mclt", "2h",
          "--apply", "--yes").expect(ExitCode.OK);
      assertThat(plan.out()).contains("Plan: modify relationship win-pair", "applied plan");
      JsonNode show = run("relationships", "show", "win-pair", "--json").json();
      assertThat(show.path("relationship").path("settings").path("reservePercent").asInt()).isEqualTo(10);
      assertThat(show.path("relationship").path("settings").path("maxClientLeadTime").asText()).isEqualTo("PT2H");

      run("relationships", "modify", "kea-pair", "--mode", "load-balancing", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("relationships", "show", "kea-pair").out()).contains("kea-b: secondary", "load balancing");

      Cli.Result wrong = run("relationships", "modify", "kea-pair", "--split", "200").expect(ExitCode.USAGE);
      assertThat(wrong.err()).contains("not for a Kea relationship: --split (ISC)");
      run("relationships", "modify", "kea-pair").expect(ExitCode.USAGE);
    }

    @Test
    @DisplayName("modify turns a Windows relationship's switchover interval and message authentication off")
    void windowsSwitchoverAndAuthenticationOff() {
      java.nio.file.Path secret = dir.resolve("secret.txt");
      try {
        java.nio.file.Files.writeString(secret, "s3cret-for-the-test");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      run("relationships", "modify", "win-pair", "--state-switch-interval", "30m", "--shared-secret-file",
          secret.toString(), "--apply", "--yes").expect(ExitCode.OK);
      JsonNode on = run("relationships", "show", "win-pair", "--json").expect(ExitCode.OK).json();
      assertThat(on.path("relationship").path("settings").path("stateSwitchInterval").asText()).isEqualTo("PT30M");
      assertThat(on.path("relationship").path("settings").path("messageAuthentication").asBoolean()).isTrue();

      run("relationships", "modify", "win-pair", "--state-switch-interval", "0", "--no-message-authentication",
          "--apply", "--yes").expect(ExitCode.OK);
      JsonNode off = run("relationships", "show", "win-pair", "--json").expect(ExitCode.OK).json();
      assertThat(off.path("relationship").path("settings").path("stateSwitchInterval").isMissingNode()
          || off.path("relationship").path("settings").path("stateSwitchInterval").isNull()).isTrue();
      assertThat(off.path("relationship").path("settings").path("messageAuthentication").asBoolean()).isFalse();

      Cli.Result both = run("relationships", "modify", "win-pair", "--no-message-authentication",
          "--shared-secret-file", secret.toString()).expect(ExitCode.USAGE);
      assertThat(both.err()).contains("--no-message-authentication turns the shared secret off");
      assertThat(run("relationships", "modify", "kea-pair", "--no-message-authentication").expect(ExitCode.USAGE).err())
          .contains("not for a Kea relationship: --no-message-authentication (Windows)");
    }

    @Test
    @DisplayName("a Windows relationship created without scopes leaves every later sandbox command working")
    void windowsRelationshipWithoutScopes() {
      run("relationships", "create", "empty-pair", "--primary", "win-a", "--secondary", "win-b", "--mode",
          "hot-standby", "--reserve-percent", "5", "--apply", "--yes").expect(ExitCode.OK);
      for (int i = 0; i < 2; i++) {
        assertThat(run("relationships", "list").expect(ExitCode.OK).out()).contains("empty-pair");
      }
      run("servers").expect(ExitCode.OK);
      run("relationships", "remove", "empty-pair", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("relationships", "list").expect(ExitCode.OK).out()).doesNotContain("empty-pair");
    }

    @Test
    @DisplayName("remove with scopes needs a survivor; with one, the other copies are disabled")
    void remove() {
      Cli.Result refused = run("relationships", "remove", "win-pair", "--apply", "--yes");
      // a missing --keep-scopes-on is a usage error naming the option and its two choices
      assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
      assertThat(refused.err()).contains("win-pair", "--keep-scopes-on win-a or --keep-scopes-on win-b");
      run("relationships", "remove", "win-pair", "--keep-scopes-on", "win-a", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("relationships", "list").out()).doesNotContain("win-pair");
      assertThat(run("scopes", "list", "win-b").out()).contains("DISABLED");
    }
  }

  @Nested
  @DisplayName("scopes and peers")
  class ScopesAndPeers {

    @Test
    @DisplayName("scopes add copies a scope to the partner; scopes remove keeps it on one side")
    void scopes() {
      assertThat(run("scopes", "list", "win-a").expect(ExitCode.OK).out())
          .contains("10.39.0.0/24", "not in failover");
      Cli.Result add = run("scopes", "add", "win-pair", "10.39.0.0/24", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(add.out()).contains("Plan: add scope 10.39.0.0/24 to relationship win-pair", "+ scope 10.39.0.0/24");
      JsonNode listed = run("scopes", "list", "win-b", "--json").expect(ExitCode.OK).json();
      List<String> subnets = new ArrayList<>();
      listed.path("servers").get(0).path("scopes").forEach(n -> subnets.add(n.path("scope").path("subnet").asText()));
      assertThat(subnets).contains("10.39.0.0/24", "10.30.0.0/24");

      run("scopes", "remove", "win-pair", "10.39.0.0/24", "--keep-on", "win-a", "--other-side", "delete", "--apply",
          "--yes").expect(ExitCode.OK);
      assertThat(run("scopes", "list", "win-b").out()).doesNotContain("10.39.0.0/24");
      run("scopes", "remove", "win-pair", "10.31.0.0/24").expect(ExitCode.USAGE);
    }

    @Test
    @DisplayName("peers add, edit, set-pool and delete on an ISC server, each planned first")
    void peers() {
      Cli.Result add = run("peers", "add", "isc-a", "spare", "--role", "primary", "--address", "192.0.2.11",
          "--port", "847", "--peer-address", "192.0.2.12", "--peer-port", "847").expect(ExitCode.OK);
      assertThat(add.out()).contains("Plan: add failover peer \"spare\" on isc-a", "plan only");
      run("peers", "add", "isc-a", "spare", "--role", "primary", "--address", "192.0.2.11", "--port", "847",
          "--peer-address", "192.0.2.12", "--peer-port", "847", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("peers", "list", "isc-a").out()).contains("\"spare\" primary, address 192.0.2.11:847");

      run("peers", "edit", "isc-a", "spare", "--mclt", "30m", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("peers", "list", "isc-a").out()).contains("mclt 1800s");

      Cli.Result move = run("peers", "set-pool", "isc-a", "10.10.0.0/24", "10.10.0.100-10.10.0.199", "--peer", "spare",
          "--apply", "--yes").expect(ExitCode.OK);
      assertThat(move.out()).contains("set the failover peer of pool 10.10.0.100-10.10.0.199");
      JsonNode peers = run("peers", "list", "isc-a", "--json").expect(ExitCode.OK).json();
      JsonNode spare = null;
      for (JsonNode p : peers.path("servers").get(0).path("peers")) {
        if (p.path("peer").path("name").asText().equals("spare")) {
          spare = p;
        }
      }
      assertThat(spare).isNotNull();
      assertThat(texts(spare.path("pools"), null)).containsExactly("10.10.0.100-10.10.0.199");

      run("peers", "delete", "isc-a", "spare", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("peers", "list", "isc-a").out()).doesNotContain("spare")
          .contains("pools: 10.10.0.100-10.10.0.199, 10.11.0.50-10.11.0.150");
      run("peers", "set-pool", "isc-a", "10.10.0.0/24", "10.10.0.100-10.10.0.199").expect(ExitCode.USAGE);
      run("peers", "edit", "isc-a", "nobody", "--split", "10").expect(ExitCode.ERROR);
    }
  }

  @Nested
  @DisplayName("replication, drift, status")
  class ReplicationDriftStatus {

    @Test
    @DisplayName("drift finds the sample's drift (exit 3); replicate --apply in one run, drift gone in the next (exit 0)")
    void replicateThenDrift() {
      Cli.Result drift = run("drift").expect(ExitCode.DRIFT);
      assertThat(drift.out()).contains("relationship \"kea-pair\" (Kea): drift between kea-a and kea-b",
          "reservation \"door-1\" hw-address 00:16:3e:20:00:02 → 10.20.0.11: only on kea-a", "3 of 3 relationship(s) drifted");
      JsonNode json = run("drift", "kea-pair", "--json").expect(ExitCode.DRIFT).json();
      assertThat(json.path("driftFound").asBoolean()).isTrue();
      assertThat(json.path("relationships").get(0).path("differences").asInt()).isEqualTo(2);
      assertThat(json.path("relationships").get(0).path("report").path("scopes").get(0).path("subnet").asText())
          .isEqualTo("10.20.0.0/24");

      Cli.Result plan = run("replicate", "relationship", "kea-pair", "--from", "kea-a").expect(ExitCode.OK);
      assertThat(plan.out()).contains("Plan: replicate relationship kea-pair from kea-a",
          "+ reservation \"door-1\" hw-address 00:16:3e:20:00:02 → 10.20.0.11", "plan only");
      run("drift", "kea-pair").expect(ExitCode.DRIFT);

      run("replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(run("drift", "kea-pair").expect(ExitCode.OK).out()).contains("no drift between kea-a and kea-b");
      run("drift").expect(ExitCode.DRIFT);
    }

    @Test
    @DisplayName("replicate scope and replicate server, with the progress bar on standard error")
    void scopeAndServer() {
      JsonNode plan = run("replicate", "scope", "10.11.0.0/24", "--from", "isc-a", "--json").expect(ExitCode.OK).json();
      assertThat(plan.path("applied").asBoolean()).isFalse();
      assertThat(plan.path("allowed").asBoolean()).isTrue();
      assertThat(plan.path("plan").path("servers").get(0).path("server").asText()).isEqualTo("isc-b");
      run("replicate", "scope", "10.11.0.0/24", "--from", "isc-a", "--apply", "--yes").expect(ExitCode.OK);
      run("drift", "isc-pair").expect(ExitCode.OK);

      Cli.Result server = run("replicate", "server", "--from", "win-a", "--apply", "--yes").expect(ExitCode.OK);
      assertThat(server.err()).contains("[##############################] 100% win-b");
      assertThat(server.err().lines().filter(l -> l.startsWith("["))).hasSizeBetween(2, 11);
      run("drift", "win-pair").expect(ExitCode.OK);
      Cli.Result quiet = run("replicate", "server", "--from", "win-a", "--apply", "--yes", "--no-progress");
      assertThat(quiet.err()).doesNotContain("[");
    }

    @Test
    @DisplayName("status reads both servers of each pair over their faces; partner-down is planned, applied over OMAPI / SSH, and kept; Kea refuses it while its partner answers")
    void statusAndPartnerDown() {
      assertThat(run("status").expect(ExitCode.OK).out()).containsPattern("\n  kea-b +hot-standby +hot-standby +yes +")
          .containsPattern("\n  isc-a +normal +normal +yes +not reported +-\n")
          .containsPattern("\n  win-b +NORMAL +not reported +yes +not reported +-\n");
      Cli.Result plan = run("partner-down", "isc-pair", "--on", "isc-b").expect(ExitCode.OK);
      assertThat(plan.out()).contains("Plan: set partner-down on isc-b", "plan only");
      assertThat(run("status", "isc-pair").out()).doesNotContain("partner-down");

      // isc-b is in touch with isc-a (both normal): without a terminal, only --force sets it anyway
      JsonNode done = run("partner-down", "isc-pair", "--on", "isc-b", "--apply", "--yes", "--force", "--json")
          .expect(ExitCode.OK).json();
      assertThat(done.path("applied").asBoolean()).isTrue();
      JsonNode status = run("status", "isc-pair", "--json").expect(ExitCode.OK).json();
      assertThat(texts(status.path("statuses"), "localCommon")).containsExactly("NORMAL", "PARTNER_DOWN");
      assertThat(status.path("statuses").get(1).path("local").path("state").asText()).isEqualTo("partner-down");
      // the text says it in the vendor's words, and what to watch
      assertThat(run("status", "isc-pair").expect(ExitCode.OK).out()).containsPattern("\n  isc-b +partner-down +")
          .contains("partner-down: serving alone, the partner is taken as down");

      // Windows takes partner-down only from communication-interrupted; both fakes are in touch (normal)
      assertThat(run("partner-down", "win-pair", "--on", "win-b", "--apply", "--yes").expect(ExitCode.ERROR).err())
          .contains("win-b refused", "COMMUNICATION INTERRUPTED", "ERROR_INVALID_PARAMETER");

      Cli.Result kea = run("partner-down", "kea-pair", "--on", "kea-b", "--apply", "--yes").expect(ExitCode.ERROR);
      assertThat(kea.err()).contains("kea-a still answers kea-b", "nothing was sent");
      run("partner-down", "kea-pair", "--on", "win-a").expect(ExitCode.USAGE);
    }

    @Test
    @DisplayName("maintenance goes to the Kea fakes through the Kea backend: planned, started, cancelled; refused on a non-Kea relationship (exit 2)")
    void maintenance() {
      assertThat(run("maintenance", "start", "kea-pair", "--on", "kea-b").expect(ExitCode.OK).out())
          .contains("Plan: ha-maintenance-start on kea-b", "plan only");
      assertThat(run("maintenance", "start", "kea-pair", "--on", "kea-b", "--apply", "--yes").expect(ExitCode.OK)
          .out()).contains("done: ha-maintenance-start on kea-b");
      // the Kea HA state is not kept between sandbox runs: the next run's fresh pair is not in maintenance
      JsonNode json = run("maintenance", "cancel", "kea-pair", "--on", "kea-b", "--apply", "--yes", "--json")
          .expect(ExitCode.ERROR).json();
      assertThat(json.path("error").path("message").asText()).contains("not in the partner-in-maintenance state");
      assertThat(run("maintenance", "start", "win-pair", "--on", "win-b").expect(ExitCode.USAGE).err())
          .contains("Kea HA feature");
      run("maintenance", "pause", "kea-pair", "--on", "kea-b").expect(ExitCode.USAGE);
    }

    @Test
    @DisplayName("a plan saved with --json (ISC, Kea, Windows, even in the run that builds the sample) applies in a later run with apply")
    void savedPlan() throws Exception {
      // saved in the very run that builds the sample, applied in a later one (Windows)
      Path winPlan = dir.resolve("win-plan.json");
      Files.writeString(winPlan, run("replicate", "relationship", "win-pair", "--from", "win-a", "--json")
          .expect(ExitCode.OK).out());
      Path plan = dir.resolve("plan.json");
      Files.writeString(plan, run("replicate", "relationship", "isc-pair", "--from", "isc-a", "--json")
          .expect(ExitCode.OK).out());
      run("drift", "isc-pair").expect(ExitCode.DRIFT);
      Cli.Result applied = run("apply", plan.toString(), "--yes").expect(ExitCode.OK);
      assertThat(applied.out()).contains("Plan: replicate relationship isc-pair from isc-a", "applied plan");
      run("drift", "isc-pair").expect(ExitCode.OK);
      // Kea too: the next run starts the fake pair on the same ports, so the configurations and
      // their fingerprints are the same
      Path keaPlan = dir.resolve("kea-plan.json");
      Files.writeString(keaPlan, run("replicate", "relationship", "kea-pair", "--from", "kea-a", "--json")
          .expect(ExitCode.OK).out());
      run("drift", "kea-pair").expect(ExitCode.DRIFT);
      assertThat(run("apply", keaPlan.toString(), "--yes").expect(ExitCode.OK).out())
          .contains("Plan: replicate relationship kea-pair from kea-a", "applied plan");
      run("drift", "kea-pair").expect(ExitCode.OK);
      run("drift", "win-pair").expect(ExitCode.DRIFT);
      assertThat(run("apply", winPlan.toString(), "--yes").expect(ExitCode.OK).out())
          .contains("Plan: replicate relationship win-pair from win-a", "applied plan");
      run("drift", "win-pair").expect(ExitCode.OK);
      assertThat(Files.readString(state().resolve("sandbox.json"))).contains("failover-cli-sandbox/2", "win-pair");
      run("--sandbox-reset", "drift", "win-pair").expect(ExitCode.DRIFT);
    }
  }
}
