package dev.failover.kea.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP pass-through on 127.0.0.1 in front of one Control Agent: every POST it receives is sent
 * on to the agent as it came (body, {@code Content-Type}, {@code Authorization}) and the agent's
 * answer returned as it came, and the {@code command} of each request is recorded. Put between
 * the SDK and a real Kea, it counts the requests the SDK really sends, and nothing else (the HA
 * peers talk to each other's agents directly).
 */
final class CountingProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> commands = new ArrayList<>();
  private volatile java.util.function.Consumer<String> afterAnswer = command -> { };

  CountingProxy(URI target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::forward);
    server.setExecutor(executor);
    server.start();
  }

  /** Where the SDK should send its requests. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The commands received so far, in order. */
  synchronized List<String> commands() {
    return List.copyOf(commands);
  }

  /**
   * Runs {@code action} with each command's name once its answer has gone back to the SDK, before
   * the proxy takes the next request: what another writer does between two of the SDK's requests.
   */
  void afterAnswer(java.util.function.Consumer<String> action) {
    this.afterAnswer = action;
  }

  /** Forgets the commands received so far. */
  synchronized void reset() {
    commands.clear();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      JsonNode request = JSON.readTree(body);
      synchronized (this) {
        commands.add(request.path("command").asText("?"));
      }
      HttpRequest.Builder out = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : List.of("Content-Type", "Authorization")) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          out.header(header, value);
        }
      }
      HttpResponse<byte[]> answer;
      try {
        answer = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while forwarding to " + target, e);
      }
      answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(answer.body());
      }
      afterAnswer.accept(request.path("command").asText("?"));
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
