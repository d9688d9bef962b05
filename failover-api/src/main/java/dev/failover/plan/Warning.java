package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import org.immutables.value.Value;

/**
 * Something a person should read before applying a plan: a value off the vendor's
 * recommendation, an ISC peer that a pool move deletes, what a replication overwrites.
 * {@link #code()} is stable for programs ({@code peer-deleted}, {@code overwrites}, …).
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableWarning.class)
@JsonDeserialize(as = ImmutableWarning.class)
public interface Warning {

  /** {@return a stable code for programs, for example {@code peer-deleted}} */
  @Value.Parameter
  String code();

  /** {@return the warning in words, for a person} */
  @Value.Parameter
  String message();

  /**
   * {@return a warning}
   *
   * @param code the stable code
   * @param message the warning in words
   */
  static Warning of(String code, String message) {
    return ImmutableWarning.of(code, message);
  }
}
