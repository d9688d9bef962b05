package dev.failover.windows.ps;

import dev.failover.scope.Ipv4Address;
import java.util.Objects;

/**
 * Where an option value lives: a scope ({@code -ScopeId}) or one reservation
 * ({@code -ReservedIP}). Server-level options are deliberately not a target: Windows failover
 * replication never copies them, so the SDK keeps options at scope level.
 */
public final class OptionTarget {

  private final Ipv4Address address;
  private final boolean reservation;

  private OptionTarget(Ipv4Address address, boolean reservation) {
    this.address = Objects.requireNonNull(address, "address");
    this.reservation = reservation;
  }

  /**
   * {@return the options of a scope}
   *
   * @param scopeId the scope's id
   */
  public static OptionTarget scope(Ipv4Address scopeId) {
    return new OptionTarget(scopeId, false);
  }

  /**
   * {@return the options of the reservation of that address}
   *
   * @param reservedIp the reserved address
   */
  public static OptionTarget reservation(Ipv4Address reservedIp) {
    return new OptionTarget(reservedIp, true);
  }

  /** {@return the scope's id, or the reserved address} */
  public Ipv4Address address() {
    return address;
  }

  /** {@return whether the target is a reservation} */
  public boolean isReservation() {
    return reservation;
  }

  /** The parameter that names the target: {@code ScopeId} or {@code ReservedIP}. */
  String parameterName() {
    return reservation ? "ReservedIP" : "ScopeId";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OptionTarget && ((OptionTarget) o).address.equals(address)
        && ((OptionTarget) o).reservation == reservation;
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 2 + (reservation ? 1 : 0);
  }

  @Override
  public String toString() {
    return (reservation ? "reservation " : "scope ") + address;
  }
}
