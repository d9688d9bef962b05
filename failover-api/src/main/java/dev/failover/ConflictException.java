package dev.failover;

/**
 * A plan was computed from a state that is no longer the server's: someone else changed it in
 * between. Re-plan from the current state and review the plan again.
 */
public class ConflictException extends FailoverException {

  private static final long serialVersionUID = 1L;

  private final String server;
  private final String expectedFingerprint;
  private final String actualFingerprint;

  public ConflictException(String server, String expectedFingerprint, String actualFingerprint) {
    super("server " + server + " changed since the plan was made (planned from state "
        + abbreviate(expectedFingerprint) + ", now " + abbreviate(actualFingerprint) + "); plan again");
    this.server = server;
    this.expectedFingerprint = expectedFingerprint;
    this.actualFingerprint = actualFingerprint;
  }

  /**
   * An item is not as the plan read it: {@code detail} says what the plan expected and what is
   * there now. Fingerprints are then the item's description, for the record.
   */
  public ConflictException(String server, String detail) {
    super("server " + server + " changed since the plan was made: " + detail + "; plan again");
    this.server = server;
    this.expectedFingerprint = detail;
    this.actualFingerprint = detail;
  }

  public String server() {
    return server;
  }

  public String expectedFingerprint() {
    return expectedFingerprint;
  }

  public String actualFingerprint() {
    return actualFingerprint;
  }

  private static String abbreviate(String fingerprint) {
    return fingerprint == null || fingerprint.length() <= 12 ? String.valueOf(fingerprint) : fingerprint.substring(0, 12);
  }
}
