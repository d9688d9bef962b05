package dev.failover.plan;

/**
 * What happens to the other server's copies of a relationship's scopes when the relationship,
 * or a scope, leaves failover: deleted, or kept but disabled (it answers no client, and its
 * contents stay for reference or a later re-join).
 */
public enum ScopeFate {
  /** The other copy is deleted. */
  DELETE,
  /** The other copy stays, disabled: it keeps its contents but serves no one. */
  DISABLE
}
