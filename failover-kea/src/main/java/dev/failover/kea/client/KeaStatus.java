package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.List;
import java.util.OptionalLong;
import org.immutables.value.Value;

/** The answer to {@code status-get}: process facts and the status of each HA relationship. */
@Value.Immutable
@FailoverStyle
public interface KeaStatus {

  OptionalLong pid();

  /** Seconds since the server started. */
  OptionalLong uptime();

  /** Seconds since the configuration was last (re)loaded. */
  OptionalLong reload();

  /** The HA relationships; empty when the HA hook is not loaded. */
  List<HaRelationshipStatus> highAvailability();
}
