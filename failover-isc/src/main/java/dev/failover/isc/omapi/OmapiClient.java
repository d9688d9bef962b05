package dev.failover.isc.omapi;

import dev.failover.errors.BackendException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.state.IscFailoverState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of dhcpd's OMAPI (the object management protocol {@code omshell} speaks) over one TCP
 * connection: it reads a failover peer's {@code failover-state} object and forces the local
 * server into partner-down, optionally signing every message with an HMAC-MD5 key.
 *
 * <pre>{@code
 * try (OmapiClient omapi = OmapiClient.connect(OmapiEndpoint.of("127.0.0.1", 7911))) {
 *   OmapiFailoverState fo1 = omapi.failoverState("fo1");
 *   if (fo1.localState() == IscFailoverState.COMMUNICATIONS_INTERRUPTED) {
 *     omapi.forcePartnerDown("fo1");
 *   }
 * }
 * }</pre>
 *
 * <p>Errors: a connection, time-out or protocol failure is a {@link BackendException} of kind
 * {@code TRANSPORT} (the connection is closed and the client unusable afterwards); an OMAPI
 * status other than success is a {@code REJECTED} one carrying the server's own message
 * ({@code no object matches specification}) and its result code by name where known
 * ({@code ISC_R_NOTFOUND}), otherwise as a decimal number. A status about the key is a
 * {@code CREDENTIALS} one ("did not accept the credential"), with the server's text and code: a
 * key name the server does not know (dhcpd answers the open of the authenticator with
 * {@code no object matches specification}), a wrong secret ({@code DHCP_R_INVALIDKEY}) and no key
 * where the server wants one ({@code DHCP_R_NOKEYS}); the secret is in no message.
 *
 * <p>With a key, every request is signed and every reply must carry a valid signature; only
 * an error status may come back unsigned (dhcpd answers a message whose signature it rejects
 * that way, with {@code DHCP_R_INVALIDKEY}). Methods are synchronized: one request at a time.
 */
