package dev.failover.relationship;

import static dev.failover.relationship.Expect.fields;
import static dev.failover.relationship.Expect.violations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Secret;
import dev.failover.errors.Violation;
import dev.failover.server.ServerId;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Kea HA peer (vendor-facts §3.3)")
class KeaPeerTest {

  static ImmutableKeaPeer.Builder peer() {
    return KeaPeer.builder().server(ServerId.of("dhcp-a")).url(URI.create("http://192.0.2.1:8001/"))
        .role(ServerRole.PRIMARY);
  }

  @Test
  @DisplayName("§3.3: the name defaults to the server id and auto-failover to true")
  void defaults() {
    KeaPeer p = peer().build();
    assertThat(p.name()).isEqualTo("dhcp-a");
    assertThat(p.autoFailover()).isTrue();
    assertThat(p.basicAuthUser()).isEmpty();
    assertThat(p.tlsConfigured()).isFalse();
    assertThat(peer().name("server1").build().name()).isEqualTo("server1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", " server1", "server1 ", "ser\nver1", "a\u0000b"})
  @DisplayName("§3.3: the peer name is non-empty, without control characters or surrounding whitespace")
  void badNames(String name) {
    assertThat(fields(() -> peer().name(name).build())).containsExactly("name");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://192.0.2.1:8001/", "https://192.0.2.1:8001/", "http://[2001:db8::1]:8001/",
      "http://[::1]:8000/", "http://127.0.0.1:18001"})
  @DisplayName("§3.3: http or https with an IP literal host, IPv6 in brackets")
  void goodUrls(String url) {
    assertThat(peer().url(URI.create(url)).trustAnchor("/ca").certFile("/c").keyFile("/k").build().url())
        .hasToString(url);
  }

  @Test
  @DisplayName("§3.3 (Kea's own test badURLName): a host name is refused, Kea does not resolve names")
  void hostName() {
    Violation v = violations(() -> peer().url(URI.create("http://localhost:8080/")).build()).get(0);
    assertThat(v.field()).isEqualTo("url");
    assertThat(v.rule()).contains("IP literal");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ftp://192.0.2.1/", "//192.0.2.1:8080/", "http://192.0.2.300:8080/",
      "http://user:pw@192.0.2.1:8080/", "http://192.0.2.1:8080/?x=1", "http://192.0.2.1:8080/#f"})
  @DisplayName("§3.3: other schemes, bad addresses, user info, queries and fragments are refused")
  void badUrls(String url) {
    assertThat(fields(() -> peer().url(URI.create(url)).build())).isNotEmpty().containsOnly("url");
  }

  @Test
  @DisplayName("§3.3 (Kea's own test invalidUser): basic-auth-user must not contain ':'")
  void userWithColon() {
    assertThat(fields(() -> peer().basicAuthUser("foo:bar").build())).containsExactly("basicAuthUser");
    assertThat(peer().basicAuthUser("foo").build().basicAuthUser()).contains("foo");
  }

  @Test
  @DisplayName("§3.3: the inline password and the password file are exclusive, as are the user and the user file")
  void exclusiveForms() {
    assertThat(fields(() -> peer().basicAuthUser("kea").basicAuthPassword(Secret.of("pw"))
        .basicAuthPasswordFile("/etc/kea/pw").build())).containsExactly("basicAuthPasswordFile");
    assertThat(fields(() -> peer().basicAuthUser("kea").basicAuthUserFile("/etc/kea/user").build()))
        .containsExactly("basicAuthUserFile");
  }

  @Test
  @DisplayName("§3.2: the peer's TLS files are all three or none")
  void tlsAllOrNone() {
    assertThat(fields(() -> peer().trustAnchor("/ca").build())).containsExactly("trustAnchor");
    assertThat(fields(() -> peer().trustAnchor("/ca").certFile("/c").build())).containsExactly("trustAnchor");
    assertThat(peer().trustAnchor("/ca").certFile("/c").keyFile("/k").build().tlsConfigured()).isTrue();
  }

  @Test
  @DisplayName("the password never appears in toString")
  void passwordNotPrinted() {
    KeaPeer p = peer().basicAuthUser("kea").basicAuthPassword(Secret.of("hunter2-secret")).build();
    assertThat(p.toString()).doesNotContain("hunter2-secret").contains("***");
  }

  @Test
  @DisplayName("every broken rule is reported at once")
  void allAtOnce() {
    assertThat(fields(() -> peer().name("").url(URI.create("http://dhcp-b:8000/")).basicAuthUser("a:b")
        .keyFile("/k").build())).containsExactly("name", "url", "basicAuthUser", "trustAnchor");
  }
}
