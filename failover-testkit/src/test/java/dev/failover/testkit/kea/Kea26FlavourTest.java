package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static dev.failover.testkit.kea.KeaTestSupport.recordedConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Kea 2.6 flavour answers as real Kea 2.6.3's agent and server did (failover-kea's
 * {@code KeaDifferential26IT} holds it to a real pair; these are the same answers without one).
 */
@DisplayName("the fake's Kea 2.6 flavour")
class Kea26FlavourTest {

  private static FakeKeaServer start() {
    return FakeKeaServer.builder().flavour(FakeKeaFlavour.CONTROL_AGENT_2_6)
        .configuration(recordedConfiguration()).start();
  }

  private static JsonNode first(FakeKeaServer kea, String body) {
    return post(kea.url(), body).json().get(0);
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String withDhcp4(Consumer<ObjectNode> change) {
    ObjectNode root = (ObjectNode) recordedConfiguration().deepCopy();
    change.accept((ObjectNode) root.get("Dhcp4"));
    return root.toString();
  }

  @Test
  @DisplayName("version-get reports 2.6.3 and the build of Debian's package, the agent its own")
  void version() {
    try (FakeKeaServer kea = start()) {
      JsonNode server = first(kea, command("version-get"));
      assertThat(server.get("text").asText()).isEqualTo("2.6.3");
      assertThat(server.get("arguments").get("extended").asText()).startsWith("2.6.3 (tarball)\npremium: no\n")
          .contains("backends:\n- MySQL backend 22.2");
      JsonNode agent = first(kea, "{\"command\":\"version-get\"}");
      assertThat(agent.get("arguments").get("extended").asText()).startsWith("2.6.3 (tarball)")
          .doesNotContain("backends");
    }
  }

  @Test
  @DisplayName("list-commands has config-hash-get and lease4-write and no libreload; the agent lists config-hash-get")
  void commands() {
    try (FakeKeaServer kea = start()) {
      List<String> server = texts(first(kea, command("list-commands")).get("arguments"));
      assertThat(server).contains("config-hash-get", "lease4-write", "lease6-write").doesNotContain("libreload")
          .isSorted();
      List<String> agent = texts(first(kea, "{\"command\":\"list-commands\"}").get("arguments"));
      assertThat(agent).contains("config-hash-get").doesNotContain("lease4-write");
    }
  }

  @Test
  @DisplayName("command errors are worded as Kea 2.4+ words them, still in the agent's list")
  void commandErrors() {
    try (FakeKeaServer kea = start()) {
      assertThat(first(kea, "{\"command\":\"config-get\",\"service\":[\"dhcp4\"],\"extra\":1}").get("text").asText())
          .isEqualTo("Error during command processing: invalid command: unsupported parameter 'extra'");
      assertThat(first(kea, "{\"service\":[\"dhcp4\"]}").get("text").asText())
          .isEqualTo("Error during command processing: invalid command: does not contain mandatory 'command'");
      assertThat(first(kea, command("ha-sync", "{\"server-name\":\"nosuch\"}")).get("text").asText())
          .isEqualTo("nosuch matches no configured 'server-name'");
    }
  }

  @Test
  @DisplayName("config-set answers the new configuration's hash; status-get has dhcp-state, the queue statistics and server names")
  void configSetAndStatus() {
    try (FakeKeaServer kea = start()) {
      JsonNode set = first(kea, command("config-set", withDhcp4(d -> d.putObject("multi-threading")
          .put("enable-multi-threading", true).put("thread-pool-size", 2).put("packet-queue-size", 16))));
      assertThat(set.get("result").asInt()).isZero();
      assertThat(set.get("arguments").get("hash").asText()).hasSize(64);
      JsonNode status = first(kea, command("status-get")).get("arguments");
      assertThat(status.get("dhcp-state").get("globally-disabled").asBoolean(true)).isFalse();
      assertThat(status.get("high-availability").get(0).get("ha-servers").get("local").get("server-name").asText())
          .isEqualTo("server1");
      assertThat(post(kea.url(), command("status-get")).body()).contains("\"packet-queue-statistics\": [ 0.0, 0.0, 0.0 ]");
      JsonNode agentConfig = first(kea, "{\"command\":\"config-get\"}").get("arguments");
      assertThat(agentConfig.get("hash").asText()).hasSize(64);
      assertThat(agentConfig.get("Control-agent").get("loggers").get(0).has("output-options")).isTrue();
    }
  }

  @Test
  @DisplayName("2.6's parameters are accepted, 3.0's refused as real 2.6.3 refuses them")
  void parameters() {
    try (FakeKeaServer kea = start()) {
      assertThat(first(kea, command("config-test", withDhcp4(d -> d.put("offer-lifetime", 60)
          .put("allocator", "random")))).get("result").asInt()).isZero();
      assertThat(first(kea, command("config-test", withDhcp4(d -> d.putArray("control-sockets"))))
          .get("text").asText()).startsWith("unsupported global configuration parameter: control-sockets");
      assertThat(first(kea, command("config-test", withDhcp4(d -> d.put("ddns-ttl", 100))))
          .get("text").asText()).startsWith("unsupported global configuration parameter: ddns-ttl");
      assertThat(first(kea, command("config-test", withDhcp4(d -> d.putArray("option-data").addObject()
          .put("name", "routers").put("data", "192.0.2.1").putArray("client-classes").add("known"))))
          .get("text").asText()).isEqualTo("spurious 'client-classes' parameter");
      assertThat(first(kea, command("config-test", withDhcp4(d -> d.putArray("option-data").addObject()
          .put("name", "routers").put("data", "192.0.2.1").put("never-send", true)))).get("result").asInt())
          .isZero();
    }
  }
}
