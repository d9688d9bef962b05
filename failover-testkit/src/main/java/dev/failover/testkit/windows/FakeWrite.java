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

  public FakeWrite {
    parameters = Map.copyOf(parameters);
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
