package dev.failover.fleet;

/**
 * Told by a {@link FleetWatch} of each change it sees and, if it cares, of each survey. Called on
 * the watch's thread, one call at a time; should return quickly and not throw (an exception is
 * logged and the watch goes on).
 */
@FunctionalInterface
public interface WatchListener {

  /**
   * Receives one change.
   *
   * @param event what changed
   */
  void onEvent(WatchEvent event);

  /**
   * Receives each survey, after its events; does nothing unless overridden (a metrics binder
   * updates its gauges here).
   *
   * @param report what the survey found
   */
  default void onReport(FleetReport report) {}
}
