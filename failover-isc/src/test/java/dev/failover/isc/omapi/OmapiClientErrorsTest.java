package dev.failover.isc.omapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.state.IscFailoverState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Failures: each one a TRANSPORT or REJECTED error that says what happened, never a hang. */
class OmapiClientErrorsTest {

  private static final Secret SECRET = Secret.of(RecordedSessions.KEY_SECRET);
  private static final OmapiWire.HmacMd5 KEY = new OmapiWire.HmacMd5(Base64.getDecoder().decode(RecordedSessions.KEY_SECRET));

  private static OmapiEndpoint endpoint(int port) {
    return OmapiEndpoint.builder().host("127.0.0.1").port(port).readTimeout(Duration.ofSeconds(3)).build();
  }

  private static OmapiEndpoint keyed(int port) {
    return OmapiEndpoint.builder().from(endpoint(port)).key(OmapiKey.hmacMd5("omkey", SECRET)).build();
  }

  private static BackendException failure(ScriptedServer server, OmapiEndpoint endpoint, String peer) {
    try (OmapiClient client = OmapiClient.connect(endpoint)) {
      return catchThrowableOfType(BackendException.class, () -> client.failoverState(peer));
    }
  }

  @Test
  @DisplayName("a refused connection is a TRANSPORT error naming the server")
  void refused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    BackendException e = catchThrowableOfType(BackendException.class, () -> OmapiClient.connect(endpoint(port)));
    assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("OMAPI connection failed");
  }

  @Test
  @DisplayName("a server that accepts and never speaks fails the connect after the read time-out, not later")
  void silentServer() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> c.drain())) {
      OmapiEndpoint endpoint = OmapiEndpoint.builder().from(endpoint(server.port()))
          .readTimeout(Duration.ofMillis(300)).build();
      long start = System.nanoTime();
      BackendException e = catchThrowableOfType(BackendException.class, () -> OmapiClient.connect(endpoint));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("no complete reply within 300 ms");
      assertThat(millis).isBetween(250L, 5_000L);
    }
  }

  @Test
  @DisplayName("another protocol version is a TRANSPORT error that names both versions")
  void version() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.sendRaw(new byte[] {0, 0, 0, 101, 0, 0, 0, 24});
      c.drain();
    })) {
      BackendException e = catchThrowableOfType(BackendException.class, () -> OmapiClient.connect(endpoint(server.port())));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("protocol version 101, this client 100");
    }
  }

  @Test
  @DisplayName("an answer to another transaction is a TRANSPORT error, and the client is closed after it")
  void wrongTransaction() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.startup();
      OmapiMessage request = c.read();
      c.send(new OmapiMessage(0, OmapiMessage.OP_UPDATE, 1, 5, request.id + 1, List.of(),
          ScriptedServer.normalPrimary("fo1").list()), null);
      c.drain();
    }); OmapiClient client = OmapiClient.connect(endpoint(server.port()))) {
      BackendException e = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
      assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("answers transaction");
      BackendException next = catchThrowableOfType(BackendException.class, () -> client.failoverState("fo1"));
      assertThat(next.getMessage()).contains("the connection is closed");
    }
  }

  @Test
  @DisplayName("a status without a message is REJECTED with the result's known name and text, or its number")
  void statusWithoutMessage() throws Exception {
    for (int[] code : new int[][] {{23, 0}, {0x60003, 0}, {4711, 1}}) {
      try (ScriptedServer server = ScriptedServer.start(c -> {
        c.startup();
        c.send(ScriptedServer.status(c.read(), 0, code[0], null), null);
        c.drain();
      })) {
        BackendException e = failure(server, endpoint(server.port()), "fo1");
        assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
        if (code[1] == 0) {
          assertThat(e.serverCode().orElseThrow()).matches("(ISC|DHCP)_R_[A-Z_]+");
        } else {
          assertThat(e.serverCode()).contains("4711");
          assertThat(e.serverMessage()).isEqualTo("OMAPI status 4711");
        }
      }
    }
  }

  @Test
  @DisplayName("a state number dhcpd 4.x does not use, a missing value or a wrong size are TRANSPORT errors that name the value")
  void badObjects() throws Exception {
    List<OmapiMessage.Value> unknownState = replace(ScriptedServer.normalPrimary("fo1").list(), "local-state",
        OmapiWire.int32(99));
    List<OmapiMessage.Value> noMclt = new ArrayList<>(ScriptedServer.normalPrimary("fo1").list());
    noMclt.removeIf(v -> v.name().equals("mclt"));
    List<OmapiMessage.Value> shortSkew = replace(ScriptedServer.normalPrimary("fo1").list(), "skew", new byte[2]);
    List<OmapiMessage.Value> badRole = replace(ScriptedServer.normalPrimary("fo1").list(), "hierarchy",
        OmapiWire.int32(2));
    String[] expected = {"local-state is 99, not a dhcpd 4.x failover state", "has no mclt value",
        "skew has 2 bytes, expected 4", "hierarchy is 2"};
    List<List<OmapiMessage.Value>> objects = List.of(unknownState, noMclt, shortSkew, badRole);
    for (int i = 0; i < objects.size(); i++) {
      List<OmapiMessage.Value> values = objects.get(i);
      try (ScriptedServer server = ScriptedServer.start(c -> {
        c.startup();
        c.send(ScriptedServer.objectReply(c.read(), 0, values), null);
        c.drain();
      })) {
        BackendException e = failure(server, endpoint(server.port()), "fo1");
        assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains(expected[i]);
      }
    }
  }

  private static List<OmapiMessage.Value> replace(List<OmapiMessage.Value> values, String name, byte[] bytes) {
    List<OmapiMessage.Value> out = new ArrayList<>();
    for (OmapiMessage.Value v : values) {
      out.add(v.name().equals(name) ? new OmapiMessage.Value(name, bytes) : v);
    }
    return out;
  }

  /** Authenticator open, then the scripted answer to the signed open. */
  private static ScriptedServer keyedServer(boolean signAnswer, boolean forge) throws IOException {
    return ScriptedServer.start(c -> {
      c.startup();
      OmapiMessage auth = c.read();
      c.send(new OmapiMessage(0, OmapiMessage.OP_UPDATE, 1, 900, auth.id, List.of(), auth.objectValues), null);
      OmapiMessage open = c.read();
      OmapiWire.HmacMd5 key = forge ? new OmapiWire.HmacMd5(new byte[] {1, 2, 3}) : KEY;
      c.send(ScriptedServer.objectReply(open, signAnswer ? 1 : 0, ScriptedServer.normalPrimary("fo1").list()),
          signAnswer ? key : null);
      c.drain();
    });
  }

  @Test
  @DisplayName("with a key, a correctly signed answer is read")
  void signedAnswer() throws Exception {
    try (ScriptedServer server = keyedServer(true, false);
        OmapiClient client = OmapiClient.connect(keyed(server.port()))) {
      assertThat(client.failoverState("fo1").localState()).isEqualTo(IscFailoverState.NORMAL);
    }
  }

  @Test
  @DisplayName("with a key, an unsigned object is a TRANSPORT error: only error statuses may come back unsigned")
  void unsignedAnswer() throws Exception {
    try (ScriptedServer server = keyedServer(false, false)) {
      BackendException e = failure(server, keyed(server.port()), "fo1");
      assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("is not signed");
    }
  }

  @Test
  @DisplayName("with a key, an answer signed with another key is a TRANSPORT error")
  void forgedAnswer() throws Exception {
    try (ScriptedServer server = keyedServer(true, true)) {
      BackendException e = failure(server, keyed(server.port()), "fo1");
      assertThat(e.kind()).isEqualTo(BackendException.Kind.TRANSPORT);
      assertThat(e.getMessage()).contains("does not verify");
    }
  }

  @Test
  @DisplayName("an empty peer name is refused before anything is sent")
  void emptyPeerName() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(c -> {
      c.startup();
      if (c.drain() != 0) {
        throw new IOException("the client sent a request for an empty name");
      }
    })) {
      try (OmapiClient client = OmapiClient.connect(endpoint(server.port()))) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> client.failoverState(""));
        assertThat(e.violations()).extracting(v -> v.field()).containsExactly("peerName");
      }
      assertThat(server.failure()).isNull();
    }
  }
}
