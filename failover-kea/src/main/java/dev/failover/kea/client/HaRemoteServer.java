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

  String role();

  /** The partner's state as last seen; {@code unavailable} when it cannot be reached. */
  String lastState();

  List<String> lastScopes();

  /** Seconds since the partner's state was last learned. */
  long age();

  boolean inTouch();

  boolean communicationInterrupted();

  long analyzedPackets();

  long connectingClients();

  long unackedClients();

  long unackedClientsLeft();

  /** The partner's name (Kea ≥ 2.4 reports it). */
  Optional<String> serverName();
}
