package dev.failover.testkit.probe;

import dev.failover.errors.Violations;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.immutables.value.Value;

/**
 * One DHCP option (RFC 2132): its code, 1 to 254 (0 is padding and 255 the end, which the codec
 * writes itself), and 0 to 255 bytes of data.
 */
@Value.Immutable
public abstract class DhcpOption {

  /** Subnet mask. */
  public static final int SUBNET_MASK = 1;
  /** Router. */
  public static final int ROUTER = 3;
  /** Requested IP address (DHCPREQUEST). */
  public static final int REQUESTED_ADDRESS = 50;
  /** IP address lease time. */
  public static final int LEASE_TIME = 51;
  /** DHCP message type. */
  public static final int MESSAGE_TYPE = 53;
  /** Server identifier. */
  public static final int SERVER_IDENTIFIER = 54;
  /** Vendor class identifier. */
  public static final int VENDOR_CLASS = 60;
  /** Client identifier. */
  public static final int CLIENT_IDENTIFIER = 61;
  /** User class (RFC 3004). */
  public static final int USER_CLASS = 77;
  /** Subnet selection (RFC 3011). */
  public static final int SUBNET_SELECTION = 118;

  /** {@return the option code} */
  @Value.Parameter
  public abstract int code();

  /** {@return the option's data (a copy)} */
  @Value.Parameter
  public abstract byte[] data();

  /**
   * An option with a code and data.
   *
   * @param code the option code, 1 to 254
   * @param data its data, at most 255 bytes
   * @return the option
   * @throws dev.failover.errors.ValidationException naming the code or data when it breaks those rules
   */
  public static DhcpOption of(int code, byte[] data) {
    return ImmutableDhcpOption.of(code, data);
  }

  /**
   * An option whose data is the text's ASCII bytes (vendor class, for example).
   *
   * @param code the option code, 1 to 254
   * @param text its data as ASCII text, at most 255 characters
   * @return the option
   * @throws dev.failover.errors.ValidationException naming the code or data when it breaks those rules
   */
  public static DhcpOption text(int code, String text) {
    return of(code, text.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@return the data as ASCII text} */
  public String asText() {
    return new String(data(), StandardCharsets.US_ASCII);
  }

  /** Checks the value's own rules, naming each one it breaks. */
  @Value.Check
  protected void check() {
    Violations.collect()
        .check(code() >= 1 && code() <= 254, "code", code(), "must be 1 to 254 (0 is padding, 255 the end)")
        .check(data().length <= 255, "data", data().length + " bytes", "must be at most 255 bytes")
        .throwIfAny("DHCP option " + code());
  }

  @Override
  public String toString() {
    return "option " + code() + " = " + HexFormat.ofDelimiter(":").formatHex(data());
  }
}
