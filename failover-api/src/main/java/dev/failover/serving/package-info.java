/**
 * Which server answers a DHCP client: {@link dev.failover.serving.ServerChoice#predict} applies a
 * relationship's mode and settings (RFC 3074's load-balancing hash, {@link
 * dev.failover.serving.LoadBalanceHash}, over ISC's split or hba and Kea's load balancing;
 * Windows' load-balance percentage; hot standby's active server) and the failover state each
 * server reports (partner-down, maintenance, a server that does not serve) to a
 * {@link dev.failover.serving.Client}. {@link dev.failover.Failover#whoServes} reads both from
 * the servers.
 */
@FailoverStyle
package dev.failover.serving;

import dev.failover.FailoverStyle;
