package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.OptionalLong;
import org.immutables.value.Value;

/** The answer to {@code config-write}: where the server wrote its configuration and how much. */
@Value.Immutable
@FailoverStyle
public interface WrittenConfig {

  /** {@return the file the server wrote, as it reports it} */
  String filename();

  /** {@return bytes written, when Kea says} */
  OptionalLong size();
}
