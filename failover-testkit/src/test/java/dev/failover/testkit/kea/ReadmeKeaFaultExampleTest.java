package dev.failover.testkit.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The testkit README's example of named faults, compiled and run. */
class ReadmeKeaFaultExampleTest {

  @Test
  void namedFaults() throws Exception {
    try (FakeKeaServer kea = FakeKeaServer.start()) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest versionGet = HttpRequest.newBuilder(kea.url())
          .header("Content-Type", "application/json")
          .timeout(Duration.ofMillis(500))
          .POST(BodyPublishers.ofString("{\"command\":\"version-get\",\"service\":[\"dhcp4\"]}"))
          .build();

      kea.fault(KeaFault.noAnswer()); // read, never answered
      assertThatThrownBy(() -> http.send(versionGet, BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);

      kea.fault(KeaFault.http500()); // replaces the fault before
      assertThat(http.send(versionGet, BodyHandlers.ofString()).statusCode()).isEqualTo(500);

      kea.fault(KeaFault.serverDown()); // the agent answers, kea-dhcp4 behind it does not
      assertThat(http.send(versionGet, BodyHandlers.ofString()).body())
          .contains("The server is likely to be offline");

      kea.clearFault();
      assertThat(http.send(versionGet, BodyHandlers.ofString()).body()).contains("\"result\": 0");
    }
  }
}
