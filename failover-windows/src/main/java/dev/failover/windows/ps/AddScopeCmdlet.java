package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The arguments of {@code Add-DhcpServerv4Scope}. Windows derives the scope id from the start
 * of the range and the mask; a scope has exactly one address range.
 */
@Value.Immutable
@FailoverStyle
public abstract class AddScopeCmdlet {

  /** {@return {@code -Name}: the scope's name} */
  public abstract String name();

  /** {@return {@code -StartRange}: the first address of the scope's range} */
  public abstract Ipv4Address startRange();

  /** {@return {@code -EndRange}: the last address of the scope's range} */
  public abstract Ipv4Address endRange();

  /** {@return {@code -SubnetMask}} */
  public abstract Ipv4Address subnetMask();

  /** {@return {@code -Description}} */
  public abstract Optional<String> description();

  /** {@return {@code -State}; active when not set} */
  @Value.Default
  public ScopeState state() {
    return ScopeState.ACTIVE;
  }

  /** {@return {@code -LeaseDuration}; empty for Windows' 8 days} */
  public abstract Optional<Duration> leaseDuration();

  /** {@return whether the command returns the new scope ({@code -PassThru}); true when not set} */
  @Value.Default
  public boolean passThru() {
    return true;
  }

  /** {@return a builder for the arguments} */
  public static ImmutableAddScopeCmdlet.Builder builder() {
    return ImmutableAddScopeCmdlet.builder();
  }

  /**
   * {@return the command that creates a copy of the scope's properties and range; its exclusions,
   * reservations and options are separate commands}
   *
   * @param scope the scope
   * @throws dev.failover.errors.ValidationException if the scope has no pool or more than one
   *
   */
  public static AddScopeCmdlet from(Scope scope) {
    Violations.collect()
        .check(scope.pools().size() == 1, "pools", scope.pools().size(),
            "must be exactly one on Windows (a scope has one address range)")
        .throwIfAny("scope " + scope.subnet() + " for Windows");
    Pool pool = scope.pools().get(0);
    ImmutableAddScopeCmdlet.Builder b = builder()
        .name(scope.name().isEmpty() ? scope.subnet().network().toString() : scope.name())
        .startRange(pool.range().start())
        .endRange(pool.range().end())
        .subnetMask(scope.subnet().mask())
        .state(scope.enabled() ? ScopeState.ACTIVE : ScopeState.INACTIVE)
        .leaseDuration(scope.properties().leaseTime());
    if (!scope.properties().description().isEmpty()) {
      b.description(scope.properties().description());
    }
    return b.build();
  }

  /** {@return the scope id Windows will give the scope: the range start under the mask} */
  public Ipv4Address scopeId() {
    return Ipv4Address.ofBits(startRange().bits() & subnetMask().bits());
  }

  /** Checks the name, description, range and mask, all together, when the arguments are built. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    DhcpCommands.checkText(v, "name", name(), true);
    description().ifPresent(d -> DhcpCommands.checkText(v, "description", d, false));
    int len = Integer.bitCount(subnetMask().bits());
    v.check(len > 0 && len < 32 && subnetMask().bits() == (-1 << (32 - len)), "subnetMask", subnetMask(),
        "must be a contiguous netmask between /1 and /31");
    v.check(startRange().compareTo(endRange()) <= 0, "endRange", endRange(), "must not be before startRange " + startRange());
    v.check((startRange().bits() & subnetMask().bits()) == (endRange().bits() & subnetMask().bits()), "endRange",
        endRange(), "must lie in the same subnet as startRange " + startRange());
    DhcpCommands.checkInterval(v, "leaseDuration", leaseDuration(), "");
    v.throwIfAny("Add-DhcpServerv4Scope arguments");
    Subnet.of(scopeId(), subnetMask());
  }
}
