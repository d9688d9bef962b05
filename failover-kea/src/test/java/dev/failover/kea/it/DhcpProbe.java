package dev.failover.kea.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A DHCPv4 relay agent on loopback, hand-encoded after RFC 2131: sends one relayed DHCPDISCOVER
 * to a Kea server answering on 127.0.0.1 ({@link RealKeaPair.Builder#dhcpOnLoopback()}) and
 * waits for the DHCPOFFER. The relay's address ({@code giaddr}) is a random 127/8 address,
 * where the probe listens on port 67 (where Kea sends a relayed answer), so parallel runs do not
 * collide; the subnet is chosen with the subnet-selection option (118, RFC 3011), since that
 * address is in no subnet of the server.
 */
final class DhcpProbe {

  private static final int BOOTREQUEST = 1;
  private static final int BOOTREPLY = 2;
  private static final int DHCPDISCOVER = 1;
  private static final int DHCPOFFER = 2;
  private static final byte[] MAGIC_COOKIE = {99, (byte) 130, 83, 99};

  private DhcpProbe() {}

  /**
   * The address the server offers a new client in the subnet of {@code subnetAddress}; empty when
   * no offer came within {@code timeout} (for example when no pool serves the client).
   */
  static Optional<String> offer(int serverPort, String subnetAddress, Duration timeout) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] mac = {0x02, 0x00, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256),
        (byte) random.nextInt(256)};
    return offer(serverPort, subnetAddress, mac, timeout);
  }

  /** As {@link #offer(int, String, Duration)}, for the client with that hardware address. */
  static Optional<String> offer(int serverPort, String subnetAddress, byte[] mac, Duration timeout) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] relay = {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255), (byte) random.nextInt(2, 255)};
    int xid = random.nextInt();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(relay), 67))) {
      byte[] discover = discover(xid, mac, relay, InetAddress.getByName(subnetAddress).getAddress());
      socket.send(new DatagramPacket(discover, discover.length, InetAddress.getLoopbackAddress(), serverPort));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buffer = new byte[1500];
      for (int received = 0; received < 50; received++) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
          return Optional.empty();
        }
        socket.setSoTimeout((int) left);
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(answer);
        } catch (SocketTimeoutException e) {
          return Optional.empty();
        }
        Optional<String> offered = offered(ByteBuffer.wrap(answer.getData(), 0, answer.getLength()), xid);
        if (offered.isPresent()) {
          return offered;
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A relayed DHCPDISCOVER (RFC 2131 §2, §4.4.1) with options 53 and 118 (RFC 3011). */
  static byte[] discover(int xid, byte[] mac, byte[] relay, byte[] subnetSelection) {
    ByteBuffer b = ByteBuffer.allocate(300);
    b.put((byte) BOOTREQUEST).put((byte) 1).put((byte) 6).put((byte) 1); // op, htype ethernet, hlen, hops
    b.putInt(xid);
    b.putShort((short) 0).putShort((short) 0); // secs, flags
    b.put(new byte[4]).put(new byte[4]).put(new byte[4]); // ciaddr, yiaddr, siaddr
    b.put(relay); // giaddr
    b.put(mac).put(new byte[10]); // chaddr (16)
    b.put(new byte[64]).put(new byte[128]); // sname, file
    b.put(MAGIC_COOKIE);
    b.put((byte) 53).put((byte) 1).put((byte) DHCPDISCOVER);
    b.put((byte) 118).put((byte) 4).put(subnetSelection);
    b.put((byte) 255);
    while (b.position() < b.capacity()) {
      b.put((byte) 0);
    }
    return b.array();
  }

  /** The {@code yiaddr} of a DHCPOFFER answering {@code xid}; empty for any other datagram. */
  static Optional<String> offered(ByteBuffer b, int xid) {
    if (b.remaining() < 240 || (b.get(0) & 0xff) != BOOTREPLY || b.getInt(4) != xid) {
      return Optional.empty();
    }
    for (int i = 0; i < 4; i++) {
      if (b.get(236 + i) != MAGIC_COOKIE[i]) {
        return Optional.empty();
      }
    }
    int at = 240;
    while (at < b.limit()) {
      int code = b.get(at) & 0xff;
      if (code == 255) {
        break;
      }
      if (code == 0) {
        at++;
        continue;
      }
      if (at + 1 >= b.limit()) {
        break;
      }
      int length = b.get(at + 1) & 0xff;
      if (code == 53 && length == 1 && at + 2 < b.limit() && (b.get(at + 2) & 0xff) == DHCPOFFER) {
        return Optional.of((b.get(16) & 0xff) + "." + (b.get(17) & 0xff) + "." + (b.get(18) & 0xff) + "."
            + (b.get(19) & 0xff));
      }
      at += 2 + length;
    }
    return Optional.empty();
  }
}
