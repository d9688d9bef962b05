package dev.failover.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.json.FailoverJson;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.IscFailoverState;
import dev.failover.state.KeaHaState;
import dev.failover.state.ServerStatus;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerChoiceTest {

  static final ServerId A = ServerId.of("a");
  static final ServerId B = ServerId.of("b");

  static Relationship rel(FailoverMode mode, VendorSettings settings) {
    return Relationship.builder().name("r").mode(mode).primary(A).secondary(B).settings(settings).build();
  }

  static Relationship kea(FailoverMode mode) {
    return rel(mode, KeaHaSettings.forPair(mode, A, URI.create("http://192.0.2.1:8001/"), B,
        URI.create("http://192.0.2.2:8001/")));
  }

  static Relationship isc(FailoverMode mode) {
    return rel(mode, IscFailoverSettings.forMode(mode, "192.0.2.1", "192.0.2.2"));
  }

  /** A client whose hardware address hashes into the wanted bucket parity or half. */
  static Client clientWith(java.util.function.IntPredicate bucket) {
    for (int i = 0; i < 1000; i++) {
      Client c = Client.hardwareAddress(String.format("02:00:00:00:%02x:%02x", i >> 8, i & 0xff));
      if (bucket.test(LoadBalanceHash.bucket(c.hardwareAddressBytes()))) {
        return c;
      }
    }
    throw new AssertionError("no such client among 1000");
  }

  static ServerStatus status(ServerId server, FailoverState state) {
    return ServerStatus.of(FailoverStatus.of(dev.failover.relationship.RelationshipName.of("r"), server, state));
  }

  @Test
  @DisplayName("Kea load balancing: an even bucket is the primary's, an odd one the secondary's")
  void keaLoadBalancing() {
    Client even = clientWith(b -> b % 2 == 0);
    Client odd = clientWith(b -> b % 2 == 1);
    assertThat(ServerChoice.predict(kea(FailoverMode.LOAD_BALANCING), even).server()).contains(A);
    ServerChoice c = ServerChoice.predict(kea(FailoverMode.LOAD_BALANCING), odd);
    assertThat(c.server()).contains(B);
    assertThat(c.basis()).isEqualTo(ServerChoice.Basis.LOAD_BALANCING_HASH);
    assertThat(c.reason()).contains("bucket " + c.bucket().getAsInt()).contains("odd ones to the secondary");
  }

  @Test
  @DisplayName("a client identifier, when sent, is hashed instead of the hardware address")
  void clientIdentifierIsHashed() {
    Client c = Client.hardwareAddress("02:00:00:00:00:01").withClientIdentifier("01:02:00:00:00:00:01");
    assertThat(ServerChoice.predict(isc(FailoverMode.LOAD_BALANCING), c).bucket())
        .hasValue(LoadBalanceHash.bucket(new byte[] {1, 2, 0, 0, 0, 0, 1}));
  }

  @Test
  @DisplayName("ISC split 128: buckets 0-127 are the primary's, 128-255 the secondary's")
  void iscSplit() {
    assertThat(ServerChoice.predict(isc(FailoverMode.LOAD_BALANCING), clientWith(b -> b < 128)).server()).contains(A);
    ServerChoice c = ServerChoice.predict(isc(FailoverMode.LOAD_BALANCING), clientWith(b -> b >= 128));
    assertThat(c.server()).contains(B);
    assertThat(c.reason()).contains("split 128 gives buckets 0-127 to the primary");
  }

  @Test
  @DisplayName("ISC hba: bit (bucket mod 8) of byte (bucket / 8) says the bucket is the primary's")
  void iscHba() {
    // only bucket 9 (byte 1, bit 1) and everything of byte 31 belong to the primary
    StringBuilder hba = new StringBuilder("00:02");
    for (int i = 2; i < 31; i++) {
      hba.append(":00");
    }
    hba.append(":ff");
    Relationship r = rel(FailoverMode.LOAD_BALANCING, IscFailoverSettings.builder().primaryAddress("192.0.2.1")
        .secondaryAddress("192.0.2.2").hba(hba.toString()).build());
    assertThat(ServerChoice.predict(r, clientWith(b -> b == 9)).server()).contains(A);
    assertThat(ServerChoice.predict(r, clientWith(b -> b == 8)).server()).contains(B);
    assertThat(ServerChoice.predict(r, clientWith(b -> b >= 248)).server()).contains(A);
  }

  @Test
  @DisplayName("hot standby: the active server answers every client (Kea primary; ISC split 0 makes it the secondary)")
  void hotStandby() {
    Client any = clientWith(b -> true);
    assertThat(ServerChoice.predict(kea(FailoverMode.HOT_STANDBY), any).server()).contains(A);
    assertThat(ServerChoice.predict(kea(FailoverMode.HOT_STANDBY), any).bucket()).isEmpty();
    Relationship split0 = rel(FailoverMode.HOT_STANDBY, IscFailoverSettings.builder().primaryAddress("192.0.2.1")
        .secondaryAddress("192.0.2.2").split(0).build());
    assertThat(ServerChoice.predict(split0, any).server()).contains(B);
  }

  @Test
  @DisplayName("Windows load balancing: percent 70 gives the primary buckets 0-178")
  void windowsPercentage() {
    Relationship r = rel(FailoverMode.LOAD_BALANCING, WindowsFailoverSettings.loadBalance(70));
    assertThat(ServerChoice.predict(r, clientWith(b -> b == 178)).server()).contains(A);
    assertThat(ServerChoice.predict(r, clientWith(b -> b == 179)).server()).contains(B);
    Relationship all = rel(FailoverMode.LOAD_BALANCING, WindowsFailoverSettings.loadBalance(100));
    assertThat(ServerChoice.predict(all, clientWith(b -> b == 255)).server()).contains(A);
  }

  @Test
  @DisplayName("a server in partner-down answers the clients of both, whatever their bucket")
  void partnerDown() {
    Client primarys = clientWith(b -> b % 2 == 0);
    ServerChoice c = ServerChoice.predict(kea(FailoverMode.LOAD_BALANCING), primarys,
        List.of(ServerStatus.silent(dev.failover.relationship.RelationshipName.of("r"), A, "connection refused"),
            status(B, KeaHaState.PARTNER_DOWN)));
    assertThat(c.configured()).isEqualTo(A);
    assertThat(c.server()).contains(B);
    assertThat(c.basis()).isEqualTo(ServerChoice.Basis.PARTNER_DOWN);
    assertThat(c.reason()).startsWith("b is in partner-down and answers every client");
  }

  @Test
  @DisplayName("Kea partner-in-maintenance: that server answers every client")
  void maintenance() {
    ServerChoice c = ServerChoice.predict(kea(FailoverMode.HOT_STANDBY), clientWith(b -> true),
        List.of(status(A, KeaHaState.IN_MAINTENANCE), status(B, KeaHaState.PARTNER_IN_MAINTENANCE)));
    assertThat(c.servers()).containsExactly(B);
    assertThat(c.basis()).isEqualTo(ServerChoice.Basis.PARTNER_IN_MAINTENANCE);
  }

  @Test
  @DisplayName("a silent or syncing server answers no one, and says until when")
  void notServing() {
    Client c = clientWith(b -> b % 2 == 1);
    ServerChoice silent = ServerChoice.predict(kea(FailoverMode.LOAD_BALANCING), c,
        List.of(status(A, KeaHaState.LOAD_BALANCING), ServerStatus.silent(
            dev.failover.relationship.RelationshipName.of("r"), B, "connection refused")));
    assertThat(silent.servers()).isEmpty();
    assertThat(silent.basis()).isEqualTo(ServerChoice.Basis.NOT_SERVING);
    assertThat(silent.reason()).contains("connection refused").contains("until a is in partner-down");
    ServerChoice syncing = ServerChoice.predict(kea(FailoverMode.LOAD_BALANCING), c,
        List.of(status(A, KeaHaState.LOAD_BALANCING), status(B, KeaHaState.SYNCING)));
    assertThat(syncing.servers()).isEmpty();
    assertThat(syncing.reason()).startsWith("b is in syncing");
  }

  @Test
  @DisplayName("ISC communications-interrupted: both servers answer from their own free addresses")
  void communicationsInterrupted() {
    ServerChoice c = ServerChoice.predict(isc(FailoverMode.LOAD_BALANCING), clientWith(b -> b < 128),
        List.of(status(A, IscFailoverState.COMMUNICATIONS_INTERRUPTED),
            status(B, IscFailoverState.COMMUNICATIONS_INTERRUPTED)));
    assertThat(c.servers()).containsExactly(A, B);
    assertThat(c.server()).isEmpty();
  }

  @Test
  @DisplayName("a client is written and read as hex; a bad address is refused naming the field and the rule")
  void clientText() throws Exception {
    assertThat(Client.hardwareAddress("0200.5E00.0001")).isEqualTo(Client.hardwareAddress("02-00-5e-00-00-01"));
    assertThat(Client.hardwareAddress("2:0:5e:0:0:1").hardwareAddressText()).isEqualTo("02:00:5e:00:00:01");
    assertThatThrownBy(() -> Client.hardwareAddress("02:00:zz")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("hardwareAddress").hasMessageContaining("must be hex bytes");
    assertThatThrownBy(() -> Client.of("02:00:5e:00:00:01:02:03:04:05:06:07:08:09:0a:0b:0c", "01"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must be 1 to 16 bytes")
        .hasMessageContaining("clientIdentifier").hasMessageContaining("must be 2 to 255 bytes");
    ServerChoice c = ServerChoice.predict(kea(FailoverMode.LOAD_BALANCING),
        Client.hardwareAddress("02:00:5e:00:00:01").withClientIdentifier("01:02:00:5e:00:00:01"));
    String json = FailoverJson.mapper().writeValueAsString(c);
    assertThat(json).contains("\"hardwareAddress\":\"02:00:5e:00:00:01\"")
        .contains("\"clientIdentifier\":\"01:02:00:5e:00:00:01\"").contains("\"basis\":\"LOAD_BALANCING_HASH\"");
    assertThat(FailoverJson.mapper().readValue(json, ServerChoice.class)).isEqualTo(c);
  }
}
