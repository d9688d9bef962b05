package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/** The mode of a Windows failover relationship (MS-DHCPM {@code DHCP_FAILOVER_MODE}: LoadBalance=0, HotStandby=1). */
public enum CmdletFailoverMode {
  /** Both servers serve clients, each its share. */
  LOAD_BALANCE("LoadBalance"),
  /** The active server serves every client; the standby keeps a reserve of addresses. */
  HOT_STANDBY("HotStandby");

  private final String psName;

  CmdletFailoverMode(String psName) {
    this.psName = psName;
  }

  /** {@return the name the cmdlets use, {@code LoadBalance} or {@code HotStandby}} */
  public String psName() {
    return psName;
  }

  /**
   * Reads the mode as the cmdlets print it: a name (any case) or the enum number 0 / 1.
   *
   * @param text the mode as printed
   * @return the mode; empty for text that names none
   */
  public static Optional<CmdletFailoverMode> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
    switch (t) {
      case "loadbalance":
      case "0":
        return Optional.of(LOAD_BALANCE);
      case "hotstandby":
      case "1":
        return Optional.of(HOT_STANDBY);
      default:
        return Optional.empty();
    }
  }
}
