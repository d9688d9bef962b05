package dev.failover.testkit.probe;

import dev.failover.errors.Violations;
import dev.failover.scope.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A DHCPv4 message (RFC 2131 section 2, figure 1): the fixed BOOTP fields and the options after
 * the magic cookie, in the order they are sent. {@code hlen} is the length of {@link #chaddr()}.
 * Option overload (option 52, options in {@code sname}/{@code file}) is not used by the probe;
 * a message that carries it keeps those fields as text.
 */
@Value.Immutable
public abstract class DhcpMessage {

  /** {@code op} of a client's message. */
  public static final int BOOTREQUEST = 1;
  /** {@code op} of a server's message. */
  public static final int BOOTREPLY = 2;
  /** The broadcast bit of {@code flags}. */
  public static final int BROADCAST = 0x8000;

  private static final Ipv4Address ZERO = Ipv4Address.ofBits(0);

  /** {@return {@code op}: {@link #BOOTREQUEST} or {@link #BOOTREPLY}} */
  public abstract int op();

  /** {@return {@code htype}: 1 (Ethernet) unless set} */
  @Value.Default
  public int htype() {
    return 1;
  }

  /** {@return {@code hops}} */
  @Value.Default
  public int hops() {
    return 0;
  }

  /** {@return {@code xid}: the transaction id} */
  public abstract int xid();

  /** {@return {@code secs}: seconds since the client began (ISC's load balancing looks at it)} */
  @Value.Default
  public int secs() {
    return 0;
  }

  /** {@return {@code flags}} */
  @Value.Default
  public int flags() {
    return 0;
  }

  /** {@return {@code ciaddr}: the client's own address, 0.0.0.0 unless set} */
  @Value.Default
  public Ipv4Address ciaddr() {
    return ZERO;
  }

  /** {@return {@code yiaddr}: the address a server offers or acknowledges, 0.0.0.0 unless set} */
  @Value.Default
  public Ipv4Address yiaddr() {
    return ZERO;
  }

  /** {@return {@code siaddr}: the next server's address, 0.0.0.0 unless set} */
  @Value.Default
  public Ipv4Address siaddr() {
    return ZERO;
  }

  /** {@return {@code giaddr}: the relay agent's address, 0.0.0.0 when sent directly} */
  @Value.Default
  public Ipv4Address giaddr() {
    return ZERO;
  }

  /** {@return {@code chaddr}'s first {@code hlen} bytes (a copy)} */
  public abstract byte[] chaddr();

  /** {@return {@code sname}, up to 63 ASCII characters} */
  @Value.Default
  public String sname() {
    return "";
  }

  /** {@return {@code file}, up to 127 ASCII characters} */
  @Value.Default
  public String file() {
    return "";
  }

  /** {@return the options, in order, without padding and end} */
  public abstract List<DhcpOption> options();

  /** {@return a builder of a message; {@code op}, {@code xid} and {@code chaddr} must be set} */
  public static ImmutableDhcpMessage.Builder builder() {
    return ImmutableDhcpMessage.builder();
  }

  /**
   * The first option with a code.
   *
   * @param code the option code, 1 to 254
   * @return the first option with that code, when the message has one
   */
  public Optional<DhcpOption> option(int code) {
    return options().stream().filter(o -> o.code() == code).findFirst();
  }

  /** {@return the type option 53 gives, when it is present and one of RFC 2132's} */
  public Optional<DhcpMessageType> type() {
    return option(DhcpOption.MESSAGE_TYPE).filter(o -> o.data().length == 1)
        .flatMap(o -> DhcpMessageType.of(o.data()[0] & 0xff));
  }

  /** {@return the server identifier (option 54), when present and four bytes long} */
  public Optional<Ipv4Address> serverIdentifier() {
    return option(DhcpOption.SERVER_IDENTIFIER).filter(o -> o.data().length == 4).map(o -> address(o.data()));
  }

  static Ipv4Address address(byte[] four) {
    return Ipv4Address.ofBits(((four[0] & 0xff) << 24) | ((four[1] & 0xff) << 16) | ((four[2] & 0xff) << 8)
        | (four[3] & 0xff));
  }

  static byte[] bytes(Ipv4Address a) {
    int b = a.bits();
    return new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b};
  }

  /** Checks the value's own rules, naming each one it breaks. */
  @Value.Check
  protected void check() {
    Violations.collect()
        .check(op() == BOOTREQUEST || op() == BOOTREPLY, "op", op(), "must be 1 (BOOTREQUEST) or 2 (BOOTREPLY)")
        .check(htype() >= 0 && htype() <= 255, "htype", htype(), "must be 0 to 255")
        .check(hops() >= 0 && hops() <= 255, "hops", hops(), "must be 0 to 255")
        .check(secs() >= 0 && secs() <= 0xffff, "secs", secs(), "must be 0 to 65535")
        .check(flags() >= 0 && flags() <= 0xffff, "flags", flags(), "must be 0 to 65535")
        .check(chaddr().length <= 16, "chaddr", chaddr().length + " bytes", "must be at most 16 bytes")
        .check(ascii(sname(), 63), "sname", sname(), "must be at most 63 ASCII characters")
        .check(ascii(file(), 127), "file", file(), "must be at most 127 ASCII characters")
        .throwIfAny("DHCP message");
  }

  private static boolean ascii(String s, int max) {
    return s.length() <= max && StandardCharsets.US_ASCII.newEncoder().canEncode(s);
  }

  @Override
  public String toString() {
    return type().map(Enum::name).orElse(op() == BOOTREQUEST ? "BOOTREQUEST" : "BOOTREPLY") + " xid "
        + Integer.toHexString(xid()) + " chaddr " + HexFormat.ofDelimiter(":").formatHex(chaddr())
        + (yiaddr().bits() != 0 ? " yiaddr " + yiaddr() : "") + (giaddr().bits() != 0 ? " giaddr " + giaddr() : "")
        + serverIdentifier().map(s -> " server " + s).orElse("");
  }
}
