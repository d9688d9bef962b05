package dev.failover.testkit.probe;

import dev.failover.scope.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A DHCPv4 client on the wire, for tests: sends a client's DHCPDISCOVER to every server it is
 * given (the way a relay agent with several helper addresses does) and reports every DHCPOFFER
 * that comes back ({@link ProbeResult}), or that none came within the bound; then, when a check
 * needs a lease, the DHCPREQUEST for an offer ({@link #request}).
 *
 * <pre>{@code
 * try (DhcpProbe probe = DhcpProbe.builder()
 *     .relayAgent("127.8.0.1")                          // giaddr; the probe listens on 127.8.0.1:67
 *     .server(new InetSocketAddress("127.0.0.1", keaPort1))
 *     .server(new InetSocketAddress("127.0.0.1", keaPort2))
 *     .subnetSelection("192.0.2.0")                     // option 118: the subnet to serve from
 *     .build()) {
 *   ProbeResult r = probe.discover(DhcpClient.of("02:00:5e:00:00:01"));
 *   r.answeredBy();                                     // the one server that offered, if one did
 * }
 * }</pre>
 *
 * <p>Bounds: at most {@value #MAX_SERVERS} servers, {@value #MAX_CLIENTS} clients per probe,
 * {@link Builder#answerWait} (default 2 s) for the first answer and {@link Builder#lateWait}
 * (default 300 ms) for any further answer to the same DHCPDISCOVER, each client's own also when
 * up to {@value #MAX_WINDOW} are asked at once ({@link #discoverConcurrently}). Only to
 * loopback: every server and the relay address must be loopback addresses, unless the JVM runs
 * in a network namespace other than the host's (a namespace a test made, entered with
 * {@code ip netns exec}, see {@link ProbeMain}); then any address is allowed, since nothing
 * leaves the namespace but what its interfaces carry.
 *
 * <p>As a relay agent the probe binds the relay address at port 67 (where servers send relayed
 * answers; root, or {@code CAP_NET_BIND_SERVICE}), with address reuse so a DHCP server of the
 * same namespace listening on 0.0.0.0:67 does not stand in its way. Directly ({@link
 * Builder#direct()}), it sends from 0.0.0.0:68 with the broadcast flag and hears answers
 * broadcast to port 68 (inside a namespace only).
 */
public final class DhcpProbe implements AutoCloseable {

  /** The most servers one probe sends to. */
  public static final int MAX_SERVERS = 8;
  /** The most clients one probe sends for in its life. */
  public static final int MAX_CLIENTS = 10_000;
  /** The most clients {@link #discoverConcurrently} has waiting for answers at once. */
  public static final int MAX_WINDOW = 64;
  private static final int MAX_DATAGRAMS_PER_WAIT = 1_000;

  private final Optional<Ipv4Address> relay;
  private final List<InetSocketAddress> servers;
  private final Optional<Ipv4Address> subnetSelection;
  private final Duration answerWait;
  private final Duration lateWait;
  private final DatagramSocket socket;
  private int clients;
  private int ignored;

  private DhcpProbe(Builder b) throws IOException {
    this.relay = b.relay;
    this.servers = List.copyOf(b.servers);
    this.subnetSelection = b.subnetSelection;
    this.answerWait = b.answerWait;
    this.lateWait = b.lateWait;
    DatagramSocket s = new DatagramSocket(null);
    try {
      s.setReuseAddress(true);
      if (relay.isPresent()) {
        s.bind(new InetSocketAddress(InetAddress.getByAddress(DhcpMessage.bytes(relay.get())), b.relayPort));
      } else {
        s.setBroadcast(true);
        s.bind(new InetSocketAddress(68));
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    this.socket = s;
  }

  /** {@return a builder of a probe; at least one server must be given} */
  public static Builder builder() {
    return new Builder();
  }

  /** Where to send, as whom, and how long to wait. */
  public static final class Builder {
    private Optional<Ipv4Address> relay = Optional.empty();
    private boolean direct;
    private int relayPort = 67;
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private Optional<Ipv4Address> subnetSelection = Optional.empty();
    private Duration answerWait = Duration.ofSeconds(2);
    private Duration lateWait = Duration.ofMillis(300);

    private Builder() {}

    /**
     * Relays the clients' messages from an address ({@code giaddr}), listening on it at the relay port.
     *
     * @param address the relay agent's IPv4 address
     * @return this builder
     */
    public Builder relayAgent(String address) {
      this.relay = Optional.of(Ipv4Address.parse(address));
      return this;
    }

    /**
     * The port the probe listens on as a relay agent: 67 (where servers send relayed answers)
     * unless set; 0 for any free port (a fake server that answers the sender).
     *
     * @param port the port, 0 to 65535
     * @return this builder
     */
    public Builder relayPort(int port) {
      this.relayPort = port;
      return this;
    }

    /**
     * Sends as the client itself (no relay): from port 68, broadcast flag set; inside a test's
     * namespace only.
     *
     * @return this builder
     */
    public Builder direct() {
      this.direct = true;
      return this;
    }

    /**
     * A server to send every message to.
     *
     * @param address the server's address and port
     * @return this builder
     */
    public Builder server(InetSocketAddress address) {
      servers.add(Objects.requireNonNull(address, "server"));
      return this;
    }

    /**
     * Option 118 (RFC 3011): the subnet the server should serve the client from.
     *
     * @param address an IPv4 address in that subnet
     * @return this builder
     */
    public Builder subnetSelection(String address) {
      this.subnetSelection = Optional.of(Ipv4Address.parse(address));
      return this;
    }

    /**
     * How long to wait for the first answer to a message (default 2 s, at most 60 s).
     *
     * @param value the wait
     * @return this builder
     */
    public Builder answerWait(Duration value) {
      this.answerWait = value;
      return this;
    }

    /**
     * How long to wait, after the first answer, for answers from further servers (default 300 ms,
     * at most 10 s).
     *
     * @param value the wait
     * @return this builder
     */
    public Builder lateWait(Duration value) {
      this.lateWait = value;
      return this;
    }

    /**
     * Opens the probe's socket.
     *
     * @return the probe, ready to send
     * @throws IllegalArgumentException naming each setting that breaks a rule
     * @throws UncheckedIOException when the socket cannot be bound
     */
    public DhcpProbe build() {
      List<String> wrong = new ArrayList<>();
      if (relay.isPresent() == direct) {
        wrong.add("exactly one of relayAgent and direct must be chosen");
      }
      if (servers.isEmpty() || servers.size() > MAX_SERVERS) {
        wrong.add("servers must be 1 to " + MAX_SERVERS + ", were " + servers.size());
      }
      if (relayPort < 0 || relayPort > 65535) {
        wrong.add("relayPort must be 0 (any free port) to 65535, was " + relayPort);
      }
      if (answerWait.isNegative() || answerWait.isZero() || answerWait.compareTo(Duration.ofSeconds(60)) > 0) {
        wrong.add("answerWait must be more than zero and at most 60 s, was " + answerWait);
      }
      if (lateWait.isNegative() || lateWait.compareTo(Duration.ofSeconds(10)) > 0) {
        wrong.add("lateWait must be 0 to 10 s, was " + lateWait);
      }
      boolean contained = insideOwnNetworkNamespace();
      for (InetSocketAddress s : servers) {
        if (s.isUnresolved() || !(s.getAddress().isLoopbackAddress() || contained)) {
          wrong.add("server " + s + " must be a loopback address (any address only inside a test's network namespace)");
        }
      }
      relay.ifPresent(r -> {
        if ((r.bits() >>> 24) != 127 && !contained) {
          wrong.add("relayAgent " + r + " must be a 127/8 address (any address only inside a test's network namespace)");
        }
      });
      if (direct && !contained) {
        wrong.add("direct must be used inside a test's network namespace only (it listens on 0.0.0.0:68)");
      }
      if (!wrong.isEmpty()) {
        throw new IllegalArgumentException("DHCP probe: " + String.join("; ", wrong));
      }
      try {
        return new DhcpProbe(this);
      } catch (IOException e) {
        throw new UncheckedIOException("DHCP probe: cannot listen on "
            + relay.map(r -> r + ":" + relayPort).orElse("0.0.0.0:68") + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Whether this JVM runs in a network namespace other than the host's: one named by
   * {@code ip netns} (its {@code /run/netns} file is {@code /proc/self/ns/net}), or, where
   * {@code /proc/1/ns/net} can be read, one other than process 1's. False when neither is known.
   *
   * @return whether this JVM runs in a network namespace of its own
   */
  public static boolean insideOwnNetworkNamespace() {
    Path self = Path.of("/proc/self/ns/net");
    try {
      if (!Files.readSymbolicLink(self).equals(Files.readSymbolicLink(Path.of("/proc/1/ns/net")))) {
        return true;
      }
      return false;
    } catch (IOException | UnsupportedOperationException | SecurityException unreadable) {
      // process 1's namespace is not ours to read (no ptrace right): look among the named ones
    }
    Path named = Path.of("/run/netns");
    if (!Files.isDirectory(named)) {
      return false;
    }
    try (var list = Files.list(named)) {
      for (Path ns : (Iterable<Path>) list::iterator) {
        if (Files.isSameFile(ns, self)) {
          return true;
        }
      }
      return false;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /**
   * Sends the client's DHCPDISCOVER to every server and collects the offers.
   *
   * @param client the client the probe pretends to be
   * @return the offers that came within the waits
   */
  public ProbeResult discover(DhcpClient client) {
    count(1);
    int xid = ThreadLocalRandom.current().nextInt();
    DhcpMessage discover = message(client, xid, DhcpMessageType.DISCOVER, List.of());
    long start = System.nanoTime();
    for (InetSocketAddress s : servers) {
      send(discover, s);
    }
    List<Offer> offers = new ArrayList<>();
    for (Received r : receive(xid, client, Optional.empty())) {
      if (r.message().type().filter(t -> t == DhcpMessageType.OFFER).isPresent()) {
        offers.add(Offer.of(r.from(), r.message()));
      }
    }
    return ImmutableProbeResult.builder().client(client).xid(xid).offers(offers)
        .waited(Duration.ofNanos(System.nanoTime() - start)).build();
  }

  /**
   * {@link #discover} for each client in turn.
   *
   * @param clients the clients, in the order to ask
   * @return one result per client, in the same order
   */
  public List<ProbeResult> discoverAll(List<DhcpClient> clients) {
    if (this.clients + clients.size() > MAX_CLIENTS) {
      throw new IllegalStateException("DHCP probe: at most " + MAX_CLIENTS + " clients per probe (asked for "
          + (this.clients + clients.size()) + ")");
    }
    List<ProbeResult> out = new ArrayList<>();
    for (DhcpClient c : clients) {
      out.add(discover(c));
    }
    return out;
  }

  /**
   * Sends the clients' DHCPDISCOVERs {@code window} at a time instead of one after another: each
   * client of a window is reported as {@link #discover} reports it alone (each offer received
   * within answerWait of sending, then within lateWait of the client's own first offer), but the
   * waits of a window's clients run side by side. Keep the window below the servers' receive
   * queues (a multi-threaded Kea's {@code packet-queue-size} drops the oldest packets when full),
   * or a server drops DHCPDISCOVERs it would have answered one by one.
   *
   * @param clients the clients, in the order to send
   * @param window how many clients at most wait for answers at once, 1 to {@value #MAX_WINDOW}
   * @return one result per client, in the same order
   * @throws IllegalArgumentException when the window is out of its range
   * @throws IllegalStateException when the probe would exceed {@value #MAX_CLIENTS} clients
   */
  public List<ProbeResult> discoverConcurrently(List<DhcpClient> clients, int window) {
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException("DHCP probe: window must be 1 to " + MAX_WINDOW + ", was " + window);
    }
    count(clients.size());
    List<ProbeResult> out = new ArrayList<>();
    for (int from = 0; from < clients.size(); from += window) {
      out.addAll(discoverWindow(clients.subList(from, Math.min(clients.size(), from + window))));
    }
    return out;
  }

  /** One client of a window waiting for its offers: its own bounds, as {@link #receive} keeps them for one. */
  private static final class Waiting {
    final DhcpClient client;
    final int xid;
    final byte[] chaddr;
    final List<Offer> offers = new ArrayList<>();
    int replies;
    long deadline;

    Waiting(DhcpClient client, int xid, long deadline) {
      this.client = client;
      this.xid = xid;
      this.chaddr = client.identity().hardwareAddressBytes();
      this.deadline = deadline;
    }
  }

  private List<ProbeResult> discoverWindow(List<DhcpClient> clients) {
    java.util.Map<Integer, Waiting> byXid = new java.util.LinkedHashMap<>();
    long start = System.nanoTime();
    for (DhcpClient c : clients) {
      int xid;
      do {
        xid = ThreadLocalRandom.current().nextInt();
      } while (byXid.containsKey(xid));
      byXid.put(xid, new Waiting(c, xid, start + answerWait.toNanos()));
    }
    for (Waiting w : byXid.values()) {
      DhcpMessage discover = message(w.client, w.xid, DhcpMessageType.DISCOVER, List.of());
      for (InetSocketAddress s : servers) {
        send(discover, s);
      }
    }
    byte[] buffer = new byte[1500];
    for (int n = 0; n < MAX_DATAGRAMS_PER_WAIT * clients.size(); n++) {
      long now = System.nanoTime();
      long last = byXid.values().stream().mapToLong(w -> w.deadline).max().orElse(now);
      if (last - now <= 0) {
        break;
      }
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(last - now).toMillis()));
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        throw new UncheckedIOException("DHCP probe: receiving failed: " + e.getMessage(), e);
      }
      long arrived = System.nanoTime();
      DhcpMessage m;
      try {
        m = DhcpCodec.decode(p.getData(), p.getOffset(), p.getLength());
      } catch (MalformedDhcpMessageException e) {
        ignored++;
        continue;
      }
      Waiting w = byXid.get(m.xid());
      // an answer after the client's own bound is not counted, as discover alone would not count it
      if (w == null || m.op() != DhcpMessage.BOOTREPLY || !java.util.Arrays.equals(m.chaddr(), w.chaddr)
          || arrived - w.deadline > 0) {
        ignored++;
        continue;
      }
      if (m.type().filter(t -> t == DhcpMessageType.OFFER).isPresent()) {
        w.offers.add(Offer.of((InetSocketAddress) p.getSocketAddress(), m));
      }
      w.replies++;
      if (w.replies == 1) {
        // the first answer: further ones count within lateWait of it
        w.deadline = Math.min(w.deadline, arrived + lateWait.toNanos());
      }
    }
    long end = System.nanoTime();
    List<ProbeResult> out = new ArrayList<>();
    for (Waiting w : byXid.values()) {
      out.add(ImmutableProbeResult.builder().client(w.client).xid(w.xid).offers(w.offers)
          .waited(Duration.ofNanos(Math.min(end, w.deadline) - start)).build());
    }
    return out;
  }

  /**
   * Requests the offered address from the server that offered it (DHCPREQUEST with options 50
   * and 54, RFC 2131 section 4.3.2, same transaction id) and returns its answer, DHCPACK or
   * DHCPNAK; empty when none came within the wait.
   *
   * @param result the DHCPDISCOVER's result, giving the client and transaction id
   * @param offer the offer to request
   * @return the server's DHCPACK or DHCPNAK, when one came
   */
  public Optional<DhcpMessage> request(ProbeResult result, Offer offer) {
    if (!result.offers().contains(offer)) {
      throw new IllegalArgumentException("the offer " + offer + " is not one of " + result.client() + "'s");
    }
    List<DhcpOption> extra = new ArrayList<>();
    extra.add(DhcpOption.of(DhcpOption.REQUESTED_ADDRESS, DhcpMessage.bytes(offer.offeredAddress())));
    offer.serverIdentifier().ifPresent(s -> extra.add(DhcpOption.of(DhcpOption.SERVER_IDENTIFIER, DhcpMessage.bytes(s))));
    DhcpMessage request = message(result.client(), result.xid(), DhcpMessageType.REQUEST, extra);
    send(request, offer.from());
    return receive(result.xid(), result.client(), Optional.of(offer.from())).stream().map(Received::message)
        .filter(m -> m.type().filter(t -> t == DhcpMessageType.ACK || t == DhcpMessageType.NAK).isPresent())
        .findFirst();
  }

  /** {@return how many datagrams arrived that were malformed or answered no message of this probe} */
  public int ignored() {
    return ignored;
  }

  private void count(int n) {
    if (clients + n > MAX_CLIENTS) {
      throw new IllegalStateException("DHCP probe: at most " + MAX_CLIENTS + " clients per probe (asked for "
          + (clients + n) + ")");
    }
    clients += n;
  }

  private DhcpMessage message(DhcpClient client, int xid, DhcpMessageType type, List<DhcpOption> extra) {
    ImmutableDhcpMessage.Builder m = DhcpMessage.builder().op(DhcpMessage.BOOTREQUEST).xid(xid)
        .chaddr(client.identity().hardwareAddressBytes())
        .addOption(DhcpOption.of(DhcpOption.MESSAGE_TYPE, new byte[] {(byte) type.code()}))
        .addAllOptions(extra).addAllOptions(client.identityOptions());
    relay.ifPresentOrElse(r -> m.giaddr(r).hops(1), () -> m.flags(DhcpMessage.BROADCAST));
    subnetSelection.ifPresent(s -> m.addOption(DhcpOption.of(DhcpOption.SUBNET_SELECTION, DhcpMessage.bytes(s))));
    return m.build();
  }

  private void send(DhcpMessage m, InetSocketAddress to) {
    byte[] bytes = DhcpCodec.encode(m);
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
    } catch (IOException e) {
      throw new UncheckedIOException("DHCP probe: cannot send to " + to + ": " + e.getMessage(), e);
    }
  }

  private record Received(InetSocketAddress from, DhcpMessage message) {}

  /**
   * Answers to {@code xid} for the client: waits up to answerWait for the first, then lateWait
   * for more (only from {@code only} when given, and then only the first).
   */
  private List<Received> receive(int xid, DhcpClient client, Optional<InetSocketAddress> only) {
    List<Received> out = new ArrayList<>();
    byte[] chaddr = client.identity().hardwareAddressBytes();
    long deadline = System.nanoTime() + answerWait.toNanos();
    byte[] buffer = new byte[1500];
    for (int n = 0; n < MAX_DATAGRAMS_PER_WAIT; n++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        throw new UncheckedIOException("DHCP probe: receiving failed: " + e.getMessage(), e);
      }
      DhcpMessage m;
      try {
        m = DhcpCodec.decode(p.getData(), p.getOffset(), p.getLength());
      } catch (MalformedDhcpMessageException e) {
        ignored++;
        continue;
      }
      InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
      if (m.op() != DhcpMessage.BOOTREPLY || m.xid() != xid || !java.util.Arrays.equals(m.chaddr(), chaddr)
          || only.filter(o -> !o.equals(from)).isPresent()) {
        ignored++;
        continue;
      }
      out.add(new Received(from, m));
      if (only.isPresent()) {
        break;
      }
      if (out.size() == 1) {
        deadline = Math.min(deadline, System.nanoTime() + lateWait.toNanos());
        if (lateWait.isZero()) {
          break;
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    socket.close();
  }
}
