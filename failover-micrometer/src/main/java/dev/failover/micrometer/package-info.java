/**
 * Micrometer metrics for the failover SDK: {@link dev.failover.micrometer.FailoverMetrics}
 * publishes each server's failover state and each relationship's drift (from a
 * {@link dev.failover.fleet.FleetWatch}'s surveys), apply outcomes (from the facade's audit
 * events) and backend request latency (from a {@link dev.failover.spi.MeasuredBackend}) to the
 * {@link io.micrometer.core.instrument.MeterRegistry} an application passes.
 */
package dev.failover.micrometer;
