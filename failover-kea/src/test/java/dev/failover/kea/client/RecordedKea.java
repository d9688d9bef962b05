package dev.failover.kea.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.failover.kea.internal.KeaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A scripted Kea HTTP endpoint on an ephemeral 127.0.0.1 port for unit tests, answering with
 * the answers recorded from a real Kea 2.2.0 Control Agent ({@code kea-2.2-answers/}). As an
 * agent it answers commands without {@code service} for itself (an array, as the real agent
 * does) and commands with {@code service} with the recorded array; as a Kea ≥ 3.0 server
 * socket it answers every command with the bare object inside the recording.
 */
public final class RecordedKea implements AutoCloseable {

  /** A recorded exchange's answer by its file name in {@code kea-2.2-answers/}. */
  public static String recorded(String name) {
    try (InputStream in = RecordedKea.class.getResourceAsStream("/kea-2.2-answers/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no recording " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one request looked like. */
  public record Request(String body, JsonNode json, Map<String, List<String>> headers) {
    public String command() {
      return json == null ? null : json.path("command").asText(null);
    }

    boolean hasService() {
      return json != null && json.has("service");
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** A canned HTTP answer. */
  record Answer(int status, String body) {}

  private final HttpServer server;
  private final boolean agent;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile String expectedAuthorization;
  private volatile boolean stall;

  private RecordedKea(HttpServer server, boolean agent) {
    this.server = server;
    this.agent = agent;
    server.createContext("/", this::handle);
    server.start();
  }

  /** A Kea 2.2 Control Agent replaying the recordings. */
  public static RecordedKea agent() {
    return new RecordedKea(http(), true);
  }

  /**
   * A Kea ≥ 3.0 server control socket as real 3.0.4 answers: JSON arrays (like an agent's), with
   * or without {@code service}; {@code version-get} reports 3.0.4 and {@code config-get} the
   * recorded {@code Dhcp4} unless a test scripts them.
   */
  static RecordedKea serverSocket() {
    return new RecordedKea(http(), false);
  }

  /** An agent over TLS with {@code context}, asking for a client certificate when {@code needClientAuth}. */
  static RecordedKea tlsAgent(SSLContext context, boolean needClientAuth) {
    try {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          var ssl = context.getDefaultSSLParameters();
          ssl.setNeedClientAuth(needClientAuth);
          params.setSSLParameters(ssl);
        }
      });
      return new RecordedKea(https, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpServer http() {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Answers {@code command} with the recording {@code file} ({@code NAME.response.json}). */
  public RecordedKea answer(String command, String file) {
    answers.put(command, new Answer(200, recorded(file)));
    return this;
  }

  /** Answers {@code command} with this status and body, verbatim. */
  public RecordedKea answerRaw(String command, int status, String body) {
    answers.put(command, new Answer(status, body));
    return this;
  }

  /** Refuses (401, as Kea does) every request whose Authorization header is not this one. */
  RecordedKea requireAuthorization(String header) {
    this.expectedAuthorization = header;
    return this;
  }

  /** Holds every answer until {@link #close()}: the client's time-out must fire. */
  RecordedKea stall() {
    this.stall = true;
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode json;
      try {
        json = KeaJson.parse(body);
      } catch (IOException notJson) {
        json = null;
      }
      Request request = new Request(body, json, Map.copyOf(exchange.getRequestHeaders()));
      requests.add(request);
      if (stall) {
        release.await(10, TimeUnit.SECONDS);
        return;
      }
      Answer answer = answerFor(request);
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Answer answerFor(Request request) throws IOException {
    if (expectedAuthorization != null && !expectedAuthorization.equals(request.header("Authorization"))) {
      return new Answer(401, "{ \"result\": 401, \"text\": \"Unauthorized\" }");
    }
    if (request.json() == null) {
      return new Answer(200, recorded("bad-json.response.json"));
    }
    String command = request.command();
    if (agent && !request.hasService()) {
      // the agent answers for itself: an array, its own configuration like no-service.response.json
      if (command.equals("config-get")) {
        return new Answer(200, recorded("no-service.response.json"));
      }
      return new Answer(200, "[ { \"result\": 0, \"text\": \"2.2.0\", \"arguments\": { \"extended\": \"agent\" } } ]");
    }
    Answer scripted = answers.get(command);
    if (scripted == null && !agent && command.equals("version-get")) {
      scripted = new Answer(200, "[ { \"result\": 0, \"text\": \"3.0.4\", \"arguments\": { \"extended\": \"3.0.4\" } } ]");
    }
    if (scripted == null && !agent && command.equals("config-get")) {
      scripted = new Answer(200, recorded("config-get.response.json"));
    }
    if (scripted == null) {
      scripted = new Answer(200, recorded("unknown-command.response.json").replace("no-such-command", command));
    }
    return scripted;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
