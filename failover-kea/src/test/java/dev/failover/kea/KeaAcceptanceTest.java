package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.Violation;
import dev.failover.kea.client.ImmutableKeaVersion;
import dev.failover.kea.client.KeaVersion;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.internal.KeaJson;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("what a Kea server of a given version accepts, checked before anything is sent")
class KeaAcceptanceTest {

  private static final ServerId KEA = ServerId.of("kea-b");
  private static final Subnet SUBNET = Subnet.parse("192.0.2.0/24");

  private static Optional<KeaVersion> version(int major, int minor, int patch) {
    return Optional.of(ImmutableKeaVersion.builder().text(major + "." + minor + "." + patch).major(major).minor(minor)
        .patch(patch).build());
  }

  private static ObjectNode dhcp4() {
    ObjectNode d = KeaJson.object();
    ObjectNode subnet = d.putArray("subnet4").addObject().put("id", 1).put("subnet", SUBNET.toString());
    subnet.putArray("pools").addObject().put("pool", "192.0.2.100-192.0.2.200");
    return d;
  }

  private static ObjectNode entry(String own, String mode) {
    ObjectNode e = KeaJson.object().put("this-server-name", own).put("mode", mode).put("heartbeat-delay", 1000);
    ArrayNode peers = e.putArray("peers");
    peers.addObject().put("name", "kea-a").put("url", "http://192.0.2.1:8000/").put("role", "primary");
    peers.addObject().put("name", "kea-b").put("url", "http://192.0.2.2:8000/").put("role",
        mode.equals("load-balancing") ? "secondary" : "standby");
    return e;
  }

  private static Dhcp4Config withHa(ObjectNode... entries) {
    ObjectNode d = dhcp4();
    ObjectNode ha = d.putArray("hooks-libraries").addObject().put("library", "/hooks/libdhcp_ha.so")
        .putObject("parameters");
    ArrayNode list = ha.putArray("high-availability");
    for (ObjectNode e : entries) {
      list.add(e);
    }
    return Dhcp4Config.ofDhcp4(d);
  }

  private static KeaAcceptance.Review review(Optional<KeaVersion> version, Dhcp4Config next) {
    return KeaAcceptance.review(KEA, version, Dhcp4Config.ofDhcp4(dhcp4()), next, List.of(SUBNET));
  }

  @Test
  @DisplayName("vendor-facts §3.4: every HA parameter the hook would refuse is reported at once, in an operator's words")
  void everyHaProblemAtOnce() {
    ObjectNode e = entry("kea-b", "hot-standby").put("heartbeat-delay", 70_000).put("delayed-updates-limit", 5)
        .put("wait-backup-ack", true);
    ((ObjectNode) e.path("peers").get(1)).put("url", "https://192.0.2.2:8000/").put("basic-auth-user", "a:b");
    e.putObject("state-machine").putArray("states").addObject().put("state", "waiting").put("pause", "sometimes");
    ((ArrayNode) e.path("peers")).addObject().put("name", "").put("url", "http://dhcp.example:8000/").put("role", "backup");
    List<Violation> refused = review(version(2, 2, 0), withHa(e)).refusals();
    assertThat(refused).extracting(Violation::field).contains("relationship kea-a: heartbeat-delay",
        "relationship kea-a: delayed-updates-limit", "relationship kea-a: wait-backup-ack",
        "relationship kea-a: peer \"kea-b\" url", "relationship kea-a: peer \"kea-b\" basic-auth-user",
        "relationship kea-a: state-machine pause for waiting", "relationship kea-a: peer name",
        "relationship kea-a: peer \"\" url");
    assertThat(refused).hasSize(8);
    assertThat(refused).allSatisfy(v -> assertThat(v.message()).doesNotContainPattern("[a-z][A-Z]"));
  }

  @Test
  @DisplayName("a sane entry passes; its TLS files, which only the server can read, are named in a warning")
  void tlsFilesAreAWarning() {
    ObjectNode e = entry("kea-b", "hot-standby").put("trust-anchor", "/etc/kea/ca.pem")
        .put("cert-file", "/etc/kea/b.pem").put("key-file", "/etc/kea/b.key");
    KeaAcceptance.Review r = review(version(2, 2, 0), withHa(e));
    assertThat(r.refusals()).isEmpty();
    assertThat(r.warnings()).singleElement().satisfies(w -> {
      assertThat(w.code()).isEqualTo(WarningCode.KEA_HOOK_READS_FILES);
      assertThat(w.message()).contains("/etc/kea/ca.pem").contains("kea-b").contains("previous configuration");
    });
    // (an entry written by hand is named after its primary peer, kea-a)
    // the same entry already in force: nothing new for the hook to read
    Dhcp4Config same = withHa(e.deepCopy());
    assertThat(KeaAcceptance.review(KEA, version(2, 2, 0), same, same, List.of()).warnings()).isEmpty();
  }

  @Test
  @DisplayName("vendor-facts §3.1: a second relationship is refused on Kea 2.2 and taken from 2.5.5 (hot-standby)")
  void severalRelationshipsByVersion() {
    ObjectNode second = entry("kea-b2", "hot-standby");
    ((ObjectNode) second.path("peers").get(0)).put("name", "kea-a2");
    ((ObjectNode) second.path("peers").get(1)).put("name", "kea-b2");
    Dhcp4Config two = withHa(entry("kea-b", "hot-standby"), second);
    assertThat(review(version(2, 2, 0), two).refusals()).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("relationships");
      assertThat(v.rule()).contains("runs Kea 2.2.0").contains("2.5.5");
    });
    assertThat(review(version(2, 6, 0), two).refusals()).isEmpty();
  }

  @Test
  @DisplayName("basic-auth-user-file is refused before Kea 3.1.2, whose older hooks would ignore it silently")
  void userFileByVersion() {
    ObjectNode e = entry("kea-b", "hot-standby");
    ((ObjectNode) e.path("peers").get(0)).put("basic-auth-user-file", "/etc/kea/user");
    assertThat(review(version(2, 2, 0), withHa(e)).refusals()).singleElement()
        .satisfies(v -> assertThat(v.rule()).contains("3.1.2").contains("without a user"));
    assertThat(review(version(3, 2, 0), withHa(e)).refusals()).isEmpty();
  }

  @Test
  @DisplayName("an option limited to a class: refused on Kea 2.2 (\"spurious 'client-classes' parameter\"), taken from 2.7.4")
  void optionClassesByVersion() {
    ObjectNode d = dhcp4();
    ((ObjectNode) d.path("subnet4").get(0)).putArray("option-data").addObject().put("code", 6).put("space", "dhcp4")
        .put("data", "192.0.2.53").set("client-classes", KeaJson.array().add("voip"));
    Dhcp4Config next = Dhcp4Config.ofDhcp4(d);
    assertThat(review(version(2, 2, 0), next).refusals()).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("scope 192.0.2.0/24");
      assertThat(v.value()).contains("option 6").contains("voip");
      assertThat(v.rule()).contains("Kea 2.2.0").contains("2.7.4");
    });
    assertThat(review(version(2, 7, 4), next).refusals()).isEmpty();
    assertThat(review(version(3, 0, 0), next).refusals()).isEmpty();
    assertThat(review(Optional.empty(), next).refusals()).isEmpty();
    List<Warning> none = review(version(2, 2, 0), Dhcp4Config.ofDhcp4(dhcp4())).warnings();
    assertThat(none).isEmpty();
  }
}
