package dev.failover.isc;

import dev.failover.isc.omapi.OmapiFailoverState;
import dev.failover.server.Server;

/**
 * dhcpd's OMAPI beyond the SDK's common status, offered by the ISC backend as a vendor
 * extension: every value of a failover peer's {@code failover-state} object.
 *
 * <pre>{@code
 * IscOmapi omapi = failover.extension("dhcp-a", IscOmapi.class).orElseThrow();
 * OmapiFailoverState fo1 = omapi.failoverState(failover.inventory().require("dhcp-a"), "fo1");
 * Duration skew = fo1.skew();
 * }</pre>
 *
 * <p>The extension serves every ISC server of the inventory, so each call names the server
 * (reached as its inventory entry says: options {@code omapi-host} and {@code omapi-port}, the
 * credential as the OMAPI key). Errors are the OMAPI client's: a
 * {@link dev.failover.errors.BackendException} of kind {@code TRANSPORT} when the server cannot be
 * reached, {@code REJECTED} with dhcpd's own message when it refuses.
 */
public interface IscOmapi {

  /**
   * {@return the {@code failover-state} object of the peer with that name on the server}
   *
   * @param server the ISC server, with an OMAPI endpoint in its options
   * @param peer the failover peer's name
   */
  OmapiFailoverState failoverState(Server server, String peer);
}
