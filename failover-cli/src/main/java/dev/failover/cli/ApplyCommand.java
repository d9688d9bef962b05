package dev.failover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.ValidationException;
import dev.failover.Violation;
import dev.failover.json.FailoverJson;
import dev.failover.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code failover apply PLAN-FILE}: applies a plan saved earlier — a bare plan, or the
 * {@code --json} document of a command that showed one — exactly as it was reviewed. A server that
 * changed since is a conflict (exit code 4): plan again.
 */
@Command(name = "apply", description = {"Apply a plan saved earlier with --json.",
    "The document a command wrote with --json, or a bare plan, applied exactly as reviewed. A server changed",
    "since the plan was made is a conflict (exit 4)."})
final class ApplyCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "PLAN-FILE", description = "The saved plan (JSON).")
  Path file;

  @Option(names = {"-y", "--yes"}, description = "Apply without the confirmation prompt.")
  boolean yes;

  @Option(names = "--no-progress", description = "No progress bar on standard error.")
  boolean noProgress;

  @Override
  int run(Session session, Output out) {
    String where = "plan file " + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ValidationException(where, List.of(new Violation("file", file.toString(),
          "must be a readable file (" + e.getClass().getSimpleName() + ")")));
    }
    JsonNode root;
    try {
      root = FailoverJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new ValidationException(where, List.of(new Violation("file", file.toString(), "must be JSON")));
    }
    JsonNode planNode = root != null && root.has("plan") ? root.get("plan") : root;
    Plan plan = FailoverJson.read(planNode == null ? "null" : planNode.toString(), Plan.class);
    ApplyOptions options = new ApplyOptions();
    options.apply = true;
    options.yes = yes;
    options.noProgress = noProgress;
    return PlanReview.review(session, out, tool().terminal(), plan, options);
  }
}
