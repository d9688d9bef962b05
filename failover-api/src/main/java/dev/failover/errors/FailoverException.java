package dev.failover.errors;

/**
 * The root of every error the SDK throws. It is unchecked; the subtypes are the failures a
 * caller can act on:
 * <ul>
 *   <li>{@link ValidationException}: the input breaks rules (all of them are listed);</li>
 *   <li>{@link AccessDeniedException}: the principal lacks a permission (the decision says which);</li>
 *   <li>{@link ConflictException}: the server changed since the plan was made;</li>
 *   <li>{@link NotFoundException}: a server, relationship, scope or peer does not exist;</li>
 *   <li>{@link BackendException}: a server could not be reached or understood, or it said no
 *       (its own message and code are kept).</li>
 * </ul>
 */
public class FailoverException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An error with a message in operator words.
   *
   * @param message what went wrong
   */
  public FailoverException(String message) {
    super(message);
  }

  /**
   * An error with a message in operator words and the failure that caused it.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public FailoverException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@return whether trying the same call again later may succeed} */
  public boolean retryable() {
    return false;
  }
}
