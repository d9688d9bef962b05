package dev.failover.spi;

import dev.failover.server.ServerId;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * What one facade call has read, per server and kind of reading (a {@code ServerState}, an ISC
 * configuration snapshot, …): the first request for a server's reading reads it, every later one
 * within the same call gets the same answer (or the same error) without asking the server again.
 * Made anew for every call and dropped when it ends: nothing read here outlives the call, so a
 * later call (an apply's fingerprint guard above all) always sees the server as it is then.
 * Thread-safe: two threads asking for the same reading at once wait for one read.
 */
public final class CallReads {

  private record Key(ServerId server, Class<?> kind) {}

  private final ConcurrentMap<Key, FutureTask<Object>> readings = new ConcurrentHashMap<>();

  private CallReads() {}

  /** {@return an empty memo for one call} */
  public static CallReads forOneCall() {
    return new CallReads();
  }

  /**
   * {@return the server's reading of this kind: read now by {@code read} when this call has not read it
   * yet, else what the first read gave}
   *
   * @param <T> the kind of reading
   * @param server the server read
   * @param kind the kind of reading, which also names it apart from the server's other readings
   * @param read reads the server; called at most once per server and kind in this call
   * @throws RuntimeException whatever the first read threw, thrown again to every later asker
   */
  public <T> T once(ServerId server, Class<T> kind, Supplier<? extends T> read) {
    Objects.requireNonNull(read, "read");
    Key key = new Key(Objects.requireNonNull(server, "server"), Objects.requireNonNull(kind, "kind"));
    FutureTask<Object> mine = new FutureTask<>(read::get);
    FutureTask<Object> task = readings.putIfAbsent(key, mine);
    if (task == null) {
      task = mine;
      mine.run();
    }
    try {
      return kind.cast(task.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.failover.errors.FailoverException("interrupted while waiting for " + server + " to be read", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new dev.failover.errors.FailoverException("reading " + server + " failed: " + cause, cause);
    }
  }

  /**
   * {@return the server's reading of this kind when this call has read it already (successfully); empty
   * otherwise, without reading}
   *
   * @param <T> the kind of reading
   * @param server the server
   * @param kind the kind of reading
   */
  public <T> java.util.Optional<T> ifRead(ServerId server, Class<T> kind) {
    FutureTask<Object> task = readings.get(new Key(server, kind));
    if (task == null || !task.isDone()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(kind.cast(task.get()));
    } catch (InterruptedException | ExecutionException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return java.util.Optional.empty();
    }
  }
}
