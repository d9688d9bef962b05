package dev.failover.state;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.server.Vendor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The states of the Kea High Availability hook (vendor-facts §3.5), as {@code ha-heartbeat}
 * and {@code status-get} report them, plus {@code unavailable}, which a server reports as its
 * partner's {@code last-state} when it cannot reach it (seen on a real Kea 2.2 pair).
 */
public enum KeaHaState implements FailoverState {
  /** {@code waiting}: starting, waiting for the partner (also 10 minutes after a restart from terminated). */
  WAITING("waiting", CommonState.STARTING, true),
  /** {@code syncing}: fetching leases from the partner, whose DHCP service is disabled meanwhile. */
  SYNCING("syncing", CommonState.SYNCING, true),
  /** {@code ready}: synchronised, waiting for the partner to be ready too. */
  READY("ready", CommonState.SYNCING, true),
  /** {@code load-balancing}: normal operation of a load-balancing pair. */
  LOAD_BALANCING("load-balancing", CommonState.NORMAL, true),
  /** {@code hot-standby}: normal operation of a hot-standby pair. */
  HOT_STANDBY("hot-standby", CommonState.NORMAL, true),
  /** {@code backup}: normal operation of a backup server. */
  BACKUP("backup", CommonState.NORMAL, true),
  /** {@code passive-backup}: normal operation of the primary of a passive-backup relationship. */
  PASSIVE_BACKUP("passive-backup", CommonState.NORMAL, true),
  /** {@code partner-down}: serving every client, the partner is considered down. */
  PARTNER_DOWN("partner-down", CommonState.PARTNER_DOWN, true),
  /** {@code partner-in-maintenance}: serving every client while the partner is in maintenance. */
  PARTNER_IN_MAINTENANCE("partner-in-maintenance", CommonState.MAINTENANCE, true),
  /** {@code in-maintenance}: this server serves nothing and may be shut down. */
  IN_MAINTENANCE("in-maintenance", CommonState.MAINTENANCE, true),
  /** {@code communication-recovery}: load balancing only; partner unreachable, lease updates queued. */
  COMMUNICATION_RECOVERY("communication-recovery", CommonState.COMMUNICATION_INTERRUPTED, true),
  /** {@code terminated}: no more lease updates or heartbeats; serves its own scopes; needs an operator. */
  TERMINATED("terminated", CommonState.TERMINATED, true),
  /** {@code unavailable}: reported for a partner that cannot be reached; never a server's own state. */
  UNAVAILABLE("unavailable", CommonState.UNKNOWN, false);

  private final String kebabName;
  private final CommonState common;
  private final boolean ownState;

  KeaHaState(String kebabName, CommonState common, boolean ownState) {
    this.kebabName = kebabName;
    this.common = common;
    this.ownState = ownState;
  }

  /** {@return the name Kea uses, for example {@code hot-standby}} */
  public String kebabName() {
    return kebabName;
  }

  /**
   * {@return whether a server can be in this state itself (and so whether it can be named in the
   * {@code state-machine} pause configuration); false only for {@link #UNAVAILABLE}}
   */
  public boolean ownState() {
    return ownState;
  }

  @Override
  public Vendor vendor() {
    return Vendor.KEA;
  }

  @Override
  public String vendorName() {
    return kebabName;
  }

  @Override
  public CommonState common() {
    return common;
  }

  @Override
  public String toString() {
    return kebabName;
  }

  /**
   * {@return the state with that Kea name ({@code hot-standby}, {@code partner-down}, …; case insensitive)}
   *
   * @param name the state's name, for example {@code partner-down}
   * @throws ValidationException for a name Kea does not use
   *
   */
  public static KeaHaState fromName(String name) {
    for (KeaHaState s : values()) {
      if (s.kebabName.equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new ValidationException("Kea HA state", List.of(new Violation("state",
        name == null ? "null" : Texts.quoted(name), "must be a Kea HA state ("
            + Arrays.stream(values()).map(s -> s.kebabName).collect(Collectors.joining(", ")) + ")")));
  }
}
