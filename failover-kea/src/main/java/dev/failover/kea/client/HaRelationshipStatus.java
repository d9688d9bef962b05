package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.Optional;
import org.immutables.value.Value;

/** One entry of {@code status-get}'s {@code high-availability} list: one relationship. */
@Value.Immutable
@FailoverStyle
public interface HaRelationshipStatus {

  /** {@return {@code hot-standby}, {@code load-balancing} or {@code passive-backup}} */
  String haMode();

  /** {@return what the server reports of itself in this relationship} */
  HaLocalServer local();

  /** {@return the partner's status; absent in passive-backup} */
  Optional<HaRemoteServer> remote();
}
