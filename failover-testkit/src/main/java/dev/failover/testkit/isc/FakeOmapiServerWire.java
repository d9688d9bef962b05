package dev.failover.testkit.isc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OMAPI wire format for {@link FakeOmapiServer}, written independently of any client (the
 * testkit must not share code with the backend it tests): start-up (version 100, header size
 * 24), messages of a 24-byte header and two name/value lists, HMAC-MD5 authenticators over
 * every byte after authid. Not API.
 */
final class FakeOmapiServerWire {

  static final int VERSION = 100;
  static final int HEADER = 24;
  static final int OPEN = 1;
  static final int UPDATE = 3;
  static final int STATUS = 5;
  private static final int MAX_VALUE = 64 * 1024;
  private static final int MAX_VALUES = 512;
  private static final int MAX_AUTH = 64;

  private FakeOmapiServerWire() {}

  /** One name/value pair. */
  static final class Pair {
    final String name;
    final byte[] value;

    Pair(String name, byte[] value) {
      this.name = name;
      this.value = value;
    }
  }

  /** One message, with the bytes its authenticator covers when it was read. */
  static final class Message {
    int authId;
    int authLen;
    int op;
    int handle;
    int id;
    int rid;
    final List<Pair> message = new ArrayList<>();
    final List<Pair> object = new ArrayList<>();
    byte[] signature = new byte[0];
    byte[] covered = new byte[0];

    Optional<byte[]> messageValue(String name) {
      return find(message, name);
    }

    Optional<byte[]> objectValue(String name) {
      return find(object, name);
    }

    private static Optional<byte[]> find(List<Pair> pairs, String name) {
      return pairs.stream().filter(p -> p.name.equals(name)).map(p -> p.value).findFirst();
    }
  }

  static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static int int32(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Message read(DataInputStream in, int headerSize) throws IOException {
    Message m = new Message();
    m.authId = in.readInt();
    ByteArrayOutputStream covered = new ByteArrayOutputStream();
    m.authLen = readInt(in, covered);
    m.op = readInt(in, covered);
    m.handle = readInt(in, covered);
    m.id = readInt(in, covered);
    m.rid = readInt(in, covered);
    if (headerSize > HEADER) {
      byte[] extra = new byte[headerSize - HEADER];
      in.readFully(extra);
      covered.writeBytes(extra);
    }
    if (m.authLen < 0 || m.authLen > MAX_AUTH) {
      throw new IOException("authenticator length " + m.authLen);
    }
    readPairs(in, covered, m.message);
    readPairs(in, covered, m.object);
    m.signature = new byte[m.authLen];
    in.readFully(m.signature);
    m.covered = covered.toByteArray();
    return m;
  }

  private static void readPairs(DataInputStream in, ByteArrayOutputStream covered, List<Pair> into)
      throws IOException {
    while (true) {
      int nameLength = in.readUnsignedShort();
      covered.write(nameLength >>> 8);
      covered.write(nameLength);
      if (nameLength == 0) {
        return;
      }
      if (into.size() >= MAX_VALUES) {
        throw new IOException("too many values");
      }
      byte[] name = new byte[nameLength];
      in.readFully(name);
      covered.writeBytes(name);
      int length = readInt(in, covered);
      if (length < 0 || length > MAX_VALUE) {
        throw new IOException("value length " + length);
      }
      byte[] value = new byte[length];
      in.readFully(value);
      covered.writeBytes(value);
      into.add(new Pair(new String(name, StandardCharsets.ISO_8859_1), value));
    }
  }

  private static int readInt(DataInputStream in, ByteArrayOutputStream covered) throws IOException {
    int v = in.readInt();
    covered.writeBytes(int32(v));
    return v;
  }

  /** The bytes of {@code m}, signed with {@code key} when it is not null. */
  static byte[] write(Message m, byte[] key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(int32(key == null ? 0 : m.authId));
    out.writeBytes(int32(key == null ? 0 : 16));
    out.writeBytes(int32(m.op));
    out.writeBytes(int32(m.handle));
    out.writeBytes(int32(m.id));
    out.writeBytes(int32(m.rid));
    writePairs(out, m.message);
    writePairs(out, m.object);
    byte[] body = out.toByteArray();
    if (key == null) {
      return body;
    }
    out.writeBytes(hmacMd5(key, body, 4, body.length - 4));
    return out.toByteArray();
  }

  private static void writePairs(ByteArrayOutputStream out, List<Pair> pairs) {
    for (Pair p : pairs) {
      byte[] name = p.name.getBytes(StandardCharsets.ISO_8859_1);
      out.write(name.length >>> 8);
      out.write(name.length);
      out.writeBytes(name);
      out.writeBytes(int32(p.value.length));
      out.writeBytes(p.value);
    }
    out.write(0);
    out.write(0);
  }

  static byte[] hmacMd5(byte[] key, byte[] data, int off, int len) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      mac.update(data, off, len);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacMD5", e);
    }
  }

  static boolean verifies(byte[] key, Message m) {
    return m.authLen == 16 && MessageDigest.isEqual(hmacMd5(key, m.covered, 0, m.covered.length), m.signature);
  }
}
