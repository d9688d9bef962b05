package dev.failover.isc.omapi;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OMAPI wire format as dhcpd 4.4.3 speaks it (omapip/protocol.c), checked byte for byte
 * against the recorded sessions in the tests:
 * <ul>
 *   <li>start-up: each side sends protocol version 100 and header size 24 (two 4-byte
 *       big-endian integers);</li>
 *   <li>a message: a header of six 4-byte big-endian integers (authid, authlen, op, handle, id,
 *       rid), then the message's name/value pairs, a zero-length name, the object's
 *       name/value pairs, a zero-length name; a name is a 2-byte length and bytes, a value a
 *       4-byte length and bytes;</li>
 *   <li>a signed message (authid ≠ 0) ends with {@code authlen} bytes of authenticator: the
 *       HMAC-MD5 of every byte after authid, from authlen to the last list's terminator.</li>
 * </ul>
 * Not API.
 */
final class OmapiWire {

  static final int PROTOCOL_VERSION = 100;
  static final int HEADER_SIZE = 24;
  static final int HMAC_MD5_LENGTH = 16;
  /** The largest value this client accepts; dhcpd's failover-state values are a few bytes. */
  static final int MAX_VALUE_LENGTH = 64 * 1024;
  /** The most name/value pairs accepted in one list. */
  static final int MAX_VALUES = 512;
  /** Upper bound on one message's header and values together. */
  static final int MAX_MESSAGE_BYTES = 256 * 1024;
  /** The largest header size a peer may announce. */
  static final int MAX_HEADER_SIZE = 1024;
  /** The largest authenticator accepted. */
  static final int MAX_AUTH_LENGTH = 64;

  private OmapiWire() {}

  /** The 8-byte start-up message. */
  static byte[] startup() {
    byte[] b = new byte[8];
    putInt(b, 0, PROTOCOL_VERSION);
    putInt(b, 4, HEADER_SIZE);
    return b;
  }

  /**
   * The bytes of a message; signed with {@code key} when it is not null (authid must then be the
   * authenticator's handle on the server).
   */
  static byte[] encode(OmapiMessage m, HmacMd5 key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    writeInt(out, m.authId);
    writeInt(out, key == null ? 0 : HMAC_MD5_LENGTH);
    writeInt(out, m.op);
    writeInt(out, m.handle);
    writeInt(out, m.id);
    writeInt(out, m.rid);
    writeValues(out, m.messageValues);
    writeValues(out, m.objectValues);
    byte[] body = out.toByteArray();
    if (key == null) {
      return body;
    }
    byte[] signature = key.sign(body, 4, body.length - 4);
    byte[] signed = new byte[body.length + signature.length];
    System.arraycopy(body, 0, signed, 0, body.length);
    System.arraycopy(signature, 0, signed, body.length, signature.length);
    return signed;
  }

  private static void writeValues(ByteArrayOutputStream out, List<OmapiMessage.Value> values) {
    for (OmapiMessage.Value v : values) {
      byte[] name = v.name().getBytes(StandardCharsets.US_ASCII);
      writeShort(out, name.length);
      out.writeBytes(name);
      writeInt(out, v.length());
      out.writeBytes(v.bytes());
    }
    writeShort(out, 0);
  }

  /**
   * Reads one message. Every length is checked against the limits above before anything is
   * allocated, so a corrupt or hostile stream fails with {@link OmapiFormatException}, never
   * with an unchecked exception or an unbounded allocation.
   *
   * @param headerSize the header size the peer announced at start-up (24 or more)
   */
  static OmapiMessage decode(DataInputStream in, int headerSize) throws IOException {
    int authId = in.readInt();
    ByteArrayOutputStream covered = new ByteArrayOutputStream(256);
    int authLen = readInt(in, covered);
    int op = readInt(in, covered);
    int handle = readInt(in, covered);
    int id = readInt(in, covered);
    int rid = readInt(in, covered);
    if (headerSize > HEADER_SIZE) {
      covered.writeBytes(readBytes(in, headerSize - HEADER_SIZE));
    }
    if (authLen < 0 || authLen > MAX_AUTH_LENGTH) {
      throw new OmapiFormatException("authenticator length " + Integer.toUnsignedString(authLen)
          + " is over the limit of " + MAX_AUTH_LENGTH);
    }
    List<OmapiMessage.Value> messageValues = readValues(in, covered, "message");
    List<OmapiMessage.Value> objectValues = readValues(in, covered, "object");
    byte[] signature = readBytes(in, authLen);
    return new OmapiMessage(authId, op, handle, id, rid, messageValues, objectValues, signature,
        covered.toByteArray());
  }

