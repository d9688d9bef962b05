package dev.failover.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code failover --sandbox tour}: a guided run through the sandbox — the servers, the drift in
 * them, a replication planned and then applied, the drift gone, the failover state — each step
 * the real command, printed as that command prints it, on one sandbox session (the fakes start
 * once). It is the main job of the repository's README ({@code mvn … exec:java -pl failover-cli}).
 */
@Command(name = "tour", description = {"A guided tour of the sandbox: servers, drift, a replication planned and",
    "applied, drift again, status; each step is the real command. Only with --sandbox."})
final class TourCommand extends CliCommand {

  /** One step: the command line after {@code failover --sandbox}, and the exit codes it may end with. */
  private record Step(String why, List<String> args, List<Integer> codes) {}

  private static final List<Step> STEPS = List.of(
      new Step("The six servers of the sandbox, read through the ISC, Kea and Windows backends:",
          List.of("servers"), List.of(ExitCode.OK)),
      new Step("Drift between partners: someone edited the partners by hand (exit code 3: drift found):",
          List.of("drift"), List.of(ExitCode.DRIFT, ExitCode.OK)),
      new Step("The plan that repairs the Kea pair by copying kea-a's scopes onto kea-b (nothing changes yet):",
          List.of("replicate", "relationship", "kea-pair", "--from", "kea-a"), List.of(ExitCode.OK)),
      new Step("The same plan applied (--apply --yes): checked by the server, applied, read back:",
          List.of("replicate", "relationship", "kea-pair", "--from", "kea-a", "--apply", "--yes", "--no-progress"),
          List.of(ExitCode.OK)),
      new Step("Drift of the Kea pair again: none left:",
          List.of("drift", "kea-pair"), List.of(ExitCode.OK)),
      new Step("The failover state of every pair, as each server reports it:",
          List.of("status"), List.of(ExitCode.OK)));

  @Override
  int run(Session session, Output out) {
    if (session.sandbox().isEmpty()) {
      throw new UsageException("the tour runs on the sandbox: failover --sandbox tour");
    }
    if (out.json()) {
      throw new UsageException("the tour writes text; run its commands one by one for --json");
    }
    out.text("A tour of the failover sandbox in " + session.sandbox().get().directory()
        + " (fake ISC, Kea and Windows servers on 127.0.0.1, driven by the SDK's real backends).");
    int n = 0;
    for (Step step : STEPS) {
      n++;
      out.text("");
      out.text(n + ". " + step.why());
      out.text("$ failover --sandbox " + String.join(" ", step.args()));
      session.sandbox().get().settleKea();
      int code = tool().runStep(step.args().toArray(String[]::new));
      out.text("(exit code " + code + ")");
      if (!step.codes().contains(code)) {
        out.note("tour stopped: step " + n + " ended with exit code " + code + ", expected " + step.codes());
        return code == ExitCode.OK ? ExitCode.ERROR : code;
      }
    }
    out.text("");
    List<String> next = new ArrayList<>(List.of(
        "Next: build the tool (mvn -B -q package -DskipTests -pl failover-cli -am) and try",
        "  failover-cli/bin/failover --sandbox drift",
        "  failover-cli/bin/failover --sandbox replicate server --from win-a --apply",
        "  failover-cli/bin/failover --sandbox --help",
        "failover-cli/README.md describes every command; --sandbox-reset starts the sandbox over."));
    next.forEach(out::text);
    return ExitCode.OK;
  }
}
