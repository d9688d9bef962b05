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

  public abstract Ipv4Address scopeId();

  public abstract Ipv4Address startRange();

  public abstract Ipv4Address endRange();

  public AddressRange range() {
    return AddressRange.of(startRange(), endRange());
  }

  /** Reads one {@code DhcpServerv4ExclusionRange} object. */
  public static WindowsExclusionInfo fromJson(JsonNode o) {
    return ImmutableWindowsExclusionInfo.builder()
        .scopeId(WindowsScopeInfo.required(o, "ScopeId"))
        .startRange(WindowsScopeInfo.required(o, "StartRange"))
        .endRange(WindowsScopeInfo.required(o, "EndRange"))
        .build();
  }
}
