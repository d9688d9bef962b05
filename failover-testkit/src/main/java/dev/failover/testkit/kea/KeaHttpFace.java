package dev.failover.testkit.kea;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP listener of one fake: {@code com.sun.net.httpserver} on 127.0.0.1, an ephemeral port
 * chosen once and kept across {@link #suspend()} / {@link #resume()} (a disconnected server
 * refuses connections, like a killed Kea agent).
 */
final class KeaHttpFace implements AutoCloseable {

  /**
   * Largest request body kept (Kea has no limit: real 2.2, 2.6 and 3.0 read 64 MiB and answer it,
   * late); a longer body is read to its end and not answered (see {@link Request#tooLarge()}).
   */
  static final int MAX_BODY = 128 * 1024 * 1024;
  private static final int THREADS = 4;
  private static final int BIND_ATTEMPTS = 20;

  /**
   * What the fake needs from an HTTP request; {@code tooLarge}: the body was longer than
   * {@link #MAX_BODY} and was read to its end without being kept.
   */
  record Request(String method, String contentType, boolean hasContentLength,
      String authorization, byte[] body, boolean tooLarge) {
  }

  /** What the face does with a request besides answering it. */
  enum Disposition {
    /** Send the answer. */
    ANSWER,
    /** Keep the connection open without an answer until {@link #releaseHeld()} or close. */
    HOLD,
    /** Close the connection without an answer. */
    DROP
  }

  /** What the fake answers. */
  record Response(int status, String body, Map<String, String> headers, Disposition disposition) {
    Response(int status, String body, Map<String, String> headers) {
      this(status, body, headers, Disposition.ANSWER);
    }

    static Response hold() {
      return new Response(0, "", Map.of(), Disposition.HOLD);
    }

    static Response drop() {
      return new Response(0, "", Map.of(), Disposition.DROP);
    }
  }

  /** The longest a held request is kept without an answer. */
  static final long HOLD_MILLIS = 10 * 60 * 1000L;

  /** Turns a request into a response; called on the listener's threads. */
  interface Handler {
    Response respond(Request request);
  }

  private static final AtomicInteger FACES = new AtomicInteger();

  private final InetAddress loopback;
  private final int port;
  private final ExecutorService executor;
  private volatile Handler handler;
  private HttpServer server;
  private boolean closed;
  private final Object held = new Object();
  private long releases;

  private KeaHttpFace(HttpServer server) {
    this.server = server;
    this.loopback = server.getAddress().getAddress();
    this.port = server.getAddress().getPort();
    int face = FACES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "fake-kea-" + face + "-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newFixedThreadPool(THREADS, factory);
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
  }

  /** Binds 127.0.0.1 on an ephemeral port; nothing is answered until {@link #start}. */
  static KeaHttpFace bind() {
    return bind(0);
  }

  /** Binds 127.0.0.1 on the port (0: an ephemeral one); nothing is answered until {@link #start}. */
  static KeaHttpFace bind(int port) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 64);
      return new KeaHttpFace(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the fake Kea HTTP face on 127.0.0.1:" + port, e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  int port() {
    return port;
  }

  synchronized void start(Handler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    server.start();
  }

  /** Stops listening; connections are refused until {@link #resume()}. */
  synchronized void suspend() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again on the same port. */
  synchronized void resume() {
    if (closed || server != null) {
      return;
    }
    IOException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      try {
        HttpServer again = HttpServer.create(new InetSocketAddress(loopback, port), 64);
        again.setExecutor(executor);
        again.createContext("/", this::exchange);
        again.start();
        server = again;
        return;
      } catch (BindException e) {
        last = e;
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      } catch (IOException e) {
        last = e;
        break;
      }
    }
    throw new UncheckedIOException("cannot listen again on 127.0.0.1:" + port, last);
  }

  /** Ends every held request (their connections close without an answer). */
  void releaseHeld() {
    synchronized (held) {
      releases++;
      held.notifyAll();
    }
  }

  private void hold() {
    synchronized (held) {
      long mine = releases;
      long deadline = System.currentTimeMillis() + HOLD_MILLIS;
      for (long left = HOLD_MILLIS; releases == mine && left > 0;
          left = deadline - System.currentTimeMillis()) {
        try {
          held.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    releaseHeld();
    closed = true;
    suspend();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = read(exchange);
      Response response;
      try {
        response = handler.respond(request);
      } catch (RuntimeException e) {
        // A fault of the fake itself: say so, instead of a dropped connection.
        response = new Response(500, "{ \"result\": 1, \"text\": \"the testkit's fake Kea"
            + " failed: " + e.getClass().getSimpleName() + "\" }", Map.of());
      }
      if (response.disposition() == Disposition.HOLD) {
        hold();
        return; // closing the exchange before answering closes the connection
      }
      if (response.disposition() == Disposition.DROP) {
        return;
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static Request read(HttpExchange exchange) throws IOException {
    String contentLength = exchange.getRequestHeaders().getFirst("Content-Length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean tooLarge = false;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[16384];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (tooLarge || body.size() + n > MAX_BODY) {
          tooLarge = true; // read on to the end, as Kea does, without keeping it
          continue;
        }
        body.write(buffer, 0, n);
      }
    }
    return new Request(exchange.getRequestMethod(),
        exchange.getRequestHeaders().getFirst("Content-Type"), contentLength != null,
        exchange.getRequestHeaders().getFirst("Authorization"), body.toByteArray(), tooLarge);
  }
}
