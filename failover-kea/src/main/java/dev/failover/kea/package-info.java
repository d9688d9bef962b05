/**
 * The Kea backend of the failover SDK: {@link dev.failover.kea.KeaBackend} implements
 * {@link dev.failover.spi.FailoverBackend} for Kea DHCPv4 servers with the High Availability hook
 * (found through {@link dev.failover.kea.KeaBackendProvider}), and offers Kea's maintenance and HA
 * commands as the {@link dev.failover.kea.KeaMaintenance} extension.
 */
package dev.failover.kea;
