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

  @Value.Parameter
  String code();

  @Value.Parameter
  String message();

  static Warning of(String code, String message) {
    return ImmutableWarning.of(code, message);
  }
}
