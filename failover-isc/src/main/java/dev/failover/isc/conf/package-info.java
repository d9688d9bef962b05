/**
 * dhcpd.conf as a lossless tree: {@link dev.failover.isc.conf.IscConfig} parses a configuration
 * and the files it includes, keeps every byte (comments, whitespace, order), offers typed views
 * (scopes, failover peer declarations, pools and the peers they refer to) and edits that return a
 * new configuration in which only the changed bytes differ. dhcpd 4.4.3 is the judge of the
 * grammar: what it refuses while parsing, the parser refuses with an
 * {@link dev.failover.isc.conf.IscConfigException} that names file, line and column.
 */
@FailoverStyle
package dev.failover.isc.conf;

import dev.failover.FailoverStyle;
