package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.Violations;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** The arguments of {@code Set-DhcpServerv4Scope}: only what is given changes. */
@Value.Immutable
@FailoverStyle
public abstract class SetScope {

  public abstract Ipv4Address scopeId();

  public abstract Optional<String> name();

  public abstract Optional<String> description();

  public abstract Optional<ScopeState> state();

  public abstract Optional<Duration> leaseDuration();

  /** A new address range ({@code -StartRange}, {@code -EndRange}). */
  public abstract Optional<AddressRange> range();

  public static ImmutableSetScope.Builder builder() {
    return ImmutableSetScope.builder();
  }

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
