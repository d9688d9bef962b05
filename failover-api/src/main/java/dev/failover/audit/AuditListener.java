package dev.failover.audit;

/** Receives an {@link AuditEvent} for every attempt to apply a plan. Must not throw. */
@FunctionalInterface
public interface AuditListener {

  /** A listener that drops events. */
  AuditListener NONE = e -> { };

  /**
   * Receives the record of one attempt; called once per attempt, after it ended.
   *
   * @param event what was attempted and how it ended
   */
  void onEvent(AuditEvent event);
}
