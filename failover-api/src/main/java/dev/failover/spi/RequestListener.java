package dev.failover.spi;

/**
 * Receives a {@link BackendRequest} for every backend call a {@link MeasuredBackend} makes: the
 * hook a metrics library times backend requests through, without the SDK knowing that library
 * ({@code failover-micrometer} implements it). Called on the calling thread, after the call
 * ended; should return quickly and not throw (an exception is logged and never changes the
 * call's result).
 */
@FunctionalInterface
public interface RequestListener {

  /**
   * Receives one timed call.
   *
   * @param request which server, which operation, how it ended, how long it took
   */
  void onRequest(BackendRequest request);
}
