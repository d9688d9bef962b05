package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static dev.failover.testkit.kea.KeaTestSupport.recordedConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HA hook's own rules (vendor-facts.md §3.2-3.4; Kea 2.2 ha_config_parser.cc and
 * ha_config.cc). Kea 2.2 reads the hook's parameters only when it loads the hook: config-test
 * passes, config-set answers the generic hook failure, and the hook's message is logged.
 */
@DisplayName("HA hook configuration rules")
class HaConfigRulesTest {

  private static ObjectNode withHa(Consumer<ObjectNode> relationship) {
    ObjectNode root = (ObjectNode) recordedConfiguration().deepCopy();
    ObjectNode ha = (ObjectNode) root.get("Dhcp4").get("hooks-libraries").get(1)
        .get("parameters").get("high-availability").get(0);
    relationship.accept(ha);
    return root;
  }

  private static ArrayNode peers(ObjectNode ha) {
    return (ArrayNode) ha.get("peers");
  }

  private static ObjectNode peer(ObjectNode ha, String name, String role, String url) {
    ObjectNode p = peers(ha).addObject();
    p.put("name", name);
    p.put("role", role);
    p.put("url", url);
    return p;
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("§3.4 exactly one primary", (Consumer<ObjectNode>) ha ->
            peer(ha, "server3", "primary", "http://127.0.0.1:18003/"),
            "multiple primary servers specified"),
        Arguments.of("§3.4 secondary only in load-balancing", (Consumer<ObjectNode>) ha ->
            peer(ha, "server3", "secondary", "http://127.0.0.1:18003/"),
            "secondary servers not allowed in the hot standby configuration"),
        Arguments.of("§3.4 standby only in hot-standby", (Consumer<ObjectNode>) ha -> {
          ha.put("mode", "load-balancing");
          ((ObjectNode) peers(ha).get(1)).put("role", "secondary");
          peer(ha, "server3", "standby", "http://127.0.0.1:18003/");
        }, "standby servers not allowed in the load balancing configuration"),
        Arguments.of("§3.4 hot-standby needs a standby", (Consumer<ObjectNode>) ha ->
            ((ObjectNode) peers(ha).get(1)).put("role", "backup"),
            "standby server required in the hot standby configuration"),
        Arguments.of("§3.4 load-balancing needs a secondary", (Consumer<ObjectNode>) ha -> {
          ha.put("mode", "load-balancing");
          ((ObjectNode) peers(ha).get(1)).put("role", "backup");
        }, "secondary server required in the load balancing configuration"),
        Arguments.of("§3.4 this-server-name must be a peer", (Consumer<ObjectNode>) ha ->
            ha.put("this-server-name", "server9"),
            "no peer configuration specified for the 'server9'"),
        Arguments.of("§3.3 unique peer names", (Consumer<ObjectNode>) ha ->
            peer(ha, "server2", "backup", "http://127.0.0.1:18003/"),
            "peer with name 'server2' already specified"),
        Arguments.of("§3.3 URL host must be an IP literal", (Consumer<ObjectNode>) ha ->
            ((ObjectNode) peers(ha).get(1)).put("url", "http://kea2.example.org:8000/"),
            "bad url 'http://kea2.example.org:8000/': Failed to convert string to address"
                + " 'kea2.example.org': Invalid argument for server server2"),
        Arguments.of("§3.3 URL needs a scheme", (Consumer<ObjectNode>) ha ->
            ((ObjectNode) peers(ha).get(1)).put("url", "127.0.0.1:8000"),
            "invalid URL: invalid scheme 127.0.0.1 in 127.0.0.1:8000 for server server2"),
        Arguments.of("§3.2 heartbeat-delay is 16-bit", (Consumer<ObjectNode>) ha ->
            ha.put("heartbeat-delay", 65536), "'heartbeat-delay' must not be greater than 65535"),
        Arguments.of("§3.2 max-response-delay is 16-bit", (Consumer<ObjectNode>) ha ->
            ha.put("max-response-delay", 70000),
            "'max-response-delay' must not be greater than 65535"),
        Arguments.of("§3.2 max-ack-delay is not negative", (Consumer<ObjectNode>) ha ->
            ha.put("max-ack-delay", -1), "'max-ack-delay' must not be negative"),
        Arguments.of("§3.2 TLS files all or none", (Consumer<ObjectNode>) ha ->
            ha.put("trust-anchor", "/etc/kea/ca.pem"),
            "bad TLS config for server server1: cert-file parameter is missing or empty: all or"
                + " none of TLS parameters must be set"),
        Arguments.of("§3.2 https needs TLS", (Consumer<ObjectNode>) ha ->
            ((ObjectNode) peers(ha).get(1)).put("url", "https://127.0.0.1:18002/"),
            "bad url 'https://127.0.0.1:18002/': https scheme is not supported for server"
                + " server2 where TLS is disabled"),
        Arguments.of("§3.4 delayed-updates-limit 0 in hot-standby", (Consumer<ObjectNode>) ha ->
            ha.put("delayed-updates-limit", 10),
            "'delayed-updates-limit' must be set to 0 in the hot standby configuration"),
        Arguments.of("§3.4 wait-backup-ack false in load-balancing", (Consumer<ObjectNode>) ha -> {
          ha.put("mode", "load-balancing");
          ((ObjectNode) peers(ha).get(1)).put("role", "secondary");
          ha.put("wait-backup-ack", true);
        }, "'wait-backup-ack' must be set to false in the load balancing configuration"),
        Arguments.of("§3.2 mode values", (Consumer<ObjectNode>) ha -> ha.put("mode", "active"),
            "unsupported value 'active' for mode parameter"),
        Arguments.of("§3.3 role values", (Consumer<ObjectNode>) ha ->
            ((ObjectNode) peers(ha).get(1)).put("role", "tertiary"),
            "unsupported value 'tertiary' for role parameter"),
        Arguments.of("§3.3 basic-auth-user without ':'", (Consumer<ObjectNode>) ha ->
            ((ObjectNode) peers(ha).get(1)).put("basic-auth-user", "a:b"),
            "user 'a:b' must not contain a ':' in peer 'server2'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  @DisplayName("config-test passes, config-set fails with Kea's generic text, the log has Kea's"
      + " reason, the old configuration stays")
  void refused(String rule, Consumer<ObjectNode> change, String keaText) {
    try (FakeKeaServer kea = FakeKeaServer.builder().configuration(recordedConfiguration())
        .start()) {
      ObjectNode config = withHa(change);
      JsonNode tested = post(kea.url(), command("config-test", config.toString())).single();
      assertThat(tested.get("result").asInt()).isZero();
      JsonNode set = post(kea.url(), command("config-set", config.toString())).single();
      assertThat(set.get("result").asInt()).isEqualTo(1);
      assertThat(set.get("text").asText()).isEqualTo("One or more hook libraries failed to load");
      assertThat(kea.serverLog()).contains("HA_CONFIGURATION_FAILED failed to configure High"
          + " Availability hooks library: " + keaText);
      assertThat(kea.configuration()).isEqualTo(recordedConfiguration());
      // as real Kea 2.2 (checked on a 2.2.0 server): the old configuration, but no hook any more
      assertThat(kea.serverLog()).anySatisfy(l -> assertThat(l).startsWith("DHCP4_CONFIG_UNRECOVERABLE_ERROR"));
      JsonNode beat = post(kea.url(), command("ha-heartbeat")).single();
      assertThat(beat.get("result").asInt()).isEqualTo(2);
      assertThat(beat.get("text").asText()).isEqualTo("'ha-heartbeat' command not supported.");
      JsonNode again = post(kea.url(), command("config-set", recordedConfiguration().toString())).single();
      assertThat(again.get("result").asInt()).isZero();
      assertThat(post(kea.url(), command("ha-heartbeat")).single().get("result").asInt()).isZero();
    }
  }

  @Test
  @DisplayName("§3.2 a missing this-server-name names the relationship's position")
  void missingParameterHasPosition() {
    try (FakeKeaServer kea = FakeKeaServer.builder().configuration(recordedConfiguration())
        .start()) {
      ObjectNode config = withHa(ha -> ha.remove("this-server-name"));
      post(kea.url(), command("config-set", config.toString()));
      assertThat(kea.serverLog()).anyMatch(line -> line.matches(".*missing parameter"
          + " 'this-server-name' \\(<wire>:0:\\d+\\)"));
    }
  }

  @Test
  @DisplayName("§3.4 backups any number; IPv6 literal URLs; all three TLS files accepted")
  void accepted() {
    try (FakeKeaServer kea = FakeKeaServer.builder().configuration(recordedConfiguration())
        .start()) {
      ObjectNode config = withHa(ha -> {
        peer(ha, "backup1", "backup", "http://127.0.0.1:18003/");
        peer(ha, "backup2", "backup", "http://[::1]:18004/");
        peer(ha, "backup3", "backup", "http://[2001:db8::7]:8000/");
        ha.put("trust-anchor", "/etc/kea/ca.pem");
        ha.put("cert-file", "/etc/kea/cert.pem");
        ha.put("key-file", "/etc/kea/key.pem");
      });
      JsonNode set = post(kea.url(), command("config-set", config.toString())).single();
      assertThat(set.get("text").asText()).isEqualTo("Configuration successful.");
      assertThat(kea.serverLog()).noneMatch(l -> l.startsWith("HA_CONFIGURATION_FAILED"));
    }
  }

  @Test
  @DisplayName("§3.1 Kea 2.2 takes exactly one relationship; Kea 3.0 several, hot-standby only")
  void relationships() {
    ObjectNode two = withHa(ha -> { });
    ArrayNode list = (ArrayNode) two.get("Dhcp4").get("hooks-libraries").get(1)
        .get("parameters").get("high-availability");
    ObjectNode second = list.addObject();
    second.put("mode", "hot-standby");
    second.put("this-server-name", "server3");
    second.put("heartbeat-delay", 2000);
    second.put("max-response-delay", 6000);
    second.putArray("peers");
    peer(second, "server3", "primary", "http://127.0.0.1:18003/");
    peer(second, "server4", "standby", "http://127.0.0.1:18004/");
    try (FakeKeaServer kea = FakeKeaServer.builder().configuration(recordedConfiguration())
        .start()) {
      post(kea.url(), command("config-set", two.toString()));
      assertThat(kea.serverLog()).contains("HA_CONFIGURATION_FAILED failed to configure High"
          + " Availability hooks library: invalid number of configurations in the HA"
          + " configuration list. Expected exactly one configuration");
    }
    try (FakeKeaServer kea = FakeKeaServer.builder().configuration(two)
        .flavour(FakeKeaFlavour.DIRECT_HTTP_3_0).start()) {
      assertThat(kea.serverNames()).containsExactly("server1", "server3");
      JsonNode status = post(kea.url(), "{\"command\":\"status-get\"}").json().get(0);
      assertThat(status.get("arguments").get("high-availability")).hasSize(2);
      JsonNode beat = post(kea.url(),
          "{\"command\":\"ha-heartbeat\",\"arguments\":{\"server-name\":\"server4\"}}").json().get(0);
      assertThat(beat.get("arguments").get("scopes").get(0).asText()).isEqualTo("server3");
      JsonNode unknown = post(kea.url(),
          "{\"command\":\"ha-heartbeat\",\"arguments\":{\"server-name\":\"nope\"}}").json().get(0);
      assertThat(unknown.get("text").asText()).isEqualTo("nope matches no configured"
          + " 'server-name'");
    }
  }
}
