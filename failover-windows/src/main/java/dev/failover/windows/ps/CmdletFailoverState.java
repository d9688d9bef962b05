package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/**
 * The failover state of one side of a Windows relationship (MS-DHCPM {@code FSM_STATE}, in
 * that enumeration's order, so {@link #ordinal()} is the number a CIM enum may print).
 */
public enum CmdletFailoverState {
  /** No state (FSM_STATE 0). */
  NO_STATE,
  /** Initialising. */
  INIT,
  /** Starting up. */
  STARTUP,
  /** Both servers in contact and serving. */
  NORMAL,
  /** COMMUNICATION INTERRUPTED: the partner cannot be reached. */
  COMMUNICATION_INT,
  /** PARTNER DOWN: this server serves every client. */
  PARTNER_DOWN,
  /** POTENTIAL CONFLICT: both may have served the same addresses. */
  POTENTIAL_CONFLICT,
  /** CONFLICT DONE: the conflict is resolved. */
  CONFLICT_DONE,
  /** RESOLUTION INTERRUPTED: contact lost while resolving a conflict. */
  RESOLUTION_INT,
  /** RECOVER: catching up with the partner's bindings. */
  RECOVER,
  /** RECOVER WAIT: waiting out the client lead time. */
  RECOVER_WAIT,
  /** RECOVER DONE: recovered, about to return to normal. */
  RECOVER_DONE,
  /** Paused by an administrator. */
  PAUSED,
  /** Shutting down. */
  SHUTDOWN;

  /**
   * Reads a state however it is printed: {@code Normal}, {@code CommunicationInterrupted},
   * {@code COMMUNICATION_INT}, {@code Communication Interrupted}, {@code PartnerDown}, or the
   * FSM_STATE number.
   *
   * @param text the state as printed
   * @return the state; empty for text that names none
   */
  public static Optional<CmdletFailoverState> parse(String text) {
    String t = text.trim();
    if (t.matches("[0-9]{1,2}")) {
      int n = Integer.parseInt(t);
      return n < values().length ? Optional.of(values()[n]) : Optional.empty();
    }
    String letters = t.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    if (letters.equals("COMMUNICATIONINTERRUPTED")) {
      return Optional.of(COMMUNICATION_INT);
    }
    if (letters.equals("RESOLUTIONINTERRUPTED")) {
      return Optional.of(RESOLUTION_INT);
    }
    for (CmdletFailoverState s : values()) {
      if (s.name().replace("_", "").equals(letters)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