  private static List<OmapiMessage.Value> readValues(DataInputStream in, ByteArrayOutputStream covered, String list)
      throws IOException {
    List<OmapiMessage.Value> values = new ArrayList<>();
    while (true) {
      int nameLength = readShort(in, covered);
      if (nameLength == 0) {
        return values;
      }
      if (values.size() == MAX_VALUES) {
        throw new OmapiFormatException("the " + list + " list has more than " + MAX_VALUES + " values");
      }
      byte[] name = readBytes(in, nameLength);
      covered.writeBytes(name);
      int valueLength = readInt(in, covered);
      if (valueLength < 0 || valueLength > MAX_VALUE_LENGTH) {
        throw new OmapiFormatException("value " + printable(name) + " has length "
            + Integer.toUnsignedString(valueLength) + ", over the limit of " + MAX_VALUE_LENGTH);
      }
      if (covered.size() + valueLength > MAX_MESSAGE_BYTES) {
        throw new OmapiFormatException("the message grows beyond the limit of " + MAX_MESSAGE_BYTES
            + " bytes (a failover-state reply is about 1 KB)");
      }
      byte[] value = readBytes(in, valueLength);
      covered.writeBytes(value);
      values.add(new OmapiMessage.Value(new String(name, StandardCharsets.ISO_8859_1), value));
    }
  }

  private static int readInt(DataInputStream in, ByteArrayOutputStream covered) throws IOException {
    int v = in.readInt();
    writeInt(covered, v);
    return v;
  }

  private static int readShort(DataInputStream in, ByteArrayOutputStream covered) throws IOException {
    int v = in.readUnsignedShort();
    writeShort(covered, v);
    return v;
  }

  private static byte[] readBytes(DataInputStream in, int length) throws IOException {
    byte[] b = new byte[length];
    in.readFully(b);
    return b;
  }

  static byte[] int32(int value) {
    byte[] b = new byte[4];
    putInt(b, 0, value);
    return b;
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void writeShort(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  /** Lower-case hex with colons, the way omshell and dhcpd.conf write bytes. */
  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 3);
    for (int i = 0; i < b.length; i++) {
      if (i > 0) {
        s.append(':');
      }
      s.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return s.toString();
  }

  /** A name from the wire, quoted, with anything unprintable escaped. */
  static String printable(byte[] name) {
    StringBuilder s = new StringBuilder("\"");
    for (byte x : name) {
      int c = x & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02x", c));
      }
    }
    return s.append('"').toString();
  }

  /** The HMAC-MD5 of an OMAPI key; holds the decoded secret, never prints it. */
  static final class HmacMd5 {
    private final SecretKeySpec key;

    HmacMd5(byte[] secret) {
      this.key = new SecretKeySpec(secret, "HmacMD5");
    }

    byte[] sign(byte[] data, int off, int len) {
      try {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(key);
        mac.update(data, off, len);
        return mac.doFinal();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK has no HmacMD5", e);
      }
    }

    /** Whether {@code signature} is the authenticator of {@code covered}, compared in constant time. */
    boolean verifies(byte[] covered, byte[] signature) {
      return MessageDigest.isEqual(sign(covered, 0, covered.length), signature);
    }

    @Override
    public String toString() {
      return "HmacMd5[***]";
    }
  }

  /** The bytes do not form an OMAPI message this client accepts. */
  static final class OmapiFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    OmapiFormatException(String message) {
      super(message);
    }
  }
}
