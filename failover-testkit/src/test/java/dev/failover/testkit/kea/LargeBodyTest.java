package dev.failover.testkit.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kea has no request body limit: real 2.2, 2.6 and 3.0 read a 64 MiB body and answer it late
 * (failover-kea's differential suite, {@code bodySizes}); the fake answers a large body as late.
 */
@DisplayName("the fake with large request bodies")
class LargeBodyTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static byte[] padded(int size) {
    String head = "{\"command\":\"ha-heartbeat\",\"service\":[\"dhcp4\"],\"arguments\":{\"pad\":\"";
    String tail = "\"}}";
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, body, 0, head.length());
    System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, body, size - tail.length(), tail.length());
    return body;
  }

  private static HttpRequest post(FakeKeaServer kea, byte[] body, Duration timeout) {
    return HttpRequest.newBuilder(kea.url()).timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  @Test
  @DisplayName("a 1 MiB command is answered as a small one")
  void oneMib() throws Exception {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      HttpResponse<String> answer = HTTP.send(post(kea, padded(1 << 20), Duration.ofSeconds(20)),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"text\": \"HA peer status returned.\"");
    }
  }

  @Test
  @DisplayName("a 16 MiB command is read and not answered within 2 s (Kea 2.2's agent takes about 23 s for it)")
  void sixteenMib() {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> HTTP.send(post(kea, padded(16 << 20), Duration.ofSeconds(2)),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    }
  }

  @Test
  @DisplayName("the delay grows with the size at the rate measured on each real version")
  void delays() {
    long mib64 = 64L << 20;
    try (FakeKeaServer kea22 = FakeKeaServer.builder().build();
        FakeKeaServer kea26 = FakeKeaServer.builder().flavour(FakeKeaFlavour.CONTROL_AGENT_2_6).build();
        FakeKeaServer kea30 = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0).build()) {
      assertThat(kea22.agent().largeBodyDelay(mib64)).isEqualTo(92_800);
      assertThat(kea26.agent().largeBodyDelay(mib64)).isEqualTo(64_000);
      assertThat(kea30.agent().largeBodyDelay(mib64)).isEqualTo(14_080); // real 3.0.4: 13.8 s
      assertThat(kea30.agent().largeBodyDelay(1 << 20)).isEqualTo(220);
    }
  }
}
