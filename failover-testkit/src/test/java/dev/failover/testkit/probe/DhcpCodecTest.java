package dev.failover.testkit.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.scope.Ipv4Address;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DhcpCodecTest {

  static DhcpMessage discover() {
    return DhcpMessage.builder().op(DhcpMessage.BOOTREQUEST).xid(0x1234abcd).hops(1)
        .giaddr(Ipv4Address.parse("127.8.0.1")).chaddr(new byte[] {2, 0, 0x5e, 0, 0, 1})
        .addOption(DhcpOption.of(DhcpOption.MESSAGE_TYPE, new byte[] {1}))
        .addOption(DhcpOption.text(DhcpOption.VENDOR_CLASS, "MSFT 5.0")).build();
  }

  @Test
  @DisplayName("a DHCPDISCOVER is written as RFC 2131 lays it out: header, magic cookie, options, end, 300 bytes")
  void layout() {
    byte[] b = DhcpCodec.encode(discover());
    assertThat(b).hasSize(300);
    assertThat(b[0]).isEqualTo((byte) 1);   // op
    assertThat(b[1]).isEqualTo((byte) 1);   // htype ethernet
    assertThat(b[2]).isEqualTo((byte) 6);   // hlen
    assertThat(b[3]).isEqualTo((byte) 1);   // hops
    assertThat(Arrays.copyOfRange(b, 4, 8)).containsExactly(0x12, 0x34, 0xab, 0xcd);
    assertThat(Arrays.copyOfRange(b, 24, 28)).containsExactly(127, 8, 0, 1);   // giaddr
    assertThat(Arrays.copyOfRange(b, 28, 34)).containsExactly(2, 0, 0x5e, 0, 0, 1);
    assertThat(Arrays.copyOfRange(b, 236, 240)).containsExactly(99, 130, 83, 99);
    assertThat(Arrays.copyOfRange(b, 240, 243)).containsExactly(53, 1, 1);
    assertThat(b[243]).isEqualTo((byte) 60);
    assertThat(b[244]).isEqualTo((byte) 8);
    assertThat(b[253]).isEqualTo((byte) 255);
  }

  @Test
  @DisplayName("decoding what was encoded gives the same message, for 500 seeded random messages")
  void roundTrip() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 500; i++) {
      DhcpMessage m = random(random);
      assertThat(DhcpCodec.decode(DhcpCodec.encode(m))).as("seed %d, message %d: %s", seed, i, m).isEqualTo(m);
    }
  }

  static DhcpMessage random(SplittableRandom r) {
    byte[] chaddr = new byte[r.nextInt(17)];
    r.nextBytes(chaddr);
    ImmutableDhcpMessage.Builder b = DhcpMessage.builder().op(1 + r.nextInt(2)).htype(r.nextInt(256))
        .hops(r.nextInt(256)).xid(r.nextInt()).secs(r.nextInt(65536)).flags(r.nextInt(65536))
        .ciaddr(Ipv4Address.ofBits(r.nextInt())).yiaddr(Ipv4Address.ofBits(r.nextInt()))
        .siaddr(Ipv4Address.ofBits(r.nextInt())).giaddr(Ipv4Address.ofBits(r.nextInt())).chaddr(chaddr)
        .sname("s".repeat(r.nextInt(64))).file("f".repeat(r.nextInt(128)));
    int options = r.nextInt(12);
    for (int i = 0; i < options; i++) {
      byte[] data = new byte[r.nextInt(r.nextBoolean() ? 8 : 256)];
      r.nextBytes(data);
      b.addOption(DhcpOption.of(1 + r.nextInt(254), data));
    }
    return b.build();
  }

  @Test
  @DisplayName("a datagram shorter than the header and cookie is refused, saying how long it was")
  void tooShort() {
    assertThatThrownBy(() -> DhcpCodec.decode(new byte[239])).isInstanceOf(MalformedDhcpMessageException.class)
        .hasMessage("not a DHCPv4 message: 239 bytes, shorter than the 236-byte BOOTP header and the 4-byte magic cookie");
  }

  @Test
  @DisplayName("a wrong op, an hlen over 16 and a missing magic cookie are refused, each naming its byte")
  void badHeader() {
    byte[] b = DhcpCodec.encode(discover());
    byte[] op = b.clone();
    op[0] = 3;
    assertThatThrownBy(() -> DhcpCodec.decode(op)).hasMessageContaining("op (byte 0) is 3");
    byte[] hlen = b.clone();
    hlen[2] = 17;
    assertThatThrownBy(() -> DhcpCodec.decode(hlen)).hasMessageContaining("hlen (byte 2) is 17");
    byte[] cookie = b.clone();
    cookie[237] = 0;
    assertThatThrownBy(() -> DhcpCodec.decode(cookie))
        .hasMessageContaining("no magic cookie 99.130.83.99 at byte 236 (found 99.0.83.99)");
  }

  @Test
  @DisplayName("an option running past the end, or options without the end option, are refused")
  void badOptions() {
    byte[] b = DhcpCodec.encode(discover());
    byte[] cut = Arrays.copyOf(b, 250);   // vendor class (8 bytes at 245) cut after 5
    assertThatThrownBy(() -> DhcpCodec.decode(cut))
        .hasMessageContaining("option 60 at byte 243 claims 8 bytes but only 5 remain");
    byte[] noEnd = Arrays.copyOf(b, 253);
    assertThatThrownBy(() -> DhcpCodec.decode(noEnd)).hasMessageContaining("without the end option (255)");
    byte[] noLength = Arrays.copyOf(b, 244);
    assertThatThrownBy(() -> DhcpCodec.decode(noLength)).hasMessageContaining("option 60 at byte 243 has no length byte");
  }

  @Test
  @DisplayName("messages and options are validated when built, naming the field, value and rule")
  void validation() {
    assertThatThrownBy(() -> DhcpMessage.builder().op(3).xid(1).chaddr(new byte[17]).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("op").hasMessageContaining("chaddr")
        .hasMessageContaining("must be at most 16 bytes");
    assertThatThrownBy(() -> DhcpOption.of(255, new byte[0])).hasMessageContaining("must be 1 to 254");
    assertThatThrownBy(() -> DhcpOption.of(12, new byte[256])).hasMessageContaining("must be at most 255 bytes");
  }

  @Test
  @DisplayName("options give the message type and the server identifier")
  void accessors() {
    DhcpMessage offer = DhcpMessage.builder().op(2).xid(5).chaddr(new byte[6]).yiaddr(Ipv4Address.parse("192.0.2.100"))
        .addOption(DhcpOption.of(53, new byte[] {2})).addOption(DhcpOption.of(54, new byte[] {(byte) 192, 0, 2, 1}))
        .build();
    assertThat(offer.type()).contains(DhcpMessageType.OFFER);
    assertThat(offer.serverIdentifier()).contains(Ipv4Address.parse("192.0.2.1"));
    assertThat(offer.toString()).isEqualTo("OFFER xid 5 chaddr 00:00:00:00:00:00 yiaddr 192.0.2.100 server 192.0.2.1");
  }
}
