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
  /** {@code backup}: a backup server, receiving lease updates. */
  BACKUP,
  /** {@code communication-recovery}: load balancing with the partner briefly unreachable. */
  COMMUNICATION_RECOVERY,
  /** {@code hot-standby}: normal service in hot standby. */
  HOT_STANDBY,
  /** {@code load-balancing}: normal service in load balancing. */
  LOAD_BALANCING,
  /** {@code in-maintenance}: ready to be shut down for maintenance. */
  IN_MAINTENANCE,
  /** {@code partner-down}: serving every client. */
  PARTNER_DOWN,
  /** {@code partner-in-maintenance}: serving every client while the partner is maintained. */
  PARTNER_IN_MAINTENANCE,
  /** {@code passive-backup}: normal service in passive backup. */
  PASSIVE_BACKUP,
  /** {@code ready}: synchronised, waiting for the partner. */
  READY,
  /** {@code syncing}: fetching the partner's leases. */
  SYNCING,
  /** {@code terminated}: stopped by too large a clock skew or too many conflicts. */
  TERMINATED,
  /** {@code waiting}: starting, waiting to reach the partner. */
  WAITING,
  /** {@code unavailable}: how a server reports a partner it cannot reach. */
  UNAVAILABLE;

  /** {@return the name Kea uses, e.g. {@code "hot-standby"}} */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * {@return the state Kea calls {@code wireName}, if there is one}
   *
   * @param wireName the state's name in Kea's answers
   */
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
