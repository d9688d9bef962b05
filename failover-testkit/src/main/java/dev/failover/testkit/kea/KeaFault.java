package dev.failover.testkit.kea;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fault a test asks the fake Kea for by name ({@link FakeKeaServer#fault(KeaFault)}), in the
 * spirit of MockWebServer's socket policies: what a real Kea deployment does when something is
 * wrong with it. A fault holds until {@link FakeKeaServer#clearFault()}.
 *
 * <pre>{@code
 * try (FakeKeaServer kea = FakeKeaServer.start()) {
 *   kea.fault(KeaFault.http500());
 *   // every request now gets HTTP 500 {"result": 500, "text": "Internal Server Error"}
 *   kea.clearFault();
 * }
 * }</pre>
 */
public final class KeaFault {

  /** The faults there are. */
  public enum Kind {
    /** The request is read and never answered: the connection stays open until the fault is cleared. */
    NO_ANSWER,
    /** Every answer comes after {@link #delay()} of real time (the fake's clock does not move). */
    SLOW_ANSWER,
    /** Every request gets HTTP 500 and Kea's stock body {@code {"result": 500, "text": "Internal Server Error"}}. */
    HTTP_500,
    /** The request is read and the connection closed without an answer, as by a process that crashed. */
    CONNECTION_RESET,
    /**
     * The Control Agent is up but {@code kea-dhcp4} behind it is down: commands for
     * {@code dhcp4} get the agent's "server has gone away" answer as real Kea 2.2's agent gives
     * it, the agent's own commands answer, and the HA partner cannot reach this server. On the
     * {@link FakeKeaFlavour#DIRECT_HTTP_3_0} flavour (no agent) the connection is refused instead.
     */
    SERVER_DOWN,
    /**
     * Every {@code config-set} fails as when a hook library refuses to load
     * ({@code One or more hook libraries failed to load}); as with real Kea, the server then runs
     * with its old configuration but without any hook (HA and lease commands unsupported) until a
     * {@code config-set} succeeds.
     */
    HOOKS_FAILED
  }

  private static final Duration LONGEST_DELAY = Duration.ofMinutes(10);

  private final Kind kind;
  private final Duration delay;

  private KeaFault(Kind kind, Duration delay) {
    this.kind = kind;
    this.delay = delay;
  }

  /** {@return the fault where requests are never answered} */
  public static KeaFault noAnswer() {
    return new KeaFault(Kind.NO_ANSWER, Duration.ZERO);
  }

  /**
   * {@return the fault where answers come {@code delay} late} (real time, at most 10 minutes)
   *
   * @param delay how late each answer comes
   * @throws ValidationException if the delay is not positive or longer than 10 minutes
   */
  public static KeaFault slowAnswer(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.isZero() || delay.compareTo(LONGEST_DELAY) > 0) {
      throw new ValidationException("fake Kea fault", List.of(new Violation("delay", delay.toString(),
          "must be positive and at most " + LONGEST_DELAY)));
    }
    return new KeaFault(Kind.SLOW_ANSWER, delay);
  }

  /** {@return the fault where every request gets HTTP 500} */
  public static KeaFault http500() {
    return new KeaFault(Kind.HTTP_500, Duration.ZERO);
  }

  /** {@return the fault where connections close without an answer} */
  public static KeaFault connectionReset() {
    return new KeaFault(Kind.CONNECTION_RESET, Duration.ZERO);
  }

  /** {@return the fault where the agent answers and {@code kea-dhcp4} behind it is down} (on 3.0, with no agent, connections are refused) */
  public static KeaFault serverDown() {
    return new KeaFault(Kind.SERVER_DOWN, Duration.ZERO);
  }

  /** {@return the fault where hook libraries fail to load on {@code config-set}, leaving the server without hooks} */
  public static KeaFault hooksFailed() {
    return new KeaFault(Kind.HOOKS_FAILED, Duration.ZERO);
  }

  /** {@return which fault this is} */
  public Kind kind() {
    return kind;
  }

  /** {@return how late answers come ({@link Kind#SLOW_ANSWER}); zero for the other faults} */
  public Duration delay() {
    return delay;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeaFault f && f.kind == kind && f.delay.equals(delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay);
  }

  @Override
  public String toString() {
    return kind == Kind.SLOW_ANSWER ? "KeaFault[SLOW_ANSWER " + delay + "]" : "KeaFault[" + kind + "]";
  }
}
