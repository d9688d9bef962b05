package dev.failover.testkit.isc;

import dev.failover.Secret;
import dev.failover.errors.Violations;
import dev.failover.state.IscFailoverState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake ISC dhcpd OMAPI listener: a real TCP server on 127.0.0.1 with an ephemeral port that
 * answers {@code failover-state} open and update for the failover peers it is given, the way
 * dhcpd 4.4.3 does (same messages, value names, order, sizes and status texts), so the ISC
 * backend's OMAPI client is tested over its real wire format.
 *
 * <pre>{@code
 * try (FakeOmapiServer dhcpd = FakeOmapiServer.builder()
 *     .peer("fo1", FakeOmapiServer.Role.PRIMARY)
 *     .key("omapi-admin", Secret.of("dGVzdC1vbmx5LW9tYXBpLWtleQ=="))   // optional
 *     .start()) {
 *   dhcpd.setState("fo1", IscFailoverState.COMMUNICATIONS_INTERRUPTED, IscFailoverState.UNKNOWN_STATE);
 *   // … point the client at dhcpd.host():dhcpd.port(), force partner-down …
 *   assertThat(dhcpd.state("fo1").local()).isEqualTo(IscFailoverState.PARTNER_DOWN);
 * }
 * }</pre>
 *
 * <p>What it answers, as dhcpd 4.4.3 answered in the recorded sessions:
 * <ul>
 *   <li>open of {@code failover-state} by {@code name}: an update message with the object's
 *       values (state numbers in the 4.x numbering; {@code partner-address} and
 *       {@code local-address} as 8 zero bytes where dhcpd sends 8 meaningless bytes); an unknown
 *       name gets status 23 {@code no object matches specification}, no name status 27
 *       {@code can't create new object}, another object type status 23 {@code no matching handle};</li>
 *   <li>update of {@code local-state} on an opened object's handle: a known state number is
 *       applied (4 is partner-down) and answered with status 0; a number dhcpd does not know
 *       makes the fake drop the connection, where the real dhcpd exits ("Impossible case");</li>
 *   <li>with a key: an unsigned request gets status {@code 0x60009} {@code No authenticator on
 *       message}; an authenticator open for another name or algorithm status 23; a request whose
 *       signature does not verify an unsigned status {@code 0x6000b} (the connection stays
 *       open); every other answer to a signed request is signed.</li>
 * </ul>
 * State never changes by itself: the partner does not answer a forced partner-down the way a
 * live dhcpd partner would. Thread-safe; one thread per connection, at most 32 at a time.
 */
public final class FakeOmapiServer implements AutoCloseable {

  /** Which side of the pair the fake server is ({@code hierarchy} 0 or 1). */
  public enum Role {
    /** The fake is the peer's primary. */
    PRIMARY,
    /** The fake is the peer's secondary. */
    SECONDARY
  }

  /**
   * A peer's state as the fake holds it.
   *
   * @param local the server's own state ({@code local-state})
   * @param partner the state it believes its partner is in ({@code partner-state})
   * @param localSince when the local state was entered ({@code local-stos})
   * @param partnerSince when the partner state was entered ({@code partner-stos})
   */
  public record PeerState(IscFailoverState local, IscFailoverState partner, Instant localSince,
      Instant partnerSince) {}

  /**
   * One update of {@code local-state} the fake received.
   *
   * @param peer the peer name
   * @param requestedCode the number the client sent
   * @param applied whether the fake applied it (false for a number dhcpd does not know)
   */
  public record LocalStateUpdate(String peer, int requestedCode, boolean applied) {}

  private static final int MAX_CONNECTIONS = 32;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  private static final String ALGORITHM = "hmac-md5.SIG-ALG.REG.INT.";
  private static final int ISC_R_NOTFOUND = 23;
  private static final int ISC_R_NOTIMPLEMENTED = 27;
  private static final int DHCP_R_NOKEYS = 0x60009;
  private static final int DHCP_R_KEY_UNKNOWN = 0x6000a;
  private static final int DHCP_R_INVALIDKEY = 0x6000b;
  /** split 128: the first 16 bytes of the hash bucket assignment set. */
  private static final byte[] HBA_SPLIT_128 = new byte[32];

  static {
    for (int i = 0; i < 16; i++) {
      HBA_SPLIT_128[i] = (byte) 0xff;
    }
  }

  private final Object lock = new Object();
  private final Map<String, Peer> peers;
  private final String keyName;
  private final byte[] keySecret;
  private final Clock clock;
  private final ServerSocket listener;
  private final ExecutorService workers;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final List<LocalStateUpdate> updates = new ArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private int nextHandle = 1;
  private int authenticatorHandle;
  private volatile boolean closed;

  private FakeOmapiServer(Builder b) throws IOException {
    this.clock = b.clock;
    this.keyName = b.keyName;
    this.keySecret = b.keySecret;
    Map<String, Peer> map = new LinkedHashMap<>();
    Instant now = clock.instant();
    b.peers.forEach((name, role) -> map.put(name, new Peer(name, role, now)));
    this.peers = map;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-omapi-" + listener.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    workers.execute(this::acceptLoop);
  }

  /**
   * {@return a builder; peers are given here or later with {@link #addPeer} (without any, every open is "not found")}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link FakeOmapiServer}. */
  public static final class Builder {
    private final Map<String, Role> peers = new LinkedHashMap<>();
    private String keyName;
    private byte[] keySecret;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * A failover peer, in normal state on both sides, with the settings of the recorded pair:
     * mclt 3600 s, max-response-delay 60 s, max-unacked-updates 10, load balance max seconds 3,
     * split 128, ports 647.
     *
     * @param name the peer's name
     * @param role the fake's role in it
     * @return this builder
     */
    public Builder peer(String name, Role role) {
      Violations.collect()
          .check(name != null && !name.isEmpty(), "peer", name, "must not be empty")
          .check(role != null, "role", role, "must be given")
          .check(name == null || !peers.containsKey(name), "peer", name, "must be declared once")
          .throwIfAny("fake OMAPI peer");
      peers.put(name, role);
      return this;
    }

    /**
     * Requires every request to be signed with this HMAC-MD5 key (dhcpd's {@code omapi-key}).
     *
     * @param name the key's name
     * @param base64Secret the secret, base64
     * @return this builder
     */
    public Builder key(String name, Secret base64Secret) {
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(base64Secret.reveal().trim());
      } catch (IllegalArgumentException e) {
        decoded = new byte[0];
      }
      Violations.collect()
          .check(name != null && !name.isEmpty(), "key.name", name, "must not be empty")
          .check(decoded.length > 0, "key.secret", base64Secret, "must be base64 of at least one byte")
          .throwIfAny("fake OMAPI key");
      this.keyName = name;
      this.keySecret = decoded;
      return this;
    }

    /**
     * The clock for the start-of-state times ({@code local-stos}, {@code partner-stos}).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts listening on 127.0.0.1 with an ephemeral port.
     *
     * @return the running fake; close it to stop it
     */
    public FakeOmapiServer start() {
      try {
        return new FakeOmapiServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("cannot listen on 127.0.0.1", e);
      }
    }
  }

  /** {@return the address the fake listens on: always 127.0.0.1} */
  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** {@return the ephemeral port the fake listens on} */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Declares another failover peer while the fake runs, in normal state on both sides with the
   * settings {@link Builder#peer} gives, as a dhcpd restarted on a configuration with that peer
   * would have it (a backend under test declares its peers after the fake started).
   *
   * @param name the peer's name
   * @param role the fake's role in it
   */
  public void addPeer(String name, Role role) {
    Violations.collect()
        .check(name != null && !name.isEmpty(), "peer", name, "must not be empty")
        .check(role != null, "role", role, "must be given")
        .throwIfAny("fake OMAPI peer");
    synchronized (lock) {
      Violations.collect().check(!peers.containsKey(name), "peer", name, "must be declared once")
          .throwIfAny("fake OMAPI peer");
      peers.put(name, new Peer(name, role, clock.instant()));
    }
  }

  /**
   * Sets a peer's local and partner state, as if the pair had moved there.
   *
   * @param peer the peer's name
   * @param local the fake's own state
   * @param partner the partner's state as the fake sees it
   */
  public void setState(String peer, IscFailoverState local, IscFailoverState partner) {
    java.util.Objects.requireNonNull(local, "local");
    java.util.Objects.requireNonNull(partner, "partner");
    synchronized (lock) {
      Peer p = peer(peer);
      Instant now = clock.instant();
      if (p.local != local) {
        p.local = local;
        p.localSince = now;
      }
      if (p.partner != partner) {
        p.partner = partner;
        p.partnerSince = now;
      }
    }
  }

  /** {@return the names of the failover peers the fake declares, in declaration order} */
  public List<String> peers() {
    synchronized (lock) {
      return List.copyOf(peers.keySet());
    }
  }

  /**
   * {@return a peer's state now}
   *
   * @param peer the peer's name
   */
  public PeerState state(String peer) {
    synchronized (lock) {
      Peer p = peer(peer);
      return new PeerState(p.local, p.partner, p.localSince, p.partnerSince);
    }
  }

  /** {@return every {@code local-state} update received, oldest first} */
  public List<LocalStateUpdate> updates() {
    synchronized (lock) {
      return List.copyOf(updates);
    }
  }

  /** {@return how many TCP connections the fake has accepted} */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /** Stops listening and closes every connection; waits up to 5 seconds for the workers. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket s : connections) {
      closeQuietly(s);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Peer peer(String name) {
    Peer p;
    synchronized (lock) {
      p = peers.get(name);
    }
    if (p == null) {
      throw new IllegalArgumentException("the fake has no failover peer named " + name + "; it has " + peers.keySet());
    }
    return p;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      if (connections.size() >= MAX_CONNECTIONS) {
        closeQuietly(s);
        continue;
      }
      connections.add(s);
      try {
        workers.execute(() -> serve(s));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(s);
      }
    }
  }

  /** One connection: start-up, then request after request until the client leaves. */
  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout((int) IDLE_TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      out.write(FakeOmapiServerWire.int32(FakeOmapiServerWire.VERSION));
      out.write(FakeOmapiServerWire.int32(FakeOmapiServerWire.HEADER));
      out.flush();
      int version = in.readInt();
      int headerSize = in.readInt();
      if (version != FakeOmapiServerWire.VERSION || headerSize < FakeOmapiServerWire.HEADER || headerSize > 1024) {
        return;
      }
      Session session = new Session(out);
      while (!closed) {
        FakeOmapiServerWire.Message request = FakeOmapiServerWire.read(in, headerSize);
        if (!session.handle(request)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client left, timed out or sent bytes that are not OMAPI: dhcpd drops such a connection too
    } finally {
      connections.remove(socket);
    }
  }

  /** The per-connection part: which authenticator the client opened, the reply ids. */
  private final class Session {
    private final OutputStream out;
    private int authenticated;
    private int nextId = 1;

    Session(OutputStream out) {
      this.out = out;
    }

    /** Answers one request; false when the connection must be closed. */
    boolean handle(FakeOmapiServerWire.Message request) throws IOException {
      boolean signed = request.authId != 0;
      if (signed) {
        if (keySecret == null || request.authId != authenticated) {
          status(request, DHCP_R_KEY_UNKNOWN, null, false);
          return true;
        }
        if (!FakeOmapiServerWire.verifies(keySecret, request)) {
          status(request, DHCP_R_INVALIDKEY, null, false);
          return true;
        }
      }
      if (request.op != FakeOmapiServerWire.OPEN && request.op != FakeOmapiServerWire.UPDATE) {
        status(request, ISC_R_NOTIMPLEMENTED, "not implemented by the fake", signed);
        return true;
      }
      String type = request.messageValue("type").map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
          .orElse("");
      if (request.op == FakeOmapiServerWire.OPEN && type.equals("authenticator")) {
        openAuthenticator(request);
        return true;
      }
      if (keySecret != null && !signed) {
        status(request, DHCP_R_NOKEYS, "No authenticator on message", false);
        return true;
      }
      if (request.op == FakeOmapiServerWire.OPEN) {
        openFailoverState(request, type, signed);
        return true;
      }
      return update(request, signed);
    }

    private void openAuthenticator(FakeOmapiServerWire.Message request) throws IOException {
      Optional<byte[]> name = request.objectValue("name");
      Optional<byte[]> algorithm = request.objectValue("algorithm");
      boolean known = keySecret != null && name.isPresent() && algorithm.isPresent()
          && new String(name.get(), java.nio.charset.StandardCharsets.UTF_8).equals(keyName)
          && new String(algorithm.get(), java.nio.charset.StandardCharsets.UTF_8).equalsIgnoreCase(ALGORITHM);
      if (!known) {
        status(request, ISC_R_NOTFOUND, "no object matches specification", false);
        return;
      }
      int handle;
      synchronized (lock) {
        if (authenticatorHandle == 0) {
          authenticatorHandle = nextHandle++;
        }
        handle = authenticatorHandle;
      }
      authenticated = handle;
      FakeOmapiServerWire.Message reply = reply(request, FakeOmapiServerWire.UPDATE, handle);
      reply.object.add(new FakeOmapiServerWire.Pair("name", name.get()));
      reply.object.add(new FakeOmapiServerWire.Pair("algorithm", algorithm.get()));
      send(reply, false);
    }

    private void openFailoverState(FakeOmapiServerWire.Message request, String type, boolean signed)
        throws IOException {
      if (!type.equals("failover-state")) {
        status(request, ISC_R_NOTFOUND, "no matching handle", signed);
        return;
      }
      Optional<byte[]> name = request.objectValue("name");
      if (name.isEmpty()) {
        status(request, ISC_R_NOTIMPLEMENTED, "can't create new object", signed);
        return;
      }
      FakeOmapiServerWire.Message reply;
      synchronized (lock) {
        Peer p = peers.get(new String(name.get(), java.nio.charset.StandardCharsets.UTF_8));
        if (p == null) {
          reply = null;
        } else {
          if (p.handle == 0) {
            p.handle = nextHandle++;
          }
          reply = reply(request, FakeOmapiServerWire.UPDATE, p.handle);
          p.writeValues(reply.object);
        }
      }
      if (reply == null) {
        status(request, ISC_R_NOTFOUND, "no object matches specification", signed);
      } else {
        send(reply, signed);
      }
    }

    private boolean update(FakeOmapiServerWire.Message request, boolean signed) throws IOException {
      Peer target;
      synchronized (lock) {
        target = peers.values().stream().filter(p -> p.handle != 0 && p.handle == request.handle).findFirst()
            .orElse(null);
      }
      if (target == null) {
        status(request, ISC_R_NOTFOUND, "no matching handle", signed);
        return true;
      }
      Optional<byte[]> state = request.objectValue("local-state");
      if (state.isPresent()) {
        byte[] b = state.get();
        int code = b.length == 4 ? FakeOmapiServerWire.int32(b) : -1;
        IscFailoverState next = known(code);
        synchronized (lock) {
          updates.add(new LocalStateUpdate(target.name, code, next != null));
          if (next != null && next != target.local) {
            target.local = next;
            target.localSince = clock.instant();
          }
        }
        if (next == null) {
          return false; // dhcpd 4.4.3 exits here ("Impossible case at failover.c:1716")
        }
      }
      status(request, 0, null, signed);
      return true;
    }

    private FakeOmapiServerWire.Message reply(FakeOmapiServerWire.Message request, int op, int handle) {
      FakeOmapiServerWire.Message m = new FakeOmapiServerWire.Message();
      m.authId = authenticated;
      m.op = op;
      m.handle = handle;
      m.id = nextId++;
      m.rid = request.id;
      return m;
    }

    private void status(FakeOmapiServerWire.Message request, int result, String message, boolean signed)
        throws IOException {
      FakeOmapiServerWire.Message m = reply(request, FakeOmapiServerWire.STATUS, 0);
      m.message.add(new FakeOmapiServerWire.Pair("result", FakeOmapiServerWire.int32(result)));
      if (message != null) {
        m.message.add(new FakeOmapiServerWire.Pair("message", FakeOmapiServerWire.text(message)));
      }
      send(m, signed);
    }

    private void send(FakeOmapiServerWire.Message m, boolean signed) throws IOException {
      out.write(FakeOmapiServerWire.write(m, signed ? keySecret : null));
      out.flush();
    }
  }

  private static IscFailoverState known(int code) {
    for (IscFailoverState s : IscFailoverState.values()) {
      if (s.code() == code) {
        return s;
      }
    }
    return null;
  }

  /** One failover peer's object; guarded by {@link #lock}. */
  private static final class Peer {
    final String name;
    final Role role;
    IscFailoverState local = IscFailoverState.NORMAL;
    IscFailoverState partner = IscFailoverState.NORMAL;
    Instant localSince;
    Instant partnerSince;
    int handle;

    Peer(String name, Role role, Instant now) {
      this.name = name;
      this.role = role;
      this.localSince = now;
      this.partnerSince = now;
    }

    /** The values in dhcpd 4.4.3's order (dhcp_failover_state_stuff). */
    void writeValues(List<FakeOmapiServerWire.Pair> into) {
      into.add(pair("name", FakeOmapiServerWire.text(name)));
      into.add(pair("partner-address", new byte[8]));
      into.add(pair("partner-port", FakeOmapiServerWire.int32(647)));
      into.add(pair("local-address", new byte[8]));
      into.add(pair("local-port", FakeOmapiServerWire.int32(647)));
      into.add(pair("max-outstanding-updates", FakeOmapiServerWire.int32(10)));
      into.add(pair("mclt", FakeOmapiServerWire.int32(3600)));
      into.add(pair("load-balance-max-secs", FakeOmapiServerWire.int32(3)));
      into.add(pair("load-balance-hba", HBA_SPLIT_128.clone()));
      into.add(pair("partner-state", FakeOmapiServerWire.int32(partner.code())));
      into.add(pair("local-state", FakeOmapiServerWire.int32(local.code())));
      into.add(pair("partner-stos", FakeOmapiServerWire.int32((int) partnerSince.getEpochSecond())));
      into.add(pair("local-stos", FakeOmapiServerWire.int32((int) localSince.getEpochSecond())));
      into.add(pair("hierarchy", FakeOmapiServerWire.int32(role == Role.PRIMARY ? 0 : 1)));
      into.add(pair("last-packet-sent", FakeOmapiServerWire.int32(0)));
      into.add(pair("last-timestamp-received", FakeOmapiServerWire.int32(0)));
      into.add(pair("skew", FakeOmapiServerWire.int32(0)));
      into.add(pair("max-response-delay", FakeOmapiServerWire.int32(60)));
      into.add(pair("cur-unacked-updates", FakeOmapiServerWire.int32(0)));
    }

    private static FakeOmapiServerWire.Pair pair(String name, byte[] value) {
      return new FakeOmapiServerWire.Pair(name, value);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already closed or broken: nothing left to release
    }
  }
}
