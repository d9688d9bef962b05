/**
 * Micrometer metrics for the failover SDK: {@link dev.failover.micrometer.FailoverMetrics}, the
 * API's watch, audit and request hooks publishing to a Micrometer {@code MeterRegistry}. Only
 * {@code dev.failover.micrometer} is exported; Micrometer core is read as the automatic module
 * {@code micrometer.core} (the name its manifest declares), which is transitive because
 * {@code FailoverMetrics.bindTo} takes its {@code MeterRegistry}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Micrometer ships no descriptor
module dev.failover.micrometer {
  requires transitive dev.failover.api;
  requires transitive micrometer.core;
  // the API's values carry Immutables' annotations: read when compiling and documenting only
  requires static org.immutables.value;

  exports dev.failover.micrometer;
}
