package dev.failover.kea.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.kea.internal.KeaJson;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Exclusion;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Reservation.IdentifierType;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import java.time.Duration;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("subnet4 ↔ Scope")
class Subnet4Test {

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) KeaJson.parse(text);
  }

  @Test
  @DisplayName("a subnet4 as Kea's config-get renders it maps onto the scope's words")
  void readsConfigGetShape() throws Exception {
    Scope scope = Subnet4.of(json("""
        {"4o6-interface": "", "id": 7, "subnet": "198.51.100.0/24", "valid-lifetime": 3600,
         "min-valid-lifetime": 3600, "max-valid-lifetime": 3600, "relay": {"ip-addresses": []},
         "user-context": {"name": "office", "comment": "second floor", "ha-server-name": "server1"},
         "pools": [{"pool": "198.51.100.10-198.51.100.99", "option-data": []},
                   {"pool": "198.51.100.128/28", "client-class": "HA_server2"}],
         "option-data": [{"always-send": false, "code": 3, "csv-format": true, "data": "198.51.100.1",
                          "name": "routers", "space": "dhcp4"}],
         "reservations": [{"hw-address": "1A-1B-1C-1D-1E-1F", "ip-address": "198.51.100.5", "hostname": "printer",
                           "boot-file-name": "", "client-classes": [], "next-server": "0.0.0.0",
                           "option-data": [], "server-hostname": "", "user-context": {"comment": "lobby"}},
                          {"flex-id": "'abc'", "ip-address": "198.51.100.6"},
                          {"hw-address": "00:00:00:00:00:01", "hostname": "no-address"}]}
        """)).toScope();
    assertThat(scope).isEqualTo(Scope.builder()
        .subnet(Subnet.parse("198.51.100.0/24"))
        .properties(ScopeProperties.builder().id(7).name("office").description("second floor")
            .leaseTime(Duration.ofHours(1)).build())
        .addPool(Pool.of("198.51.100.10", "198.51.100.99"))
        .addPool(ImmutablePool.builder().range(AddressRange.of("198.51.100.128", "198.51.100.143"))
            .clientClass("HA_server2").build())
        .addOption(OptionValue.builder().code(3).name("routers").value("198.51.100.1").build())
        .addReservation(Reservation.builder().identifier("1a:1b:1c:1d:1e:1f")
            .address(Ipv4Address.parse("198.51.100.5")).hostname("printer").description("lobby").build())
        .addReservation(Reservation.builder().identifierType(IdentifierType.FLEX_ID).identifier("61:62:63")
            .address(Ipv4Address.parse("198.51.100.6")).build())
        .build());
  }

  @Test
  @DisplayName("an option written with only its standard name (as Kea allows) gets its code")
  void optionByName() throws Exception {
    Scope scope = Subnet4.of(json("""
        {"id": 7, "subnet": "198.51.100.0/24", "option-data": [{"name": "routers", "data": "198.51.100.1"},
          {"name": "domain-name-servers", "data": "198.51.100.2, 198.51.100.3"},
          {"name": "host-name", "data": "printer"}]}""")).toScope();
    // real Kea 2.2's kea-dhcp4 -t takes {"name": "host-name"} without a code too
    assertThat(scope.options()).extracting(OptionValue::code).containsExactlyInAnyOrder(3, 6, 12);
  }

  @Test
  @DisplayName("an option with neither code nor known name is reported with its place")
  void unknownOptionName() throws Exception {
    assertThatThrownBy(() -> Subnet4.of(json("""
        {"id": 7, "subnet": "198.51.100.0/24", "option-data": [{"name": "my-own", "data": "1"}]}""")).toScope())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("option-data[0]"));
  }

  @Test
  @DisplayName("every broken field of an entry is reported at once")
  void allViolations() throws Exception {
    assertThatThrownBy(() -> Subnet4.of(json("""
        {"id": 7, "subnet": "198.51.100.0/24", "valid-lifetime": -1, "pools": [{"pool": "nonsense"}],
         "reservations": [{"ip-address": "198.51.100.9"}]}""")).toScope())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(v -> v.field())
            .contains("valid-lifetime", "pools[0].pool", "reservations[0].identifier"));
  }

  @Test
  @DisplayName("an entry without a valid subnet or id is refused")
  void badEntry() throws Exception {
    assertThatThrownBy(() -> Subnet4.of(json("{\"id\": 0, \"subnet\": \"192.0.2.1/24\"}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("id");
    assertThatThrownBy(() -> Subnet4.of(json("{\"id\": 3, \"subnet\": \"192.0.2.1/24\"}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("did you mean 192.0.2.0/24");
  }

  @Test
  @DisplayName("writing a scope over an entry keeps every field the scope has no word for")
  void mergeKeepsUnknown() throws Exception {
    Subnet4 base = Subnet4.of(json("""
        {"id": 7, "subnet": "198.51.100.0/24", "relay": {"ip-addresses": ["192.0.2.1"]}, "t1-percent": 0.50,
         "valid-lifetime": 3600, "min-valid-lifetime": 3600, "max-valid-lifetime": 3600,
         "user-context": {"ha-server-name": "server1", "name": "old"},
         "pools": [{"pool": "198.51.100.10 - 198.51.100.99", "option-data": [{"name": "routers", "data": "1.2.3.4"}]}],
         "option-data": [{"code": 3, "data": "198.51.100.1", "always-send": true}],
         "reservations": [{"hw-address": "1a:1b:1c:1d:1e:1f", "ip-address": "198.51.100.5", "next-server": "192.0.2.9"},
                          {"client-id": "01:02", "client-classes": ["phones"]}]}"""));
    Scope scope = Scope.builder().from(base.toScope())
        .properties(ScopeProperties.builder().id(7).name("new").leaseTime(Duration.ofSeconds(7200)).build())
        .options(java.util.List.of(OptionValue.builder().code(3).value("198.51.100.254").build()))
        .build();
    JsonNode out = Subnet4.merge(scope, base).json();
    assertThat(out.path("relay").path("ip-addresses").get(0).asText()).isEqualTo("192.0.2.1");
    assertThat(out.path("t1-percent").toString()).isEqualTo("0.50");
    assertThat(out.path("user-context").path("ha-server-name").asText()).isEqualTo("server1");
    assertThat(out.path("user-context").path("name").asText()).isEqualTo("new");
    assertThat(out.path("pools").get(0).path("pool").asText()).isEqualTo("198.51.100.10 - 198.51.100.99");
    assertThat(out.path("pools").get(0).path("option-data").get(0).path("data").asText()).isEqualTo("1.2.3.4");
    assertThat(out.path("option-data").get(0).path("always-send").asBoolean()).isTrue();
    assertThat(out.path("option-data").get(0).path("data").asText()).isEqualTo("198.51.100.254");
    assertThat(out.path("reservations").get(0).path("next-server").asText()).isEqualTo("192.0.2.9");
    // the address-less reservation is no Reservation, and is kept
    assertThat(out.path("reservations").get(1).path("client-classes").get(0).asText()).isEqualTo("phones");
    // Kea's min/max derived from the old lifetime would refuse the new one
    assertThat(out.path("valid-lifetime").asLong()).isEqualTo(7200);
    assertThat(out.has("max-valid-lifetime")).isFalse();
    assertThat(out.path("min-valid-lifetime").asLong()).isEqualTo(3600);
  }

  @Test
  @DisplayName("a scope with exclusions is refused as-is; split around them it leases the same addresses")
  void exclusions() {
    Scope scope = Scope.builder().subnet(Subnet.parse("192.0.2.0/24"))
        .properties(ScopeProperties.builder().id(1).build())
        .addPool(ImmutablePool.builder().range(AddressRange.of("192.0.2.10", "192.0.2.100")).clientClass("c").build())
        .addPool(Pool.of("192.0.2.150", "192.0.2.160"))
        .addExclusion(Exclusion.of("192.0.2.20", "192.0.2.29"))
        .addExclusion(Exclusion.of("192.0.2.100", "192.0.2.155"))
        .build();
    assertThatThrownBy(() -> Subnet4.from(scope)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("exclusions"));
    Scope split = Subnet4.poolsSplitAroundExclusions(scope);
    assertThat(split.exclusions()).isEmpty();
    assertThat(split.pools()).extracting(p -> p.range().toString())
        .containsExactly("192.0.2.10-192.0.2.19", "192.0.2.30-192.0.2.99", "192.0.2.156-192.0.2.160");
    assertThat(split.pools().get(1).clientClass()).hasValue("c");
    assertThat(Subnet4.from(split).toScope()).isEqualTo(split);
  }

  @Test
  @DisplayName("property: splitting pools around exclusions leases exactly the addresses the scope leases")
  void splitProperty() {
    ScopeSamples.check("split around exclusions", () -> ScopeSamples.theory()
        .forAll(ScopeSamples.scopesWithExclusions())
        .checkAssert(scope -> assertThat(leased(Subnet4.poolsSplitAroundExclusions(scope))).isEqualTo(leased(scope))));
  }

  private static TreeSet<Long> leased(Scope scope) {
    TreeSet<Long> out = new TreeSet<>();
    for (Pool p : scope.pools()) {
      for (long a = p.range().start().toLong(); a <= p.range().end().toLong(); a++) {
        long at = a;
        if (scope.exclusions().stream().noneMatch(e -> e.range().contains(Ipv4Address.ofBits((int) at)))) {
          out.add(a);
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName("what Kea cannot express is refused, every problem at once")
  void refusesWhatKeaLacks() {
    Scope scope = Scope.builder().subnet(Subnet.parse("192.0.2.0/24"))
        .properties(ScopeProperties.builder().enabled(false).leaseTime(Duration.ofSeconds(3600)).build())
        .addPool(ImmutablePool.builder().range(AddressRange.of("192.0.2.10", "192.0.2.20")).failoverPeer("fo1").build())
        .addOption(OptionValue.builder().code(60).value("x").vendorClass("MSFT").build())
        .build();
    assertThatThrownBy(() -> Subnet4.from(scope)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field())
            .containsExactlyInAnyOrder("pools", "options", "properties.id"));
    // a lease time Kea cannot hold (not whole seconds) no longer gets this far: the scope refuses it
    assertThatThrownBy(() -> ScopeProperties.builder().leaseTime(Duration.ofMillis(1500)).build())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("leaseTime"));
  }

  @Test
  @DisplayName("a scope with ISC dhcpd subnet statements (max-lease-time, filename) is refused: Kea cannot hold them")
  void refusesIscSubnetStatements() {
    Scope scope = Scope.builder().subnet(Subnet.parse("192.0.2.0/24")).properties(ScopeProperties.builder().id(7)
        .iscStatements(java.util.List.of("max-lease-time 7200", "filename \"pxelinux.0\"")).build())
        .addPool(ImmutablePool.builder().range(AddressRange.of("192.0.2.10", "192.0.2.20")).build()).build();
    assertThatThrownBy(() -> Subnet4.from(scope)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field())
            .containsExactly("properties.iscStatements"));
  }

  @Test
  @DisplayName("a reservation with ISC dhcpd host statements (filename, next-server) is refused, naming the field")
  void refusesIscHostStatements() {
    Scope scope = Scope.builder().subnet(Subnet.parse("192.0.2.0/24")).properties(ScopeProperties.builder().id(7)
        .build()).addPool(ImmutablePool.builder().range(AddressRange.of("192.0.2.10", "192.0.2.20")).build())
        .addReservation(dev.failover.scope.Reservation.builder().identifier("00:16:3e:00:00:02")
            .address(dev.failover.scope.Ipv4Address.parse("192.0.2.6"))
            .iscStatements(java.util.List.of("filename \"pxelinux.0\"", "next-server 192.0.2.9")).build()).build();
    assertThatThrownBy(() -> Subnet4.from(scope)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field())
            .containsExactly("reservations[hw-address:00:16:3e:00:00:02].iscStatements"));
  }

  @Test
  @DisplayName("a pool with ISC dhcpd permits or dynamic BOOTP is refused: Kea cannot hold them")
  void refusesIscPoolStatements() {
    Scope scope = Scope.builder().subnet(Subnet.parse("192.0.2.0/24")).properties(ScopeProperties.builder().id(7)
        .build()).addPool(ImmutablePool.builder().range(AddressRange.of("192.0.2.10", "192.0.2.20"))
            .addIscStatement("deny members of \"voip\"").dynamicBootp(true).build()).build();
    assertThatThrownBy(() -> Subnet4.from(scope)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field() + " " + v.value())
            .containsExactlyInAnyOrder("pools 192.0.2.10-192.0.2.20 iscStatements [deny members of \"voip\"]",
                "pools 192.0.2.10-192.0.2.20 dynamicBootp"));
  }

  private static Scope withEnabled(Scope scope, boolean enabled) {
    return Scope.builder().from(scope).properties(ScopeProperties.builder().from(scope.properties()).enabled(enabled)
        .build()).build();
  }

  @Test
  @DisplayName("a pool as real Kea 3.0.4 renders it, with client-classes, keeps its class and is written back the same way")
  void kea30PoolClasses() {
    // config-get of Kea 3.0.4 for a pool configured with "client-class": "HA_x" (recorded on the real server)
    Subnet4 real = entry("""
        {"id": 1, "subnet": "10.1.0.0/24",
         "pools": [{"client-classes": ["HA_x"], "option-data": [], "pool": "10.1.0.10-10.1.0.20"},
                   {"client-classes": [], "option-data": [], "pool": "10.1.0.30-10.1.0.40"}]}""");
    Scope scope = real.toScope();
    assertThat(scope.pools()).extracting(p -> p.clientClass().orElse("(none)")).containsExactly("HA_x", "(none)");

    Scope moved = Scope.builder().from(scope).pools(java.util.List.of(
        ImmutablePool.builder().range(AddressRange.of("10.1.0.10", "10.1.0.20")).clientClass("HA_y").build(),
        ImmutablePool.builder().range(AddressRange.of("10.1.0.30", "10.1.0.40")).clientClass("HA_x").build()))
        .build();
    JsonNode pools = Subnet4.merge(moved, real).json().path("pools");
    assertThat(pools.get(0).path("client-classes").toString()).isEqualTo("[\"HA_y\"]");
    assertThat(pools.get(0).has("client-class")).isFalse();
    assertThat(pools.get(1).path("client-classes").toString()).isEqualTo("[\"HA_x\"]");
    assertThat(pools.get(1).has("client-class")).isFalse();
    assertThat(Subnet4.merge(scope, real).toScope()).isEqualTo(scope);
    JsonNode unclassed = Subnet4.merge(Scope.builder().from(scope).pools(java.util.List.of(
        Pool.of("10.1.0.10", "10.1.0.20"))).build(), real).json().path("pools");
    assertThat(unclassed.get(0).has("client-classes")).isFalse();

    assertThatThrownBy(() -> entry("""
        {"id": 1, "subnet": "10.1.0.0/24", "pools": [{"client-classes": ["a", "b"], "pool": "10.1.0.10-10.1.0.20"}]}""")
        .toScope()).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("pools[0].client-classes"));
  }

  private static Subnet4 entry(String json) {
    try {
      return Subnet4.of(KeaJson.parse(json));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("a disabled scope keeps its contents, is limited to a class no client is in, and reads back disabled")
  void disabledScope() {
    Subnet4 base = entry("{\"id\": 7, \"subnet\": \"192.0.2.0/24\", \"relay\": {\"ip-addresses\": [\"10.0.0.1\"]},"
        + " \"pools\": [{\"pool\": \"192.0.2.10-192.0.2.20\"}],"
        + " \"user-context\": {\"name\": \"lab\", \"site\": 3}}");
    Scope scope = base.toScope();
    assertThat(scope.enabled()).isTrue();
    Subnet4 disabled = Subnet4.merge(withEnabled(scope, false), base);
    ObjectNode json = disabled.json();
    assertThat(json.path("client-class").asText()).isEqualTo(Subnet4.DISABLED_CLASS);
    assertThat(json.path("user-context").path(Subnet4.DISABLED_MARK).isObject()).isTrue();
    assertThat(json.path("user-context").path("site").asInt()).isEqualTo(3);
    assertThat(json.path("relay")).isEqualTo(base.json().path("relay"));
    assertThat(disabled.disabled()).isTrue();
    assertThat(disabled.toScope()).isEqualTo(withEnabled(scope, false));
    assertThat(disabled.toScope().pools()).isEqualTo(scope.pools());
    // enabling it again restores the entry exactly
    assertThat(Subnet4.merge(scope, disabled).json()).isEqualTo(base.json());
    // disabling twice changes nothing more
    assertThat(Subnet4.merge(withEnabled(scope, false), disabled).json()).isEqualTo(json);
  }

  @Test
  @DisplayName("disabling keeps the subnet's own client-class (or Kea 3's client-classes) and enabling restores it")
  void disabledKeepsOwnClasses() {
    Subnet4 single = entry("{\"id\": 1, \"subnet\": \"192.0.2.0/24\", \"client-class\": \"lab-phones\"}");
    Subnet4 off = Subnet4.merge(withEnabled(single.toScope(), false), single);
    assertThat(off.json().path("client-class").asText()).isEqualTo(Subnet4.DISABLED_CLASS);
    assertThat(off.json().path("user-context").path(Subnet4.DISABLED_MARK).path("client-class").asText())
        .isEqualTo("lab-phones");
    assertThat(Subnet4.merge(single.toScope(), off).json()).isEqualTo(single.json());

    Subnet4 list = entry("{\"id\": 1, \"subnet\": \"192.0.2.0/24\", \"client-classes\": [\"a\", \"b\"]}");
    Subnet4 listOff = Subnet4.merge(withEnabled(list.toScope(), false), list);
    assertThat(listOff.json().path("client-classes").toString()).isEqualTo("[\"" + Subnet4.DISABLED_CLASS + "\"]");
    assertThat(listOff.json().has("client-class")).isFalse();
    assertThat(listOff.disabled()).isTrue();
    assertThat(Subnet4.merge(list.toScope(), listOff).json()).isEqualTo(list.json());
  }

  @Test
  @DisplayName("a subnet whose class was changed by hand after disabling reads enabled, and enabling keeps that class")
  void staleDisabledMark() {
    Subnet4 edited = entry("{\"id\": 1, \"subnet\": \"192.0.2.0/24\", \"client-class\": \"by-hand\","
        + " \"user-context\": {\"" + Subnet4.DISABLED_MARK + "\": {\"client-class\": \"old\"}}}");
    assertThat(edited.disabled()).isFalse();
    assertThat(edited.toScope().enabled()).isTrue();
    ObjectNode enabled = Subnet4.merge(edited.toScope(), edited).json();
    assertThat(enabled.path("client-class").asText()).isEqualTo("by-hand");
    assertThat(enabled.has("user-context")).isFalse();
    // the class alone, without the mark, is someone else's class: enabled
    assertThat(entry("{\"id\": 1, \"subnet\": \"192.0.2.0/24\", \"client-class\": \"" + Subnet4.DISABLED_CLASS
        + "\"}").toScope().enabled()).isTrue();
  }

  @Test
  @DisplayName("property: a scope Kea can hold survives subnet4 JSON, as text, unchanged")
  void roundTrip() {
    ScopeSamples.check("subnet4 round trip", () -> ScopeSamples.theory()
        .forAll(ScopeSamples.keaScopes())
        .checkAssert(scope -> {
          String text = KeaJson.write(Subnet4.from(scope).json());
          try {
            assertThat(Subnet4.of(KeaJson.parse(text)).toScope()).isEqualTo(scope);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }));
  }

  @Test
  @DisplayName("property: writing a scope over any entry of the same subnet reads back as exactly that scope")
  void mergeProperty() {
    ScopeSamples.check("subnet4 merge", () -> ScopeSamples.theory()
        .forAll(ScopeSamples.keaScopes(), org.quicktheories.generators.SourceDSL.longs().all())
        .checkAssert((scope, seed) -> {
          Scope other = ScopeSamples.scope(new Random(seed), false);
          Scope sameSubnet = Scope.builder().from(other).subnet(scope.subnet()).pools(java.util.List.of())
              .reservations(java.util.List.of()).build();
          Subnet4 base = Subnet4.from(sameSubnet);
          assertThat(Subnet4.merge(scope, base).toScope()).isEqualTo(scope);
          assertThat(Subnet4.merge(scope, Subnet4.from(scope)).json()).isEqualTo(Subnet4.from(scope).json());
        }));
  }

  @Test
  @DisplayName("Kea identifiers in quotes are text; hex without separators is normalised")
  void identifiers() {
    assertThat(Subnet4.identifierHex("'ab'")).isEqualTo("61:62");
    assertThat(Subnet4.identifierHex("01 02 03")).isEqualTo("01:02:03");
    assertThat(Subnet4.identifierHex("0a0b")).isEqualTo("0a0b");
  }
}
