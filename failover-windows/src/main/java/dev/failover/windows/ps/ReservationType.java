package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/** Which clients a reservation (or a scope) serves: {@code Dhcp}, {@code Bootp} or {@code Both}. */
public enum ReservationType {
  DHCP("Dhcp"),
  BOOTP("Bootp"),
  BOTH("Both");

  private final String psName;

  ReservationType(String psName) {
    this.psName = psName;
  }

  public String psName() {
    return psName;
  }

  /** Reads the name in any case. */
  public static Optional<ReservationType> parse(String text) {
    for (ReservationType t : values()) {
      if (t.psName.toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
