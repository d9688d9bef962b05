package dev.failover.errors;

import dev.failover.ServerOutcome;
import dev.failover.server.ServerId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applying a plan failed part way and at least one server was not brought back to what it held
 * before: it still holds the plan's changes ({@link ServerOutcome#CHANGED}), or what it holds
 * could not be found out ({@link ServerOutcome#UNKNOWN}). {@link #outcomes()} gives every
 * server's state; the cause is the first failure. Not retryable as it is: look at the servers
 * (drift, status) and plan again.
 *
 * <p>When every server is unchanged or restored, the facade throws the first failure itself,
 * never this exception.
 */
public class IncompleteApplyException extends FailoverException {

  private static final long serialVersionUID = 1L;

  /** The inventory id of the server whose failure started it. */
  private final String server;
  /** What each server of the plan holds now. */
  private final Map<ServerId, ServerOutcome> outcomes;

  /**
   * An apply that left at least one server changed or unknown.
   *
   * @param operation the plan's operation in words
   * @param server the inventory id of the server whose failure started it
   * @param outcomes what each server of the plan holds now, in the plan's order
   * @param why for servers not restored, why not
   * @param cause the first failure
   */
  public IncompleteApplyException(String operation, String server, Map<ServerId, ServerOutcome> outcomes,
      Map<ServerId, String> why, RuntimeException cause) {
    super(render(operation, server, outcomes, why, cause), cause);
    this.server = server;
    this.outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /** {@return the server whose failure started it} */
  public String server() {
    return server;
  }

  /** {@return each server of the plan and what it holds now, in the plan's order} */
  public Map<ServerId, ServerOutcome> outcomes() {
    return outcomes;
  }

  /** {@return the first failure, when it is one of the SDK's errors} */
  public Optional<FailoverException> failure() {
    return getCause() instanceof FailoverException f ? Optional.of(f) : Optional.empty();
  }

  private static String render(String operation, String server, Map<ServerId, ServerOutcome> outcomes,
      Map<ServerId, String> why, RuntimeException cause) {
    StringBuilder sb = new StringBuilder("applying \"").append(operation).append("\" failed on ").append(server)
        .append(" and not every server is known to hold what it held before: ").append(cause.getMessage()).append("; servers now:");
    outcomes.forEach((id, outcome) -> {
      sb.append(' ').append(id).append(' ').append(outcome.word());
      if (why.containsKey(id)) {
        sb.append(" (").append(why.get(id)).append(')');
      }
      sb.append(',');
    });
    sb.setLength(sb.length() - 1);
    return sb.append("; look at them (drift, status) before planning again").toString();
  }
}
