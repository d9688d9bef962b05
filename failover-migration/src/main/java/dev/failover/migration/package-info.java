/**
 * Moving an ISC dhcpd failover pair to a Kea HA pair: {@link dev.failover.migration.IscToKea}
 * reads both partners' dhcpd.conf and makes a {@link dev.failover.migration.MigrationPlan}, the
 * Kea pair's Dhcp4 configuration for each partner with every mapping named and every
 * {@link dev.failover.migration.UntranslatableItem} listed; {@link dev.failover.migration.IscLeases}
 * reads both partners' dhcpd.leases and merges them into the {@code lease4-add} arguments that let
 * each client keep its address and its remaining time.
 */
@FailoverStyle
package dev.failover.migration;

import dev.failover.FailoverStyle;
