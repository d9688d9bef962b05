package dev.failover.errors;

import dev.failover.access.AccessDecision;

/** The principal lacks a permission; {@link #decision()} says which, on which object. */
public class AccessDeniedException extends FailoverException {

  private static final long serialVersionUID = 1L;

  private final transient AccessDecision decision;

  /**
   * A denial; its message is the decision's explanation.
   *
   * @param decision the decision that refused the request
   */
  public AccessDeniedException(AccessDecision decision) {
    super(decision.reason());
    this.decision = decision;
  }

  /** {@return the decision that refused, with every missing permission} */
  public AccessDecision decision() {
    return decision;
  }
}
