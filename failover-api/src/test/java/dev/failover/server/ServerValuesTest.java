package dev.failover.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.NotFoundException;
import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.json.FailoverJson;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerValuesTest {

  @Test
  void serverIdsAreShortPlainNames() {
    assertThat(ServerId.of("dhcp-a.example_1").value()).isEqualTo("dhcp-a.example_1");
    for (String bad : new String[] {"", "-a", "a b", "a;rm", "x".repeat(65), "a\"b"}) {
      assertThatThrownBy(() -> ServerId.of(bad)).as(bad).isInstanceOf(ValidationException.class);
    }
  }

  @Test
  void aServerHasAnAddressAndNoSecretsInItsOptions() {
    assertThatThrownBy(() -> Server.builder().id(ServerId.of("a")).vendor(Vendor.KEA).address("not an address!")
        .endpoint(URI.create("http://127.0.0.1:8000/")).putOption("password", "hunter2").putOption("x", "a\nb").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder("address",
              "options.password", "options.x");
          assertThat(e.getMessage()).doesNotContain("hunter2");
        });
    assertThat(Server.of("a", Vendor.KEA, "::1", URI.create("http://[::1]:8000/")).address()).isEqualTo("::1");
  }

  @Test
  void credentialsNeverShowTheirSecret() {
    Server s = Server.builder().id(ServerId.of("a")).vendor(Vendor.WINDOWS).address("dc1.example.org")
        .endpoint(URI.create("ssh://admin@127.0.0.1:22")).credential(Credential.of("admin", Secret.of("hunter2"))).build();
    assertThat(s.toString()).doesNotContain("hunter2");
    String json = FailoverJson.write(s);
    assertThat(json).doesNotContain("hunter2").contains("\"***\"");
    Server back = FailoverJson.read(json, Server.class);
    assertThat(back.credential().orElseThrow().secret().isRedacted()).isTrue();
    assertThatThrownBy(() -> back.credential().orElseThrow().secret().reveal()).isInstanceOf(ValidationException.class)
        .hasMessageContaining("supply it again");
    assertThat(s.credential().orElseThrow().secret().reveal()).isEqualTo("hunter2");
  }

  @Test
  void anInventoryKnowsEachServerOnce() {
    Server a = Server.of("a", Vendor.ISC, "192.0.2.1", URI.create("file:///a.conf"));
    assertThatThrownBy(() -> Inventory.of(a, a)).hasMessageContaining("servers.id must be unique in the inventory");
    assertThatThrownBy(() -> Inventory.of(a).require("b")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("known: [a]");
    assertThat(FailoverJson.read(FailoverJson.write(Inventory.of(a)), Inventory.class)).isEqualTo(Inventory.of(a));
  }

  @Test
  void secretsCompareWithoutLeaking() {
    assertThat(Secret.of("x")).isEqualTo(Secret.of("x")).isNotEqualTo(Secret.of("y"));
    assertThat(Secret.of("x").hashCode()).isEqualTo(Secret.of("y").hashCode());
    assertThat(Map.of("k", Secret.of("hunter2")).toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> Secret.of("")).isInstanceOf(ValidationException.class);
  }
}
