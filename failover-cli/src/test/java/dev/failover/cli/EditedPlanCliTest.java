package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.diff.ItemChange;
import dev.failover.json.FailoverJson;
import dev.failover.plan.ImmutablePlan;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerPlan;
import dev.failover.scope.Reservation;
import dev.failover.scope.Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan --json, edit the file by hand, apply: refused, and the servers keep what they held (sandbox). */
@DisplayName("apply refuses a plan file changed by hand")
class EditedPlanCliTest {

  @TempDir
  Path dir;

  Cli.Result run(String... args) {
    return Cli.sandbox(dir.resolve("sandbox"), args);
  }

  private Path saved() throws Exception {
    Path file = dir.resolve("plan.json");
    Files.writeString(file, run("--as", "carol", "replicate", "scope", "10.30.0.0/24", "--from", "win-a", "--json")
        .expect(ExitCode.OK).out());
    return file;
  }

  @Test
  @DisplayName("a value changed in the saved plan: refused for its digest, exit 1, nothing applied")
  void aChangedValueIsRefused() throws Exception {
    Path file = saved();
    String text = Files.readString(file);
    String edited = text.replace("10.30.0.99", "10.30.0.98");
    assertThat(edited).isNotEqualTo(text);
    Files.writeString(file, edited);
    Cli.Result r = run("--as", "carol", "apply", file.toString(), "--yes", "--json").expect(ExitCode.ERROR);
    assertThat(r.json().path("error").path("kind").asText()).isEqualTo("invalid");
    assertThat(r.json().path("error").path("message").asText()).contains("digest")
        .contains("changed after it was made");
    run("drift", "win-pair").expect(ExitCode.DRIFT);
    assertThat(run("drift", "win-pair", "--json").json().path("relationships").get(0).path("report").toString())
        .contains("10.30.0.99");
  }

  @Test
  @DisplayName("a document without its digest is refused")
  void aDocumentWithoutDigestIsRefused() throws Exception {
    Path file = saved();
    ObjectNode doc = (ObjectNode) FailoverJson.mapper().readTree(Files.readString(file));
    doc.remove("digest");
    ((ObjectNode) doc.get("plan")).remove("digest");
    Files.writeString(file, doc.toString());
    assertThat(run("--as", "carol", "apply", file.toString(), "--yes").expect(ExitCode.ERROR).err())
        .contains("digest").contains("must be present");
  }

  @Test
  @DisplayName("a change to another scope slipped into carol's one-scope plan, digest recomputed: refused, the other scope untouched")
  void aWidenedPlanIsRefusedEvenWithAFreshDigest() throws Exception {
    Path file = saved();
    JsonNode doc = FailoverJson.mapper().readTree(Files.readString(file));
    Plan plan = FailoverJson.read(doc.get("plan").toString(), Plan.class);
    ServerPlan b = plan.servers().stream().filter(p -> p.server().value().equals("win-b")).findFirst().orElseThrow();
    ServerPlan widened = ImmutableServerPlan.builder().from(b).addChange(ItemChanged.of(ItemChange.add(
        Subnet.parse("10.31.0.0/24"), Reservation.of("00:16:3e:31:00:66", "10.31.0.66")))).build();
    Plan forged = ImmutablePlan.builder().from(plan).servers(List.of(widened)).build();
    Files.writeString(file, FailoverJson.write(forged));
    Cli.Result r = run("--as", "carol", "apply", file.toString(), "--yes", "--json").expect(ExitCode.ERROR);
    assertThat(r.json().path("error").path("message").asText()).contains("must stay within scope 10.30.0.0/24")
        .contains("10.31.0.0/24");
    String drift = run("drift", "win-pair", "--json").expect(ExitCode.DRIFT).out();
    assertThat(drift).contains("10.30.0.99").doesNotContain("00:16:3e:31:00:66");
  }

  @Test
  @DisplayName("the plan file as saved still applies")
  void theSavedPlanApplies() throws Exception {
    Path file = saved();
    assertThat(run("--as", "carol", "apply", file.toString(), "--yes").expect(ExitCode.OK).out()).contains("applied plan");
  }
}
