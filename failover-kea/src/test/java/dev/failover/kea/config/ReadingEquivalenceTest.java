package dev.failover.kea.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.json.FailoverJson;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.internal.KeaJson;
import dev.failover.plan.ServerState;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.spi.Fingerprints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reading path (parsing a {@code config-get} answer, fingerprinting it, mapping it to a
 * {@link ServerState}) gives exactly what it gave before it was made faster (issue 18 item 6): the
 * expected values below were computed by the code before that change, on a generated configuration
 * that has every shape the mapping reads (shared networks, every identifier kind and spelling,
 * unsorted and address-less reservations, options by name, code and option-def, disabled subnets,
 * decimals, non-ASCII text, unknown fields) and on the recorded answer of a real Kea 2.2.0.
 */
@DisplayName("Kea reading path, before and after the performance work")
class ReadingEquivalenceTest {

  /** SHA-256 of the generated configuration's canonical JSON, as computed before the change. */
  private static final String GENERATED_FINGERPRINT = "6aae91e41912135a71c767648e9fa262f2a84a9d8a672e1812bf6f8fa87ab010";
  /** SHA-256 of the JSON of the state mapped from the generated configuration, as computed before the change. */
  private static final String GENERATED_STATE = "e43f614584a897ec62a99223cada0a42df6cfc0317172a4ecc71662dfffdf3a8";
  /** The fingerprint of the recorded real Kea 2.2.0 answer, as computed before the change. */
  private static final String RECORDED_FINGERPRINT = "35edd71f4d110bdb8c1ba3a10037af3a143a836ce8dc4fa96163448e59720387";
  /** The error of a configuration with broken reservations, as written before the change. */
  private static final String BROKEN_RESERVATIONS = """
      invalid Kea configuration (4 problems):
        - subnet4[0].reservations[1].identifier must be 1 to 128 hexadecimal bytes separated by ':' or '-' \
      (for example 00:11:22:aa:bb:cc), was "zz:00"
        - subnet4[0].reservations[2].identifier must be exactly one of [hw-address, client-id, circuit-id, duid, \
      flex-id], was [client-id, duid]
        - subnet4[0].reservations[3].ip-address must be an IPv4 address, was "10.0.0.300"
        - subnet4[0].reservations[4].hostname must be an RFC 1123 host name, was "not a host name\"""";
  /** The error of a subnet that breaks the scope's rules, as written before the change. */
  private static final String BROKEN_SCOPE = """
      invalid Kea configuration (5 problems):
        - subnet4[0].pools must not take the subnet's network address 10.0.0.0 or broadcast address 10.0.0.255 \
      (no client can use them), was 10.0.0.0-10.0.0.10
        - subnet4[0].reservations must not take the network or broadcast address, was hw-address:02:00:00:00:00:04 \
      -> 10.0.0.0
        - subnet4[0].reservations must not be reserved twice (hw-address:02:00:00:00:00:02 and \
      hw-address:02:00:00:00:00:03), was 10.0.0.20
        - subnet4[0].reservations must have a unique client identifier in the scope, was hw-address:02:00:00:00:00:03
        - subnet4[0].reservations must lie inside the subnet 10.0.0.0/24, was hw-address:02:00:00:00:00:01 -> \
      10.9.9.9""";

  private static final String[] KINDS = {"hw-address", "client-id", "circuit-id", "duid", "flex-id"};

  /** The recorded answer's Dhcp4 map (with its HA hook) whose subnets are replaced by {@code subnets} generated ones. */
  static String generated(int subnets, long seed) {
    Random random = new Random(seed);
    ObjectNode arguments = (ObjectNode) Dhcp4ConfigTest.recordedArguments().deepCopy();
    ObjectNode dhcp4 = (ObjectNode) arguments.get("Dhcp4");
    ArrayNode defs = dhcp4.putArray("option-def");
    defs.addObject().put("name", "site-motd").put("code", 224).put("type", "string").put("space", "dhcp4");
    dhcp4.put("t1-percent", new BigDecimal("0.50"));
    dhcp4.put("t2-percent", new BigDecimal("0.8750"));
    ArrayNode top = dhcp4.putArray("subnet4");
    ArrayNode networks = dhcp4.putArray("shared-networks");
    ArrayNode net1 = networks.addObject().put("name", "net-1").putArray("subnet4");
    ArrayNode net2 = networks.addObject().put("name", "n\u00e9t-2 \u4e2d").putArray("subnet4");
    for (int i = 0; i < subnets; i++) {
      ArrayNode list = i % 17 == 5 ? net1 : i % 23 == 7 ? net2 : top;
      list.add(subnet(i, random));
    }
    return KeaJson.write(arguments);
  }

