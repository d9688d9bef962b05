package dev.failover.migration;

import dev.failover.errors.Violations;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One ISC server of the pair as the cutover sees it: its name, the operator's action that stops
 * its dhcpd, the action that starts it again (the way back), and optionally a check of the
 * operator's own that the Kea server now serves that side (for example a DHCP probe), run after
 * the SDK's own check of the Kea server's HA state.
 */
@Value.Immutable
public interface IscSide {

  /** {@return the ISC server's name, as the cutover's steps and outcome show it} */
  String name();

  /** {@return the action that stops dhcpd on this side} */
  @Value.Auxiliary
  OperatorAction stop();

  /** {@return the action that starts dhcpd again on this side: the way back} */
  @Value.Auxiliary
  OperatorAction start();

  /** {@return the operator's own check that Kea serves this side once dhcpd is stopped, if any} */
  @Value.Auxiliary
  Optional<OperatorAction> confirm();

  /**
   * {@return a side with its stop and start actions and no check of the operator's}
   *
   * @param name the ISC server's name
   * @param stop stops dhcpd on this side
   * @param start starts it again
   */
  static IscSide of(String name, OperatorAction stop, OperatorAction start) {
    return ImmutableIscSide.builder().name(name).stop(stop).start(start).build();
  }

  /** Checks the name. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(!name().isBlank() && name().length() <= 256, "name", name(), "must be 1 to 256 characters")
        .throwIfAny("ISC side of the cutover");
  }
}
