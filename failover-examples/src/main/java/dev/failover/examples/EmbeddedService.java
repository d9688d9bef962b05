package dev.failover.examples;

import dev.failover.Failover;
import dev.failover.fleet.Fleet;
import dev.failover.fleet.FleetReport;
import dev.failover.fleet.FleetWatch;
import dev.failover.fleet.WatchListener;
import dev.failover.micrometer.FailoverMetrics;
import dev.failover.server.Inventory;
import dev.failover.spi.Backends;
import dev.failover.spi.MeasuredBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The root README's "Embedding in a service", compiled with the build so that it cannot rot (a
 * test runs it and checks that the README shows exactly this code): one facade for the whole
 * process, shared by every thread, metrics on the application's registry, a watch that tells the
 * application's alerting of state changes and drift, everything closed on shutdown.
 */
public final class EmbeddedService implements AutoCloseable {

  private final Failover failover;
  private final Fleet fleet;
  private final FleetWatch watch;

  private EmbeddedService(Failover failover, Fleet fleet, FleetWatch watch) {
    this.failover = failover;
    this.fleet = fleet;
    this.watch = watch;
  }

  /**
   * Starts the service's use of the SDK.
   *
   * @param inventory the servers the service manages
   * @param backends the backends that reach them ({@code Backends.discover(loader)} in production)
   * @param registry the application's meter registry
   * @param alerts told each state change, silent server and drift
   * @param interval how often the watch surveys the fleet
   * @return the started service; close it on shutdown
   */
  public static EmbeddedService start(Inventory inventory, Backends backends, MeterRegistry registry,
      WatchListener alerts, Duration interval) {
    // embedding begin
    FailoverMetrics metrics = FailoverMetrics.bindTo(registry);
    Failover failover = Failover.builder().inventory(inventory)
        .backends(MeasuredBackend.all(backends, metrics))   // backend request timers
        .audit(metrics)                                      // apply outcome counters
        .build();                                            // one per process, shared by all threads
    Fleet fleet = Fleet.builder(failover).parallelism(16).timeout(Duration.ofSeconds(10)).build();
    FleetWatch watch = FleetWatch.builder(fleet).interval(interval)
        .listener(metrics)                                   // state and drift gauges
        .listener(alerts)                                    // your alerting
        .build();
    watch.start();                                           // surveys on its own thread
    // embedding end
    return new EmbeddedService(failover, fleet, watch);
  }

  /** {@return the facade, for any thread of the service: plans, applies, drift, status} */
  public Failover failover() {
    return failover;
  }

  /** {@return every relationship's status and drift now, each server's answer or its problem} */
  public FleetReport survey() {
    return fleet.survey();
  }

  /** Stops the watch, then closes the facade and with it every connection and session the backends opened. */
  @Override
  public void close() {
    try {
      watch.close();
    } finally {
      failover.close();
    }
  }
}
