package dev.failover.testkit.kea;

import static dev.failover.testkit.kea.KeaTestSupport.command;
import static dev.failover.testkit.kea.KeaTestSupport.post;
import static dev.failover.testkit.kea.KeaTestSupport.recordedConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("config-get / config-test / config-set / config-write / config-reload")
class ConfigCommandsTest {

  private static ObjectNode config(Consumer<ObjectNode> dhcp4) {
    ObjectNode root = (ObjectNode) recordedConfiguration().deepCopy();
    dhcp4.accept((ObjectNode) root.get("Dhcp4"));
    return root;
  }

  private static ObjectNode subnet(ObjectNode dhcp4, int id, String prefix) {
    ObjectNode s = ((ArrayNode) dhcp4.get("subnet4")).addObject();
    s.put("id", id);
    s.put("subnet", prefix);
    return s;
  }

  private static String set(JsonNode config) {
    return command("config-set", config.toString());
  }

  private static String test(JsonNode config) {
    return command("config-test", config.toString());
  }

  private static JsonNode answer(FakeKeaServer kea, String body) {
    return post(kea.url(), body).single();
  }

  private static FakeKeaServer start() {
    return FakeKeaServer.builder().configuration(recordedConfiguration()).start();
  }

  @Test
  @DisplayName("config-test checks like config-set and never changes the configuration")
  void configTestChangesNothing() {
    try (FakeKeaServer kea = start()) {
      JsonNode before = kea.configuration();
      ObjectNode good = config(d -> subnet(d, 9, "10.9.0.0/16"));
      assertThat(answer(kea, test(good)).get("text").asText())
          .isEqualTo(FakeDhcp4Server.CONFIG_SANE);
      ObjectNode bad = config(d -> subnet(d, 1, "10.9.0.0/16"));
      JsonNode refused = answer(kea, test(bad));
      assertThat(refused.get("result").asInt()).isEqualTo(1);
      assertThat(refused.get("text").asText())
          .startsWith("ID of the new IPv4 subnet '1' is already in use (<wire>:0:");
      assertThat(kea.configuration()).isEqualTo(before);
      assertThat(kea.writes()).isEmpty();
    }
  }

  @Test
  @DisplayName("Kea's checks: overlapping pools, duplicate prefix, prefix syntax, unknown hook")
  void moreChecks() {
    try (FakeKeaServer kea = start()) {
      JsonNode overlap = answer(kea, set(config(d -> {
        ArrayNode pools = subnet(d, 5, "10.5.0.0/24").putArray("pools");
        pools.addObject().put("pool", "10.5.0.10 - 10.5.0.50");
        pools.addObject().put("pool", "10.5.0.40-10.5.0.60");
      })));
      assertThat(overlap.get("text").asText()).matches("subnet configuration failed: a pool of"
          + " type V4, with the following address range: 10\\.5\\.0\\.40-10\\.5\\.0\\.60 overlaps"
          + " with an existing pool in the subnet: 10\\.5\\.0\\.0/24 to which it is being added"
          + " \\(<wire>:0:\\d+\\)");
      JsonNode prefix = answer(kea, set(config(d -> subnet(d, 6, "192.0.2.0/24"))));
      assertThat(prefix.get("text").asText())
          .matches("subnet with the prefix of '192\\.0\\.2\\.0/24' already exists \\(<wire>:0:\\d+\\)");
      JsonNode syntax = answer(kea, set(config(d -> subnet(d, 7, "10.7.0.0"))));
      assertThat(syntax.get("text").asText()).matches("subnet configuration failed: Invalid subnet"
          + " syntax \\(prefix/len expected\\):10\\.7\\.0\\.0 \\(<wire>:0:\\d+\\)");
      JsonNode hook = answer(kea, set(config(d -> ((ArrayNode) d.get("hooks-libraries"))
          .addObject().put("library", "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_nope.so"))));
      assertThat(hook.get("text").asText()).matches("hooks libraries failed to validate - library"
          + " or libraries in error are: /usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_nope\\.so"
          + " \\(<wire>:0:\\d+\\)");
      assertThat(kea.configuration()).isEqualTo(recordedConfiguration());
    }
  }