  private static ObjectNode subnet(int i, Random random) {
    String net = "10." + (i / 250) + "." + (i % 250);
    ObjectNode s = KeaJson.object();
    s.put("id", i + 1);
    s.put("subnet", net + ".0/24");
    if (i % 3 != 0) {
      s.put("valid-lifetime", 600 + i);
    }
    if (i % 11 == 0) {
      s.put("t1-percent", new BigDecimal("0.25"));
      s.putObject("relay").putArray("ip-addresses").add("192.0.2." + (i % 250));
    }
    ObjectNode context = KeaJson.object();
    if (i % 4 == 1) {
      context.put("name", "site " + i);
    }
    if (i % 5 == 2) {
      context.put("comment", "caf\u00e9 \"quoted\" \\ " + i);
    }
    if (i % 6 == 3) {
      context.put("ha-server-name", "server1");
    }
    if (i % 13 == 4) {
      context.putObject(Subnet4.DISABLED_MARK).put("client-class", "KNOWN");
      s.put("client-class", Subnet4.DISABLED_CLASS);
    }
    if (!context.isEmpty()) {
      s.set("user-context", context);
    }
    ArrayNode pools = s.putArray("pools");
    switch (i % 4) {
      case 0 -> pools.addObject().put("pool", net + ".100-" + net + ".199");
      case 1 -> pools.addObject().put("pool", net + ".100 - " + net + ".150").put("client-class", "HA_server1");
      case 2 -> {
        pools.addObject().put("pool", net + ".128/26").putArray("client-classes");
        pools.addObject().put("pool", net + ".10-" + net + ".20").putArray("client-classes").add("HA_server2");
      }
      default -> {
        pools.addObject().put("pool", net + ".200-" + net + ".220").putArray("option-data").addObject()
            .put("code", 3).put("data", net + ".2");
        pools.addObject().put("pool", net + ".100-" + net + ".110");
      }
    }
    ArrayNode options = s.putArray("option-data");
    options.addObject().put("name", "routers").put("data", net + ".1");
    if (i % 2 == 0) {
      options.addObject().put("code", 6).put("space", "dhcp4").put("data", "10.255.0.53, 10.255.0.54")
          .put("always-send", true);
    }
    if (i % 7 == 0) {
      options.addObject().put("name", "site-motd").put("data", "hello " + i).putArray("client-classes").add("VIP");
    }
    if (i % 9 == 0) {
      options.addObject().put("name", "domain-name").put("csv-format", true).put("data", "site" + i + ".example.net");
    }
    List<ObjectNode> reservations = new ArrayList<>();
    int count = random.nextInt(30);
    for (int h = 0; h < count; h++) {
      ObjectNode r = KeaJson.object();
      String kind = KINDS[(i + h) % KINDS.length];
      int host = i * 64 + h;
      String id = switch (kind) {
        case "hw-address" -> h % 3 == 0 ? String.format("02-00-%02X-%02X-%02X-%02X", (host >> 24) & 0xff,
            (host >> 16) & 0xff, (host >> 8) & 0xff, host & 0xff)
            : String.format("02:00:%02x:%02x:%02x:%02x", (host >> 24) & 0xff, (host >> 16) & 0xff,
                (host >> 8) & 0xff, host & 0xff);
        case "client-id" -> String.format("01 02 00 %02x %02x", (host >> 8) & 0xff, host & 0xff);
        case "circuit-id" -> "'circuit-" + host + "'";
        case "duid" -> String.format("00010001%08x", host);
        default -> String.format("%04X", host);
      };
      r.put(kind, id);
      if (h % 10 != 9) {
        r.put("ip-address", net + "." + (10 + h));
      }
      if (h % 4 == 0) {
        r.put("hostname", "host-" + host);
      }
      if (h % 8 == 1) {
        r.putObject("user-context").put("name", "client " + host).put("comment", "r\u00e9serv\u00e9");
      }
      if (h % 6 == 2) {
        r.putArray("option-data").addObject().put("name", "domain-name").put("data", "h" + host + ".example");
      }
      if (h % 12 == 5) {
        r.putArray("client-classes").add("KNOWN");
        r.put("next-server", "0.0.0.0");
      }
      reservations.add(r);
    }
    Collections.shuffle(reservations, random);
    if (!reservations.isEmpty() || i % 2 == 0) {
      s.putArray("reservations").addAll(reservations);
    }
    return s;
  }

