package dev.failover.testkit.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.scope.Ipv4Address;
import dev.failover.serving.Client;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The probe against small fake servers on 127.0.0.1 that answer the sender, as a relay's servers answer giaddr. */
class DhcpProbeTest {

  /** Offers 192.0.2.{n} to the clients it accepts, acknowledges every request; server identifier {@code id}. */
  static final class FakeServer implements AutoCloseable {
    final DatagramSocket socket;
    final List<DhcpMessage> received = new CopyOnWriteArrayList<>();
    final Thread thread;

    FakeServer(String id, int last, Predicate<DhcpMessage> serves) throws SocketException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      thread = new Thread(() -> {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
          try {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            DhcpMessage m = DhcpCodec.decode(p.getData(), 0, p.getLength());
            received.add(m);
            if (!serves.test(m)) {
              continue;
            }
            int type = m.type().orElseThrow() == DhcpMessageType.DISCOVER ? 2 : 5;
            DhcpMessage answer = DhcpMessage.builder().op(2).xid(m.xid()).chaddr(m.chaddr()).giaddr(m.giaddr())
                .yiaddr(Ipv4Address.parse("192.0.2." + last)).addOption(DhcpOption.of(53, new byte[] {(byte) type}))
                .addOption(DhcpOption.of(54, DhcpMessage.bytes(Ipv4Address.parse(id)))).build();
            byte[] out = DhcpCodec.encode(answer);
            socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            byte[] junk = {1, 2, 3};
            socket.send(new DatagramPacket(junk, junk.length, p.getSocketAddress()));
          } catch (java.io.IOException | RuntimeException e) {
            // closed, or a datagram it does not understand
          }
        }
      }, "fake-dhcp");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      thread.join(2000);
    }
  }

  FakeServer a;
  FakeServer b;

  @AfterEach
  void stop() throws InterruptedException {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  DhcpProbe probe() {
    return DhcpProbe.builder().relayAgent("127.0.0.1").relayPort(0).server(a.address()).server(b.address())
        .subnetSelection("192.0.2.0").answerWait(Duration.ofSeconds(2)).lateWait(Duration.ofMillis(200)).build();
  }

  @Test
  @DisplayName("each client is reported with the one server that offered it an address, and junk datagrams are ignored")
  void whoOffered() throws Exception {
    a = new FakeServer("10.0.0.1", 10, m -> (m.chaddr()[5] & 1) == 0);
    b = new FakeServer("10.0.0.2", 20, m -> (m.chaddr()[5] & 1) == 1);
    try (DhcpProbe probe = probe()) {
      ProbeResult even = probe.discover(DhcpClient.of("02:00:00:00:00:02").withVendorClass("MSFT 5.0")
          .withUserClass("lab"));
      assertThat(even.answeredBy()).contains(a.address());
      assertThat(even.offers()).singleElement().satisfies(o -> {
        assertThat(o.offeredAddress()).isEqualTo(Ipv4Address.parse("192.0.2.10"));
        assertThat(o.serverIdentifier()).contains(Ipv4Address.parse("10.0.0.1"));
      });
      ProbeResult odd = probe.discover(DhcpClient.of(Client.hardwareAddress("02:00:00:00:00:03")
          .withClientIdentifier("01:02:00:00:00:00:03")));
      assertThat(odd.answeredBy()).contains(b.address());
      assertThat(probe.ignored()).isPositive();
    }
    DhcpMessage sent = a.received.get(0);
    assertThat(sent.giaddr()).isEqualTo(Ipv4Address.parse("127.0.0.1"));
    assertThat(sent.option(DhcpOption.VENDOR_CLASS).orElseThrow().asText()).isEqualTo("MSFT 5.0");
    assertThat(sent.option(DhcpOption.USER_CLASS).orElseThrow().data()).containsExactly(3, 'l', 'a', 'b');
    assertThat(sent.option(DhcpOption.SUBNET_SELECTION).orElseThrow().data()).containsExactly(192, 0, 2, 0);
    assertThat(b.received.get(1).option(DhcpOption.CLIENT_IDENTIFIER).orElseThrow().data())
        .containsExactly(1, 2, 0, 0, 0, 0, 3);
  }

  @Test
  @DisplayName("both servers offering are both reported; no server offering is reported within the bound")
  void bothOrNone() throws Exception {
    a = new FakeServer("10.0.0.1", 10, m -> m.chaddr()[5] == 1);
    b = new FakeServer("10.0.0.2", 20, m -> m.chaddr()[5] == 1);
    try (DhcpProbe probe = probe()) {
      ProbeResult both = probe.discover(DhcpClient.of("02:00:00:00:00:01"));
      assertThat(both.offers()).hasSize(2);
      assertThat(both.answeredBy()).isEmpty();
      ProbeResult none = probe.discover(DhcpClient.of("02:00:00:00:00:07"));
      assertThat(none.answered()).isFalse();
      assertThat(none.waited()).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
      assertThat(none.toString()).contains("no answer within");
    }
  }

  @Test
  @DisplayName("clients probed a window at a time are each reported with the one server that offered, in order, faster than one by one")
  void concurrently() throws Exception {
    a = new FakeServer("10.0.0.1", 10, m -> (m.chaddr()[5] & 1) == 0);
    b = new FakeServer("10.0.0.2", 20, m -> (m.chaddr()[5] & 1) == 1);
    List<DhcpClient> clients = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      clients.add(DhcpClient.of(String.format("02:00:00:00:01:%02x", i)));
    }
    try (DhcpProbe probe = probe()) {
      long start = System.nanoTime();
      List<ProbeResult> results = probe.discoverConcurrently(clients, 8);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(results).extracting(ProbeResult::client).containsExactlyElementsOf(clients);
      for (int i = 0; i < 16; i++) {
        assertThat(results.get(i).answeredBy()).as("client %d", i).contains(i % 2 == 0 ? a.address() : b.address());
        assertThat(results.get(i).offers()).as("client %d", i).hasSize(1);
      }
      assertThat(results).extracting(ProbeResult::xid).doesNotHaveDuplicates();
      // one by one, each client alone waits the 200 ms late wait: 3.2 s for 16
      assertThat(took).isLessThan(Duration.ofMillis(2500));
    }
    assertThat(a.received).hasSize(16);
    assertThat(b.received).hasSize(16);
  }

  @Test
  @DisplayName("in a window, both servers offering are both reported and a client no server offers is reported after the answer wait")
  void concurrentlyBothOrNone() throws Exception {
    a = new FakeServer("10.0.0.1", 10, m -> m.chaddr()[5] == 1 || m.chaddr()[5] == 2);
    b = new FakeServer("10.0.0.2", 20, m -> m.chaddr()[5] == 1);
    try (DhcpProbe probe = probe()) {
      List<ProbeResult> r = probe.discoverConcurrently(List.of(DhcpClient.of("02:00:00:00:00:01"),
          DhcpClient.of("02:00:00:00:00:07"), DhcpClient.of("02:00:00:00:00:02")), 3);
      assertThat(r.get(0).offers()).hasSize(2);
      assertThat(r.get(0).answeredBy()).isEmpty();
      assertThat(r.get(1).answered()).isFalse();
      assertThat(r.get(1).waited()).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
      assertThat(r.get(2).answeredBy()).contains(a.address());
      assertThat(r.get(2).waited()).isLessThan(Duration.ofMillis(1500));
      assertThatThrownBy(() -> probe.discoverConcurrently(List.of(DhcpClient.of("02:00:00:00:00:03")), 0))
          .hasMessageContaining("window must be 1 to 64, was 0");
    }
  }

  @Test
  @DisplayName("the probe as a program asks the clients a window at a time with --window and prints one line per offer; a window of 0 is refused")
  void programWithWindow() throws Exception {
    a = new FakeServer("10.0.0.1", 10, m -> (m.chaddr()[5] & 1) == 0);
    b = new FakeServer("10.0.0.2", 20, m -> (m.chaddr()[5] & 1) == 1);
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    String relay = "127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(2, 255);
    List<String> args = new java.util.ArrayList<>(List.of("--relay", relay, "--server",
        "127.0.0.1:" + a.address().getPort(), "--server", "127.0.0.1:" + b.address().getPort(), "--answer-ms", "2000",
        "--late-ms", "200", "--window", "4"));
    for (int i = 0; i < 6; i++) {
      args.add("02:00:00:00:02:0" + i);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ProbeMain.run(args.toArray(String[]::new),
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(lines.get(i)).startsWith("02:00:00:00:02:0" + i + " offered 192.0.2." + (i % 2 == 0 ? 10 : 20)
          + " server 10.0.0." + (i % 2 == 0 ? 1 : 2));
    }
    args.set(args.indexOf("--window") + 1, "0");
    assertThatThrownBy(() -> ProbeMain.run(args.toArray(String[]::new), System.out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be 1 to 64, was 0");
  }

  @Test
  @DisplayName("a DHCPREQUEST for an offer carries options 50 and 54 and returns the server's DHCPACK")
  void request() throws Exception {
    a = new FakeServer("10.0.0.1", 10, m -> true);
    b = new FakeServer("10.0.0.2", 20, m -> false);
    try (DhcpProbe probe = probe()) {
      ProbeResult r = probe.discover(DhcpClient.of("02:00:00:00:00:04"));
      Optional<DhcpMessage> ack = probe.request(r, r.firstOffer().orElseThrow());
      assertThat(ack).hasValueSatisfying(m -> assertThat(m.type()).contains(DhcpMessageType.ACK));
    }
    DhcpMessage request = a.received.get(1);
    assertThat(request.type()).contains(DhcpMessageType.REQUEST);
    assertThat(request.option(DhcpOption.REQUESTED_ADDRESS).orElseThrow().data()).containsExactly(192, 0, 2, 10);
    assertThat(request.option(DhcpOption.SERVER_IDENTIFIER).orElseThrow().data()).containsExactly(10, 0, 0, 1);
    assertThat(b.received).hasSize(1);   // the request went to the offering server only
  }

  @Test
  @DisplayName("a server off loopback, two modes, no server or unbounded waits are refused, each named")
  void refusals() {
    assertThatThrownBy(() -> DhcpProbe.builder().relayAgent("127.0.0.1").server(new InetSocketAddress("192.0.2.1", 67))
        .build()).hasMessageContaining("server /192.0.2.1:67 must be a loopback address");
    assertThatThrownBy(() -> DhcpProbe.builder().relayAgent("10.0.0.1").direct().answerWait(Duration.ofMinutes(5))
        .build())
        .hasMessageContaining("exactly one of relayAgent and direct").hasMessageContaining("servers must be 1 to 8, were 0")
        .hasMessageContaining("answerWait must be more than zero and at most 60 s")
        .hasMessageContaining("relayAgent 10.0.0.1 must be a 127/8 address");
    assertThat(DhcpProbe.insideOwnNetworkNamespace()).isFalse();
  }
}