  @Test
  @DisplayName("argument errors are answered with Kea's texts")
  void argumentErrors() {
    try (FakeKeaServer kea = start()) {
      assertThat(answer(kea, command("config-set")).get("text").asText())
          .isEqualTo("Missing mandatory 'arguments' parameter.");
      assertThat(answer(kea, command("config-set", "{}")).get("text").asText())
          .isEqualTo("Missing mandatory 'Dhcp4' parameter.");
      assertThat(answer(kea, command("config-test", "{\"Dhcp4\": []}")).get("text").asText())
          .isEqualTo("'Dhcp4' parameter expected to be a map.");
      assertThat(answer(kea, command("config-set", "{\"Dhcp4\": {}, \"Dhcp6\": {}}"))
          .get("text").asText()).isEqualTo("Unsupported 'Dhcp6' parameter.");
      assertThat(answer(kea, command("config-write", "[]")).get("text").asText())
          .isEqualTo("Argument must be a map");
      assertThat(answer(kea, command("config-write", "{\"filename\": 3}")).get("text").asText())
          .isEqualTo("passed parameter 'filename' is not a string");
    }
  }

  @Test
  @DisplayName("config-get shows subnets as Kea does: inherited values, empty lists, pools as Kea"
      + " prints them")
  void configGetDerivesSubnetValues() {
    try (FakeKeaServer kea = start()) {
      ObjectNode next = config(d -> {
        d.put("renew-timer", 900);
        ObjectNode s = subnet(d, 20, "10.20.0.0/24");
        s.putArray("pools").addObject().put("pool", "10.20.0.0 - 10.20.0.127");
        s.put("valid-lifetime", 3600);
      });
      assertThat(answer(kea, set(next)).get("result").asInt()).isZero();
      JsonNode got = answer(kea, command("config-get")).get("arguments");
      assertThat(got).isEqualTo(kea.configuration());
      JsonNode recordedSubnet = recordedConfiguration().get("Dhcp4").get("subnet4").get(0);
      JsonNode added = got.get("Dhcp4").get("subnet4").get(1);
      List<String> expectedKeys = new java.util.ArrayList<>();
      recordedSubnet.fieldNames().forEachRemaining(expectedKeys::add);
      expectedKeys.add("renew-timer");
      assertThat(added.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(
          expectedKeys);
      assertThat(added.get("pools").get(0).get("pool").asText()).isEqualTo("10.20.0.0/25");
      assertThat(added.get("pools").get(0).get("option-data")).isEmpty();
      assertThat(added.get("valid-lifetime").asInt()).isEqualTo(3600);
      assertThat(added.get("min-valid-lifetime").asInt()).isEqualTo(3600);
      assertThat(added.get("renew-timer").asInt()).isEqualTo(900);
      assertThat(added.get("t2-percent").asDouble()).isEqualTo(0.875);
      assertThat(added.get("relay").get("ip-addresses")).isEmpty();
    }
  }

  @Test
  @DisplayName("a failed write changes nothing; the next write works again")
  void failNextWrite() {
    try (FakeKeaServer kea = start()) {
      ObjectNode next = config(d -> subnet(d, 30, "10.30.0.0/24"));
      kea.failNextWrite("unable to write: disk full");
      JsonNode failed = answer(kea, set(next));
      assertThat(failed.get("result").asInt()).isEqualTo(1);
      assertThat(failed.get("text").asText()).isEqualTo("unable to write: disk full");
      assertThat(kea.configuration()).isEqualTo(recordedConfiguration());
      assertThat(answer(kea, set(next)).get("text").asText())
          .isEqualTo(FakeDhcp4Server.CONFIG_SUCCESSFUL);
      assertThat(kea.configuration().get("Dhcp4").get("subnet4")).hasSize(2);

      kea.failNextWrite("config-write", "Error during config-write: Unable to open file");
      assertThat(answer(kea, command("config-test", next.toString())).get("result").asInt())
          .isZero();
      assertThat(answer(kea, command("config-write")).get("result").asInt()).isEqualTo(1);
      assertThat(kea.persisted()).isEmpty();
      assertThat(answer(kea, command("config-write")).get("text").asText())
          .isEqualTo("Configuration written to /etc/kea/kea-dhcp4.conf successful");
      assertThat(kea.persisted()).get().extracting(KeaPersistedConfig::configuration)
          .isEqualTo(kea.configuration());

      assertThat(kea.writes()).extracting(KeaCommandRecord::command, KeaCommandRecord::result)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("config-set", 1),
              org.assertj.core.groups.Tuple.tuple("config-set", 0),
              org.assertj.core.groups.Tuple.tuple("config-write", 1),
              org.assertj.core.groups.Tuple.tuple("config-write", 0));
      assertThat(kea.writes().get(0).arguments()).contains(next);
      assertThat(kea.commands()).hasSize(5);
      assertThatThrownBy(() -> kea.failNextWrite("config-get", "x"))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Test
  @DisplayName("config-reload reloads the configuration file: what config-write wrote")
  void configReload() {
    try (FakeKeaServer kea = start()) {
      ObjectNode first = config(d -> subnet(d, 40, "10.40.0.0/24"));
      answer(kea, set(first));
      JsonNode written = kea.configuration();
      answer(kea, command("config-write"));
      answer(kea, set(config(d -> subnet(d, 41, "10.41.0.0/24"))));
      assertThat(kea.configuration()).isNotEqualTo(written);
      assertThat(answer(kea, command("config-reload")).get("text").asText())
          .isEqualTo(FakeDhcp4Server.CONFIG_SUCCESSFUL);
      assertThat(kea.configuration()).isEqualTo(written);
      assertThat(kea.file("/etc/kea/kea-dhcp4.conf")).contains(FakeKeaJson.prettyPrint(written));
    }
  }

  @Test
  @DisplayName("strings come back the way Kea writes them: hostile characters escaped, non-ASCII"
      + " as one \\u00XX per byte (so a JSON reader sees Latin-1 mojibake)")
  void hostileAndNonAsciiStrings() {
    try (FakeKeaServer kea = start()) {
      String hostname = "pr\"int'er;$(rm -rf /)`\n{}caf\u00e9";
      ObjectNode next = config(d -> {
        ObjectNode r = subnet(d, 50, "10.50.0.0/24").putArray("reservations").addObject();
        r.put("hw-address", "1a:1b:1c:1d:1e:1f");
        r.put("ip-address", "10.50.0.5");
        r.put("hostname", hostname);
      });
      assertThat(answer(kea, set(next)).get("result").asInt()).isZero();
      assertThat(kea.configuration().get("Dhcp4").get("subnet4").get(1).get("reservations")
          .get(0).get("hostname").asText()).isEqualTo(hostname);
      KeaTestSupport.Reply reply = post(kea.url(), command("config-get"));
      assertThat(reply.body()).contains("\"pr\\\"int'er;$(rm -rf /)`\\n{}caf\\u00c3\\u00a9\"");
      assertThat(reply.single().get("arguments").get("Dhcp4").get("subnet4").get(1)
          .get("reservations").get(0).get("hostname").asText())
          .isEqualTo("pr\"int'er;$(rm -rf /)`\n{}caf\u00c3\u00a9");
    }
  }

  @Test
  @DisplayName("the builder refuses a configuration Kea would refuse, with Kea's text")
  void builderRefuses() {
    ObjectNode bad = config(d -> subnet(d, 1, "10.60.0.0/24"));
    assertThatThrownBy(() -> FakeKeaServer.builder().configuration(bad).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("ID of the new IPv4 subnet '1' is already in use");
    assertThatThrownBy(() -> FakeKeaServer.builder().configuration(
        KeaTestSupport.parse("{\"Dhcp6\": {}}")).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("Dhcp4");
  }
}
