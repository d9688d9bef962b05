/**
 * Kea DHCPv4 configuration as the backend reads and writes it: {@link dev.failover.kea.config.Dhcp4Config}
 * is an immutable view over the {@code Dhcp4} JSON that keeps every unknown field, maps
 * {@code subnet4} entries onto {@link dev.failover.scope.Scope scopes} through
 * {@link dev.failover.kea.config.Subnet4}, manages the HA hook libraries and the raw
 * {@code high-availability} list, and computes the configuration fingerprint.
 */
package dev.failover.kea.config;
