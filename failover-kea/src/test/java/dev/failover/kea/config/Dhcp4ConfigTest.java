package dev.failover.kea.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.kea.internal.KeaJson;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Dhcp4Config")
class Dhcp4ConfigTest {

  private static final String HOOKS = "/usr/lib/x86_64-linux-gnu/kea/hooks";

  /** The arguments of the recorded config-get answer of a real Kea 2.2.0 (server1 of a hot-standby pair). */
  static JsonNode recordedArguments() {
    try (InputStream in = Dhcp4ConfigTest.class.getResourceAsStream("/kea-2.2-answers/config-get.response.json")) {
      return KeaJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0).get("arguments");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Dhcp4Config recorded() {
    return Dhcp4Config.of(recordedArguments());
  }

  private static Scope scope(String subnet, long id) {
    return Scope.builder().subnet(Subnet.parse(subnet)).properties(ScopeProperties.builder().id(id).build()).build();
  }

  @Test
  @DisplayName("the recorded configuration has one scope, 192.0.2.0/24 id 1 with its pool and 7200 s leases")
  void readsRecorded() {
    assertThat(recorded().scopes()).containsExactly(Scope.builder().subnet(Subnet.parse("192.0.2.0/24"))
        .properties(ScopeProperties.builder().id(1).leaseTime(Duration.ofSeconds(7200)).build())
        .addPool(Pool.of("192.0.2.100", "192.0.2.200")).build());
  }

  @Test
  @DisplayName("writing back the scopes read changes nothing: every unknown field stays exactly")
  void noOpWrite() {
    Dhcp4Config config = recorded();
    Dhcp4Config again = config.withScopes(config.scopes());
    assertThat(again).isEqualTo(config);
    assertThat(again.toJson()).isEqualTo(config.toJson());
    assertThat(again.fingerprint()).isEqualTo(config.fingerprint());
  }

  @Test
  @DisplayName("a configuration only holds Dhcp4 (and Kea's hash): the agent's own configuration is refused")
  void refusesOtherConfigurations() throws Exception {
    assertThatThrownBy(() -> Dhcp4Config.parse("{\"Control-agent\": {}}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("Dhcp4");
    assertThatThrownBy(() -> Dhcp4Config.parse("{\"Dhcp4\": "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must be JSON");
    assertThat(Dhcp4Config.parse("{\"Dhcp4\": {}, \"hash\": \"abc\"}").toJson()).isEqualTo("{\"Dhcp4\":{}}");
  }

  @Test
  @DisplayName("fingerprint: the same for any member order and layout, blind to Kea's hash, different for any change")
  void fingerprint() throws Exception {
    Dhcp4Config config = recorded();
    String pretty = KeaJson.writePretty(config.toArguments());
    ObjectNode shuffled = (ObjectNode) shuffle(KeaJson.parse(config.toJson()), new Random(7));
    shuffled.put("hash", "0123");
    assertThat(Dhcp4Config.parse(pretty).fingerprint()).isEqualTo(config.fingerprint());
    assertThat(Dhcp4Config.of(shuffled).fingerprint()).isEqualTo(config.fingerprint());
    assertThat(config.fingerprint()).matches("[0-9a-f]{64}");
    ObjectNode changed = config.dhcp4();
    ((ObjectNode) changed.withArray("subnet4").get(0)).put("valid-lifetime", 7201);
    assertThat(Dhcp4Config.ofDhcp4(changed).fingerprint()).isNotEqualTo(config.fingerprint());
    assertThat(config.canonicalJson()).startsWith("{\"authoritative\":false,\"boot-file-name\":\"\",")
        .doesNotContain(" ").doesNotContain("\n");
  }

  private static JsonNode shuffle(JsonNode node, Random r) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
      members.addAll(node.properties());
      Collections.shuffle(members, r);
      ObjectNode out = KeaJson.object();
      members.forEach(m -> out.set(m.getKey(), shuffle(m.getValue(), r)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = KeaJson.array();
      node.forEach(e -> out.add(shuffle(e, r)));
      return out;
    }
    return node;
  }

  @Test
  @DisplayName("withScope appends a new subnet and leaves every other member as it was")
  void addScope() {
    Dhcp4Config config = recorded();
    Scope added = Scope.builder().from(scope("198.51.100.0/24", 7)).addPool(Pool.of("198.51.100.10", "198.51.100.99"))
        .addOption(OptionValue.builder().code(3).name("routers").value("198.51.100.1").build()).build();
    Dhcp4Config next = config.withScope(added);
    assertThat(next.scopes()).hasSize(2);
    assertThat(next.scope(added.subnet())).hasValue(added);
    ObjectNode before = config.dhcp4();
    ObjectNode after = next.dhcp4();
    ((ArrayNode) after.get("subnet4")).remove(1);
    assertThat(after).isEqualTo(before);
    assertThat(config.scopes()).hasSize(1); // the original is untouched
  }

  @Test
  @DisplayName("withScope of an existing prefix replaces it in place; a clashing id is refused")
  void replaceAndClash() {
    Dhcp4Config config = recorded().withScope(scope("198.51.100.0/24", 7));
    Dhcp4Config replaced = config.withScope(Scope.builder().from(config.scope(Subnet.parse("192.0.2.0/24")).orElseThrow())
        .pools(List.of(Pool.of("192.0.2.10", "192.0.2.20"))).build());
    assertThat(replaced.subnets()).extracting(s -> s.subnet().toString()).containsExactly("192.0.2.0/24", "198.51.100.0/24");
    assertThat(replaced.subnets().get(0).json().path("4o6-interface").isTextual()).isTrue();
    assertThatThrownBy(() -> config.withScope(scope("203.0.113.0/24", 7)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("is already the id of subnet 198.51.100.0/24"));
    assertThat(config.nextSubnetId()).isEqualTo(8);
  }

  @Test
  @DisplayName("withScopes reports every scope it cannot write, each with its subnet")
  void bulkViolations() {
    assertThatThrownBy(() -> recorded().withScopes(List.of(Scope.of("10.0.0.0/24"), Scope.of("10.0.1.0/24"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).hasSize(2)
            .allSatisfy(v -> assertThat(v.field()).startsWith("scope 10.0.")));
  }

  @Test
  @DisplayName("withoutScope removes the subnet; removing an absent one is NotFound")
  void remove() {
    Dhcp4Config config = recorded().withScope(scope("198.51.100.0/24", 7));
    assertThat(config.withoutScope(Subnet.parse("192.0.2.0/24")).scopes()).extracting(Scope::subnet)
        .containsExactly(Subnet.parse("198.51.100.0/24"));
    assertThatThrownBy(() -> config.withoutScope(Subnet.parse("203.0.113.0/24"))).isInstanceOf(NotFoundException.class);
  }

  @Test
  @DisplayName("subnets of shared networks are scopes too, and are replaced where they are")
  void sharedNetworks() {
    Dhcp4Config config = Dhcp4Config.parse("""
        {"Dhcp4": {"subnet4": [{"id": 1, "subnet": "192.0.2.0/24"}],
          "shared-networks": [{"name": "floor", "interface": "eth0",
            "subnet4": [{"id": 2, "subnet": "198.51.100.0/24", "relay": {"ip-addresses": []}}]}]}}""");
    assertThat(config.scopes()).extracting(s -> s.subnet().toString()).containsExactly("192.0.2.0/24", "198.51.100.0/24");
    Dhcp4Config next = config.withScope(Scope.builder().from(scope("198.51.100.0/24", 2))
        .addPool(Pool.of("198.51.100.5", "198.51.100.9")).build());
    JsonNode shared = next.dhcp4().path("shared-networks").get(0).path("subnet4");
    assertThat(shared).hasSize(1);
    assertThat(shared.get(0).path("pools").get(0).path("pool").asText()).isEqualTo("198.51.100.5-198.51.100.9");
    assertThat(shared.get(0).has("relay")).isTrue();
    assertThat(next.dhcp4().path("subnet4")).hasSize(1);
    assertThat(next.withoutScope(Subnet.parse("198.51.100.0/24")).dhcp4().path("shared-networks").get(0)
        .path("subnet4")).isEmpty();
  }

  @Test
  @DisplayName("a configuration's own option-def names resolve option codes")
  void optionDefs() {
    Dhcp4Config config = Dhcp4Config.parse("""
        {"Dhcp4": {"option-def": [{"name": "my-option", "code": 222, "type": "string", "space": "dhcp4"}],
          "subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "option-data": [{"name": "my-option", "data": "x"}]}]}}""");
    assertThat(config.scopes().get(0).options()).extracting(OptionValue::code).containsExactly(222);
  }

  @Test
  @DisplayName("hooks: the recorded pair needs nothing; an empty configuration gets lease_cmds then ha in the default directory")
  void hooks() {
    Dhcp4Config config = recorded();
    assertThat(config.withHaHooks("/elsewhere")).isEqualTo(config);
    Dhcp4Config empty = Dhcp4Config.parse("{\"Dhcp4\": {}}").withHaHooks(HOOKS + "/");
    assertThat(empty.hooksLibraries()).containsExactly(HOOKS + "/libdhcp_lease_cmds.so", HOOKS + "/libdhcp_ha.so");
    assertThat(Dhcp4Config.parse("{\"Dhcp4\": {}}").withHaHooks("").hooksLibraries())
        .containsExactly("libdhcp_lease_cmds.so", "libdhcp_ha.so");
  }

  @Test
  @DisplayName("hooks: added libraries take the directory of those already configured, and lease_cmds goes before ha")
  void hooksResolvedLikeExisting() {
    Dhcp4Config config = Dhcp4Config.parse("""
        {"Dhcp4": {"hooks-libraries": [{"library": "/opt/kea/hooks/libdhcp_stat_cmds.so"},
          {"library": "/opt/kea/hooks/libdhcp_ha.so", "parameters": {"high-availability": []}}]}}""");
    assertThat(config.withHaHooks(HOOKS).hooksLibraries()).containsExactly("/opt/kea/hooks/libdhcp_stat_cmds.so",
        "/opt/kea/hooks/libdhcp_lease_cmds.so", "/opt/kea/hooks/libdhcp_ha.so");
    Dhcp4Config wrongOrder = Dhcp4Config.parse("""
        {"Dhcp4": {"hooks-libraries": [{"library": "/x/libdhcp_ha.so"}, {"library": "/x/libdhcp_lease_cmds.so"}]}}""");
    assertThat(wrongOrder.withHaHooks(HOOKS).hooksLibraries())
        .containsExactly("/x/libdhcp_lease_cmds.so", "/x/libdhcp_ha.so");
  }

  @Test
  @DisplayName("high-availability: read, this-server-name, replaced (hooks added), removed")
  void highAvailability() throws Exception {
    Dhcp4Config config = recorded();
    List<JsonNode> ha = config.highAvailability();
    assertThat(ha.get(0).path("mode").asText()).isEqualTo("hot-standby");
    assertThat(config.thisServerNames()).containsExactly("server1");

    ((ObjectNode) ha.get(0)).put("this-server-name", "server2");
    Dhcp4Config other = config.withHighAvailability(ha, HOOKS);
    assertThat(other.thisServerNames()).containsExactly("server2");
    assertThat(config.thisServerNames()).containsExactly("server1");

    Dhcp4Config fresh = Dhcp4Config.parse("{\"Dhcp4\": {}}").withHighAvailability(ha, HOOKS);
    assertThat(fresh.hooksLibraries()).hasSize(2);
    assertThat(fresh.highAvailability()).isEqualTo(ha);

    Dhcp4Config none = config.withoutHighAvailability();
    assertThat(none.highAvailability()).isEmpty();
    assertThat(none.hooksLibraries()).containsExactly(HOOKS + "/libdhcp_lease_cmds.so");
    assertThatThrownBy(() -> config.withHighAvailability(List.of(), HOOKS)).isInstanceOf(ValidationException.class);
  }

  @Test
  @DisplayName("hostile names stay data: written as JSON text and read back, nothing else in the configuration moves")
  void hostileStringsStayData() {
    Dhcp4Config config = recorded();
    for (String hostile : ScopeSamples.HOSTILE) {
      Scope scope = Scope.builder().from(scope("198.51.100.0/24", 7))
          .properties(ScopeProperties.builder().id(7).name(hostile.trim()).description(hostile).build())
          .addOption(OptionValue.builder().code(15).name("domain-name").value(ScopeSamples.nonEmpty(hostile)).build())
          .build();
      Dhcp4Config next = Dhcp4Config.parse(config.withScope(scope).toJson());
      assertThat(next.scope(scope.subnet())).hasValue(scope);
      assertThat(next.scopes()).hasSize(2);
      assertThat(next.withoutScope(scope.subnet())).isEqualTo(config);
    }
  }

  @Test
  @DisplayName("toString shows no configuration (HA peers may carry basic-auth passwords)")
  void toStringHidesContent() {
    List<JsonNode> ha = recorded().highAvailability();
    ((ObjectNode) ha.get(0).get("peers").get(0)).put("basic-auth-password", "hunter2");
    Dhcp4Config config = recorded().withHighAvailability(ha, HOOKS);
    assertThat(config.toString()).startsWith("Dhcp4Config[subnet4=1, fingerprint=").doesNotContain("hunter2");
  }

  @Test
  @DisplayName("property: any set of scopes survives the configuration as JSON text, with an unchanged fingerprint")
  void jsonRoundTrip() {
    ScopeSamples.check("configuration round trip", () -> ScopeSamples.theory()
        .forAll(ScopeSamples.keaScopes(), ScopeSamples.keaScopes())
        .assuming((a, b) -> !a.subnet().equals(b.subnet()) && !a.properties().id().equals(b.properties().id())
            && a.properties().id().getAsLong() != 1 && b.properties().id().getAsLong() != 1
            && !a.subnet().equals(Subnet.parse("192.0.2.0/24")) && !b.subnet().equals(Subnet.parse("192.0.2.0/24")))
        .checkAssert((a, b) -> {
          Dhcp4Config config = recorded().withScopes(List.of(a, b));
          Dhcp4Config back = Dhcp4Config.parse(config.toJson());
          assertThat(back.scope(a.subnet())).hasValue(a);
          assertThat(back.scope(b.subnet())).hasValue(b);
          assertThat(back.fingerprint()).isEqualTo(config.fingerprint());
        }));
  }

  @Test
  @DisplayName("ha-server-name is set on the subnets named, removed where it names a stale peer, other context kept")
  void haServerNames() {
    Dhcp4Config config = recorded().withScopes(List.of(scope("10.1.0.0/24", 5), scope("10.2.0.0/24", 6),
        scope("10.3.0.0/24", 7)));
    Dhcp4Config marked = config.withHaServerNames(Map.of(Subnet.parse("10.1.0.0/24"), "server1",
        Subnet.parse("10.2.0.0/24"), "server1", Subnet.parse("10.3.0.0/24"), "other"), List.of());
    assertThat(marked.haServerNames()).containsEntry(Subnet.parse("10.1.0.0/24"), "server1")
        .containsEntry(Subnet.parse("10.3.0.0/24"), "other").hasSize(3);
    Dhcp4Config cleared = marked.withHaServerNames(Map.of(Subnet.parse("10.2.0.0/24"), "server2"),
        List.of("server1", "server2"));
    assertThat(cleared.haServerNames()).containsOnly(Map.entry(Subnet.parse("10.2.0.0/24"), "server2"),
        Map.entry(Subnet.parse("10.3.0.0/24"), "other"));
    // a context emptied is dropped: the entry is as it was before marking
    assertThat(cleared.subnet(Subnet.parse("10.1.0.0/24")).orElseThrow().json())
        .isEqualTo(config.subnet(Subnet.parse("10.1.0.0/24")).orElseThrow().json());
    // the scopes themselves do not change
    assertThat(cleared.scopes()).isEqualTo(config.scopes());
  }

  @Test
  @DisplayName("withoutScopes removes many subnets in one pass and passes over those it does not have")
  void withoutScopes() {
    Dhcp4Config config = recorded().withScopes(List.of(scope("10.1.0.0/24", 5), scope("10.2.0.0/24", 6)));
    Dhcp4Config less = config.withoutScopes(List.of(Subnet.parse("10.1.0.0/24"), Subnet.parse("10.9.0.0/24"),
        Subnet.parse("192.0.2.0/24")));
    assertThat(less.scopes()).extracting(Scope::subnet).containsExactly(Subnet.parse("10.2.0.0/24"));
  }

  @Test
  @DisplayName("a disabled scope is refused where the configuration defines the class disabling relies on")
  void disabledClassMustBeUndefined() {
    ObjectNode dhcp4 = recorded().dhcp4();
    dhcp4.putArray("client-classes").addObject().put("name", Subnet4.DISABLED_CLASS).put("test", "member('ALL')");
    Scope off = Scope.builder().from(scope("10.1.0.0/24", 5))
        .properties(ScopeProperties.builder().id(5).enabled(false).build()).build();
    assertThatThrownBy(() -> Dhcp4Config.ofDhcp4(dhcp4).withScope(off)).isInstanceOfSatisfying(
        ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.field())
            .containsExactly("client-classes"));
    assertThat(recorded().withScope(off).scope(off.subnet())).hasValue(off);
  }
}
