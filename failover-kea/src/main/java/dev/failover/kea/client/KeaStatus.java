package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.List;
import java.util.OptionalLong;
import org.immutables.value.Value;

/** The answer to {@code status-get}: process facts and the status of each HA relationship. */
@Value.Immutable
@FailoverStyle
public interface KeaStatus {

  /** {@return the server process's id, when Kea reports it} */
  OptionalLong pid();

  /** {@return seconds since the server started} */
  OptionalLong uptime();

  /** {@return seconds since the configuration was last (re)loaded} */
  OptionalLong reload();

  /** {@return the HA relationships; empty when the HA hook is not loaded} */
  List<HaRelationshipStatus> highAvailability();
}
