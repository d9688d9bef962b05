package dev.failover.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.failover.Secret;
import dev.failover.server.ServerId;
import dev.failover.state.KeaHaState;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("JSON round trips of the relationship types")
class RelationshipJsonTest {

  /** The plain mapper a user would build. */
  static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule());
  /** A mapper writing ISO-8601 durations, as the SDK's own JSON does. */
  static final ObjectMapper ISO = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  static final ServerId A = ServerId.of("dhcp-a");
  static final ServerId B = ServerId.of("dhcp-b");

  static KeaHaSettings fullKea() {
    return KeaHaSettings.builder()
        .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(6000)).maxAckDelay(Duration.ofMillis(500))
        .maxUnackedClients(0).maxRejectedLeaseUpdates(3).delayedUpdatesLimit(0).waitBackupAck(false)
        .sendLeaseUpdates(true).syncLeases(false).syncTimeout(Duration.ofMillis(30_000)).syncPageLimit(500)
        .requireClientCerts(false).restrictCommands(true)
        .multiThreading(KeaMultiThreading.builder().httpListenerThreads(4).httpClientThreads(2).build())
        .addStatePause(KeaStatePause.of(KeaHaState.WAITING, KeaStatePause.Pause.ONCE))
        .trustAnchor("/etc/kea/ca.pem").certFile("/etc/kea/cert.pem").keyFile("/etc/kea/key.pem")
        .addPeer(KeaPeer.builder().server(A).name("server1").url(URI.create("https://192.0.2.1:8001/"))
            .role(ServerRole.PRIMARY).autoFailover(false).basicAuthUser("kea").basicAuthPasswordFile("/etc/kea/pw").build())
        .addPeer(KeaPeer.builder().server(B).url(URI.create("https://[2001:db8::2]:8001/")).role(ServerRole.STANDBY)
            .basicAuthUser("kea").trustAnchor("/ca").certFile("/c").keyFile("/k").build())
        .build();
  }

  static Stream<Arguments> values() {
    String half = IscFailoverSettingsTest.HALF_HBA;
    IscFailoverSettings iscSplit = IscFailoverSettings.builder().primaryAddress("192.0.2.1").secondaryAddress("dhcp-b.example")
        .secondaryPort(847).mclt(Duration.ofSeconds(1800)).autoPartnerDown(Duration.ofSeconds(90)).build();
    IscFailoverSettings iscHba = IscFailoverSettings.builder().primaryAddress("192.0.2.1").secondaryAddress("192.0.2.2")
        .hba(half).build();
    WindowsFailoverSettings win = WindowsFailoverSettings.builder().reservePercent(7).partnerRole(WindowsServerRole.ACTIVE)
        .maxClientLeadTime(Duration.ofMinutes(90)).stateSwitchInterval(Duration.ofMinutes(30)).messageAuthentication(true)
        .build();
    return Stream.of(
        Arguments.of("relationship name", RelationshipName.of("pair \"1\" <-->"), RelationshipName.class),
        Arguments.of("ISC settings with split", iscSplit, IscFailoverSettings.class),
        Arguments.of("ISC settings with hba", iscHba, IscFailoverSettings.class),
        Arguments.of("ISC settings as vendor settings", iscHba, VendorSettings.class),
        Arguments.of("ISC primary declaration", iscSplit.declarationFor(ServerRole.PRIMARY), IscPeerDeclaration.class),
        Arguments.of("ISC secondary declaration", iscHba.declarationFor(ServerRole.SECONDARY), IscPeerDeclaration.class),
        Arguments.of("Kea settings, every parameter", fullKea(), KeaHaSettings.class),
        Arguments.of("Kea settings as vendor settings", fullKea(), VendorSettings.class),
        Arguments.of("Kea peer", fullKea().peers().get(1), KeaPeer.class),
        Arguments.of("Kea multi-threading", KeaMultiThreading.defaults(), KeaMultiThreading.class),
        Arguments.of("Kea state pause", KeaStatePause.of(KeaHaState.PARTNER_DOWN, KeaStatePause.Pause.ALWAYS),
            KeaStatePause.class),
        Arguments.of("Windows settings", win, WindowsFailoverSettings.class),
        Arguments.of("Windows settings as vendor settings", WindowsFailoverSettings.loadBalance(30), VendorSettings.class),
        Arguments.of("ISC relationship", Relationship.builder().name("isc 1").mode(FailoverMode.LOAD_BALANCING)
            .primary(A).secondary(B).settings(iscSplit).addScope("10.1.0.0/24").addScope("10.0.0.0/8").build(),
            Relationship.class),
        Arguments.of("Kea relationship", Relationship.builder().name("kea-1").mode(FailoverMode.HOT_STANDBY)
            .primary(A).secondary(B).settings(fullKea()).build(), Relationship.class),
        Arguments.of("Windows relationship", Relationship.builder().name("win-1").mode(FailoverMode.HOT_STANDBY)
            .primary(A).secondary(B).settings(win).addScope("192.168.10.0/24").build(), Relationship.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @DisplayName("reads back equal with a plain ObjectMapper (Jdk8Module, JavaTimeModule)")
  void plainMapper(String what, Object value, Class<?> type) throws Exception {
    String json = PLAIN.writeValueAsString(value);
    assertThat(PLAIN.readValue(json, type)).as(json).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  @DisplayName("reads back equal with ISO-8601 durations")
  void isoMapper(String what, Object value, Class<?> type) throws Exception {
    String json = ISO.writeValueAsString(value);
    assertThat(ISO.readValue(json, type)).as(json).isEqualTo(value);
  }

  @Test
  @DisplayName("vendor settings carry their vendor as \"vendor\": isc, kea, windows")
  void vendorProperty() throws Exception {
    assertThat(PLAIN.readTree(PLAIN.writeValueAsString(IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2")))
        .get("vendor").asText()).isEqualTo("isc");
    assertThat(PLAIN.readTree(PLAIN.writeValueAsString(fullKea())).get("vendor").asText()).isEqualTo("kea");
    assertThat(PLAIN.readTree(PLAIN.writeValueAsString(WindowsFailoverSettings.defaults())).get("vendor").asText())
        .isEqualTo("windows");
    assertThat(PLAIN.readValue("{\"vendor\":\"windows\",\"reservePercent\":9}", VendorSettings.class))
        .isEqualTo(WindowsFailoverSettings.builder().reservePercent(9).build());
  }

  @Test
  @DisplayName("secrets are written as *** and read back redacted; the value never reaches JSON")
  void secrets() throws Exception {
    WindowsFailoverSettings win = WindowsFailoverSettings.builder().sharedSecret(Secret.of("w1ndows-s3cret")).build();
    KeaHaSettings kea = KeaHaSettings.builder().from(fullKea()).peers(java.util.List.of(
        KeaPeer.builder().server(A).url(URI.create("http://192.0.2.1:8001/")).role(ServerRole.PRIMARY)
            .basicAuthUser("kea").basicAuthPassword(Secret.of("k3a-passw0rd")).build(),
        KeaPeer.of(B, URI.create("http://192.0.2.2:8001/"), ServerRole.STANDBY))).build();
    Relationship r = Relationship.builder().name("w").mode(FailoverMode.LOAD_BALANCING).primary(A).secondary(B)
        .settings(win).build();
    for (Object value : new Object[] {win, kea, r}) {
      String json = PLAIN.writeValueAsString(value);
      assertThat(json).doesNotContain("w1ndows-s3cret").doesNotContain("k3a-passw0rd").contains("\"***\"");
      assertThat(value.toString()).doesNotContain("w1ndows-s3cret").doesNotContain("k3a-passw0rd");
    }
    WindowsFailoverSettings back = (WindowsFailoverSettings) PLAIN.readValue(PLAIN.writeValueAsString(win),
        VendorSettings.class);
    assertThat(back.sharedSecret()).hasValueSatisfying(s -> assertThat(s.isRedacted()).isTrue());
    assertThat(back.messageAuthentication()).isTrue();
    assertThat(ImmutableWindowsFailoverSettings.copyOf(back).withSharedSecret(Secret.of("w1ndows-s3cret"))).isEqualTo(win);
    KeaHaSettings keaBack = PLAIN.readValue(PLAIN.writeValueAsString(kea), KeaHaSettings.class);
    assertThat(keaBack.peers().get(0).basicAuthPassword()).hasValueSatisfying(s -> assertThat(s.isRedacted()).isTrue());
  }

  @Test
  @DisplayName("invalid values in JSON are refused with the validation")
  void invalidJson() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PLAIN.readValue(
        "{\"vendor\":\"windows\",\"maxClientLeadTime\":0}", VendorSettings.class))
        .hasRootCauseInstanceOf(dev.failover.errors.ValidationException.class).hasMessageContaining("maxClientLeadTime");
  }
}
