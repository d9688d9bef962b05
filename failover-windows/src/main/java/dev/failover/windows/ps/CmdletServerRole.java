package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/** The role of the server a hot-standby relationship is created on ({@code -ServerRole}); the partner takes the other. */
public enum CmdletServerRole {
  /** The server serves every client. */
  ACTIVE("Active"),
  /** The server waits, keeping a reserve of addresses, until its partner is down. */
  STANDBY("Standby");

  private final String psName;

  CmdletServerRole(String psName) {
    this.psName = psName;
  }

  /** {@return the name as the cmdlets take and print it} */
  public String psName() {
    return psName;
  }

  /** {@return the other side's role} */
  public CmdletServerRole other() {
    return this == ACTIVE ? STANDBY : ACTIVE;
  }

  /**
   * Reads the role as the cmdlets print it: a name (any case) or the number 0 (Active) / 1 (Standby).
   *
   * @param text the role as printed
   * @return the role; empty for text that names none
   */
  public static Optional<CmdletServerRole> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "active":
      case "0":
        return Optional.of(ACTIVE);
      case "standby":
      case "1":
        return Optional.of(STANDBY);
      default:
        return Optional.empty();
    }
  }
}
