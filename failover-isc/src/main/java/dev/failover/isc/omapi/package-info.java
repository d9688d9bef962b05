/**
 * A client of ISC dhcpd's OMAPI over TCP: {@link dev.failover.isc.omapi.OmapiClient} reads a
 * failover peer's {@code failover-state} ({@link dev.failover.isc.omapi.OmapiFailoverState}) and
 * forces partner-down, with optional HMAC-MD5 signing ({@link dev.failover.isc.omapi.OmapiKey}).
 * The wire format is checked byte for byte against sessions recorded from a real dhcpd 4.4.3.
 */
package dev.failover.isc.omapi;
