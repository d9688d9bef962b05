package dev.failover.audit;

/** Receives an {@link AuditEvent} for every attempt to apply a plan. Must not throw. */
@FunctionalInterface
public interface AuditListener {

  /** A listener that drops events. */
  AuditListener NONE = e -> { };

  void onEvent(AuditEvent event);
}
