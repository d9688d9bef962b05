/**
 * Where a dhcpd configuration lives and how it is replaced: {@link dev.failover.isc.store.IscConfigStore}
 * reads a configuration with a fingerprint of its bytes and writes a new one only if nobody changed
 * it in between; {@link dev.failover.isc.store.LocalFileConfigStore} does so on the local file
 * system, atomically, with a backup, after {@code dhcpd -t} accepted the new text.
 */
@FailoverStyle
package dev.failover.isc.store;

import dev.failover.FailoverStyle;
