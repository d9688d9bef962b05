package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.ServerReading;
import dev.failover.Secret;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.server.Credential;
import dev.failover.state.IscFailoverState;
import dev.failover.state.ServerStatus;
import dev.failover.testkit.isc.FakeOmapiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One ISC server silent (its OMAPI listener gone, or its dhcpd.conf unreadable) never hides its partner. */
@DisplayName("one ISC server down never hides the other")
class IscOutageTest {

  static final String KEY = "dGVzdC1vbmx5LW9tYXBpLWtleQ==";
  static final String BASE = "authoritative;\nsubnet 10.1.0.0 netmask 255.255.255.0 { pool { range 10.1.0.10 10.1.0.20; } }\n";

  @TempDir
  Path dir;
  FakeOmapiServer a;
  FakeOmapiServer b;
  IscWorld world;
  Failover failover;

  @BeforeEach
  void pair() {
    a = FakeOmapiServer.builder().peer("pair-1", FakeOmapiServer.Role.PRIMARY).start();
    b = FakeOmapiServer.builder().peer("pair-1", FakeOmapiServer.Role.SECONDARY).key("omapi-admin", Secret.of(KEY))
        .start();
    world = new IscWorld(dir).server("dhcp-a", "192.0.2.1", BASE).server("dhcp-b", "192.0.2.2", "authoritative;\n")
        .omapi("dhcp-a", a.host(), a.port(), Optional.empty())
        .omapi("dhcp-b", b.host(), b.port(), Optional.of(Credential.of("omapi-admin", Secret.of(KEY))));
    world.apply(CreateRelationship.of(Relationship.of("pair-1", FailoverMode.LOAD_BALANCING, "dhcp-a", "dhcp-b",
        IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2"))));
    world.apply(AddScope.of("pair-1", "10.1.0.0/24"));
    failover = world.failover();
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  @DisplayName("dhcp-a's OMAPI listener gone: its entry says why, dhcp-b's shows its state and its view of dhcp-a")
  void statusOfTheSurvivor() {
    b.setState("pair-1", IscFailoverState.COMMUNICATIONS_INTERRUPTED, IscFailoverState.UNKNOWN_STATE);
    a.close();
    List<ServerStatus> statuses = failover.statuses("pair-1");
    assertThat(statuses).extracting(s -> s.server().value()).containsExactly("dhcp-a", "dhcp-b");
    assertThat(statuses.get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("dhcp-a"));
    assertThat(statuses.get(1).status()).hasValueSatisfying(s -> {
      assertThat(s.local()).isEqualTo(IscFailoverState.COMMUNICATIONS_INTERRUPTED);
      assertThat(s.partner()).contains(IscFailoverState.UNKNOWN_STATE);
    });
  }

  @Test
  @DisplayName("dhcp-a's dhcpd.conf unreadable: reading every server names it and still reads dhcp-b")
  void anUnreadableFileHidesNothingElse() throws Exception {
    Files.delete(world.file("dhcp-a"));
    List<ServerReading> all = failover.readAll();
    assertThat(all.get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("dhcp-a"));
    assertThat(all.get(1).server().value()).isEqualTo("dhcp-b");
    assertThat(all.get(1).state()).as("%s", all.get(1)).hasValueSatisfying(s -> assertThat(s.peers()).isNotEmpty());
  }
}
