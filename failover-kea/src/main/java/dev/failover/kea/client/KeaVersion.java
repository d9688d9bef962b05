package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** The answer to {@code version-get}: Kea's version, {@code 2.2.0}, and its build report. */
@Value.Immutable
@FailoverStyle
public interface KeaVersion {

  /** The version as Kea gave it ({@code "2.2.0"}, possibly with a suffix such as {@code "-git"}). */
  String text();

  int major();

  int minor();

  int patch();

  /** Kea's extended version text (libraries it was linked with), when it gave one. */
  Optional<String> extended();

  /** Whether this version is {@code major.minor} or later. */
  default boolean atLeast(int major, int minor) {
    return major() > major || (major() == major && minor() >= minor);
  }
}
