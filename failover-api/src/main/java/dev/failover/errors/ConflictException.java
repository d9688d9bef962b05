package dev.failover.errors;

/**
 * A plan was computed from a state that is no longer the server's: someone else changed it in
 * between. Re-plan from the current state and review the plan again.
 */
public class ConflictException extends FailoverException {

  private static final long serialVersionUID = 1L;

  /** The inventory id of the server that changed. */
  private final String server;
  /** The fingerprint the plan was made from. */
  private final String expectedFingerprint;
  /** The fingerprint the server has now. */
  private final String actualFingerprint;

  /**
   * The server's state changed as a whole: its fingerprint is no longer the plan's.
   *
   * @param server the server's inventory id
   * @param expectedFingerprint the fingerprint the plan was made from
   * @param actualFingerprint the fingerprint the server has now
   */
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
   *
   * @param server the server's inventory id
   * @param detail what the plan expected and what is there now
   */
  public ConflictException(String server, String detail) {
    super("server " + server + " changed since the plan was made: " + detail + "; plan again");
    this.server = server;
    this.expectedFingerprint = detail;
    this.actualFingerprint = detail;
  }

  /** {@return the inventory id of the server that changed} */
  public String server() {
    return server;
  }

  /** {@return the fingerprint the plan was made from (or the item's expected description)} */
  public String expectedFingerprint() {
    return expectedFingerprint;
  }

  /** {@return the fingerprint the server has now (or the item's expected description)} */
  public String actualFingerprint() {
    return actualFingerprint;
  }

  private static String abbreviate(String fingerprint) {
    return fingerprint == null || fingerprint.length() <= 12 ? String.valueOf(fingerprint) : fingerprint.substring(0, 12);
  }
}
