package dev.failover.spi;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.BackendException;
import dev.failover.errors.ConflictException;
import dev.failover.FailoverStyle;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.immutables.value.Value;

/**
 * One call to a backend, timed: which server, which operation, how it ended and how long it
 * took. What a {@link RequestListener} receives from a {@link MeasuredBackend}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableBackendRequest.class)
@JsonDeserialize(as = ImmutableBackendRequest.class)
public interface BackendRequest {

  /** The backend operation called. */
  enum Operation {
    /** {@link FailoverBackend#read}. */
    READ,
    /** {@link FailoverBackend#review}. */
    REVIEW,
    /** {@link FailoverBackend#check}. */
    CHECK,
    /** {@link FailoverBackend#apply}. */
    APPLY,
    /** {@link FailoverBackend#status}. */
    STATUS,
    /** {@link FailoverBackend#partnerDown}. */
    PARTNER_DOWN
  }

  /** How the call ended. */
  enum Outcome {
    /** It returned. */
    SUCCEEDED,
    /** The server could not be reached. */
    UNREACHABLE,
    /** The server did not answer in time. */
    TIMED_OUT,
    /** The server said no (an error result, wrong credentials). */
    REFUSED,
    /** The server's state changed since it was read (a fingerprint conflict). */
    CONFLICT,
    /** The request broke a rule (validation, not found, access). */
    INVALID,
    /** Anything else. */
    FAILED;

    /**
     * {@return how a call that threw this ended}
     *
     * @param error what the backend threw
     */
    public static Outcome of(Throwable error) {
      if (error instanceof BackendException b) {
        if (b.kind() != BackendException.Kind.TRANSPORT) {
          return REFUSED;
        }
        for (Throwable c = b; c != null; c = c.getCause()) {
          if (c instanceof TimeoutException || c instanceof SocketTimeoutException
              || c instanceof java.net.http.HttpTimeoutException) {
            return TIMED_OUT;
          }
        }
        return UNREACHABLE;
      }
      if (error instanceof ConflictException) {
        return CONFLICT;
      }
      if (error instanceof ValidationException || error instanceof NotFoundException
          || error instanceof AccessDeniedException) {
        return INVALID;
      }
      return FAILED;
    }
  }

  /** {@return the server's vendor} */
  Vendor vendor();

  /** {@return the server asked} */
  ServerId server();

  /** {@return the operation called} */
  Operation operation();

  /** {@return how it ended} */
  Outcome outcome();

  /** {@return how long it took, wall time} */
  Duration duration();
}
