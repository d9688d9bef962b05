package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** The answer to {@code version-get}: Kea's version, {@code 2.2.0}, and its build report. */
@Value.Immutable
@FailoverStyle
public interface KeaVersion {

  /** {@return the version as Kea gave it ({@code "2.2.0"}, possibly with a suffix such as {@code "-git"})} */
  String text();

  /** {@return the major version, 2 in 2.6.3} */
  int major();

  /** {@return the minor version, 6 in 2.6.3} */
  int minor();

  /** {@return the patch version, 3 in 2.6.3} */
  int patch();

  /** {@return Kea's extended version text (libraries it was linked with), when it gave one} */
  Optional<String> extended();

  /**
   * {@return whether this version is {@code major.minor} or later}
   *
   * @param major the major version
   * @param minor the minor version
   */
  default boolean atLeast(int major, int minor) {
    return major() > major || (major() == major && minor() >= minor);
  }
}
