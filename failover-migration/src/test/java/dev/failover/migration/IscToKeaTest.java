package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.ValidationException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.kea.config.Subnet4;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the plan that moves an ISC failover pair to a Kea HA pair")
class IscToKeaTest {

  private static JsonNode dhcp4(MigrationPlan plan, String server) {
    return plan.config(server).path("Dhcp4");
  }

  private static JsonNode ha(MigrationPlan plan, String server) {
    JsonNode hooks = dhcp4(plan, server).path("hooks-libraries");
    return hooks.get(1).path("parameters").path("high-availability").get(0);
  }

  private static List<JsonNode> subnets(JsonNode dhcp4) {
    List<JsonNode> out = new ArrayList<>();
    dhcp4.path("subnet4").forEach(out::add);
    dhcp4.path("shared-networks").forEach(n -> n.path("subnet4").forEach(out::add));
    return out;
  }

  private static JsonNode subnet(MigrationPlan plan, String server, String prefix) {
    return subnets(dhcp4(plan, server)).stream().filter(s -> s.path("subnet").asText().equals(prefix)).findFirst()
        .orElseThrow();
  }

  private static MigrationPlan planOf(String primary, String secondary, String peer) {
    return IscToKea.plan(IscConfig.parse("p.conf", primary, dev.failover.isc.conf.IncludeResolver.none()),
        IscConfig.parse("s.conf", secondary, dev.failover.isc.conf.IncludeResolver.none()), peer,
        Pairs.partner("kea-a", 8001), Pairs.partner("kea-b", 8002));
  }

  private static String pair(String peerBody, boolean primary, String rest) {
    return "failover peer \"fo\" {\n  " + (primary ? "primary" : "secondary") + ";\n  address 192.0.2.1;\n"
        + "  peer address 192.0.2.2;\n" + peerBody + "}\n" + rest;
  }

  private static final String SUBNET = "subnet 10.0.0.0 netmask 255.255.255.0 {\n  pool {\n    failover peer \"fo\";\n"
      + "    range 10.0.0.10 10.0.0.19;\n  }\n}\n";

  @Nested
  @DisplayName("the HA relationship")
  class Relationship {

    @Test
    @DisplayName("split 128 becomes load balancing, the ISC primary's successor Kea's primary, the other secondary")
    void loadBalancing() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      assertThat(plan.mode()).isEqualTo("load-balancing");
      for (String server : List.of("kea-a", "kea-b")) {
        JsonNode ha = ha(plan, server);
        assertThat(ha.path("this-server-name").asText()).isEqualTo(server);
        assertThat(ha.path("mode").asText()).isEqualTo("load-balancing");
        assertThat(ha.path("peers").get(0).path("name").asText()).isEqualTo("kea-a");
        assertThat(ha.path("peers").get(0).path("role").asText()).isEqualTo("primary");
        assertThat(ha.path("peers").get(1).path("role").asText()).isEqualTo("secondary");
        assertThat(ha.path("peers").get(1).path("url").asText()).isEqualTo("http://127.0.0.1:8002/");
      }
    }

    @Test
    @DisplayName("split 256 becomes hot standby with the ISC primary's successor as Kea's primary")
    void hotStandby256() {
      MigrationPlan plan = Pairs.plan("hs", "standby-pair");
      assertThat(plan.mode()).isEqualTo("hot-standby");
      JsonNode peers = ha(plan, "kea-b").path("peers");
      assertThat(peers.get(0).path("name").asText() + "/" + peers.get(0).path("role").asText()).isEqualTo("kea-a/primary");
      assertThat(peers.get(1).path("name").asText() + "/" + peers.get(1).path("role").asText()).isEqualTo("kea-b/standby");
      assertThat(plan.untranslatable()).isEmpty();
    }

    @Test
    @DisplayName("split 0 (the secondary serves every client) becomes hot standby with the secondary's successor as Kea's primary")
    void hotStandby0() {
      MigrationPlan plan = planOf(pair("  mclt 60;\n  split 0;\n", true, SUBNET), pair("", false, SUBNET), "fo");
      assertThat(plan.mode()).isEqualTo("hot-standby");
      JsonNode peers = ha(plan, "kea-a").path("peers");
      assertThat(peers.get(0).path("name").asText() + "/" + peers.get(0).path("role").asText()).isEqualTo("kea-b/primary");
      assertThat(peers.get(1).path("name").asText() + "/" + peers.get(1).path("role").asText()).isEqualTo("kea-a/standby");
    }

