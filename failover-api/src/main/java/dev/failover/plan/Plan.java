package dev.failover.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.json.FailoverJson;
import dev.failover.diff.ItemChange;
import dev.failover.spi.Fingerprints;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.immutables.value.Value;

/**
 * What an operation will change, server by server and item by item, with warnings, before
 * anything is touched. A plan is immutable; it can be printed ({@link #summary()}), serialised
 * to JSON and read back, authorised, and applied. Each server's part carries the fingerprint of
 * the state it was computed from, so applying a plan to a server that changed since is a
 * conflict, never a silent overwrite.
 *
 * <p>The JSON form carries the plan's {@link #digest() digest}; reading a plan whose content no
 * longer matches the digest it carries (a plan changed by hand after it was made) is refused.
 * The digest shows that a plan is the one that was reviewed; it is not what authorises it: the
 * facade authorises every change from what the change touches, whatever the operation says.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutablePlan.class)
public abstract class Plan {

  private static final int DETAIL_LINES = 200;

  /** {@return what was asked for} */
  public abstract Operation operation();

  /** {@return each server's part, in the order they are applied} */
  public abstract List<ServerPlan> servers();

  /** {@return what a person should read before applying the plan} */
  public abstract List<Warning> warnings();

  /** {@return a builder for a plan} */
  public static ImmutablePlan.Builder builder() {
    return ImmutablePlan.builder();
  }

  /** {@return every change of every server, in order} */
  @JsonIgnore
  public List<Change> changes() {
    return servers().stream().flatMap(s -> s.changes().stream()).toList();
  }

  /** {@return whether applying the plan would change nothing} */
  @JsonIgnore
  public boolean isEmpty() {
    return servers().stream().allMatch(s -> s.changes().isEmpty());
  }

  /**
   * {@return the part of the plan for that server, if it has one}
   *
   * @param server the server's inventory id
   */
  public Optional<ServerPlan> part(ServerId server) {
    return servers().stream().filter(s -> s.server().equals(server)).findFirst();
  }

  /**
   * {@return SHA-256 (hex) of the plan's content (its operation, parts and warnings as JSON): the same plan
   * has the same digest wherever it is computed}
   */
  @JsonProperty("digest")
  @Value.Lazy
  public String digest() {
    ObjectNode content = FailoverJson.mapper().createObjectNode();
    content.set("operation", FailoverJson.mapper().valueToTree(operation()));
    content.set("servers", FailoverJson.mapper().valueToTree(servers()));
    content.set("warnings", FailoverJson.mapper().valueToTree(warnings()));
    return Fingerprints.sha256(FailoverJson.write(content).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A plan read from JSON. The document must carry the digest it was made with, and the content
   * must still have it: a plan edited after it was made, or stripped of its digest, is refused,
   * never applied.
   */
  @JsonCreator
  static Plan fromJson(@JsonProperty(value = "operation", required = true) Operation operation,
      @JsonProperty("servers") List<ServerPlan> servers, @JsonProperty("warnings") List<Warning> warnings,
      @JsonProperty("digest") String digest) {
    Plan plan = builder().operation(operation).servers(servers == null ? List.of() : servers)
        .warnings(warnings == null ? List.of() : warnings).build();
    if (digest == null) {
      throw new ValidationException("plan", List.of(new Violation("digest", "(none)",
          "must be present: a saved plan carries the digest it was made with, so that a plan changed after "
              + "it was made is never applied; make the plan again and save it as the SDK writes it")));
    }
    if (!digest.equals(plan.digest())) {
      throw new ValidationException("plan", List.of(new Violation("digest", digest,
          "must match the plan's content (it now has digest " + plan.digest() + "): the plan was changed after it "
              + "was made and is not applied; make the plan again and review it")));
    }
    return plan;
  }

  /**
   * {@return the plan for a person: what changes on which server, counted per scope and kind, each change
   * listed while there are at most 200 of them, then the warnings}
   */
  public String summary() {
    StringBuilder sb = new StringBuilder("Plan: ").append(operation().describe()).append('\n');
    sb.append("digest ").append(digest(), 0, 16).append('\n');
    if (isEmpty()) {
      sb.append("nothing to change\n");
    }
    int total = changes().size();
    for (ServerPlan part : servers()) {
      if (part.changes().isEmpty()) {
        continue;
      }
      sb.append(part.server()).append(" (").append(part.vendor().displayName()).append("), ")
          .append(part.changes().size()).append(" change(s), planned from state ")
          .append(part.fingerprint(), 0, Math.min(12, part.fingerprint().length())).append(":\n");
      Map<Subnet, Map<ItemKind, int[]>> counts = new TreeMap<>();
      for (Change c : part.changes()) {
        if (c instanceof ItemChanged ic) {
          ItemChange i = ic.item();
          int[] n = counts.computeIfAbsent(i.subnet(), k -> new EnumMap<>(ItemKind.class))
              .computeIfAbsent(i.kind(), k -> new int[3]);
          n[i.type().ordinal()]++;
        }
      }
      counts.forEach((subnet, byKind) -> {
        sb.append("  scope ").append(subnet).append(':');
        byKind.forEach((kind, n) -> {
          String[] signs = {"+", "-", "~"};
          for (int t = 0; t < 3; t++) {
            if (n[t] > 0) {
              sb.append(' ').append(signs[t]).append(n[t]).append(' ').append(kind.word()).append(n[t] == 1 ? "" : "s");
            }
          }
        });
        sb.append('\n');
      });
      if (total <= DETAIL_LINES) {
        part.changes().forEach(c -> sb.append("    ").append(c.describe()).append('\n'));
      }
    }
    if (total > DETAIL_LINES) {
      sb.append("(").append(total).append(" changes; the JSON form lists each)\n");
    }
    if (!warnings().isEmpty()) {
      sb.append("Warnings:\n");
      warnings().forEach(w -> sb.append("  ! ").append(w.message()).append('\n'));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Plan{" + operation().describe() + ", " + changes().size() + " change(s) on " + servers().size()
        + " server(s), " + warnings().size() + " warning(s)}";
  }
}
