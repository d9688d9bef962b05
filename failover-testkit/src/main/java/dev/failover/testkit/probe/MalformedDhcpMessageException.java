package dev.failover.testkit.probe;

/** A datagram that is not a well-formed DHCPv4 message; the message says where and why. */
public final class MalformedDhcpMessageException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * An error with the reason.
   *
   * @param reason what is wrong, naming the byte offset where it applies
   */
  public MalformedDhcpMessageException(String reason) {
    super("not a DHCPv4 message: " + reason);
  }
}
