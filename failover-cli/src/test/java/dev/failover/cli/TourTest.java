package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job ({@code failover --sandbox --sandbox-reset tour}, which
 * {@code mvn -B -q compile exec:java -pl failover-cli -am} runs): a newcomer sees drift, a planned
 * and applied replication, the drift gone, and the state of every pair, and the tour exits 0.
 */
class TourTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("the tour shows drift, plans and applies the replication, finds no drift after it, reads status, exits 0")
  void tour() {
    Cli.Result r = Cli.sandbox(dir.resolve("sandbox"), "--sandbox-reset", "tour").expect(ExitCode.OK);
    String out = r.out();
    int drift = out.indexOf("$ failover --sandbox drift");
    int plan = out.indexOf("$ failover --sandbox replicate relationship kea-pair --from kea-a", drift);
    int apply = out.indexOf("--apply --yes", plan);
    int after = out.indexOf("$ failover --sandbox drift kea-pair", apply);
    int status = out.indexOf("$ failover --sandbox status", after);
    assertThat(new int[] {drift, plan, apply, after, status}).as("the tour's steps, in order:%n%s", out)
        .doesNotContain(-1).isSorted();
    assertThat(out.substring(drift, plan)).contains("kea-pair").contains("reservation \"door-1\" hw-address 00:16:3e:20:00:02 → 10.20.0.11: only on kea-a");
    assertThat(out.substring(apply, after)).contains("applied plan").contains("kea-b now at state");
    assertThat(out.substring(after, status)).contains("no drift between kea-a and kea-b");
    assertThat(out.substring(status)).contains("relationship \"isc-pair\"", "relationship \"kea-pair\"",
        "relationship \"win-pair\"").doesNotContain("(exit code 1)").doesNotContain("(exit code 4)");
    // the step before the apply only plans: the Kea pair still drifted then
    assertThat(out.substring(plan, apply)).contains("Plan: replicate relationship kea-pair from kea-a");
    // the sandbox's generated secrets never reach the output
    assertThat(r.all()).doesNotContainIgnoringCase("password=").doesNotContain("secret=");
  }
}
