package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The {@code ha-servers.remote} part of {@code status-get}: what this server last learned of its
 * partner. Counters Kea leaves out read as 0, flags as false.
 */
@Value.Immutable
@FailoverStyle
public interface HaRemoteServer {

  /** {@return the partner's role: {@code primary}, {@code secondary}, {@code standby} or {@code backup}} */
  String role();

  /** {@return the partner's state as last seen; {@code unavailable} when it cannot be reached} */
  String lastState();

  /** {@return the HA scopes the partner served when last seen} */
  List<String> lastScopes();

  /** {@return seconds since the partner's state was last learned} */
  long age();

  /** {@return whether the server has heard from its partner since it started} */
  boolean inTouch();

  /** {@return whether the server has lost contact with its partner} */
  boolean communicationInterrupted();

  /** {@return packets the server analysed while the partner was unreachable} */
  long analyzedPackets();

  /** {@return clients that tried to get leases while the partner was unreachable} */
  long connectingClients();

  /** {@return clients the partner appears not to answer} */
  long unackedClients();

  /** {@return unanswered clients still needed before the server goes partner-down ({@code max-unacked-clients} counts down)} */
  long unackedClientsLeft();

  /** {@return the partner's name (Kea ≥ 2.4 reports it)} */
  Optional<String> serverName();
}
