package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.errors.Violations;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * The arguments of {@code Set-DhcpServerv4Failover}: only what is given changes.
 * {@link #loadBalancePercent()} is the share of the server the command runs on.
 * {@link #disableAuthentication()} sends {@code -SharedSecret $null}, which turns message
 * authentication off; {@link #partnerDown()} moves a relationship in COMMUNICATION INTERRUPTED
 * to PARTNER DOWN.
 */
@Value.Immutable
@FailoverStyle
public abstract class SetFailover {

  /** {@return {@code -Name}: the relationship to change} */
  public abstract String name();

  /** {@return {@code -Mode}; empty keeps it} */
  public abstract Optional<CmdletFailoverMode> mode();

  /** {@return {@code -LoadBalancePercent}; empty keeps it} */
  public abstract OptionalInt loadBalancePercent();

  /** {@return {@code -ReservePercent}; empty keeps it} */
  public abstract OptionalInt reservePercent();

  /** {@return {@code -MaxClientLeadTime}; empty keeps it} */
  public abstract Optional<Duration> maxClientLeadTime();

  /** {@return {@code -AutoStateTransition}; empty keeps it} */
  public abstract Optional<Boolean> autoStateTransition();

  /** {@return {@code -StateSwitchInterval}; empty keeps it} */
  public abstract Optional<Duration> stateSwitchInterval();

  /** {@return {@code -SharedSecret}: a new secret; empty keeps it} */
  @Value.Redacted
  public abstract Optional<Secret> sharedSecret();

  /** {@return whether to turn message authentication off ({@code -SharedSecret $null}); false when not set} */
  @Value.Default
  public boolean disableAuthentication() {
    return false;
  }

  /** {@return whether to move the relationship to PARTNER DOWN ({@code -PartnerDown}); false when not set} */
  @Value.Default
  public boolean partnerDown() {
    return false;
  }

  /** {@return whether the command returns the relationship ({@code -PassThru}); true when not set} */
  @Value.Default
  public boolean passThru() {
    return true;
  }

  /** {@return a builder for the arguments} */
  public static ImmutableSetFailover.Builder builder() {
    return ImmutableSetFailover.builder();
  }

  /**
   * Moves the relationship to PARTNER DOWN on the server the command runs on.
   *
   * @param name the relationship's name
   * @return the command's arguments
   */
  public static SetFailover partnerDown(String name) {
    return builder().name(name).partnerDown(true).build();
  }

  /** Checks the name, that at least one setting changes and that the percentages fit the mode, all together. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    DhcpCommands.checkRelationshipName(v, "name", name());
    boolean changes = mode().isPresent() || loadBalancePercent().isPresent() || reservePercent().isPresent()
        || maxClientLeadTime().isPresent() || autoStateTransition().isPresent() || stateSwitchInterval().isPresent()
        || sharedSecret().isPresent() || disableAuthentication() || partnerDown();
    v.check(changes, "Set-DhcpServerv4Failover", name(), "must change at least one setting");
    v.check(!(loadBalancePercent().isPresent() && reservePercent().isPresent()), "reservePercent", reservePercent(),
        "must not be given with loadBalancePercent (one belongs to load balance, the other to hot standby)");
    v.check(!(mode().equals(Optional.of(CmdletFailoverMode.LOAD_BALANCE)) && reservePercent().isPresent()), "reservePercent",
        reservePercent(), "belongs to hot standby, but mode is LoadBalance");
    v.check(!(mode().equals(Optional.of(CmdletFailoverMode.HOT_STANDBY)) && loadBalancePercent().isPresent()),
        "loadBalancePercent", loadBalancePercent(), "belongs to load balance, but mode is HotStandby");
    v.check(!(sharedSecret().isPresent() && disableAuthentication()), "sharedSecret", "***",
        "must not be given when disableAuthentication is true");
    DhcpCommands.checkPercent(v, "loadBalancePercent", loadBalancePercent());
    DhcpCommands.checkPercent(v, "reservePercent", reservePercent());
    DhcpCommands.checkInterval(v, "maxClientLeadTime", maxClientLeadTime(), "(Windows rejects 0)");
    DhcpCommands.checkInterval(v, "stateSwitchInterval", stateSwitchInterval(), "");
    v.check(!(stateSwitchInterval().isPresent() && autoStateTransition().equals(Optional.of(false))),
        "autoStateTransition", "false",
        "must not be false when stateSwitchInterval is given (the interval turns automatic transition on, vendor-facts.md §1)");
    v.throwIfAny("Set-DhcpServerv4Failover arguments");
  }
}
