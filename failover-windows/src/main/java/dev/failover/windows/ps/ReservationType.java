package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/** Which clients a reservation (or a scope) serves: {@code Dhcp}, {@code Bootp} or {@code Both}. */
public enum ReservationType {
  /** The client gets the address through DHCP only. */
  DHCP("Dhcp"),
  /** The client gets the address through BOOTP only. */
  BOOTP("Bootp"),
  /** Through DHCP or BOOTP. */
  BOTH("Both");

  private final String psName;

  ReservationType(String psName) {
    this.psName = psName;
  }

  /** {@return the name as the cmdlets take and print it} */
  public String psName() {
    return psName;
  }

  /**
   * Reads the name in any case.
   *
   * @param text the name
   * @return the type; empty for text that names none
   */
  public static Optional<ReservationType> parse(String text) {
    for (ReservationType t : values()) {
      if (t.psName.toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