  private static Inventory inventory() {
    return Inventory.of(
        Server.of("server1", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:8001/")),
        Server.of("server2", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:8002/")));
  }

  /** The canonical bytes as they were written before: every leaf through the mapper's own tree writer. */
  private static byte[] canonicalBefore(JsonNode node) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = KeaJson.mapper().getFactory().createGenerator(out)) {
      writeBefore(node, gen);
    }
    return out.toByteArray();
  }

  private static void writeBefore(JsonNode node, JsonGenerator gen) throws IOException {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
      members.sort(Map.Entry.comparingByKey());
      gen.writeStartObject();
      for (Map.Entry<String, JsonNode> m : members) {
        gen.writeFieldName(m.getKey());
        writeBefore(m.getValue(), gen);
      }
      gen.writeEndObject();
    } else if (node.isArray()) {
      gen.writeStartArray();
      for (JsonNode element : node) {
        writeBefore(element, gen);
      }
      gen.writeEndArray();
    } else {
      KeaJson.mapper().writeTree(gen, node);
    }
  }

  @Test
  @DisplayName("the canonical JSON of a generated configuration is byte for byte what the mapper's tree writer gives")
  void canonicalBytesUnchanged() throws IOException {
    Dhcp4Config config = Dhcp4Config.parse(generated(300, 18));
    byte[] before = canonicalBefore(config.dhcp4());
    assertThat(config.canonicalJson().getBytes(StandardCharsets.UTF_8)).isEqualTo(before);
    assertThat(config.fingerprint()).isEqualTo(Fingerprints.sha256(before)).isEqualTo(GENERATED_FINGERPRINT);
  }

  @Test
  @DisplayName("null, boolean, integer, long, big integer and decimal leaves are written as the mapper's tree writer writes them")
  void everyLeafKindUnchanged() throws IOException {
    ObjectNode dhcp4 = KeaJson.object();
    dhcp4.putNull("null-leaf").put("true-leaf", true).put("false-leaf", false).put("int", -7)
        .put("long", 4294967295L * 3).put("big", new java.math.BigInteger("123456789012345678901234567890"))
        .put("decimal", new BigDecimal("1.50")).put("exponent", new BigDecimal("1E+3")).put("double", 0.1)
        .put("text", "caf\u00e9 \"\\ \u0001 \ud83d\ude00");
    dhcp4.putArray("list").add(1).addNull().add("x").addObject().put("b", 1).put("a", 2);
    Dhcp4Config config = Dhcp4Config.ofDhcp4(dhcp4);
    byte[] before = canonicalBefore(dhcp4);
    assertThat(config.canonicalJson().getBytes(StandardCharsets.UTF_8)).isEqualTo(before);
    assertThat(config.fingerprint()).isEqualTo(Fingerprints.sha256(before));
  }

  @Test
  @DisplayName("the recorded real Kea 2.2.0 answer keeps its fingerprint")
  void recordedFingerprintUnchanged() throws IOException {
    Dhcp4Config config = Dhcp4ConfigTest.recorded();
    assertThat(config.fingerprint()).isEqualTo(Fingerprints.sha256(canonicalBefore(config.dhcp4())))
        .isEqualTo(RECORDED_FINGERPRINT);
  }

