/**
 * The service provider interface a vendor backend implements ({@link dev.failover.spi.FailoverBackend}),
 * and its discovery with {@link java.util.ServiceLoader}.
 */
package dev.failover.spi;
