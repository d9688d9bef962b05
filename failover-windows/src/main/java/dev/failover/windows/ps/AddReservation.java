package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Reservation;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The arguments of {@code Add-DhcpServerv4Reservation}. The client id is hexadecimal bytes; it
 * is sent in the dash-separated form Windows prints ({@code 00-11-22-aa-bb-cc}).
 */
@Value.Immutable
@FailoverStyle
public abstract class AddReservation {

  /** {@return {@code -ScopeId}: the scope that holds the reservation} */
  public abstract Ipv4Address scopeId();

  /** {@return {@code -IPAddress}: the reserved address} */
  public abstract Ipv4Address ipAddress();

  /** {@return {@code -ClientId}: the client's MAC address or client identifier} */
  public abstract String clientId();

  /** {@return {@code -Name}: the reservation's name} */
  public abstract Optional<String> name();

  /** {@return {@code -Description}} */
  public abstract Optional<String> description();

  /** {@return {@code -Type}: DHCP, BOOTP or both; empty for Windows' default} */
  public abstract Optional<ReservationType> type();

  /** {@return a builder for the arguments} */
  public static ImmutableAddReservation.Builder builder() {
    return ImmutableAddReservation.builder();
  }

  /**
   * {@return the command that creates the reservation in the scope}
   *
   * @param scopeId the scope's id (its network address)
   * @param reservation the reservation
   */
  public static AddReservation from(Ipv4Address scopeId, Reservation reservation) {
    return builder().scopeId(scopeId).ipAddress(reservation.address()).clientId(reservation.identifier())
        .name(reservation.name()).description(reservation.description()).build();
  }

  /** {@return the client id as sent: lower-case hex bytes joined by dashes} */
  public String clientIdText() {
    return DhcpCommands.clientIdText(clientId());
  }

  /** Checks the client id, name and description, all together, when the arguments are built. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    v.check(DhcpCommands.clientIdText(clientId()) != null, "clientId", clientId(),
        "must be 1 to 255 hexadecimal bytes separated by '-' or ':' (for example 00-11-22-aa-bb-cc)");
    name().ifPresent(n -> DhcpCommands.checkText(v, "name", n, true));
    description().ifPresent(d -> DhcpCommands.checkText(v, "description", d, false));
    v.throwIfAny("Add-DhcpServerv4Reservation arguments for " + ipAddress() + " (" + clientId().toLowerCase(Locale.ROOT) + ")");
  }
}
