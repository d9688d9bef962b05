package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/**
 * The failover state of one side of a Windows relationship (MS-DHCPM {@code FSM_STATE}, in
 * that enumeration's order, so {@link #ordinal()} is the number a CIM enum may print).
 */
public enum WindowsFailoverState {
  NO_STATE,
  INIT,
  STARTUP,
  NORMAL,
  COMMUNICATION_INT,
  PARTNER_DOWN,
  POTENTIAL_CONFLICT,
  CONFLICT_DONE,
  RESOLUTION_INT,
  RECOVER,
  RECOVER_WAIT,
  RECOVER_DONE,
  PAUSED,
  SHUTDOWN;

  /**
   * Reads a state however it is printed: {@code Normal}, {@code CommunicationInterrupted},
   * {@code COMMUNICATION_INT}, {@code Communication Interrupted}, {@code PartnerDown}, or the
   * FSM_STATE number.
   */
  public static Optional<WindowsFailoverState> parse(String text) {
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
    for (WindowsFailoverState s : values()) {
      if (s.name().replace("_", "").equals(letters)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
