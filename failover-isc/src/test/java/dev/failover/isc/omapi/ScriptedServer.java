package dev.failover.isc.omapi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection server on 127.0.0.1 that follows a script written in the test: for the
 * answers a real dhcpd never gives (wrong ids, unsigned or forged answers, odd values).
 */
final class ScriptedServer implements AutoCloseable {

  /** What the script can do on the accepted connection. */
  interface Conversation {
    /** Sends the standard start-up and reads the client's. */
    void startup() throws IOException;

    OmapiMessage read() throws IOException;

    void send(OmapiMessage m, OmapiWire.HmacMd5 key) throws IOException;

    void sendRaw(byte[] bytes) throws IOException;

    /** Reads until the client hangs up; returns how many bytes came first. */
    int drain() throws IOException;
  }

  /** The script. */
  interface Script {
    void run(Conversation c) throws IOException;
  }

  private final ServerSocket listener;
  private final CompletableFuture<Throwable> done = new CompletableFuture<>();

  private ScriptedServer(Script script) throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = listener.accept()) {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        script.run(new Conversation() {
          @Override
          public void startup() throws IOException {
            out.write(OmapiWire.startup());
            out.flush();
            in.readFully(new byte[8]);
          }

          @Override
          public OmapiMessage read() throws IOException {
            return OmapiWire.decode(in, OmapiWire.HEADER_SIZE);
          }

          @Override
          public void send(OmapiMessage m, OmapiWire.HmacMd5 key) throws IOException {
            out.write(OmapiWire.encode(m, key));
            out.flush();
          }

          @Override
          public void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
          }

          @Override
          public int drain() throws IOException {
            int n = 0;
            while (in.read() >= 0) {
              n++;
            }
            return n;
          }
        });
        done.complete(null);
      } catch (Throwable e) {
        done.complete(e);
      }
    }, "omapi-scripted");
    t.setDaemon(true);
    t.start();
  }

  static ScriptedServer start(Script script) throws IOException {
    return new ScriptedServer(script);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The script's own failure, if any (null when it ran to its end); waits at most 10 s. */
  Throwable failure() throws Exception {
    return done.get(10, TimeUnit.SECONDS);
  }

  /** An update answering {@code request} with a failover-state object built from {@code values}. */
  static OmapiMessage objectReply(OmapiMessage request, int authId, List<OmapiMessage.Value> values) {
    return new OmapiMessage(authId, OmapiMessage.OP_UPDATE, 7, 1000, request.id, List.of(), values);
  }

  /** A status answering {@code request}. */
  static OmapiMessage status(OmapiMessage request, int authId, int result, String message) {
    OmapiMessage.Values v = new OmapiMessage.Values().integer("result", result);
    if (message != null) {
      v.string("message", message);
    }
    return new OmapiMessage(authId, OmapiMessage.OP_STATUS, 0, 1001, request.id, v.list(), List.of());
  }

  /** The values of a normal primary, as dhcpd 4.4.3 sends them (addresses zeroed). */
  static OmapiMessage.Values normalPrimary(String name) {
    return new OmapiMessage.Values().string("name", name)
        .integer("partner-port", 647).integer("local-port", 647)
        .integer("max-outstanding-updates", 10).integer("mclt", 3600).integer("load-balance-max-secs", 3)
        .integer("partner-state", 2).integer("local-state", 2)
        .integer("partner-stos", 0x6b05e922).integer("local-stos", 0x6b05e922).integer("hierarchy", 0)
        .integer("last-packet-sent", 0).integer("last-timestamp-received", 0).integer("skew", 0)
        .integer("max-response-delay", 60).integer("cur-unacked-updates", 0);
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
