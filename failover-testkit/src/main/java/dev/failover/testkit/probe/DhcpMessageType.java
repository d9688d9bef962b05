package dev.failover.testkit.probe;

import java.util.Optional;

/** The DHCP message types of option 53 (RFC 2132 section 9.6). */
public enum DhcpMessageType {
  DISCOVER(1), OFFER(2), REQUEST(3), DECLINE(4), ACK(5), NAK(6), RELEASE(7), INFORM(8);

  private final int code;

  DhcpMessageType(int code) {
    this.code = code;
  }

  /** The value of option 53. */
  public int code() {
    return code;
  }

  /** The type of an option-53 value, when it is one of RFC 2132's. */
  public static Optional<DhcpMessageType> of(int code) {
    for (DhcpMessageType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