    @Test
    @DisplayName("an hba bitmap of all ones is hot standby like split 256")
    void hbaAllOnes() {
      String hba = String.join(":", java.util.Collections.nCopies(32, "ff"));
      MigrationPlan plan = planOf(pair("  mclt 60;\n  hba " + hba + ";\n", true, SUBNET), pair("", false, SUBNET), "fo");
      assertThat(plan.mode()).isEqualTo("hot-standby");
      assertThat(ha(plan, "kea-a").path("peers").get(0).path("name").asText()).isEqualTo("kea-a");
    }

    @Test
    @DisplayName("an uneven split is load balancing and an untranslatable item: Kea always splits half and half")
    void unevenSplit() {
      MigrationPlan plan = planOf(pair("  mclt 60;\n  split 200;\n", true, SUBNET), pair("", false, SUBNET), "fo");
      assertThat(plan.mode()).isEqualTo("load-balancing");
      assertThat(plan.untranslatable()).anySatisfy(i -> {
        assertThat(i.statement()).isEqualTo("split 200");
        assertThat(i.location()).isEqualTo("p.conf:1");
        assertThat(i.reason()).contains("half");
      });
    }

    @Test
    @DisplayName("timers: max-response-delay in seconds becomes Kea's in milliseconds; mclt and max-unacked-updates are named as having no Kea equivalent")
    void timers() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      JsonNode ha = ha(plan, "kea-a");
      assertThat(ha.path("max-response-delay").asLong()).isEqualTo(30_000);
      assertThat(ha.path("heartbeat-delay").asLong()).isEqualTo(10_000);
      assertThat(plan.mappings()).anySatisfy(m -> {
        assertThat(m.isc()).isEqualTo("mclt 1800");
        assertThat(m.kea()).isEqualTo("(none)");
        assertThat(m.note()).startsWith("no Kea equivalent");
      });
      assertThat(plan.mappings()).anySatisfy(m -> {
        assertThat(m.isc()).isEqualTo("max-unacked-updates 10");
        assertThat(m.kea()).contains("max-unacked-clients");
      });
      assertThat(plan.untranslatable()).anySatisfy(i -> assertThat(i.statement()).isEqualTo("load balance max seconds 3"));
    }

    @Test
    @DisplayName("a max-response-delay beyond Kea's 16-bit milliseconds is set to 65535 ms and listed")
    void longDelay() {
      MigrationPlan plan = planOf(pair("  max-response-delay 120;\n  mclt 60;\n  split 128;\n", true, SUBNET),
          pair("  max-response-delay 120;\n", false, SUBNET), "fo");
      assertThat(ha(plan, "kea-b").path("max-response-delay").asLong()).isEqualTo(65_535);
      assertThat(plan.untranslatable()).anySatisfy(i -> assertThat(i.statement()).isEqualTo("max-response-delay 120"));
    }

    @Test
    @DisplayName("a peer that a file does not declare, or declares in the wrong role, is refused naming both")
    void wrongRoles() {
      assertThatThrownBy(() -> planOf(pair("", false, SUBNET), pair("  mclt 60;\n  split 128;\n", true, SUBNET), "fo"))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be declared \"primary;\" in the primary's file")
          .hasMessageContaining("must be declared \"secondary;\" in the secondary's file");
      assertThatThrownBy(() -> planOf(pair("  mclt 60;\n  split 128;\n", true, SUBNET), pair("", false, SUBNET), "nope"))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must be a failover peer the primary's dhcpd.conf declares");
    }
  }

  @Nested
  @DisplayName("the subnets")
  class Subnets {

    @Test
    @DisplayName("subnets get ids 1, 2, … in the primary's file order, the same on both servers; a shared network keeps its subnets")
    void ids() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      assertThat(plan.subnetIds()).containsExactly(java.util.Map.entry(Subnet.parse("10.10.0.0/24"), 1L),
          java.util.Map.entry(Subnet.parse("10.10.1.0/24"), 2L), java.util.Map.entry(Subnet.parse("10.20.0.0/24"), 3L));
      for (String server : List.of("kea-a", "kea-b")) {
        JsonNode net = dhcp4(plan, server).path("shared-networks").get(0);
        assertThat(net.path("name").asText()).isEqualTo("campus");
        assertThat(net.path("subnet4").get(0).path("id").asLong()).isEqualTo(1);
        assertThat(net.path("subnet4").get(1).path("id").asLong()).isEqualTo(2);
        assertThat(net.path("option-data").get(0).path("name").asText()).isEqualTo("ntp-servers");
        assertThat(dhcp4(plan, server).path("subnet4").get(0).path("id").asLong()).isEqualTo(3);
      }
      assertThat(plan.config("kea-a").path("Dhcp4").path("shared-networks"))
          .isEqualTo(plan.config("kea-b").path("Dhcp4").path("shared-networks"));
    }

    @Test
    @DisplayName("the gap between a pool's ranges stays out of every Kea pool, and in load balancing each pool stays whole, open to both servers (a split would refuse carried leases: CutoverDhcpIT)")
    void gapsAndHaClasses() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      JsonNode pools = subnet(plan, "kea-a", "10.10.0.0/24").path("pools");
      List<String> shown = new ArrayList<>();
      pools.forEach(p -> shown.add(p.path("pool").asText() + " " + p.path("client-class").asText()));
      assertThat(shown).containsExactly("10.10.0.100-10.10.0.149 ", "10.10.0.160-10.10.0.199 ");
      assertThat(plan.mappings()).anySatisfy(m -> {
        assertThat(m.kea()).isEqualTo("pools not split between the classes HA_kea-a and HA_kea-b, each open to both servers");
        assertThat(m.note()).contains("refuses a client its carried lease in the other server's half")
            .contains("make the plan with the ISC leases");
      });
    }

    @Test
    @DisplayName("class-limited pools: allow members of a class becomes the pool's client-class, deny unknown-clients Kea's KNOWN, and the class's match a Kea test")
    void classes() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      JsonNode pools = subnet(plan, "kea-b", "10.10.1.0/24").path("pools");
      assertThat(pools.get(0).path("client-class").asText()).isEqualTo("voip");
      assertThat(pools.get(1).path("client-class").asText()).isEqualTo("KNOWN");
      JsonNode classes = dhcp4(plan, "kea-b").path("client-classes");
      assertThat(classes.get(0).path("test").asText()).isEqualTo("substring(option[60].hex,0,4) == 'VOIP'");
      assertThat(classes.get(1).path("test").asText()).isEqualTo("option[60].hex == 'printer'");
      assertThat(plan.untranslatable()).noneSatisfy(i -> assertThat(i.statement()).startsWith("pool "));
    }

    @Test
    @DisplayName("hosts in groups become reservations in their subnet, with the group's options, hostname and client-id")
    void hostsInGroups() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      JsonNode printer = subnet(plan, "kea-a", "10.20.0.0/24").path("reservations").get(0);
      assertThat(printer.path("hw-address").asText()).isEqualTo("00:11:22:33:44:01");
      assertThat(printer.path("ip-address").asText()).isEqualTo("10.20.0.250");
      assertThat(printer.path("option-data").get(0).path("data").asText()).isEqualTo("10.20.0.53");
      JsonNode laptop = subnet(plan, "kea-a", "10.10.1.0/24").path("reservations").get(0);
      assertThat(laptop.path("client-id").asText()).isEqualTo("01:00:11:22:33:44:02");
      assertThat(laptop.path("hostname").asText()).isEqualTo("laptop1");
    }

    @Test
    @DisplayName("lease times: default-lease-time is valid-lifetime and max-lease-time max-valid-lifetime, globally and per subnet; boot fields carried")
    void lifetimes() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      assertThat(dhcp4(plan, "kea-a").path("valid-lifetime").asLong()).isEqualTo(3600);
      assertThat(dhcp4(plan, "kea-a").path("max-valid-lifetime").asLong()).isEqualTo(7200);
      assertThat(subnet(plan, "kea-a", "10.20.0.0/24").path("valid-lifetime").asLong()).isEqualTo(1800);
      assertThat(subnet(plan, "kea-a", "10.10.1.0/24").path("max-valid-lifetime").asLong()).isEqualTo(14400);
      assertThat(subnet(plan, "kea-a", "10.20.0.0/24").path("boot-file-name").asText()).isEqualTo("pxelinux.0");
      assertThat(subnet(plan, "kea-a", "10.20.0.0/24").path("next-server").asText()).isEqualTo("10.20.0.5");
    }

    @Test
    @DisplayName("each subnet the plan writes reads back through the Kea backend's mapping as the ISC scope: same reservations, options by code, and leased addresses")
    void readBack() {
      IscConfig isc = Pairs.conf("lb", "primary");
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      for (JsonNode entry : subnets(dhcp4(plan, "kea-a"))) {
        Scope kea = Subnet4.of(entry).toScope();
        Scope source = isc.scope(kea.subnet()).orElseThrow();
        assertThat(ScopeComparison.ofKea(kea)).isEqualTo(ScopeComparison.of(source));
      }
    }

    @Test
    @DisplayName("a subnet the partners declare differently is an untranslatable item; the primary's is used")
    void partnersDiffer() {
      String other = SUBNET.replace("10.0.0.19", "10.0.0.29");
      MigrationPlan plan = planOf(pair("  mclt 60;\n  split 128;\n", true, SUBNET), pair("", false, other), "fo");
      assertThat(plan.untranslatable()).anySatisfy(i -> {
        assertThat(i.location()).isEqualTo("s.conf:6");
        assertThat(i.statement()).isEqualTo("subnet 10.0.0.0/24");
        assertThat(i.reason()).contains("differs from the primary's");
      });
    }

    @Test
    @DisplayName("what Kea cannot express is listed with file, line, statement and reason")
    void untranslatable() {
      String rest = "log-facility local7;\nomapi-port 7911;\nif exists user-class { filename \"x\"; }\n"
          + "subnet 10.0.0.0 netmask 255.255.255.0 {\n  ddns-hostname \"h\";\n  pool {\n    failover peer \"fo\";\n"
          + "    deny members of \"x\";\n    range 10.0.0.10 10.0.0.19;\n  }\n}\n";
      MigrationPlan plan = planOf(pair("  mclt 60;\n  split 128;\n", true, rest), pair("", false, rest), "fo");
      assertThat(plan.untranslatable().stream().map(i -> i.location() + " | " + i.statement()).toList()).contains(
          "p.conf:8 | log-facility local7", "p.conf:9 | omapi-port 7911", "p.conf:10 | if exists user-class { … }",
          "p.conf:12 | subnet 10.0.0.0/24: ddns-hostname \"h\"", "p.conf:15 | pool 10.0.0.10-10.0.0.19: deny members of \"x\"");
    }
  }

  /** The line of the first line of {@code text} that contains {@code snippet}, counted from 1. */
  private static int line(String text, String snippet) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(snippet)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line with " + snippet);
  }

  private static List<String> items(MigrationPlan plan) {
    return plan.untranslatable().stream().map(i -> i.location() + " | " + i.statement()).toList();
  }

  private static UntranslatableItem item(MigrationPlan plan, String location, String statement) {
    return plan.untranslatable().stream().filter(i -> i.location().equals(location) && i.statement().equals(statement))
        .findFirst().orElseThrow(() -> new AssertionError(location + " | " + statement + " not in " + items(plan)));
  }

  @Nested
  @DisplayName("nothing lost: what the plan does not carry is listed")
  class NothingLost {

    @Test
    @DisplayName("hosts without a fixed address, with two, outside every subnet or without an identifier are listed with file, line and reason; a host's second identifier too")
    void hostsNotCarried() {
      String rest = SUBNET + "host nofixed {\n  hardware ethernet 00:11:22:33:44:10;\n  option host-name \"nofixed\";\n}\n"
          + "host twoaddr {\n  hardware ethernet 00:11:22:33:44:11;\n  fixed-address 10.0.0.50, 10.0.0.51;\n}\n"
          + "host outside {\n  hardware ethernet 00:11:22:33:44:12;\n  fixed-address 172.16.0.5;\n}\n"
          + "host noid {\n  fixed-address 10.0.0.52;\n}\n"
          + "host both {\n  hardware ethernet 00:11:22:33:44:13;\n  option dhcp-client-identifier 01:00:11:22:33:44:13;\n"
          + "  fixed-address 10.0.0.53;\n}\n";
      String primary = pair("  mclt 60;\n  split 128;\n", true, rest);
      MigrationPlan plan = planOf(primary, pair("", false, rest), "fo");
      assertThat(item(plan, "p.conf:" + line(primary, "host nofixed"), "host nofixed { … }").reason())
          .contains("without fixed-address").contains("not in KNOWN");
      assertThat(item(plan, "p.conf:" + line(primary, "host twoaddr"), "host twoaddr { … }").reason())
          .contains("one IPv4 address");
      assertThat(item(plan, "p.conf:" + line(primary, "host outside"), "host outside { … }").reason())
          .contains("172.16.0.5 is in none of the primary's subnets");
      assertThat(item(plan, "p.conf:" + line(primary, "host noid"), "host noid { … }").reason())
          .contains("neither hardware ethernet nor dhcp-client-identifier");
      assertThat(item(plan, "p.conf:" + line(primary, "01:00:11:22:33:44:13"),
          "host both: option dhcp-client-identifier 01 : 00 : 11 : 22 : 33 : 44 : 13").reason()).contains("one identifier");
      // the host that is carried is a reservation, and not listed as a whole
      assertThat(subnet(plan, "kea-a", "10.0.0.0/24").path("reservations")).hasSize(1);
      assertThat(items(plan)).noneMatch(i -> i.endsWith("host both { … }"));
    }

    @Test
    @DisplayName("a group's options around subnets and its other statements are listed; options a subnet states that the model cannot hold are listed")
    void groupsAndSubnetOptions() {
      String rest = "group {\n  option domain-name-servers 10.0.1.53;\n  filename \"boot.0\";\n"
          + "  subnet 10.0.1.0 netmask 255.255.255.0 {\n    option local-thing code 224 = text;\n"
          + "    default-lease-time forever;\n    pool {\n      failover peer \"fo\";\n"
          + "      range 10.0.1.10 10.0.1.19;\n    }\n  }\n}\n";
      String primary = pair("  mclt 60;\n  split 128;\n", true, rest);
      MigrationPlan plan = planOf(primary, pair("", false, rest), "fo");
      assertThat(item(plan, "p.conf:" + line(primary, "option domain-name-servers"),
          "group: option domain-name-servers 10.0.1.53").reason()).contains("subnets and pools declared in it");
      assertThat(item(plan, "p.conf:" + line(primary, "filename"), "filename \"boot.0\"").reason())
          .contains("a group's statements other than options");
      assertThat(items(plan)).contains("p.conf:" + line(primary, "local-thing") + " | subnet 10.0.1.0/24: option local-thing"
          + " code 224 = text", "p.conf:" + line(primary, "forever") + " | subnet 10.0.1.0/24: default-lease-time forever");
    }

    @Test
    @DisplayName("the secondary's global statements, shared networks' statements and classes are compared with the primary's; each difference is listed at its own file and line")
    void secondaryGlobals() {
      String common = "class \"printers\" {\n  match if option vendor-class-identifier = \"printer\";\n}\n" + SUBNET;
      String primary = pair("  mclt 60;\n  split 128;\n", true, "default-lease-time 3600;\n" + common);
      String secondary = pair("", false, "default-lease-time 600;\noption ntp-servers 10.0.0.123;\n"
          + common.replace("\"printer\"", "\"printer2\""));
      MigrationPlan plan = planOf(primary, secondary, "fo");
      assertThat(items(plan)).contains("p.conf:" + line(primary, "default-lease-time") + " | default-lease-time 3600",
          "s.conf:" + line(secondary, "default-lease-time") + " | default-lease-time 600",
          "s.conf:" + line(secondary, "ntp-servers") + " | option ntp-servers 10.0.0.123",
          "p.conf:" + line(primary, "class") + " | class \"printers\" { … }",
          "s.conf:" + line(secondary, "class") + " | class \"printers\" { … }");
      assertThat(item(plan, "s.conf:" + line(secondary, "ntp-servers"), "option ntp-servers 10.0.0.123").reason())
          .contains("only the secondary's dhcpd.conf says this");
      // partners that say the same globally add nothing
      MigrationPlan same = planOf(primary, pair("", false, "default-lease-time 3600;\n" + common), "fo");
      assertThat(items(same)).noneMatch(i -> i.contains("default-lease-time") || i.contains("class"));
    }
  }

  @Nested
  @DisplayName("the plan as a value")
  class AsValue {

    @Test
    @DisplayName("every untranslatable item blocks until the operator accepts it by its key")
    void blockers() {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      assertThat(plan.blockers(Set.of())).isEqualTo(plan.untranslatable()).hasSize(2);
      Set<String> all = plan.untranslatable().stream().map(UntranslatableItem::key).collect(Collectors.toSet());
      assertThat(plan.blockers(all)).isEmpty();
      Set<String> allButOne = new java.util.HashSet<>(all);
      allButOne.remove("lb/primary.conf:8 log-facility local7");
      assertThat(plan.blockers(allButOne)).extracting(UntranslatableItem::statement).containsExactly("log-facility local7");
      // the short ids accept as the keys do; each is u- and 8 hexadecimal digits, one per item
      Set<String> ids = plan.untranslatable().stream().map(UntranslatableItem::id).collect(Collectors.toSet());
      assertThat(ids).hasSize(2).allMatch(id -> id.matches("u-[0-9a-f]{8}"));
      assertThat(plan.blockers(ids)).isEmpty();
      assertThat(plan.summary()).contains(plan.untranslatable().get(0).id() + "  lb/primary.conf:");
    }

    @Test
    @DisplayName("the plan's JSON holds mode, ids, mappings, untranslatable items with their keys and both configurations")
    void json() throws Exception {
      MigrationPlan plan = Pairs.plan("lb", "fo1");
      JsonNode json = new ObjectMapper().readTree(plan.toJson());
      assertThat(json.path("mode").asText()).isEqualTo("load-balancing");
      assertThat(json.path("subnet-ids").path("10.20.0.0/24").asLong()).isEqualTo(3);
      assertThat(json.path("mappings").size()).isEqualTo(plan.mappings().size());
      assertThat(json.path("untranslatable").get(0).path("accept-with").asText())
          .isEqualTo(plan.untranslatable().get(0).key());
      assertThat(json.path("configs").path("kea-b")).isEqualTo(plan.config("kea-b"));
      assertThat(plan.summary()).contains("mclt 1800  ->  (none)").contains("Untranslatable (2)");
    }

    @Test
    @DisplayName("a Kea server's own entries (interfaces, lease database) are kept; the plan adds its own")
    void base() {
      KeaPartner a = ImmutableKeaPartner.builder().from(Pairs.partner("kea-a", 8001))
          .base("{\"interfaces-config\": {\"interfaces\": [\"eth1\"]}, \"lease-database\": {\"type\": \"memfile\", \"name\": \"/x\"}}")
          .build();
      MigrationPlan plan = IscToKea.plan(Pairs.conf("hs", "primary"), Pairs.conf("hs", "secondary"), "standby-pair", a,
          Pairs.partner("kea-b", 8002));
      ObjectNode dhcp4 = (ObjectNode) plan.config("kea-a").path("Dhcp4");
      assertThat(dhcp4.path("interfaces-config").path("interfaces").get(0).asText()).isEqualTo("eth1");
      assertThat(dhcp4.path("lease-database").path("name").asText()).isEqualTo("/x");
      assertThat(dhcp4.path("subnet4").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("a Kea partner named by host name, or two partners of one name, are refused")
    void partners() {
      assertThatThrownBy(() -> KeaPartner.of("kea-a", java.net.URI.create("http://kea.example.net:8000/")))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must name its host by IP address");
      assertThatThrownBy(() -> IscToKea.plan(Pairs.conf("hs", "primary"), Pairs.conf("hs", "secondary"), "standby-pair",
          Pairs.partner("kea", 1), Pairs.partner("kea", 2)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must name two different Kea servers");
    }
  }

  @Nested
  @DisplayName("load balancing planned with the ISC leases: each pool split around them between the HA classes")
  class LeaseAwareSplit {

    private static final dev.failover.server.ServerId KEA_A = dev.failover.server.ServerId.of("kea-a");

    /** Kea's who-serves prediction for a load-balancing Kea pair kea-a (primary), kea-b. */
    private static final dev.failover.relationship.Relationship KEA_PAIR = dev.failover.relationship.Relationship
        .builder().name("r").mode(dev.failover.relationship.FailoverMode.LOAD_BALANCING).primary(KEA_A)
        .secondary(dev.failover.server.ServerId.of("kea-b"))
        .settings(dev.failover.relationship.KeaHaSettings.forPair(dev.failover.relationship.FailoverMode.LOAD_BALANCING,
            KEA_A, java.net.URI.create("http://192.0.2.1:8001/"), dev.failover.server.ServerId.of("kea-b"),
            java.net.URI.create("http://192.0.2.2:8001/")))
        .build();

    private static IscLease lease(String address, int n, boolean withUid) {
      String mac = String.format("02:00:00:00:01:%02x", n);
      ImmutableIscLease.Builder b = ImmutableIscLease.builder().address(dev.failover.scope.Ipv4Address.parse(address))
          .bindingState("active").hardware(mac).location("l:" + n);
      if (withUid) {
        b.uid("01:" + mac);
      }
      return b.build();
    }

    /** Leases in both pools of 10.10.0.0/24 and in its class-limited subnet's pool, every other client with a client identifier. */
    private static List<IscLease> leases() {
      List<IscLease> out = new ArrayList<>();
      int n = 1;
      for (int host : new int[] {100, 101, 107, 120, 121, 122, 130, 149, 160, 161, 175, 199}) {
        out.add(lease("10.10.0." + host, n, n % 2 == 0));
        n++;
      }
      out.add(lease("10.10.1.60", n++, false));
      return out;
    }

    private static MigrationPlan plan(List<IscLease> leases) {
      return IscToKea.plan(Pairs.conf("lb", "primary"), Pairs.conf("lb", "secondary"), "fo1",
          Pairs.partner("kea-a", 8001), Pairs.partner("kea-b", 8002), leases);
    }

    /** The pool parts of a subnet: range to HA class. */
    private static java.util.Map<dev.failover.scope.AddressRange, String> parts(MigrationPlan plan, String server,
        String prefix) {
      java.util.Map<dev.failover.scope.AddressRange, String> out = new java.util.LinkedHashMap<>();
      subnet(plan, server, prefix).path("pools").forEach(p -> out.put(
          dev.failover.scope.AddressRange.parse(p.path("pool").asText()), p.path("client-class").asText()));
      return out;
    }

    @Test
    @DisplayName("each carried lease's address is in the pool part of the HA class Kea's who-serves prediction gives its client (clients of both servers among them)")
    void carriedAddressesInTheirServersPart() {
      List<IscLease> leases = leases();
      MigrationPlan plan = plan(leases);
      java.util.Map<dev.failover.scope.AddressRange, String> parts = parts(plan, "kea-a", "10.10.0.0/24");
      assertThat(parts).isEqualTo(parts(plan, "kea-b", "10.10.0.0/24"));
      Set<String> servers = new java.util.HashSet<>();
      for (IscLease l : leases.subList(0, leases.size() - 1)) {
        dev.failover.serving.Client client = dev.failover.serving.Client.of(l.hardware().get(), l.uid().orElse(null));
        dev.failover.server.ServerId predicted = dev.failover.serving.ServerChoice.predict(KEA_PAIR, client).configured();
        servers.add(predicted.toString());
        assertThat(IscToKea.keaServerOf(l.hardware().get(), l.uid()))
            .as("the plan's server of %s agrees with the who-serves prediction", client)
            .isEqualTo(predicted.equals(KEA_A) ? 0 : 1);
        String part = parts.entrySet().stream().filter(e -> e.getKey().contains(l.address())).map(java.util.Map.Entry::getValue)
            .findFirst().orElseThrow();
        assertThat(part).as("the class of the part holding %s (client %s)", l.address(), client)
            .isEqualTo("HA_" + predicted);
      }
      assertThat(servers).as("the carried clients go to both Kea servers").hasSize(2);
      assertThat(plan.mappings()).anySatisfy(m -> assertThat(m.kea())
          .isEqualTo("pools split between the classes HA_kea-a and HA_kea-b around the 13 active lease(s)"));
    }

    @Test
    @DisplayName("every pool address is in exactly one part, the parts of one pool alternate between the servers (adjacent addresses of one owner merged), and the free addresses are split evenly")
    void everyAddressOncePartsMinimalFreeEven() {
      List<IscLease> leases = leases();
      MigrationPlan plan = plan(leases);
      java.util.Map<dev.failover.scope.AddressRange, String> parts = parts(plan, "kea-a", "10.10.0.0/24");
      for (dev.failover.scope.AddressRange pool : List.of(dev.failover.scope.AddressRange.of("10.10.0.100", "10.10.0.149"),
          dev.failover.scope.AddressRange.of("10.10.0.160", "10.10.0.199"))) {
        List<java.util.Map.Entry<dev.failover.scope.AddressRange, String>> inPool = parts.entrySet().stream()
            .filter(e -> pool.contains(e.getKey().start())).toList();
        long covered = 0;
        long[] free = new long[2];
        for (int i = 0; i < inPool.size(); i++) {
          dev.failover.scope.AddressRange r = inPool.get(i).getKey();
          assertThat(pool.contains(r.end())).as("%s inside %s", r, pool).isTrue();
          if (i > 0) {
            assertThat(r.start()).as("%s follows the previous part", r).isEqualTo(inPool.get(i - 1).getKey().end().plus(1));
            assertThat(inPool.get(i).getValue()).as("%s's class differs from the previous part's", r)
                .isNotEqualTo(inPool.get(i - 1).getValue());
          }
          covered += r.size();
          long leased = leases.stream().filter(l -> r.contains(l.address())).count();
          free[inPool.get(i).getValue().equals("HA_kea-a") ? 0 : 1] += r.size() - leased;
        }
        assertThat(inPool.get(0).getKey().start()).isEqualTo(pool.start());
        assertThat(covered).as("addresses of %s in its parts", pool).isEqualTo(pool.size());
        assertThat(Math.abs(free[0] - free[1])).as("free addresses of kea-a and kea-b in %s: %s", pool,
            java.util.Arrays.toString(free)).isLessThanOrEqualTo(1);
      }
    }

    @Test
    @DisplayName("the split takes few ranges: no lease halves a pool, leases of two owners in order give two ranges, leases of one owner two ranges cut at the pool's end, and a cut inside a stretch only when the balance needs it")
    void fewestRanges() {
      dev.failover.scope.AddressRange pool = dev.failover.scope.AddressRange.of("10.0.0.10", "10.0.0.19");
      java.util.function.Function<java.util.Map<String, Integer>, List<String>> split = owners -> {
        java.util.Map<dev.failover.scope.Ipv4Address, Integer> m = new java.util.TreeMap<>();
        owners.forEach((a, o) -> m.put(dev.failover.scope.Ipv4Address.parse(a), o));
        return IscToKea.split(pool, m).stream().map(p -> p.range() + "=" + p.owner()).toList();
      };
      assertThat(split.apply(java.util.Map.of())).containsExactly("10.0.0.10-10.0.0.14=0", "10.0.0.15-10.0.0.19=1");
      assertThat(split.apply(java.util.Map.of("10.0.0.12", 0, "10.0.0.17", 1)))
          .containsExactly("10.0.0.10-10.0.0.14=0", "10.0.0.15-10.0.0.19=1");
      assertThat(split.apply(java.util.Map.of("10.0.0.12", 1, "10.0.0.17", 0)))
          .containsExactly("10.0.0.10-10.0.0.14=1", "10.0.0.15-10.0.0.19=0");
      assertThat(split.apply(java.util.Map.of("10.0.0.11", 0, "10.0.0.13", 0)))
          .containsExactly("10.0.0.10-10.0.0.15=0", "10.0.0.16-10.0.0.19=1");
      assertThat(split.apply(java.util.Map.of("10.0.0.10", 1, "10.0.0.19", 1)))
          .containsExactly("10.0.0.10-10.0.0.10=1", "10.0.0.11-10.0.0.14=0", "10.0.0.15-10.0.0.19=1");
      assertThat(split.apply(java.util.Map.of("10.0.0.10", 0, "10.0.0.12", 1, "10.0.0.14", 0)))
          .containsExactly("10.0.0.10-10.0.0.10=0", "10.0.0.11-10.0.0.13=1", "10.0.0.14-10.0.0.18=0",
              "10.0.0.19-10.0.0.19=1");
    }

    @Test
    @DisplayName("a class-limited pool stays whole (a Kea 2.2 pool has one class) and is listed; hot standby and a plan without leases keep whole pools")
    void wholeWhereNoSplit() {
      MigrationPlan plan = plan(leases());
      assertThat(subnet(plan, "kea-a", "10.10.1.0/24").path("pools").get(0).path("client-class").asText()).isEqualTo("voip");
      assertThat(plan.untranslatable()).anySatisfy(i -> {
        assertThat(i.statement()).isEqualTo("pool 10.10.1.50-10.10.1.99");
        assertThat(i.reason()).contains("limited to class voip");
      });
      MigrationPlan without = Pairs.plan("lb", "fo1");
      assertThat(parts(without, "kea-a", "10.10.0.0/24").values()).containsOnly("");
      assertThat(without.untranslatable()).noneSatisfy(i -> assertThat(i.reason()).contains("limited to class"));
    }
  }
}