  @Test
  @DisplayName("the state mapped from a generated configuration is the one mapped before, scope by scope")
  void stateUnchanged() {
    Inventory inventory = inventory();
    Dhcp4Config config = Dhcp4Config.parse(generated(300, 18));
    ServerState state = KeaBackend.state(inventory.require("server1"), inventory, config);
    assertThat(state.scopes()).hasSize(300);
    assertThat(state.relationships()).hasSize(1);
    assertThat(state.scopes().stream().mapToInt(s -> s.reservations().size()).sum()).isGreaterThan(3000);
    assertThat(Fingerprints.sha256(FailoverJson.write(state).getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(GENERATED_STATE);
  }

  /** {@code [{"arguments": ..., "result": 0}]} around the arguments' JSON text, as Kea's answer to config-get is. */
  private static byte[] answer(String arguments) {
    return ("[ { \"arguments\": " + arguments + ", \"result\": 0 } ]").getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes with every byte above 0x7F written as its own {@code \\u00XX} escape, as Kea 2.2 writes non-ASCII text. */
  private static byte[] kea22Escapes(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
    for (byte b : bytes) {
      if (b < 0) {
        out.writeBytes(String.format("\\u00%02x", b & 0xff).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("a config-get answer's bytes read as the Kea client reads them give the same fingerprint and state")
  void answerBytesSameFingerprintAndState() {
    Inventory inventory = inventory();
    String generated = generated(300, 18);
    assertThat(generated).contains("n\u00e9t-2 \u4e2d");
    for (byte[] body : List.of(answer(generated), kea22Escapes(answer(generated)))) {
      Dhcp4Config config = dev.failover.kea.client.KeaClient.configGetAnswer("server1", body);
      assertThat(config.fingerprint()).isEqualTo(GENERATED_FINGERPRINT);
      ServerState state = KeaBackend.state(inventory.require("server1"), inventory, config);
      assertThat(Fingerprints.sha256(FailoverJson.write(state).getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(GENERATED_STATE);
    }
  }

  @Test
  @DisplayName("a configuration with broken reservations is refused with the same words as before")
  void brokenReservationsSameMessage() {
    ObjectNode arguments = (ObjectNode) parseQuietly(generated(3, 7));
    ArrayNode reservations = ((ObjectNode) arguments.get("Dhcp4").get("subnet4").get(0)).putArray("reservations");
    reservations.addObject().put("hw-address", "02:00:00:00:00:01").put("ip-address", "10.0.0.9");
    reservations.addObject().put("hw-address", "zz:00").put("ip-address", "10.0.0.22");
    reservations.addObject().put("client-id", "01").put("duid", "02").put("ip-address", "10.0.0.23");
    reservations.addObject().put("hw-address", "02:00:00:00:00:05").put("ip-address", "10.0.0.300");
    reservations.addObject().put("hw-address", "02:00:00:00:00:06").put("ip-address", "10.0.0.24")
        .put("hostname", "not a host name");
    Dhcp4Config config = Dhcp4Config.of(arguments);
    assertThatThrownBy(config::scopes).isInstanceOf(ValidationException.class).hasMessage(BROKEN_RESERVATIONS);
  }

  @Test
  @DisplayName("a subnet whose reservations and pools break the scope's rules is refused with the same words as before")
  void brokenScopeSameMessage() {
    ObjectNode arguments = (ObjectNode) parseQuietly(generated(3, 7));
    ObjectNode broken = (ObjectNode) arguments.get("Dhcp4").get("subnet4").get(0);
    ArrayNode reservations = broken.putArray("reservations");
    reservations.addObject().put("hw-address", "02:00:00:00:00:01").put("ip-address", "10.9.9.9");
    reservations.addObject().put("hw-address", "02:00:00:00:00:02").put("ip-address", "10.0.0.20");
    reservations.addObject().put("hw-address", "02:00:00:00:00:03").put("ip-address", "10.0.0.20");
    reservations.addObject().put("hw-address", "02:00:00:00:00:03").put("ip-address", "10.0.0.21");
    reservations.addObject().put("hw-address", "02:00:00:00:00:04").put("ip-address", "10.0.0.0");
    broken.putArray("pools").addObject().put("pool", "10.0.0.0-10.0.0.10");
    Dhcp4Config config = Dhcp4Config.of(arguments);
    assertThatThrownBy(config::scopes).isInstanceOf(ValidationException.class).hasMessage(BROKEN_SCOPE);
  }

  private static JsonNode parseQuietly(String text) {
    try {
      return KeaJson.parse(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
