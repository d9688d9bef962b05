package dev.failover.windows.ps;

import dev.failover.FailoverStyle;
import dev.failover.Violations;
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

  public abstract Ipv4Address scopeId();

  public abstract Ipv4Address ipAddress();

  public abstract String clientId();

  public abstract Optional<String> name();

  public abstract Optional<String> description();

  public abstract Optional<ReservationType> type();

  public static ImmutableAddReservation.Builder builder() {
    return ImmutableAddReservation.builder();
  }

  /** The command that creates the reservation in the scope. */
  public static AddReservation from(Ipv4Address scopeId, Reservation reservation) {
    return builder().scopeId(scopeId).ipAddress(reservation.address()).clientId(reservation.identifier())
        .name(reservation.name()).description(reservation.description()).build();
  }

  /** The client id as sent: lower-case hex bytes joined by dashes. */
  public String clientIdText() {
    return DhcpCommands.clientIdText(clientId());
  }

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
