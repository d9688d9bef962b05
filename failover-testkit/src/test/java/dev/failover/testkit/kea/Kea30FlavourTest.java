package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.post;
import static dev.failover.testkit.kea.KeaTestSupport.recordedConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Kea 3.0 flavour's version, commands and status fields as real Kea 3.0.4's own socket
 * answered them (failover-kea's {@code KeaDifferential30IT} holds it to a real pair).
 */
@DisplayName("the fake's Kea 3.0 flavour")
class Kea30FlavourTest {

  @Test
  @DisplayName("version-get says 3.0.4; list-commands has subnet4-select-test; status-get has dhcp-state, system-time and clock-skew")
  void versionCommandsStatus() {
    try (FakeKeaServer kea = FakeKeaServer.builder().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0)
        .configuration(recordedConfiguration()).start()) {
      JsonNode version = post(kea.url(), "{\"command\":\"version-get\"}").json().get(0);
      assertThat(version.get("text").asText()).isEqualTo("3.0.4");
      assertThat(version.get("arguments").get("extended").asText()).startsWith("3.0.4 (3.0.4 (tarball))");
      List<String> commands = new ArrayList<>();
      post(kea.url(), "{\"command\":\"list-commands\"}").json().get(0).get("arguments")
          .forEach(c -> commands.add(c.asText()));
      assertThat(commands).contains("subnet4-select-test", "subnet4o6-select-test", "config-hash-get")
          .doesNotContain("libreload").isSorted();
      JsonNode status = post(kea.url(), "{\"command\":\"status-get\"}").json().get(0).get("arguments");
      assertThat(status.has("dhcp-state")).isTrue();
      JsonNode servers = status.get("high-availability").get(0).get("ha-servers");
      assertThat(servers.get("local").get("system-time").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
      assertThat(servers.get("remote").get("clock-skew").asInt(-1)).isZero();
    }
  }
}
