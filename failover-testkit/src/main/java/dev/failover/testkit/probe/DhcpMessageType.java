package dev.failover.testkit.probe;

import java.util.Optional;

/** The DHCP message types of option 53 (RFC 2132 section 9.6). */
public enum DhcpMessageType {
  /** A client looks for servers (1). */
  DISCOVER(1),
  /** A server offers an address (2). */
  OFFER(2),
  /** A client requests the offered address, or extends its lease (3). */
  REQUEST(3),
  /** A client declines an address already in use (4). */
  DECLINE(4),
  /** A server acknowledges a request (5). */
  ACK(5),
  /** A server refuses a request (6). */
  NAK(6),
  /** A client gives its address back (7). */
  RELEASE(7),
  /** A client asks for configuration only, having an address (8). */
  INFORM(8);

  private final int code;

  DhcpMessageType(int code) {
    this.code = code;
  }

  /** {@return the value of option 53} */
  public int code() {
    return code;
  }

  /**
   * The type of an option-53 value.
   *
   * @param code the value of option 53
   * @return its type, when it is one of RFC 2132's
   */
  public static Optional<DhcpMessageType> of(int code) {
    for (DhcpMessageType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
