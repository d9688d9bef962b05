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

  /** {@return the reserved address} */
  public abstract Ipv4Address ipAddress();

  /** {@return the scope that holds the reservation} */
  public abstract Ipv4Address scopeId();

  /** {@return the client's id as printed, for example {@code 00-11-22-aa-bb-cc}} */
  public abstract String clientId();

  /** {@return the reservation's name} */
  public abstract Optional<String> name();

  /** {@return the reservation's description} */
  public abstract Optional<String> description();

  /** {@return {@code Dhcp}, {@code Bootp} or {@code Both}, as printed} */
  public abstract Optional<String> type();

  /** {@return a builder for a reservation as read} */
  public static ImmutableWindowsReservationInfo.Builder builder() {
    return ImmutableWindowsReservationInfo.builder();
  }

  /**
   * Reads one {@code DhcpServerv4Reservation} object.
   *
   * @param o the object as {@code ConvertTo-Json} printed it
   * @return the reservation
   */
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
