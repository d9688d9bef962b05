package dev.failover;

/**
 * Told while a plan is applied, per server and per scope, so a caller can show a progress bar:
 * replicating a relationship or a whole server can take a while. Called on the applying thread;
 * it should return quickly and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = p -> { };

  /**
   * Receives one step; called on the applying thread, so it should return quickly.
   *
   * @param progress how far applying has come
   */
  void onProgress(Progress progress);
}
