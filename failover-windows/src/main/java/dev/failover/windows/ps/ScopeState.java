package dev.failover.windows.ps;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a Windows scope serves clients. {@code InActive} is how the cmdlets spell the
 * disabled state on input; output has been seen both as {@code InActive} and {@code Inactive},
 * so reading ignores case.
 */
public enum ScopeState {
  /** The scope serves clients. */
  ACTIVE("Active"),
  /** The scope keeps its contents but serves no one. */
  INACTIVE("InActive");

  private final String psName;

  ScopeState(String psName) {
    this.psName = psName;
  }

  /** {@return the name as the cmdlets take and print it} */
  public String psName() {
    return psName;
  }

  /**
   * Reads {@code Active} / {@code InActive} in any case, or the numbers 0 / 1.
   *
   * @param text the state as printed
   * @return the state; empty for text that names none
   */
  public static Optional<ScopeState> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "active":
      case "0":
        return Optional.of(ACTIVE);
      case "inactive":
      case "1":
        return Optional.of(INACTIVE);
      default:
        return Optional.empty();
    }
  }
}
