package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.diff.DriftReport;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.config.Subnet4;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.state.FailoverStatus;
import dev.failover.state.KeaHaState;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Kea backend through the {@link Failover} facade against a real Kea 2.2 pair on loopback,
 * started without HA for each test: relationships created by the SDK reach Kea's normal states,
 * partner-down, a disabled subnet, Kea's own refusals, drift.
 */
@DisplayName("the Kea backend against a real Kea 2.2 pair")
class KeaBackendIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Duration STATES = Duration.ofSeconds(40);

  private RealKeaFixture fx;
  private Failover failover;

  @BeforeEach
  void start() {
    fx = new RealKeaFixture();
    failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  private Relationship create(FailoverMode mode, Duration maxResponseDelay, String... subnets) {
    for (String s : subnets) {
      fx.seed(RealKeaFixture.A, FailoverBackendContract.sampleScope(s, 2));
    }
    Relationship r = fx.relationship("pair-" + mode.name().toLowerCase(java.util.Locale.ROOT), mode,
        java.util.Arrays.stream(subnets).map(Subnet::parse).toList(), maxResponseDelay);
    failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
    return r;
  }

  /**
   * Polls the facade's status until both servers report {@code state} and see their partner in
   * it; bounded in time and count.
   */
  private List<FailoverStatus> awaitBoth(String relationship, KeaHaState state) {
    return await(() -> {
      List<FailoverStatus> s = failover.status(relationship);
      return s.stream().allMatch(x -> x.local() == state && x.partner().equals(java.util.Optional.of(state)))
          ? s : null;
    }, "both servers of " + relationship + " in " + state);
  }

  private static <T> T await(Supplier<T> probe, String what) {
    long deadline = System.nanoTime() + STATES.toNanos();
    RuntimeException last = null;
    for (int polls = 0; polls < 2_000 && System.nanoTime() < deadline; polls++) {
      try {
        T found = probe.get();
        if (found != null) {
          return found;
        }
      } catch (BackendException e) {
        last = e;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("not reached within " + STATES + ": " + what + (last == null ? "" : "; last error: "
        + last.getMessage()));
  }

  @Test
  @DisplayName("a load-balancing relationship created through the facade reaches load-balancing on both servers")
  void loadBalancing() {
    create(FailoverMode.LOAD_BALANCING, Duration.ofMillis(5000), "10.70.0.0/24");
    List<FailoverStatus> status = awaitBoth("pair-load_balancing", KeaHaState.LOAD_BALANCING);
    assertThat(status.get(0).details()).containsEntry("scopes", "kea-a").containsEntry("role", "primary");
    assertThat(status.get(1).details()).containsEntry("scopes", "kea-b").containsEntry("role", "secondary");
    // the subnet is identical on both, id included, and named for the relationship
    Dhcp4Config a = fx.client(RealKeaFixture.A).configGet();
    Dhcp4Config b = fx.client(RealKeaFixture.B).configGet();
    Subnet subnet = Subnet.parse("10.70.0.0/24");
    assertThat(b.subnet(subnet).orElseThrow().json()).isEqualTo(a.subnet(subnet).orElseThrow().json());
    // the planner split the pool between the two servers' classes, which Kea took
    assertThat(a.subnet(subnet).orElseThrow().json().path("pools")).extracting(p -> p.path("pool").asText() + " "
        + p.path("client-class").asText()).containsExactly("10.70.0.100-10.70.0.149 HA_kea-a",
            "10.70.0.150-10.70.0.200 HA_kea-b");
    assertThat(a.hooksLibraries()).containsExactly(fx.pair().hooksDirectory() + "/libdhcp_lease_cmds.so",
        fx.pair().hooksDirectory() + "/libdhcp_ha.so");
    assertThat(failover.drift("pair-load_balancing").isEmpty()).isTrue();
    // the relationships alone (what the tool's status reads) are those of the whole state, on both servers
    for (dev.failover.server.ServerId id : List.of(RealKeaFixture.A, RealKeaFixture.B)) {
      dev.failover.server.Server server = fx.inventory().require(id);
      assertThat(fx.backend().relationships(server, fx.inventory())).hasSize(1)
          .isEqualTo(fx.backend().read(server, fx.inventory()).relationships())
          .allSatisfy(r -> assertThat(r.scopes()).containsExactly(subnet));
    }
  }

  @Test
  @DisplayName("a hot-standby relationship created through the facade reaches hot-standby on both servers")
  void hotStandby() {
    create(FailoverMode.HOT_STANDBY, Duration.ofMillis(5000), "10.71.0.0/24");
    List<FailoverStatus> status = awaitBoth("pair-hot_standby", KeaHaState.HOT_STANDBY);
    assertThat(status.get(0).details()).containsEntry("scopes", "kea-a").containsEntry("role", "primary");
    assertThat(status.get(1).details()).containsEntry("scopes", "").containsEntry("role", "standby");
    assertThat(status).allSatisfy(s -> assertThat(s.lastContact()).isPresent());
  }

  @Test
  @DisplayName("partner-down: refused while the partner answers, nothing sent; at once by ha-maintenance-start once kea-a has lost kea-b")
  void partnerDown() {
    // max-response-delay 30 s: Kea would not move to partner-down by itself within this test
    create(FailoverMode.HOT_STANDBY, Duration.ofMillis(30_000), "10.72.0.0/24");
    awaitBoth("pair-hot_standby", KeaHaState.HOT_STANDBY);
    assertThatThrownBy(() -> failover.partnerDown("pair-hot_standby", "kea-a", ADMIN)).isInstanceOfSatisfying(
        BackendException.class, e -> {
          assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
          assertThat(e.serverMessage()).contains("kea-b still answers kea-a", "nothing was sent");
        });
    awaitBoth("pair-hot_standby", KeaHaState.HOT_STANDBY);
    fx.pair().stopServer(2);
    long started = System.nanoTime();
    // kea-a's next heartbeat (every second) goes unanswered: it sees kea-b unavailable
    await(() -> fx.client(RealKeaFixture.A).statusGet().highAvailability().get(0).remote()
        .filter(r -> r.lastState().equals("unavailable")).orElse(null), "kea-a seeing kea-b unavailable");
    failover.partnerDown("pair-hot_standby", "kea-a", ADMIN);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    // kea-b is gone, so the facade's status of the pair fails on it: ask kea-a alone
    FailoverStatus a = fx.backend().status(fx.inventory().require(RealKeaFixture.A),
        failover.relationship("pair-hot_standby"));
    assertThat(a.local()).isEqualTo(KeaHaState.PARTNER_DOWN);
    assertThat(a.partner()).contains(KeaHaState.UNAVAILABLE);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("a disabled subnet is accepted by Kea, serves nobody, and re-enabling restores its entry exactly")
  void disableAndEnable() {
    create(FailoverMode.HOT_STANDBY, Duration.ofMillis(5000), "10.73.0.0/24");
    Subnet subnet = Subnet.parse("10.73.0.0/24");
    ObjectNode before = fx.client(RealKeaFixture.B).configGet().subnet(subnet).orElseThrow().json();
    failover.apply(failover.plan(RemoveScope.of("pair-hot_standby", "10.73.0.0/24", "kea-a", ScopeFate.DISABLE)),
        ADMIN);
    Subnet4 off = fx.client(RealKeaFixture.B).configGet().subnet(subnet).orElseThrow();
    assertThat(off.disabled()).isTrue();
    assertThat(off.json().path("client-class").asText()).isEqualTo(Subnet4.DISABLED_CLASS);
    assertThat(failover.state("kea-b").scope(subnet).orElseThrow().enabled()).isFalse();
    failover.apply(failover.plan(AddScope.of("pair-hot_standby", "10.73.0.0/24")), ADMIN);
    assertThat(fx.client(RealKeaFixture.B).configGet().subnet(subnet).orElseThrow().json()).isEqualTo(before);
  }

  @Test
  @DisplayName("Kea's own refusal reaches the caller with Kea's text, and the server keeps its configuration")
  void keaRefuses() {
    create(FailoverMode.HOT_STANDBY, Duration.ofMillis(5000), "10.74.0.0/24");
    // kea-a defines option 224 as a string (a server-level option-def, which replication does not copy)
    ObjectNode dhcp4 = fx.client(RealKeaFixture.A).configGet().dhcp4();
    dhcp4.putArray("option-def").addObject().put("name", "site-label").put("code", 224).put("type", "string")
        .put("space", "dhcp4");
    fx.client(RealKeaFixture.A).configSet(Dhcp4Config.ofDhcp4(dhcp4));
    Scope scope = failover.state("kea-a").scope(Subnet.parse("10.74.0.0/24")).orElseThrow();
    fx.seed(RealKeaFixture.A, Scope.builder().from(scope).addOption(OptionValue.of(224, "lab 7")).build());
    String before = fx.client(RealKeaFixture.B).configGet().fingerprint();
    Plan plan = failover.plan(Replicate.scope("10.74.0.0/24").from("kea-a"));
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.serverCode()).contains("1");
      assertThat(e.server()).isEqualTo("kea-b");
      assertThat(e.serverMessage()).contains("option").contains("<wire>");
    });
    assertThat(fx.client(RealKeaFixture.B).configGet().fingerprint()).isEqualTo(before);
  }

  @Test
  @DisplayName("an out-of-band change on one server shows up in drift as exactly that item")
  void driftShowsOutOfBandChange() {
    create(FailoverMode.HOT_STANDBY, Duration.ofMillis(5000), "10.75.0.0/24");
    assertThat(failover.drift("pair-hot_standby").isEmpty()).isTrue();
    Subnet subnet = Subnet.parse("10.75.0.0/24");
    Scope scope = failover.state("kea-b").scope(subnet).orElseThrow();
    Reservation extra = Reservation.of("00:16:3e:99:99:99", "10.75.0.99");
    fx.seed(RealKeaFixture.B, Scope.builder().from(scope).addReservation(extra).build());
    DriftReport drift = failover.drift("pair-hot_standby");
    assertThat(drift.differenceCount()).isEqualTo(1);
    assertThat(drift.scopes()).singleElement().satisfies(d -> {
      assertThat(d.subnet()).isEqualTo(subnet);
      assertThat(d.items()).singleElement().satisfies(i -> {
        assertThat(i.key()).isEqualTo("hw-address:00:16:3e:99:99:99");
        assertThat(i.onlyOnSecond()).isTrue();
      });
    });
    Plan plan = failover.plan(Replicate.relationship("pair-hot_standby").from("kea-a"));
    assertThat(plan.part(RealKeaFixture.B).orElseThrow().changes()).hasSize(1).first().satisfies(c ->
        assertThat(c.describe()).contains("00:16:3e:99:99:99"));
    failover.apply(plan, ADMIN);
    assertThat(failover.drift("pair-hot_standby").isEmpty()).isTrue();
  }
}
