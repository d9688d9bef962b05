package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import org.immutables.value.Value;

/**
 * Something a person should read before applying a plan: a value off the vendor's
 * recommendation, an ISC peer that a pool move deletes, what a replication overwrites.
 * {@link #code()} tells programs what it is about ({@link WarningCode}).
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableWarning.class)
@JsonDeserialize(as = ImmutableWarning.class)
public interface Warning {

  /** {@return what the warning is about, for programs, for example {@link WarningCode#PEER_DELETED}} */
  @Value.Parameter
  WarningCode code();

  /** {@return the warning in words, for a person} */
  @Value.Parameter
  String message();

  /**
   * {@return a warning}
   *
   * @param code what the warning is about
   * @param message the warning in words
   */
  static Warning of(WarningCode code, String message) {
    return ImmutableWarning.of(code, message);
  }
}
