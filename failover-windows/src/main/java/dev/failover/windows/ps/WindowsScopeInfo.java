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

  /** {@return the scope's id: its network address} */
  public abstract Ipv4Address scopeId();

  /** {@return the subnet mask} */
  public abstract Ipv4Address subnetMask();

  /** {@return the first address of the scope's range} */
  public abstract Ipv4Address startRange();

  /** {@return the last address of the scope's range} */
  public abstract Ipv4Address endRange();

  /** {@return the scope's name} */
  public abstract String name();

  /** {@return the scope's description; empty when it has none} */
  public abstract String description();

  /** {@return whether the scope is active} */
  public abstract ScopeState state();

  /** {@return the lease duration, when printed} */
  public abstract Optional<Duration> leaseDuration();

  /** {@return {@code Dhcp}, {@code Bootp} or {@code Both}} */
  public abstract Optional<String> type();

  /** {@return the subnet of the id and mask} */
  public Subnet subnet() {
    return Subnet.of(scopeId(), subnetMask());
  }

  /** {@return the scope's range} */
  public AddressRange range() {
    return AddressRange.of(startRange(), endRange());
  }

  /** {@return a builder for a scope as read} */
  public static ImmutableWindowsScopeInfo.Builder builder() {
    return ImmutableWindowsScopeInfo.builder();
  }

  /**
   * Reads one {@code DhcpServerv4Scope} object.
   *
   * @param o the object as {@code ConvertTo-Json} printed it
   * @return the scope
   */
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
