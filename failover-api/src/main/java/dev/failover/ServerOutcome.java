package dev.failover;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a server holds after an attempt to apply a plan that failed part way. */
public enum ServerOutcome {
  /** The server holds what it held before the plan: it was not changed. */
  UNCHANGED,
  /** The server holds the plan's changes: it was changed and not restored. */
  CHANGED,
  /** The server was changed, then restored to what it held before the plan. */
  RESTORED,
  /** What the server holds could not be found out (it could not be read), or is neither the old nor the new state. */
  UNKNOWN;

  /** {@return whether the server holds what it held before the plan} */
  public boolean asBefore() {
    return this == UNCHANGED || this == RESTORED;
  }

  /** {@return the outcome in operator words: {@code unchanged}, {@code changed}, {@code restored}, {@code unknown}} */
  @JsonValue
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
