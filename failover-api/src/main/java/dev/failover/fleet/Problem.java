package dev.failover.fleet;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
import dev.failover.errors.Violations;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.immutables.value.Value;

/**
 * Why a server gave no answer to the fleet: what kind of failure it was and the error in
 * operator words (the server's own text where it gave one).
 *
 * <p>Rule: the message is not blank.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableProblem.class)
@JsonDeserialize(as = ImmutableProblem.class)
public interface Problem {

  /** What kind of failure kept a server from answering. */
  enum Kind {
    /** The server could not be reached: connection refused or reset, no route, name unknown. */
    UNREACHABLE,
    /** The server did not answer within the fleet's per-server timeout (or the backend's own). */
    TIMED_OUT,
    /** The server answered and said no (an error result, wrong credentials). */
    REFUSED,
    /** No backend for the server's vendor is on the class path. */
    NO_BACKEND,
    /** The server answered, but what it said could not be read or used. */
    FAILED;

    /** {@return whether the server is out of reach (unreachable or timed out), as a watch reports it} */
    public boolean outOfReach() {
      return this == UNREACHABLE || this == TIMED_OUT;
    }
  }

  /** {@return what kind of failure it was} */
  Kind kind();

  /** {@return the error in operator words} */
  String message();

  /**
   * {@return a problem of the given kind}
   *
   * @param kind what kind of failure it was
   * @param message the error in operator words
   */
  static Problem of(Kind kind, String message) {
    return ImmutableProblem.builder().kind(kind).message(message).build();
  }

  /**
   * {@return the problem of a server that gave no answer within the timeout}
   *
   * @param timeout the per-server timeout
   */
  static Problem timedOut(Duration timeout) {
    return of(Kind.TIMED_OUT, "gave no answer within " + dev.failover.spi.Texts.duration(timeout) + " (the per-server timeout)");
  }

  /**
   * {@return the problem an error stands for} A transport failure whose cause is a timeout is
   * {@link Kind#TIMED_OUT}, any other one {@link Kind#UNREACHABLE}; a rejection or a credentials
   * failure is {@link Kind#REFUSED}; anything else {@link Kind#FAILED}.
   *
   * @param error what the backend threw
   */
  static Problem of(Throwable error) {
    String message = error.getMessage() != null && !error.getMessage().isBlank() ? error.getMessage()
        : "failed without a message";
    if (error instanceof BackendException b) {
      if (b.kind() == BackendException.Kind.TRANSPORT) {
        for (Throwable c = b; c != null; c = c.getCause()) {
          if (c instanceof TimeoutException || c instanceof SocketTimeoutException
              || c instanceof java.net.http.HttpTimeoutException) {
            return of(Kind.TIMED_OUT, message);
          }
        }
        return of(Kind.UNREACHABLE, message);
      }
      return of(Kind.REFUSED, message);
    }
    if (error instanceof FailoverException) {
      return of(Kind.FAILED, message);
    }
    return of(Kind.FAILED, "failed: " + message);
  }

  /** Checks that the message says something. */
  @Value.Check
  default void check() {
    Violations.collect().check(!message().isBlank(), "message", "\"" + message() + "\"", "must say what went wrong")
        .throwIfAny("problem of kind " + kind());
  }
}
