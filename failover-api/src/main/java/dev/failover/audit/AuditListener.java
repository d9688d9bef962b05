package dev.failover.audit;

/**
 * Receives an {@link AuditEvent} for every attempt to apply a plan or to change a server's state,
 * whatever its outcome. The SDK ships two: {@link JsonLinesAuditListener} (an append-only JSON
 * Lines file) and {@link Slf4jAuditListener} (the application's logging). Called on the applying
 * thread, once per attempt; should not throw: an exception is logged by the facade as an error and
 * never changes the attempt's outcome.
 */
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
