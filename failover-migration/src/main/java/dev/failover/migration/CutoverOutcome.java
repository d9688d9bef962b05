package dev.failover.migration;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a run of cutover steps did: the steps done, the step that failed and why, and what was
 * undone because of it (in the order it was undone), with anything that could not be undone.
 */
@Value.Immutable
public interface CutoverOutcome {

  /** {@return the numbers of the steps that ran and whose check held, in order} */
  List<Integer> done();

  /** {@return the step that failed (its action or its check), if one did} */
  Optional<Integer> failedStep();

  /** {@return why it failed, in the server's or the operator's action's words} */
  Optional<String> failure();

  /** {@return what was undone, in the order it was undone} */
  List<String> undone();

  /** {@return what could not be undone, each with why: the operator must see to it} */
  List<String> notUndone();

  /** {@return whether every step run held its check} */
  default boolean succeeded() {
    return failedStep().isEmpty();
  }

  /** {@return the outcome in words} */
  default String summary() {
    StringBuilder out = new StringBuilder();
    for (int n : done()) {
      out.append("step ").append(n).append(" done\n");
    }
    failedStep().ifPresent(n -> out.append("step ").append(n).append(" FAILED: ").append(failure().orElse(""))
        .append('\n'));
    for (String u : undone()) {
      out.append("undone: ").append(u).append('\n');
    }
    for (String u : notUndone()) {
      out.append("NOT undone: ").append(u).append('\n');
    }
    return out.toString();
  }
}
