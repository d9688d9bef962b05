package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** The arguments of {@code Set-DhcpServerv4Scope}: only what is given changes. */
@Value.Immutable
@FailoverStyle
public abstract class SetScope {

  /** {@return {@code -ScopeId}: the scope to change} */
  public abstract Ipv4Address scopeId();

  /** {@return {@code -Name}; empty keeps it} */
  public abstract Optional<String> name();

  /** {@return {@code -Description}; empty keeps it} */
  public abstract Optional<String> description();

  /** {@return {@code -State}; empty keeps it} */
  public abstract Optional<ScopeState> state();

  /** {@return {@code -LeaseDuration}; empty keeps it} */
  public abstract Optional<Duration> leaseDuration();

  /** {@return a new address range ({@code -StartRange}, {@code -EndRange})} */
  public abstract Optional<AddressRange> range();

  /** {@return a builder for the arguments} */
  public static ImmutableSetScope.Builder builder() {
    return ImmutableSetScope.builder();
  }

  /** Checks the name and description, all together, when the arguments are built. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    name().ifPresent(n -> DhcpCommands.checkText(v, "name", n, true));
    description().ifPresent(d -> DhcpCommands.checkText(v, "description", d, false));
    DhcpCommands.checkInterval(v, "leaseDuration", leaseDuration(), "");
    v.check(name().isPresent() || description().isPresent() || state().isPresent() || leaseDuration().isPresent()
        || range().isPresent(), "Set-DhcpServerv4Scope", scopeId(), "must change at least one setting");
    v.throwIfAny("Set-DhcpServerv4Scope arguments");
  }
}
