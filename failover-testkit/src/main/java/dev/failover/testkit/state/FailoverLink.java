package dev.failover.testkit.state;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverState;
import dev.failover.state.IscFailoverState;
import dev.failover.state.KeaHaState;
import dev.failover.state.WindowsFailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the failover state of a relationship's two servers moves when the link between them is cut
 * and restored, the way each vendor moves it, for fakes that hold states but no protocol:
 *
 * <ul>
 *   <li><b>cut</b>: ISC goes to {@code communications-interrupted}, Windows to
 *       {@code COMMUNICATION_INT}; Kea stays in {@code hot-standby} / {@code load-balancing}
 *       (its "communication interrupted" is a flag, not a state);</li>
 *   <li><b>by itself to partner-down</b>, only where the vendor does it: ISC after
 *       {@code auto-partner-down} (0 = never), Windows after the state switchover interval (only
 *       with AutoStateTransition), Kea after {@code max-response-delay} when
 *       {@code max-unacked-clients} is 0 (with a higher value Kea waits for unanswered clients,
 *       which a model without clients never has); an operator's partner-down works any time the
 *       link is cut ({@link Side#set} from the backend);</li>
 *   <li><b>restored</b>: servers that were only interrupted are normal again at once; a server in
 *       partner-down keeps serving while its partner recovers (ISC {@code recover}, Windows
 *       {@code RECOVER_WAIT}, Kea {@code syncing}) for the MCLT (ISC, Windows) or one heartbeat
 *       (Kea), after which both are normal.</li>
 * </ul>
 *
 * Deterministic: time is whatever instant {@link #tick} is given. Not thread-safe by itself; the
 * fakes using it call it under their own lock.
 */
public final class FailoverLink {

  /** One server's view of the relationship: its own state, which the link reads and sets. */
  public interface Side {
    /** {@return the server's own state in the relationship} */
    FailoverState local();

    /**
     * Moves the server to {@code local}, believing its partner is in {@code partner}.
     *
     * @param local the server's new state
     * @param partner what it believes of its partner
     */
    void set(FailoverState local, FailoverState partner);
  }

  /**
   * The delays that drive the link.
   *
   * @param automaticPartnerDown how long a cut lasts before the servers move to partner-down by
   *     themselves, or empty when only an operator moves them
   * @param recovery how long after the link is restored a server that was assumed down needs
   *     before both are normal again
   */
  public record Timings(Optional<Duration> automaticPartnerDown, Duration recovery) {
    /**
     * Delays; both are required.
     *
     * @param automaticPartnerDown how long a cut lasts before partner-down, or empty
     * @param recovery how long recovery takes after the link is restored
     */
    public Timings {
      Objects.requireNonNull(automaticPartnerDown, "automaticPartnerDown");
      Objects.requireNonNull(recovery, "recovery");
    }

    /**
     * {@return the delays the relationship's settings give its vendor}
     *
     * @param relationship the relationship
     */
    public static Timings of(Relationship relationship) {
      VendorSettings s = relationship.settings();
      if (s instanceof IscFailoverSettings isc) {
        Duration auto = isc.autoPartnerDown();
        return new Timings(auto.isZero() ? Optional.empty() : Optional.of(auto), isc.mclt());
      }
      if (s instanceof WindowsFailoverSettings w) {
        return new Timings(w.autoStateTransition() ? w.stateSwitchInterval() : Optional.empty(),
            w.maxClientLeadTime());
      }
      KeaHaSettings kea = (KeaHaSettings) s;
      return new Timings(kea.maxUnackedClients() == 0 ? Optional.of(kea.maxResponseDelay()) : Optional.empty(),
          kea.heartbeatDelay());
    }
  }

  private final Vendor vendor;
  private final FailoverMode mode;
  private final Timings timings;
  private final Side primary;
  private final Side secondary;
  private Instant cutAt;
  private Instant restoredAt;

  /**
   * A link between the two sides, in touch.
   *
   * @param vendor the relationship's vendor
   * @param mode the relationship's mode
   * @param timings the delays
   * @param primary the primary's side
   * @param secondary the secondary's side
   */
  public FailoverLink(Vendor vendor, FailoverMode mode, Timings timings, Side primary, Side secondary) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.timings = Objects.requireNonNull(timings, "timings");
    this.primary = Objects.requireNonNull(primary, "primary");
    this.secondary = Objects.requireNonNull(secondary, "secondary");
  }

  /**
   * {@return a link for the relationship, with its vendor's delays}
   *
   * @param relationship the relationship
   * @param primary the primary's side
   * @param secondary the secondary's side
   */
  public static FailoverLink of(Relationship relationship, Side primary, Side secondary) {
    return new FailoverLink(relationship.vendor(), relationship.mode(), Timings.of(relationship), primary, secondary);
  }

  /** {@return the delays that drive the link} */
  public Timings timings() {
    return timings;
  }

  /** {@return whether the partners reach each other} */
  public boolean linked() {
    return cutAt == null;
  }

  /** {@return whether the partners reach each other and nothing is pending (no recovery under way)} */
  public boolean settled() {
    return cutAt == null && restoredAt == null;
  }

  /**
   * The partners stop reaching each other at {@code now}.
   *
   * @param now the time of the cut
   */
  public void cut(Instant now) {
    if (cutAt != null) {
      return;
    }
    cutAt = now;
    restoredAt = null;
    for (Side side : new Side[] {primary, secondary}) {
      if (normal().equals(side.local())) {
        side.set(interrupted(), normal());
      }
    }
  }

  /**
   * The partners reach each other again at {@code now}.
   *
   * @param now the time the link comes back
   */
  public void restore(Instant now) {
    if (cutAt == null) {
      return;
    }
    cutAt = null;
    boolean anyDown = isDown(primary) || isDown(secondary);
    if (!anyDown) {
      primary.set(normal(), normal());
      secondary.set(normal(), normal());
      return;
    }
    restoredAt = now;
    for (Side side : new Side[] {primary, secondary}) {
      Side other = side == primary ? secondary : primary;
      if (!isDown(side)) {
        side.set(recovering(), other.local());
      }
    }
    tick(now);
  }

  /**
   * Applies whatever the delays make happen up to {@code now}.
   *
   * @param now the time reached
   */
  public void tick(Instant now) {
    if (cutAt != null) {
      Optional<Duration> auto = timings.automaticPartnerDown();
      if (auto.isPresent() && !now.isBefore(cutAt.plus(auto.get()))) {
        for (Side side : new Side[] {primary, secondary}) {
          if (!isDown(side)) {
            side.set(partnerDown(), interrupted());
          }
        }
      }
      return;
    }
    if (restoredAt != null && !now.isBefore(restoredAt.plus(timings.recovery()))) {
      restoredAt = null;
      primary.set(normal(), normal());
      secondary.set(normal(), normal());
    }
  }

  private boolean isDown(Side side) {
    return partnerDown().equals(side.local());
  }

  private FailoverState normal() {
    return switch (vendor) {
      case ISC -> IscFailoverState.NORMAL;
      case WINDOWS -> WindowsFailoverState.NORMAL;
      case KEA -> mode == FailoverMode.LOAD_BALANCING ? KeaHaState.LOAD_BALANCING : KeaHaState.HOT_STANDBY;
    };
  }

  private FailoverState interrupted() {
    return switch (vendor) {
      case ISC -> IscFailoverState.COMMUNICATIONS_INTERRUPTED;
      case WINDOWS -> WindowsFailoverState.COMMUNICATION_INT;
      case KEA -> normal();
    };
  }

  private FailoverState partnerDown() {
    return switch (vendor) {
      case ISC -> IscFailoverState.PARTNER_DOWN;
      case WINDOWS -> WindowsFailoverState.PARTNER_DOWN;
      case KEA -> KeaHaState.PARTNER_DOWN;
    };
  }

  private FailoverState recovering() {
    return switch (vendor) {
      case ISC -> IscFailoverState.RECOVER;
      case WINDOWS -> WindowsFailoverState.RECOVER_WAIT;
      case KEA -> KeaHaState.SYNCING;
    };
  }
}
