package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.errors.Violations;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * The arguments of {@code Add-DhcpServerv4Failover} (vendor-facts.md §1): the relationship is
 * created on both servers, and the local {@link #scopeIds()} are copied to the partner, which
 * must not have them. Mode {@link CmdletFailoverMode#LOAD_BALANCE} takes {@link #loadBalancePercent()}
 * (default 50, the local server's share); {@link CmdletFailoverMode#HOT_STANDBY} takes
 * {@link #serverRole()} (default Active for the local server) and {@link #reservePercent()}
 * (default 5). A {@link #stateSwitchInterval()} turns automatic state transition on.
 */
@Value.Immutable
@FailoverStyle
public abstract class AddFailover {

  /** Longest relationship name Windows accepts (ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG beyond). */
  public static final int MAX_NAME_LENGTH = 126;

  /** {@return {@code -Name}: the relationship's name, at most {@value #MAX_NAME_LENGTH} characters} */
  public abstract String name();

  /** {@return the partner's IPv4 address or host name (for a DHCP cluster, the cluster name)} */
  public abstract String partnerServer();

  /**
   * {@return at least one scope; the cmdlet requires one (a relationship without scopes is kept pending by the backend)}
   */
  public abstract List<Ipv4Address> scopeIds();

  /** {@return {@code LoadBalance} or {@code HotStandby}; load balancing when not set} */
  @Value.Default
  public CmdletFailoverMode mode() {
    return CmdletFailoverMode.LOAD_BALANCE;
  }

  /** {@return {@code -LoadBalancePercent}: the local server's share in load balancing; empty for Windows' 50} */
  public abstract OptionalInt loadBalancePercent();

  /** {@return {@code -ReservePercent}: addresses kept for the standby in hot standby; empty for Windows' 5} */
  public abstract OptionalInt reservePercent();

  /** {@return {@code -ServerRole} of the local server in hot standby; empty for Active} */
  public abstract Optional<CmdletServerRole> serverRole();

  /** {@return {@code -MaxClientLeadTime}; empty for Windows' 1 hour} */
  public abstract Optional<Duration> maxClientLeadTime();

  /** {@return {@code -AutoStateTransition}; empty leaves Windows' choice (on when a switch interval is given)} */
  public abstract Optional<Boolean> autoStateTransition();

  /** {@return {@code -StateSwitchInterval}: how long COMMUNICATION INTERRUPTED lasts before PARTNER DOWN} */
  public abstract Optional<Duration> stateSwitchInterval();

  /** {@return {@code -SharedSecret}: authenticates failover messages; empty for none} */
  @Value.Redacted
  public abstract Optional<Secret> sharedSecret();

  /** {@return whether the command returns the new relationship ({@code -PassThru})} */
  @Value.Default
  public boolean passThru() {
    return true;
  }

  /** {@return a builder for the arguments} */
  public static ImmutableAddFailover.Builder builder() {
    return ImmutableAddFailover.builder();
  }

  /** Checks the name, the scopes and the mode's parameters, all together, when the arguments are built. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    DhcpCommands.checkRelationshipName(v, "name", name());
    DhcpCommands.checkHost(v, "partnerServer", partnerServer());
    v.check(!scopeIds().isEmpty(), "scopeIds", "[]",
        "must name at least one scope (Add-DhcpServerv4Failover requires -ScopeId)");
    v.check(new HashSet<>(scopeIds()).size() == scopeIds().size(), "scopeIds", scopeIds(), "must not repeat a scope");
    if (mode() == CmdletFailoverMode.LOAD_BALANCE) {
      v.check(reservePercent().isEmpty(), "reservePercent", reservePercent(),
          "belongs to hot standby (parameter set HotStandby), not load balance");
      v.check(serverRole().isEmpty(), "serverRole", serverRole().map(CmdletServerRole::psName).orElse(""),
          "belongs to hot standby (parameter set HotStandby), not load balance");
    } else {
      v.check(loadBalancePercent().isEmpty(), "loadBalancePercent", loadBalancePercent(),
          "belongs to load balance (parameter set LoadBalance), not hot standby");
    }
    DhcpCommands.checkPercent(v, "loadBalancePercent", loadBalancePercent());
    DhcpCommands.checkPercent(v, "reservePercent", reservePercent());
    DhcpCommands.checkInterval(v, "maxClientLeadTime", maxClientLeadTime(), "(Windows rejects 0)");
    DhcpCommands.checkInterval(v, "stateSwitchInterval", stateSwitchInterval(), "(leave it out to keep automatic transition off)");
    v.check(!(stateSwitchInterval().isPresent() && autoStateTransition().equals(Optional.of(false))),
        "autoStateTransition", "false",
        "must not be false when stateSwitchInterval is given (the interval turns automatic transition on, vendor-facts.md §1)");
    v.throwIfAny("Add-DhcpServerv4Failover arguments");
  }
}
