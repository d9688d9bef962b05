package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.FailoverStyle;
import dev.failover.scope.Ipv4Address;
import java.util.Optional;
import org.immutables.value.Value;

/** A reservation as {@code Get-DhcpServerv4Reservation} reports it; the client id as Windows prints it ({@code 00-11-22-aa-bb-cc}). */
@Value.Immutable
@FailoverStyle
public abstract class WindowsReservationInfo {

  public abstract Ipv4Address ipAddress();

  public abstract Ipv4Address scopeId();

  public abstract String clientId();

  public abstract Optional<String> name();

  public abstract Optional<String> description();

  public abstract Optional<String> type();

  public static ImmutableWindowsReservationInfo.Builder builder() {
    return ImmutableWindowsReservationInfo.builder();
  }

  /** Reads one {@code DhcpServerv4Reservation} object. */
  public static WindowsReservationInfo fromJson(JsonNode o) {
    return builder()
        .ipAddress(WindowsScopeInfo.required(o, "IPAddress"))
        .scopeId(WindowsScopeInfo.required(o, "ScopeId"))
        .clientId(PsJson.text(o, "ClientId").orElseThrow(() -> new IllegalArgumentException("ClientId missing in " + o)))
        .name(PsJson.nonEmptyText(o, "Name"))
        .description(PsJson.nonEmptyText(o, "Description"))
        .type(PsJson.enumText(o, "Type"))
        .build();
  }
}
