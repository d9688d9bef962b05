package dev.failover.state;

/**
 * The vendor-neutral failover state. Every vendor state maps onto exactly one of these through
 * {@link FailoverState#common()}; the vendor's own word stays available through
 * {@link FailoverState#vendorName()}, because some distinctions (Kea's {@code ready} versus
 * {@code syncing}, ISC's {@code recover-wait} versus {@code recover}) matter to an operator.
 */
public enum CommonState {
  /**
   * Both partners are in touch and serve as configured: ISC and Windows {@code normal}; Kea
   * {@code load-balancing}, {@code hot-standby}, {@code passive-backup}, and {@code backup} for a
   * backup server.
   */
  NORMAL,
  /**
   * The partner cannot be reached, but this server does not assume it is down: ISC
   * {@code communications-interrupted}, Windows {@code COMMUNICATION_INT}, Kea
   * {@code communication-recovery} (load balancing only). Without an automatic transition
   * (Windows state switchover interval, ISC {@code auto-partner-down}) it stays here.
   */
  COMMUNICATION_INTERRUPTED,
  /** This server assumes its partner is down and serves every client: ISC, Windows and Kea {@code partner-down}. */
  PARTNER_DOWN,
  /**
   * Catching up after an outage or a fresh start, usually waiting out the MCLT before serving
   * normally: ISC {@code recover}, {@code recover-wait}, {@code recover-done}; Windows
   * {@code RECOVER}, {@code RECOVER_WAIT}, {@code RECOVER_DONE}.
   */
  RECOVERING,
  /**
   * Starting up, not yet in a working state with the partner: ISC {@code startup}, Windows
   * {@code INIT} and {@code STARTUP}, Kea {@code waiting}.
   */
  STARTING,
  /**
   * Synchronising the lease database with the partner before serving: Kea {@code syncing}, and
   * {@code ready} (synchronised, waiting for the partner to finish).
   */
  SYNCING,
  /**
   * A planned maintenance is in progress: Kea {@code in-maintenance} (this server may be shut
   * down) and {@code partner-in-maintenance} (this server serves every client meanwhile).
   */
  MAINTENANCE,
  /** The state machine is paused: ISC {@code paused}, Windows {@code PAUSED} (reserved by Microsoft). */
  PAUSED,
  /** The server is shutting down: ISC {@code shutdown}, Windows {@code SHUTDOWN} (reserved by Microsoft). */
  SHUTDOWN,
  /**
   * The partners are resolving a possible conflict between their lease databases after both
   * may have served alone: ISC and Windows {@code potential-conflict}, {@code conflict-done},
   * {@code resolution-interrupted} (communication lost while resolving).
   */
  CONFLICT,
  /**
   * Kea {@code terminated}: the partners stopped exchanging lease updates and heartbeats (too
   * many rejected lease updates, or clock skew over 60 seconds); it needs an operator.
   */
  TERMINATED,
  /**
   * No state is known: ISC {@code unknown-state}, Windows {@code NO_STATE}, Kea's
   * {@code unavailable} (what a server reports for a partner it cannot reach).
   */
  UNKNOWN;

  /** {@return whether the state is the healthy steady state of a relationship} */
  public boolean healthy() {
    return this == NORMAL;
  }
}
