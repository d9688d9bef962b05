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

  void onProgress(Progress progress);
}
