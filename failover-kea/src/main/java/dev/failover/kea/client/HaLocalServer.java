package dev.failover.kea.client;

import dev.failover.FailoverStyle;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The {@code ha-servers.local} part of {@code status-get}: this server's view of itself. */
@Value.Immutable
@FailoverStyle
public interface HaLocalServer {

  /** {@return {@code primary}, {@code secondary}, {@code standby} or {@code backup}} */
  String role();

  /** {@return the HA state ({@code hot-standby}, {@code partner-down}, …)} */
  String state();

  /** {@return the scopes this server serves} */
  List<String> scopes();

  /** {@return the server's name (Kea ≥ 2.4 reports it)} */
  Optional<String> serverName();
}
