package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.FailoverStyle;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import org.immutables.value.Value;

/** An exclusion range as {@code Get-DhcpServerv4ExclusionRange} reports it. */
@Value.Immutable
@FailoverStyle
public abstract class WindowsExclusionInfo {

  /** {@return the scope the range is excluded from} */
  public abstract Ipv4Address scopeId();

  /** {@return the first excluded address} */
  public abstract Ipv4Address startRange();

  /** {@return the last excluded address} */
  public abstract Ipv4Address endRange();

  /** {@return the excluded range} */
  public AddressRange range() {
    return AddressRange.of(startRange(), endRange());
  }

  /**
   * Reads one {@code DhcpServerv4ExclusionRange} object.
   *
   * @param o the object as {@code ConvertTo-Json} printed it
   * @return the exclusion
   */
  public static WindowsExclusionInfo fromJson(JsonNode o) {
    return ImmutableWindowsExclusionInfo.builder()
        .scopeId(WindowsScopeInfo.required(o, "ScopeId"))
        .startRange(WindowsScopeInfo.required(o, "StartRange"))
        .endRange(WindowsScopeInfo.required(o, "EndRange"))
        .build();
  }
}
