package dev.failover.testkit.probe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes and decodes DHCPv4 messages on the wire (RFC 2131 section 2, RFC 2132): the 236-byte
 * BOOTP header, the magic cookie 99.130.83.99, the options as code/length/data, ended by 255 and
 * padded to BOOTP's 300 bytes. Decoding refuses what is not a well-formed message, saying where:
 * too short for the header and cookie, an unknown {@code op}, {@code hlen} over 16, a wrong
 * cookie, an option running past the end, no end option.
 */
public final class DhcpCodec {

  /** The BOOTP header's length (up to and without the magic cookie). */
  public static final int HEADER = 236;
  /** RFC 2131's magic cookie. */
  static final byte[] MAGIC_COOKIE = {99, (byte) 130, 83, 99};
  private static final int MIN_LENGTH = 300;

  private DhcpCodec() {}

  /**
   * Encodes a message.
   *
   * @param m the message
   * @return its bytes, ended by option 255 and padded with zeros to at least 300 bytes
   */
  public static byte[] encode(DhcpMessage m) {
    int size = HEADER + MAGIC_COOKIE.length + 1;
    for (DhcpOption o : m.options()) {
      size += 2 + o.data().length;
    }
    ByteBuffer b = ByteBuffer.allocate(Math.max(size, MIN_LENGTH));
    byte[] chaddr = m.chaddr();
    b.put((byte) m.op()).put((byte) m.htype()).put((byte) chaddr.length).put((byte) m.hops());
    b.putInt(m.xid());
    b.putShort((short) m.secs()).putShort((short) m.flags());
    b.put(DhcpMessage.bytes(m.ciaddr())).put(DhcpMessage.bytes(m.yiaddr())).put(DhcpMessage.bytes(m.siaddr()))
        .put(DhcpMessage.bytes(m.giaddr()));
    b.put(Arrays.copyOf(chaddr, 16));
    b.put(Arrays.copyOf(m.sname().getBytes(StandardCharsets.US_ASCII), 64));
    b.put(Arrays.copyOf(m.file().getBytes(StandardCharsets.US_ASCII), 128));
    b.put(MAGIC_COOKIE);
    for (DhcpOption o : m.options()) {
      byte[] data = o.data();
      b.put((byte) o.code()).put((byte) data.length).put(data);
    }
    b.put((byte) 255);
    return b.array();
  }

  /**
   * Decodes a whole datagram.
   *
   * @param datagram the datagram's bytes
   * @return the message it holds
   * @throws MalformedDhcpMessageException naming what is wrong and at which byte
   */
  public static DhcpMessage decode(byte[] datagram) {
    return decode(datagram, 0, datagram.length);
  }

  /**
   * Decodes {@code length} bytes from {@code offset}.
   *
   * @param datagram the buffer holding the message
   * @param offset where the message starts
   * @param length how many bytes it has
   * @return the message
   * @throws MalformedDhcpMessageException naming what is wrong and at which byte
   */
  public static DhcpMessage decode(byte[] datagram, int offset, int length) {
    if (length < HEADER + MAGIC_COOKIE.length) {
      throw new MalformedDhcpMessageException(length + " bytes, shorter than the " + HEADER
          + "-byte BOOTP header and the 4-byte magic cookie");
    }
    ByteBuffer b = ByteBuffer.wrap(datagram, offset, length).slice();
    int op = b.get(0) & 0xff;
    if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
      throw new MalformedDhcpMessageException("op (byte 0) is " + op + ", must be 1 (BOOTREQUEST) or 2 (BOOTREPLY)");
    }
    int hlen = b.get(2) & 0xff;
    if (hlen > 16) {
      throw new MalformedDhcpMessageException("hlen (byte 2) is " + hlen + ", more than chaddr's 16 bytes");
    }
    for (int i = 0; i < 4; i++) {
      if (b.get(HEADER + i) != MAGIC_COOKIE[i]) {
        throw new MalformedDhcpMessageException("no magic cookie 99.130.83.99 at byte " + HEADER + " (found "
            + (b.get(HEADER) & 0xff) + "." + (b.get(HEADER + 1) & 0xff) + "." + (b.get(HEADER + 2) & 0xff) + "."
            + (b.get(HEADER + 3) & 0xff) + ")");
      }
    }
    ImmutableDhcpMessage.Builder m = DhcpMessage.builder().op(op).htype(b.get(1) & 0xff).hops(b.get(3) & 0xff)
        .xid(b.getInt(4)).secs(b.getShort(8) & 0xffff).flags(b.getShort(10) & 0xffff)
        .ciaddr(DhcpMessage.address(slice(b, 12, 4))).yiaddr(DhcpMessage.address(slice(b, 16, 4)))
        .siaddr(DhcpMessage.address(slice(b, 20, 4))).giaddr(DhcpMessage.address(slice(b, 24, 4)))
        .chaddr(slice(b, 28, hlen)).sname(text(slice(b, 44, 64))).file(text(slice(b, 108, 128)));
    int at = HEADER + MAGIC_COOKIE.length;
    boolean ended = false;
    while (at < length) {
      int code = b.get(at) & 0xff;
      if (code == 255) {
        ended = true;
        break;
      }
      if (code == 0) {
        at++;
        continue;
      }
      if (at + 1 >= length) {
        throw new MalformedDhcpMessageException("option " + code + " at byte " + at + " has no length byte");
      }
      int len = b.get(at + 1) & 0xff;
      if (at + 2 + len > length) {
        throw new MalformedDhcpMessageException("option " + code + " at byte " + at + " claims " + len
            + " bytes but only " + (length - at - 2) + " remain");
      }
      m.addOption(DhcpOption.of(code, slice(b, at + 2, len)));
      at += 2 + len;
    }
    if (!ended) {
      throw new MalformedDhcpMessageException("the options end at byte " + length + " without the end option (255)");
    }
    return m.build();
  }

  private static byte[] slice(ByteBuffer b, int at, int len) {
    byte[] out = new byte[len];
    b.get(at, out);
    return out;
  }

  private static String text(byte[] field) {
    int end = 0;
    while (end < field.length - 1 && field[end] != 0) {
      end++;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < end; i++) {
      int c = field[i] & 0xff;
      sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
    }
    return sb.toString();
  }
}
