package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.Secret;
import dev.failover.Violations;
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
 * must not have them. Mode {@link FailoverMode#LOAD_BALANCE} takes {@link #loadBalancePercent()}
 * (default 50, the local server's share); {@link FailoverMode#HOT_STANDBY} takes
 * {@link #serverRole()} (default Active for the local server) and {@link #reservePercent()}
 * (default 5). A {@link #stateSwitchInterval()} turns automatic state transition on.
 */
@Value.Immutable
@FailoverStyle
public abstract class AddFailover {

  /** Longest relationship name Windows accepts (ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG beyond). */
  public static final int MAX_NAME_LENGTH = 126;

  public abstract String name();

  /** The partner's IPv4 address or host name (for a DHCP cluster, the cluster name). */
  public abstract String partnerServer();

  /** At least one scope; the cmdlet requires one (a relationship without scopes is kept pending by the backend). */
  public abstract List<Ipv4Address> scopeIds();

  @Value.Default
  public FailoverMode mode() {
    return FailoverMode.LOAD_BALANCE;
  }

  public abstract OptionalInt loadBalancePercent();

  public abstract OptionalInt reservePercent();

  public abstract Optional<ServerRole> serverRole();

  public abstract Optional<Duration> maxClientLeadTime();

  public abstract Optional<Boolean> autoStateTransition();

  public abstract Optional<Duration> stateSwitchInterval();

  @Value.Redacted
  public abstract Optional<Secret> sharedSecret();

  /** Whether the command returns the new relationship ({@code -PassThru}). */
  @Value.Default
  public boolean passThru() {
    return true;
  }

  public static ImmutableAddFailover.Builder builder() {
    return ImmutableAddFailover.builder();
  }

  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    DhcpCommands.checkRelationshipName(v, "name", name());
    DhcpCommands.checkHost(v, "partnerServer", partnerServer());
    v.check(!scopeIds().isEmpty(), "scopeIds", "[]",
        "must name at least one scope (Add-DhcpServerv4Failover requires -ScopeId)");
    v.check(new HashSet<>(scopeIds()).size() == scopeIds().size(), "scopeIds", scopeIds(), "must not repeat a scope");
    if (mode() == FailoverMode.LOAD_BALANCE) {
      v.check(reservePercent().isEmpty(), "reservePercent", reservePercent(),
          "belongs to hot standby (parameter set HotStandby), not load balance");
      v.check(serverRole().isEmpty(), "serverRole", serverRole().map(ServerRole::psName).orElse(""),
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
