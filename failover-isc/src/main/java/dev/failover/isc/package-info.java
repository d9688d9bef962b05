/**
 * The ISC dhcpd 4.x backend of the failover SDK: {@link dev.failover.isc.IscBackend} (found by
 * {@link java.util.ServiceLoader} through {@link dev.failover.isc.IscBackendProvider}), the
 * mapping between dhcpd.conf's {@code failover peer} statements and the API's declarations
 * ({@link dev.failover.isc.IscPeerMapping}), and OMAPI access as a vendor extension
 * ({@link dev.failover.isc.IscOmapi}). The configuration model, the store and the OMAPI client
 * are in the sub-packages {@code conf}, {@code store} and {@code omapi}.
 */
@FailoverStyle
package dev.failover.isc;

import dev.failover.FailoverStyle;
