package dev.failover.testkit.kea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** HTTP and recorded-answer helpers shared by the Kea face's tests. */
final class KeaTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ANSWERS = "/dev/failover/testkit/kea/kea-2.2-answers/";

  private KeaTestSupport() {
  }

  /** One HTTP exchange's outcome. */
  record Reply(int status, String body, HttpHeaders headers) {
    JsonNode json() {
      return parse(body);
    }

    /** The single answer object of a Control Agent reply ({@code [ {...} ]}). */
    JsonNode single() {
      JsonNode json = json();
      assertThat(json.isArray()).as("agent answer is an array: %s", body).isTrue();
      assertThat(json.size()).isEqualTo(1);
      return json.get(0);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply post(URI url, String body) {
    return post(url, body, Map.of("Content-Type", "application/json"));
  }

  static Reply post(URI url, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String command(String name) {
    return "{\"command\":\"" + name + "\",\"service\":[\"dhcp4\"]}";
  }

  static String command(String name, String argumentsJson) {
    return "{\"command\":\"" + name + "\",\"service\":[\"dhcp4\"],\"arguments\":" + argumentsJson
        + "}";
  }

  static String recordedText(String file) {
    try (InputStream in = KeaTestSupport.class.getResourceAsStream(ANSWERS + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded answer " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode recorded(String file) {
    return parse(recordedText(file));
  }

  /** The recorded server1's configuration, {@code {"Dhcp4": …}}. */
  static JsonNode recordedConfiguration() {
    return recorded("config-get.response.json").get(0).get("arguments");
  }

  /**
   * Asserts both trees have the same shape: same node kinds, same map keys at every level, and
   * for lists the shape of their first elements (lists may differ in length only if
   * {@code sameLengths} is false).
   */
  static void assertSameShape(JsonNode actual, JsonNode expected, String path) {
    assertThat(actual.getNodeType()).as("kind of %s", path).isEqualTo(expected.getNodeType());
    if (expected.isObject()) {
      assertThat(keys(actual)).as("keys of %s", path).containsExactlyInAnyOrderElementsOf(
          keys(expected));
      Iterator<String> names = expected.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        assertSameShape(actual.get(name), expected.get(name), path + "/" + name);
      }
    } else if (expected.isArray() && expected.size() > 0 && actual.size() > 0) {
      assertSameShape(actual.get(0), expected.get(0), path + "[0]");
    }
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
