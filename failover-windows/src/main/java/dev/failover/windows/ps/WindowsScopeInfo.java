package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.FailoverStyle;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** A scope as {@code Get-DhcpServerv4Scope} reports it. */
@Value.Immutable
@FailoverStyle
public abstract class WindowsScopeInfo {

  public abstract Ipv4Address scopeId();

  public abstract Ipv4Address subnetMask();

  public abstract Ipv4Address startRange();

  public abstract Ipv4Address endRange();

  public abstract String name();

  public abstract String description();

  public abstract ScopeState state();

  public abstract Optional<Duration> leaseDuration();

  /** {@code Dhcp}, {@code Bootp} or {@code Both}. */
  public abstract Optional<String> type();

  public Subnet subnet() {
    return Subnet.of(scopeId(), subnetMask());
  }

  public AddressRange range() {
    return AddressRange.of(startRange(), endRange());
  }

  public static ImmutableWindowsScopeInfo.Builder builder() {
    return ImmutableWindowsScopeInfo.builder();
  }

  /** Reads one {@code DhcpServerv4Scope} object. */
  public static WindowsScopeInfo fromJson(JsonNode o) {
    return builder()
        .scopeId(required(o, "ScopeId"))
        .subnetMask(required(o, "SubnetMask"))
        .startRange(required(o, "StartRange"))
        .endRange(required(o, "EndRange"))
        .name(PsJson.text(o, "Name").orElse(""))
        .description(PsJson.text(o, "Description").orElse(""))
        .state(PsJson.enumText(o, "State").flatMap(ScopeState::parse).orElse(ScopeState.ACTIVE))
        .leaseDuration(PsJson.timeSpan(o.get("LeaseDuration")))
        .type(PsJson.enumText(o, "Type"))
        .build();
  }

  static Ipv4Address required(JsonNode o, String field) {
    return PsJson.address(o.get(field)).orElseThrow(() -> new IllegalArgumentException(field + " missing in " + o));
  }
}
