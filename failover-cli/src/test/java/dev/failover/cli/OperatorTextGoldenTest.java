package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads, against golden files under {@code src/test/resources/golden}: plans and
 * drift with values, relationship settings in each vendor's words, status as columns; and for
 * each, that {@code --json} carries every fact the text shows.
 */
class OperatorTextGoldenTest {

  @TempDir
  static Path dir;

  static Path state() {
    return dir.resolve("sandbox");
  }

  Cli.Result run(String... args) {
    return Cli.sandbox(state(), args);
  }

  @BeforeAll
  static void sample() {
    Cli.sandbox(dir.resolve("sandbox"), "--sandbox-reset", "principals").expect(ExitCode.OK);
  }

  /** Every {@code text} and {@code heading} in a JSON tree. */
  static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.findValues("text").forEach(n -> out.add(n.asText()));
    node.findValues("heading").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The lines of a text, trimmed, without the empty ones. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
    return out;
  }

  @Test
  @DisplayName("drift shows each differing item with the values each server holds, and --json carries each line with its fields")
  void drift() {
    Cli.Result text = run("drift").expect(ExitCode.DRIFT);
    Golden.check("drift.txt", text.out());
    assertThat(text.out()).contains(
        "option 6 domain-name-servers differs: isc-a has 192.0.2.53, 192.0.2.54; isc-b has 192.0.2.53",
        "reservation \"scope-analyser\" hw-address 00:16:3e:11:00:01 differs: isc-a has address 10.11.0.20; "
            + "isc-b has address 10.11.0.21",
        "reservation \"door-1\" hw-address 00:16:3e:20:00:02 → 10.20.0.11: only on kea-a");
    JsonNode json = run("drift", "--json").expect(ExitCode.DRIFT).json();
    List<String> facts = new ArrayList<>();
    json.path("relationships").forEach(r -> facts.addAll(texts(r.path("review"))));
    for (String line : lines(text.out())) {
      if (line.startsWith("relationship \"")) {
        assertThat(facts).as("the JSON review of the heading %s", line).contains(line.substring(line.indexOf("): ") + 3));
      } else if (!line.contains("relationship(s) drifted")) {
        assertThat(facts).as("the JSON review of the line %s", line).contains(line);
      }
    }
    // the fields behind a line: each server's value of the reservation's address
    JsonNode isc = json.path("relationships").get(0).path("review").path("scopes").get(0).path("lines").get(1);
    assertThat(isc.path("label").asText()).isEqualTo("reservation \"scope-analyser\" hw-address 00:16:3e:11:00:01");
    assertThat(isc.path("fields").get(0).path("field").asText()).isEqualTo("address");
    assertThat(isc.path("fields").get(0).path("isc-a").asText()).isEqualTo("10.11.0.20");
    assertThat(isc.path("fields").get(0).path("isc-b").asText()).isEqualTo("10.11.0.21");
  }

  @Test
  @DisplayName("a replication plan shows option values before → after and reservations with name, identifier and address")
  void replicationPlan() {
    Cli.Result text = run("replicate", "relationship", "isc-pair", "--from", "isc-a").expect(ExitCode.OK);
    Golden.check("plan-replicate-isc-pair.txt", text.out());
    assertThat(text.out()).contains("  scope 10.11.0.0/24: ~1 option ~1 reservation\n"
        + "    ~ option 6 domain-name-servers: 192.0.2.53 → 192.0.2.53, 192.0.2.54\n"
        + "    ~ reservation \"scope-analyser\" hw-address 00:16:3e:11:00:01: address 10.11.0.21 → 10.11.0.20\n");
    JsonNode json = run("replicate", "relationship", "isc-pair", "--from", "isc-a", "--json").expect(ExitCode.OK).json();
    assertPlanLinesInJson(text.out(), json);
    // the review's values are the plan's own
    JsonNode change = json.path("plan").path("servers").get(0).path("changes").get(0).path("item");
    JsonNode line = json.path("review").path("servers").get(0).path("groups").get(0).path("lines").get(0);
    assertThat(line.path("fields").get(0).path("before").asText()).isEqualTo(change.path("before").path("value").asText());
    assertThat(line.path("fields").get(0).path("after").asText()).isEqualTo(change.path("after").path("value").asText());
  }

  @Test
  @DisplayName("adding a scope shows the pool that now refers to the failover peer and every item copied to the partner")
  void scopeAddPlan() {
    Cli.Result text = run("scopes", "add", "isc-pair", "10.19.0.0/24").expect(ExitCode.OK);
    Golden.check("plan-scopes-add-isc.txt", text.out());
    assertThat(text.out()).contains("~ pool 10.19.0.10-10.19.0.250: now refers to failover peer \"isc-pair\"",
        "+ scope 10.19.0.0/24 (3 items) created:", "+ option 3 routers: 10.19.0.1",
        "+ pool 10.19.0.10-10.19.0.250, failover peer \"isc-pair\"");
    assertPlanLinesInJson(text.out(), run("scopes", "add", "isc-pair", "10.19.0.0/24", "--json").json());
  }

  @Test
  @DisplayName("modifying relationships shows each setting that changes in the vendor's words, before → after")
  void modifyPlans() {
    Cli.Result isc = run("relationships", "modify", "isc-pair", "--mclt", "30m").expect(ExitCode.OK);
    Cli.Result win = run("relationships", "modify", "win-pair", "--mode", "load-balancing",
        "--state-switch-interval", "1h").expect(ExitCode.OK);
    Golden.check("plan-modify-relationships.txt", isc.out() + "\n" + win.out());
    assertThat(isc.out()).contains("  ~ failover peer \"isc-pair\":\n    mclt 1 h → 30 min\n");
    assertThat(win.out()).contains("mode hot standby, partner standby → load balance",
        "state switchover interval off → 1 h", "load balance none → 50 % on the primary");
    assertPlanLinesInJson(win.out(), run("relationships", "modify", "win-pair", "--mode", "load-balancing",
        "--state-switch-interval", "1h", "--json").json());
  }

  @Test
  @DisplayName("relationships show lists the settings as a table in each vendor's terms, and --json carries the same rows")
  void settings() {
    StringBuilder all = new StringBuilder();
    for (String r : List.of("isc-pair", "kea-pair", "win-pair")) {
      Cli.Result text = run("relationships", "show", r).expect(ExitCode.OK);
      all.append(text.out()).append('\n');
      assertThat(text.out()).doesNotContain("Settings{", "PT1M", "PT1H", "=");
      JsonNode rows = run("relationships", "show", r, "--json").expect(ExitCode.OK).json().path("settings").path("rows");
      Map<String, String> byName = new TreeMap<>();
      rows.fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue().asText()));
      assertThat(byName).isNotEmpty();
      byName.forEach((k, v) -> assertThat(text.out()).containsPattern("\n    " + java.util.regex.Pattern.quote(k)
          + " +" + java.util.regex.Pattern.quote(v) + "\n"));
    }
    Golden.check("relationships-show.txt", all.toString());
    assertThat(all.toString()).contains("    mclt                      1 h\n", "    max-response-delay        60 s\n",
        "    split                     128\n", "    heartbeat-delay             10 s\n",
        "    reserve                    5 %\n", "    MCLT                       1 h\n");
  }

  @Test
  @DisplayName("status is a table of server, state, partner state, in touch, last contact and what to watch; -v and --json add the details")
  void status() {
    Cli.Result text = run("status").expect(ExitCode.OK);
    Golden.check("status.txt", text.out());
    assertThat(lines(text.out())).allMatch(l -> l.length() <= 120, "lines of at most 120 characters");
    assertThat(text.out()).contains("  server  state        partner state  in touch  last contact             watch\n")
        .doesNotContain("hierarchy=", "load-balance-hba");
    JsonNode json = run("status", "--json").expect(ExitCode.OK).json();
    for (JsonNode s : json.path("statuses")) {
      String row = s.path("server").asText() + " +" + s.path("local").path("state").asText() + " +"
          + (s.has("partner") ? s.path("partner").path("state").asText() : "not reported") + " +"
          + s.path("inTouch").asText() + " +"
          + java.util.regex.Pattern.quote(Golden.mask(s.path("lastContactText").asText())) + " +"
          + java.util.regex.Pattern.quote(s.path("watch").isEmpty() ? "-" : s.path("watch").get(0).asText());
      // two runs: the clock times differ, so both are compared masked
      assertThat(Golden.mask(text.out())).containsPattern(row);
    }
    Cli.Result verbose = run("status", "-v", "kea-pair").expect(ExitCode.OK);
    assertThat(verbose.out()).contains("  kea-a reports:\n", "    unacked-clients ")
        .containsPattern("\n    scopes \\(HA: serves clients of\\) +kea-a\n")
        .containsPattern("\n    partner-scopes \\(HA: serves clients of\\) +kea-a\n");
  }

  /** Every line of a plan's text, between its heading and the decision, is a line of the JSON review. */
  static void assertPlanLinesInJson(String text, JsonNode json) {
    List<String> facts = texts(json.path("review"));
    json.path("review").path("warnings").forEach(w -> facts.add("! " + w.asText()));
    for (String line : lines(text)) {
      if (line.startsWith("Plan: ") || line.startsWith("digest ") || line.equals("Warnings:")
          || line.startsWith("allowed: ") || line.startsWith("denied: ") || line.startsWith("plan only")
          || line.startsWith("(no principal")) {
        continue;
      }
      assertThat(facts).as("the JSON review of the line %s", line).contains(line);
    }
    assertThat(json.path("review").path("operation").asText()).isEqualTo(json.path("operation").asText());
  }
}