public final class OmapiClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OmapiClient.class);

  private static final String FAILOVER_STATE = "failover-state";
  private static final int MAX_PEER_NAME_BYTES = 1024;

  /** Result codes dhcpd 4.4 sends in status messages (isc/result.h, omapip/result.h). */
  private static final Map<Integer, String[]> RESULTS = Map.of(
      18, new String[] {"ISC_R_EXISTS", "already exists"},
      23, new String[] {"ISC_R_NOTFOUND", "not found"},
      25, new String[] {"ISC_R_FAILURE", "failure"},
      27, new String[] {"ISC_R_NOTIMPLEMENTED", "not implemented"},
      0x60003, new String[] {"DHCP_R_INVALIDARG", "invalid argument"},
      0x60009, new String[] {"DHCP_R_NOKEYS", "no key specified"},
      0x6000a, new String[] {"DHCP_R_KEY_UNKNOWN", "key unknown"},
      0x6000b, new String[] {"DHCP_R_INVALIDKEY", "invalid key (the message's signature did not verify)"});

  /**
   * Results that say the server did not accept the key: none given (DHCP_R_NOKEYS), an unknown
   * one (DHCP_R_KEY_UNKNOWN) or a signature that does not verify with it (DHCP_R_INVALIDKEY).
   */
  private static final java.util.Set<Integer> KEY_RESULTS = java.util.Set.of(0x60009, 0x6000a, 0x6000b);

  private final OmapiEndpoint endpoint;
  private final Socket socket;
  private final DataInputStream in;
  private final DeadlineInput deadline;
  private final OutputStream out;
  private final OmapiWire.HmacMd5 signer;
  private int headerSize = OmapiWire.HEADER_SIZE;
  private int authHandle;
  private int nextId;
  private boolean closed;

  private OmapiClient(OmapiEndpoint endpoint, Socket socket, int firstTransactionId) throws IOException {
    this.endpoint = endpoint;
    this.socket = socket;
    this.deadline = new DeadlineInput(socket, endpoint.readTimeout());
    this.in = new DataInputStream(new BufferedInputStream(deadline));
    this.out = new BufferedOutputStream(socket.getOutputStream());
    this.signer = endpoint.key().map(k -> new OmapiWire.HmacMd5(k.secretBytes())).orElse(null);
    this.nextId = firstTransactionId;
  }

  /**
   * Connects, exchanges the start-up message and, when the endpoint has a key, opens the
   * server's authenticator for it.
   *
   * @param endpoint the server's OMAPI address, port and key
   * @return a connected client; close it when done
   * @throws BackendException TRANSPORT when the server cannot be reached or speaks another
   *     protocol version; CREDENTIALS when it does not know the key (name and algorithm)
   */
  public static OmapiClient connect(OmapiEndpoint endpoint) {
    return connect(endpoint, new SecureRandom().nextInt());
  }

  /** As {@link #connect(OmapiEndpoint)}, with a given first transaction id (tests replay recorded sessions). */
  static OmapiClient connect(OmapiEndpoint endpoint, int firstTransactionId) {
    Socket socket = new Socket();
    OmapiClient client = null;
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(millis(endpoint.readTimeout()));
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis(endpoint.connectTimeout()));
      client = new OmapiClient(endpoint, socket, firstTransactionId);
      client.startup();
      if (endpoint.key().isPresent()) {
        client.authenticate(endpoint.key().get());
      }
      return client;
    } catch (IOException e) {
      closeQuietly(socket);
      throw BackendException.transport(endpoint.serverName(), "OMAPI connection failed: " + describe(e), e);
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /** {@return the endpoint this client talks to} */
  public OmapiEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Opens the {@code failover-state} object of the failover peer with that name and returns its
   * values.
   *
   * @param peerName the failover peer's name
   * @return the peer's failover state as the server holds it
   * @throws ValidationException when the name is empty or longer than 1,024 bytes
   * @throws BackendException REJECTED with {@code no object matches specification} when the
   *     server has no such peer; TRANSPORT on connection or protocol failures
   */
  public synchronized OmapiFailoverState failoverState(String peerName) {
    return parseFailoverState(openFailoverState(peerName).objectValues);
  }

  /**
   * Sets the local server's failover state for that peer to partner-down ({@code local-state}
   * 4), the documented online way to tell dhcpd its partner is down, and returns the state read
   * just before the change.
   *
   * <p>Only partner-down is offered, on purpose: dhcpd 4.4.3 hands the number straight to its
   * state machine, and a number it does not expect makes it exit ("Impossible case at
   * failover.c:1716", seen with 99). When the partner is in fact up, the pair walks
   * partner-down → potential-conflict → conflict-done → normal within seconds.
   *
   * @param peerName the failover peer's name
   * @return the peer's failover state read just before the change
   * @throws BackendException REJECTED when the server refuses the update or has no such peer;
   *     TRANSPORT on connection or protocol failures
   */
  public synchronized OmapiFailoverState forcePartnerDown(String peerName) {
    OmapiMessage opened = openFailoverState(peerName);
    OmapiFailoverState before = parseFailoverState(opened.objectValues);
    exchange(OmapiMessage.OP_UPDATE, opened.handle, List.of(),
        new OmapiMessage.Values().integer("local-state", IscFailoverState.PARTNER_DOWN.code()).list(),
        "update of failover-state " + Texts.quoted(peerName));
    return before;
  }

  /** Closes the connection; idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly(socket);
  }

  private OmapiMessage openFailoverState(String peerName) {
    checkPeerName(peerName);
    OmapiMessage reply = exchange(OmapiMessage.OP_OPEN, 0,
        new OmapiMessage.Values().string("type", FAILOVER_STATE).list(),
        new OmapiMessage.Values().string("name", peerName).list(),
        "open of failover-state " + Texts.quoted(peerName));
    if (reply.op != OmapiMessage.OP_UPDATE) {
      throw protocolError("the open of failover-state " + Texts.quoted(peerName) + " was answered with "
          + OmapiMessage.opName(reply.op) + ", expected update");
    }
    return reply;
  }

  private static void checkPeerName(String peerName) {
    Violations.collect()
        .check(peerName != null && !peerName.isEmpty(), "peerName", peerName == null ? "null" : "\"\"",
            "must not be empty")
        .check(peerName == null || peerName.getBytes(StandardCharsets.UTF_8).length <= MAX_PEER_NAME_BYTES,
            "peerName", peerName == null ? "null" : Texts.quoted(peerName),
            "must be at most " + MAX_PEER_NAME_BYTES + " bytes in UTF-8")
        .throwIfAny("failover peer name");
  }

  private void startup() throws IOException {
    deadline.start();
    out.write(OmapiWire.startup());
    out.flush();
    int version = in.readInt();
    int size = in.readInt();
    if (version != OmapiWire.PROTOCOL_VERSION) {
      throw new OmapiWire.OmapiFormatException("the server speaks OMAPI protocol version "
          + Integer.toUnsignedString(version) + ", this client " + OmapiWire.PROTOCOL_VERSION);
    }
    if (size < OmapiWire.HEADER_SIZE || size > OmapiWire.MAX_HEADER_SIZE) {
      throw new OmapiWire.OmapiFormatException("the server announced a header size of "
          + Integer.toUnsignedString(size) + " bytes; expected " + OmapiWire.HEADER_SIZE + " to "
          + OmapiWire.MAX_HEADER_SIZE);
    }
    headerSize = size;
    LOG.debug("OMAPI {}: start-up exchanged (version {}, header size {})", endpoint.serverName(), version, size);
  }

  private void authenticate(OmapiKey key) {
    OmapiMessage reply = exchange(OmapiMessage.OP_OPEN, 0,
        new OmapiMessage.Values().string("type", "authenticator").list(),
        new OmapiMessage.Values().string("name", key.name()).string("algorithm", key.algorithm()).list(),
        "open of authenticator " + Texts.quoted(key.name()), true);
    if (reply.op != OmapiMessage.OP_UPDATE || reply.handle == 0) {
      throw protocolError("the open of the authenticator was answered with " + OmapiMessage.opName(reply.op)
          + " and handle " + reply.handle + ", expected update with a handle");
    }
    authHandle = reply.handle;
    LOG.debug("OMAPI {}: key {} accepted as authenticator handle {}", endpoint.serverName(), key.name(), authHandle);
  }

  private OmapiMessage exchange(int op, int handle, List<OmapiMessage.Value> messageValues,
      List<OmapiMessage.Value> objectValues, String what) {
    return exchange(op, handle, messageValues, objectValues, what, false);
  }

  /**
   * One request and its reply; a status other than success is REJECTED, or CREDENTIALS when it is
   * about the key ({@link #KEY_RESULTS}) or answers the open of the authenticator.
   */
  private OmapiMessage exchange(int op, int handle, List<OmapiMessage.Value> messageValues,
      List<OmapiMessage.Value> objectValues, String what, boolean authenticating) {
    if (closed) {
      throw BackendException.transport(endpoint.serverName(), "OMAPI " + what + ": the connection is closed", null);
    }
    int id = transactionId();
    OmapiMessage request = new OmapiMessage(authHandle, op, handle, id, 0, messageValues, objectValues);
    OmapiMessage reply;
    try {
      byte[] bytes = OmapiWire.encode(request, authHandle != 0 ? signer : null);
      LOG.debug("OMAPI {} -> {}", endpoint.serverName(), request);
      deadline.start();
      out.write(bytes);
      out.flush();
      reply = OmapiWire.decode(in, headerSize);
      LOG.debug("OMAPI {} <- {}", endpoint.serverName(), reply);
    } catch (IOException e) {
      close();
      throw BackendException.transport(endpoint.serverName(), "OMAPI " + what + " failed: " + describe(e), e);
    }
    if (reply.rid != id) {
      throw protocolError("the reply to the " + what + " answers transaction " + Integer.toUnsignedString(reply.rid)
          + ", expected " + Integer.toUnsignedString(id));
    }
    Optional<Integer> result = reply.op == OmapiMessage.OP_STATUS ? Optional.of(statusResult(reply)) : Optional.empty();
    checkSignature(reply, result.orElse(0) != 0, what);
    if (result.isPresent() && result.get() != 0) {
      int code = result.get();
      String text = reply.messageValue("message").map(v -> new String(v.bytes(), StandardCharsets.UTF_8))
          .orElseGet(() -> RESULTS.containsKey(code) ? RESULTS.get(code)[1] : "OMAPI status " + code);
      String name = RESULTS.containsKey(code) ? RESULTS.get(code)[0] : Integer.toString(code);
      if (authenticating || KEY_RESULTS.contains(code)) {
        // the key: unknown by name (the authenticator's open is "not found"), wrong secret, or none given
        throw BackendException.credentials(endpoint.serverName(), authenticating ? "OMAPI " + what + ": " + text : text,
            name);
      }
      throw BackendException.rejected(endpoint.serverName(), text, name);
    }
    return reply;
  }

  private void checkSignature(OmapiMessage reply, boolean errorStatus, String what) {
    if (authHandle == 0) {
      return;
    }
    if (reply.authId == 0) {
      if (!errorStatus) {
        throw protocolError("the reply to the signed " + what + " is not signed");
      }
      return;
    }
    if (reply.authId != authHandle) {
      throw protocolError("the reply to the " + what + " is signed with authenticator " + reply.authId
          + ", expected " + authHandle);
    }
    if (!signer.verifies(reply.signedBytes, reply.signature)) {
      throw protocolError("the signature of the reply to the " + what + " does not verify with the key");
    }
  }

  private int statusResult(OmapiMessage reply) {
    byte[] result = reply.messageValue("result")
        .orElseThrow(() -> protocolError("a status message without a result value")).bytes();
    if (result.length != 4) {
      throw protocolError("a status result of " + result.length + " bytes, expected 4");
    }
    return OmapiWire.getInt(result, 0);
  }

  private int transactionId() {
    if (nextId == 0) {
      nextId = 1; // a zero id would read as "not a reply" on the server
    }
    return nextId++;
  }

  private OmapiFailoverState parseFailoverState(List<OmapiMessage.Value> values) {
    FailoverStateValues v = new FailoverStateValues(values);
    try {
      ImmutableOmapiFailoverState.Builder b = OmapiFailoverState.builder()
          .peerName(v.text("name"))
          .localState(v.state("local-state"))
          .partnerState(v.state("partner-state"))
          .role(v.role())
          .localStateSince(Instant.ofEpochSecond(v.unsigned("local-stos")))
          .partnerStateSince(Instant.ofEpochSecond(v.unsigned("partner-stos")))
          .mclt(Duration.ofSeconds(v.unsigned("mclt")))
          .maxResponseDelay(Duration.ofSeconds(v.unsigned("max-response-delay")))
          .maxOutstandingUpdates(v.integer("max-outstanding-updates"))
          .currentUnackedUpdates(v.integer("cur-unacked-updates"))
          .localPort(v.integer("local-port"))
          .partnerPort(v.integer("partner-port"))
          .skew(Duration.ofSeconds(v.integer("skew")))
          .lastPacketSent(v.time("last-packet-sent"))
          .lastTimestampReceived(v.time("last-timestamp-received"));
      if (v.has("load-balance-max-secs")) {
        b.loadBalanceMaxSeconds(Duration.ofSeconds(v.unsigned("load-balance-max-secs")));
      }
      if (v.has("load-balance-hba")) {
        b.loadBalanceHba(v.bytesHex("load-balance-hba", 32));
      }
      return b.build();
    } catch (ValidationException e) {
      throw BackendException.transport(endpoint.serverName(),
          "OMAPI failover-state could not be understood: " + e.getMessage(), e);
    }
  }

  /** The values of a failover-state object, read with checks that name the value. */
  private final class FailoverStateValues {
    private final List<OmapiMessage.Value> values;

    FailoverStateValues(List<OmapiMessage.Value> values) {
      this.values = values;
    }

    boolean has(String name) {
      return OmapiMessage.find(values, name).isPresent();
    }

    byte[] raw(String name) {
      return OmapiMessage.find(values, name)
          .orElseThrow(() -> protocolError("failover-state has no " + name + " value")).bytes();
    }

    String text(String name) {
      return new String(raw(name), StandardCharsets.UTF_8);
    }

    int integer(String name) {
      byte[] b = raw(name);
      if (b.length != 4) {
        throw protocolError("failover-state " + name + " has " + b.length + " bytes, expected 4");
      }
      return OmapiWire.getInt(b, 0);
    }

    long unsigned(String name) {
      return Integer.toUnsignedLong(integer(name));
    }

    Optional<Instant> time(String name) {
      long t = unsigned(name);
      return t == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(t));
    }

    IscFailoverState state(String name) {
      int code = integer(name);
      try {
        return IscFailoverState.fromCode(code);
      } catch (ValidationException e) {
        throw protocolError("failover-state " + name + " is " + code + ", not a dhcpd 4.x failover state");
      }
    }

    OmapiFailoverState.Role role() {
      int h = integer("hierarchy");
      if (h == 0) {
        return OmapiFailoverState.Role.PRIMARY;
      }
      if (h == 1) {
        return OmapiFailoverState.Role.SECONDARY;
      }
      throw protocolError("failover-state hierarchy is " + h + ", expected 0 (primary) or 1 (secondary)");
    }

    String bytesHex(String name, int length) {
      byte[] b = raw(name);
      if (b.length != length) {
        throw protocolError("failover-state " + name + " has " + b.length + " bytes, expected " + length);
      }
      return OmapiWire.hex(b);
    }
  }

  private BackendException protocolError(String message) {
    close();
    return BackendException.transport(endpoint.serverName(), "OMAPI protocol error: " + message, null);
  }

  private static String describe(IOException e) {
    if (e instanceof DeadlineInput.Expired || e instanceof OmapiWire.OmapiFormatException) {
      return e.getMessage();
    }
    return dev.failover.spi.Texts.failure(e);
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing after a failure: the original error is what the caller needs
    }
  }

  /**
   * The socket's input under one deadline per exchange: every read waits at most for what is left
   * of it, so a reply dripped a byte at a time ends at the deadline like a silent one.
   */
  static final class DeadlineInput extends java.io.InputStream {
    private final Socket socket;
    private final java.io.InputStream raw;
    private final Duration limit;
    private long deadline;

    DeadlineInput(Socket socket, Duration limit) throws IOException {
      this.socket = socket;
      this.raw = socket.getInputStream();
      this.limit = limit;
      start();
    }

    /** Starts the clock of one exchange. */
    void start() {
      deadline = System.nanoTime() + limit.toNanos();
    }

    private void arm() throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new Expired(limit);
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
    }

    @Override
    public int read() throws IOException {
      arm();
      try {
        return raw.read();
      } catch (java.net.SocketTimeoutException e) {
        throw new Expired(limit);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      try {
        return raw.read(b, off, len);
      } catch (java.net.SocketTimeoutException e) {
        throw new Expired(limit);
      }
    }

    /** The deadline passed before the reply was complete. */
    static final class Expired extends java.net.SocketTimeoutException {
      private static final long serialVersionUID = 1L;

      Expired(Duration limit) {
        super("no complete reply within " + dev.failover.spi.Texts.duration(limit) + " (the deadline for each exchange, every byte of the reply"
            + " included)");
      }
    }
  }
}
