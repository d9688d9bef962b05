package dev.failover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
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
 * changed since is a conflict (exit code 4): plan again. A document without its digest, or whose
 * content no longer has the digest it was saved with (edited by hand), is refused (exit code 1).
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
          "must be a readable file (" + dev.failover.spi.Texts.failure(e) + ")")));
    }
    JsonNode root;
    try {
      root = FailoverJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new ValidationException(where, List.of(new Violation("file", file.toString(), "must be JSON")));
    }
    JsonNode planNode = root != null && root.has("plan") ? root.get("plan") : root;
    if (planNode == null || !planNode.isObject()) {
      throw new ValidationException(where, List.of(new Violation("plan", file.toString(),
          "must be the JSON document of a plan (as a command writes it with --json)")));
    }
    String inner = planNode.path("digest").asText(null);
    String outer = root.has("plan") ? root.path("digest").asText(null) : null;
    if (inner == null && outer == null) {
      throw new ValidationException(where, List.of(new Violation("digest", "none",
          "must be present: a plan is applied only with the digest it was saved with (save it with --json)")));
    }
    if (inner != null && outer != null && !inner.equals(outer)) {
      throw new ValidationException(where, List.of(new Violation("digest", outer,
          "must be the plan's own digest " + inner + ": the document was changed after it was saved and is not "
              + "applied; make the plan again and review it")));
    }
    ObjectNode withDigest = ((ObjectNode) planNode).deepCopy();
    withDigest.put("digest", inner != null ? inner : outer);
    // reading compares the digest with the content: an edited plan is refused here
    Plan plan = FailoverJson.read(withDigest.toString(), Plan.class);
    ApplyOptions options = new ApplyOptions();
    options.apply = true;
    options.yes = yes;
    options.noProgress = noProgress;
    return PlanReview.review(session, out, tool().terminal(), plan, options);
  }
}
