package dev.failover.testkit.windows;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt to change a fake server, in the order they happened: the cmdlet, its bound
 * parameters (a shared secret shown as {@code ***}), and the error id if it failed.
 */
public record FakeWrite(Instant at, String server, String cmdlet, Map<String, String> parameters,
    Optional<String> failure) {

  /**
   * A write; the parameters are copied.
   *
   * @param at when it happened, on the network's clock
   * @param server the server written to
   * @param cmdlet the cmdlet
   * @param parameters its bound parameters, a secret as {@code ***}
   * @param failure the error id, when it failed
   */
  public FakeWrite {
    parameters = Map.copyOf(parameters);
  }

  /** {@return whether the write succeeded} */
  public boolean succeeded() {
    return failure.isEmpty();
  }
}
