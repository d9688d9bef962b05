package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Failover;
import dev.failover.errors.ValidationException;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each server's own relationship-level TLS paths (server options ha-trust-anchor, ha-cert-file, ha-private-file). */
@DisplayName("KeaBackend: per-server HA TLS paths on the fake pair")
class KeaOwnTlsFilesTest {

  private static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Map<String, String> A_FILES = Map.of("ha-trust-anchor", "/etc/kea/a/ca.pem",
      "ha-cert-file", "/etc/kea/a/kea-a.pem", "ha-private-file", "/etc/kea/a/kea-a.key");
  private static final Map<String, String> B_FILES = Map.of("ha-trust-anchor", "/srv/tls/b ca \"x\".pem",
      "ha-cert-file", "/srv/tls/kea-b.pem", "ha-private-file", "/srv/tls/kea-b.key");

  private KeaFakeFixture fx;
  private Inventory inventory;
  private Failover failover;

  @BeforeEach
  void open() {
    fx = new KeaFakeFixture();
    inventory = Inventory.of(withOptions(KeaFakeFixture.A, A_FILES), withOptions(KeaFakeFixture.B, B_FILES));
    failover = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private Server withOptions(ServerId id, Map<String, String> options) {
    return Server.builder().from(fx.inventory().require(id)).options(options).build();
  }

  /** The relationship with the shared relationship-level TLS files the settings give. */
  private Relationship withSharedFiles(String name) {
    Relationship r = fx.relationship(name, List.of());
    KeaHaSettings kea = KeaHaSettings.builder().from((KeaHaSettings) r.settings())
        .trustAnchor("/etc/kea/shared/ca.pem").certFile("/etc/kea/shared/cert.pem")
        .keyFile("/etc/kea/shared/key.pem").build();
    return Relationship.builder().from(r).settings(kea).build();
  }

  private JsonNode entry(ServerId id) {
    return fx.config(id).highAvailability().get(0);
  }

  @Test
  @DisplayName("create and modify write each server's own paths; read back, both show the relationship's settings")
  void eachServerKeepsItsOwnPaths() {
    Relationship r = withSharedFiles("pair");
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    assertOwnPaths();
    assertThat(failover.state("kea-a").relationship(r.name()).orElseThrow().settings())
        .isEqualTo(r.withoutSecrets().settings());
    assertThat(failover.state("kea-b").relationship(r.name()).orElseThrow().settings())
        .isEqualTo(r.withoutSecrets().settings());

    KeaHaSettings kea = (KeaHaSettings) r.settings();
    Relationship changed = Relationship.builder().from(r).settings(ImmutableKeaHaSettings.copyOf(kea)
        .withHeartbeatDelay(kea.heartbeatDelay().plusSeconds(1))).build();
    failover.apply(failover.plan(ModifyRelationship.of(changed)), ADMIN);   // the facade verifies both
    assertOwnPaths();
    assertThat(entry(KeaFakeFixture.B).path("heartbeat-delay").asLong())
        .isEqualTo(kea.heartbeatDelay().plusSeconds(1).toMillis());
  }

  private void assertOwnPaths() {
    JsonNode a = entry(KeaFakeFixture.A);
    JsonNode b = entry(KeaFakeFixture.B);
    assertThat(a.path("trust-anchor").asText()).isEqualTo("/etc/kea/a/ca.pem");
    assertThat(a.path("cert-file").asText()).isEqualTo("/etc/kea/a/kea-a.pem");
    assertThat(a.path("key-file").asText()).isEqualTo("/etc/kea/a/kea-a.key");
    assertThat(b.path("trust-anchor").asText()).isEqualTo("/srv/tls/b ca \"x\".pem");
    assertThat(b.path("cert-file").asText()).isEqualTo("/srv/tls/kea-b.pem");
    assertThat(b.path("key-file").asText()).isEqualTo("/srv/tls/kea-b.key");
    assertThat(a.path("peers")).isEqualTo(b.path("peers"));
  }

  @Test
  @DisplayName("without the options, the settings' paths are written to both, as before")
  void withoutOptionsTheSharedPathsAreWritten() {
    Failover plain = Failover.builder().inventory(fx.inventory()).backends(new KeaBackend()).build();
    plain.apply(plain.plan(CreateRelationship.of(withSharedFiles("pair"))), ADMIN);
    for (ServerId id : List.of(KeaFakeFixture.A, KeaFakeFixture.B)) {
      assertThat(entry(id).path("cert-file").asText()).isEqualTo("/etc/kea/shared/cert.pem");
      assertThat(entry(id).path("user-context").path("failover-sdk").has("own-files")).isFalse();
    }
  }

  @Test
  @DisplayName("an own path changed by hand reads as it is: the relationships of the two servers then differ")
  void anOwnPathChangedByHandShows() {
    Relationship r = withSharedFiles("pair");
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    ObjectNode dhcp4 = fx.config(KeaFakeFixture.B).dhcp4();
    ArrayNode hooks = (ArrayNode) dhcp4.path("hooks-libraries");
    for (JsonNode hook : hooks) {
      if (hook.path("library").asText().endsWith("libdhcp_ha.so")) {
        ((ObjectNode) hook.path("parameters").path("high-availability").get(0)).put("cert-file", "/tmp/other.pem");
      }
    }
    fx.set(KeaFakeFixture.B, Dhcp4Config.ofDhcp4(dhcp4));
    assertThat(failover.state("kea-b").relationship(r.name()).orElseThrow().settings())
        .isInstanceOfSatisfying(KeaHaSettings.class, k -> assertThat(k.certFile()).contains("/tmp/other.pem"));
    assertThat(failover.state("kea-a").relationship(r.name()).orElseThrow().settings())
        .isInstanceOfSatisfying(KeaHaSettings.class, k -> assertThat(k.certFile()).contains("/etc/kea/shared/cert.pem"));
  }

  @Test
  @DisplayName("own paths that would leave Kea one or two of the three files are refused before anything is sent")
  void partialFilesRefused() {
    Inventory partial = Inventory.of(withOptions(KeaFakeFixture.A, Map.of("ha-cert-file", "/etc/kea/a/kea-a.pem")),
        fx.inventory().require(KeaFakeFixture.B));
    Failover f = Failover.builder().inventory(partial).backends(new KeaBackend()).build();
    fx.seed(KeaFakeFixture.A, FailoverBackendContract.sampleScope("10.50.0.0/24", 1));
    int before = fx.fake(KeaFakeFixture.A).writes().size();
    assertThatThrownBy(() -> f.apply(f.plan(CreateRelationship.of(fx.relationship("pair", List.of()))), ADMIN))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
            .contains("1 of trust-anchor, cert-file and key-file").contains("[cert-file]"));
    assertThat(fx.fake(KeaFakeFixture.A).writes()).hasSize(before);
  }

  @Test
  @DisplayName("an empty own path is refused, naming the option")
  void badPathRefused() {
    Inventory bad = Inventory.of(withOptions(KeaFakeFixture.A, Map.of("ha-private-file", "")),
        fx.inventory().require(KeaFakeFixture.B));
    Failover f = Failover.builder().inventory(bad).backends(new KeaBackend()).build();
    assertThatThrownBy(() -> f.state("kea-a")).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.getMessage()).contains("options.ha-private-file").contains("must be the absolute path of"));
  }
}
