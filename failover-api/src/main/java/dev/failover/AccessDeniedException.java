package dev.failover;

import dev.failover.access.AccessDecision;

/** The principal lacks a permission; {@link #decision()} says which, on which object. */
public class AccessDeniedException extends FailoverException {

  private static final long serialVersionUID = 1L;

  private final transient AccessDecision decision;

  public AccessDeniedException(AccessDecision decision) {
    super(decision.reason());
    this.decision = decision;
  }

  public AccessDecision decision() {
    return decision;
  }
}
