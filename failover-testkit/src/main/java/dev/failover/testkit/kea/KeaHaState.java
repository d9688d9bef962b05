package dev.failover.testkit.kea;

import java.util.Locale;
import java.util.Optional;

/**
 * The states of Kea's HA hook, with the names Kea puts on the wire ({@code ha-heartbeat}
 * {@code state}, {@code status-get} {@code local.state} and {@code remote.last-state}).
 * {@link #UNAVAILABLE} is never a server's own state: it is what a server records for a partner
 * it could not reach.
 */
public enum KeaHaState {
  BACKUP,
  COMMUNICATION_RECOVERY,
  HOT_STANDBY,
  LOAD_BALANCING,
  IN_MAINTENANCE,
  PARTNER_DOWN,
  PARTNER_IN_MAINTENANCE,
  PASSIVE_BACKUP,
  READY,
  SYNCING,
  TERMINATED,
  WAITING,
  UNAVAILABLE;

  /** The name Kea uses, e.g. {@code "hot-standby"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The state Kea calls {@code wireName}, if there is one. */
  public static Optional<KeaHaState> fromWireName(String wireName) {
    for (KeaHaState state : values()) {
      if (state.wireName().equals(wireName)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName();
  }
}
