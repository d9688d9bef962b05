package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** One entry of {@code status-get}'s {@code high-availability} list: one relationship. */
@Value.Immutable
@FailoverStyle
public interface HaRelationshipStatus {

  /** {@code hot-standby}, {@code load-balancing} or {@code passive-backup}. */
  String haMode();

  HaLocalServer local();

  /** The partner's status; absent in passive-backup. */
  Optional<HaRemoteServer> remote();
}
