package dev.failover.kea;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.diff.DriftReport;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverStatus;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaServer;
import dev.failover.testkit.kea.KeaCommandRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Within one facade call each server is read at most once, and only the servers the call concerns:
 * two fake Kea pairs, relationships {@code one-a} and {@code two-a}, the commands each fake
 * received counted per call ({@link KeaCommandRecord}).
 */
@DisplayName("one facade call reads each Kea server at most once, and only the servers it concerns")
class KeaReadOnceTest {

  private FakeKeaPair one;
  private FakeKeaPair two;
  private Failover failover;
  private final Map<FakeKeaServer, Integer> marks = new HashMap<>();

  @BeforeEach
  void start() {
    one = FakeKeaPair.hotStandby().serverNames("one-a", "one-b").withScope("10.1.0.0/24").start();
    two = FakeKeaPair.hotStandby().serverNames("two-a", "two-b").withScope("10.2.0.0/24").start();
    Inventory inventory = Inventory.of(server("one-a", one.primary()), server("one-b", one.secondary()),
        server("two-a", two.primary()), server("two-b", two.secondary()));
    failover = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
  }

  private static Server server(String id, FakeKeaServer fake) {
    return Server.builder().id(dev.failover.server.ServerId.of(id)).vendor(Vendor.KEA).address("127.0.0.1").endpoint(fake.url()).build();
  }

  @AfterEach
  void stop() {
    try {
      failover.close();
    } finally {
      one.close();
      two.close();
    }
  }

  private void mark() {
    for (FakeKeaServer s : List.of(one.primary(), one.secondary(), two.primary(), two.secondary())) {
      marks.put(s, s.commands().size());
    }
  }

  /** The commands the fake received since the last {@link #mark}. */
  private List<String> since(FakeKeaServer s) {
    List<KeaCommandRecord> all = s.commands();
    return all.subList(marks.getOrDefault(s, 0), all.size()).stream().map(KeaCommandRecord::command).toList();
  }

  @Test
  @DisplayName("a drift sends one config-get to each partner and nothing to the other pair, call after call (nothing is kept across calls)")
  void driftReadsEachPartnerOnce() {
    mark();
    DriftReport first = failover.drift("two-a");
    assertThat(first.isEmpty()).isTrue();
    assertThat(first.first().value()).isEqualTo("two-a");
    assertThat(first.second().value()).isEqualTo("two-b");
    // the first call looks for the relationship in inventory order: at most one read of each server
    for (FakeKeaServer s : List.of(one.primary(), one.secondary(), two.primary(), two.secondary())) {
      assertThat(since(s)).as("commands to %s", s).filteredOn("config-get"::equals).hasSizeLessThanOrEqualTo(1);
    }
    for (int call = 0; call < 3; call++) {
      mark();
      assertThat(failover.drift("two-a").isEmpty()).isTrue();
      assertThat(since(two.primary())).containsExactly("config-get");
      assertThat(since(two.secondary())).containsExactly("config-get");
      assertThat(since(one.primary())).isEmpty();
      assertThat(since(one.secondary())).isEmpty();
    }
  }

  /** A facade over the same four servers, each declaring the relationship it takes part in. */
  private Failover declaring() {
    Inventory inventory = Inventory.of(declared(server("one-a", one.primary()), "one-a"),
        declared(server("one-b", one.secondary()), "one-a"), declared(server("two-a", two.primary()), "two-a"),
        declared(server("two-b", two.secondary()), "two-a"));
    return Failover.builder().inventory(inventory).backends(new KeaBackend()).build();
  }

  private static Server declared(Server s, String relationship) {
    return Server.builder().from(s).addRelationships(dev.failover.relationship.RelationshipName.of(relationship))
        .build();
  }

  @Test
  @DisplayName("the first drift of a relationship the facade has not seen, the inventory declaring where each relationship lives, sends one config-get to each partner and nothing to the other pair")
  void firstDriftReadsOnlyTheDeclaredServers() {
    try (Failover fresh = declaring()) {
      mark();
      DriftReport drift = fresh.drift("two-a");
      assertThat(drift.isEmpty()).isTrue();
      assertThat(since(one.primary())).isEmpty();
      assertThat(since(one.secondary())).isEmpty();
      // a new backend asks each server it meets its version once (version-get) before anything else
      assertThat(since(two.primary())).containsExactly("version-get", "config-get");
      assertThat(since(two.secondary())).containsExactly("version-get", "config-get");
    }
  }

  @Test
  @DisplayName("the first status of a relationship the facade has not seen, the inventory declaring where each relationship lives, asks its two servers only")
  void firstStatusAsksOnlyTheDeclaredServers() {
    try (Failover fresh = declaring()) {
      mark();
      assertThat(fresh.status("two-a")).extracting(s -> s.server().value()).containsExactly("two-a", "two-b");
      assertThat(since(one.primary())).isEmpty();
      assertThat(since(one.secondary())).isEmpty();
      assertThat(since(two.primary())).containsExactlyInAnyOrder("version-get", "config-get", "status-get",
          "ha-heartbeat");
      assertThat(since(two.secondary())).containsExactlyInAnyOrder("version-get", "status-get", "ha-heartbeat");
    }
  }

  @Test
  @DisplayName("a status sends the primary one config-get (to find the relationship) and each server one status-get and one ha-heartbeat, nothing to the other pair")
  void statusAsksWhatKeaNeeds() {
    failover.drift("two-a");
    mark();
    List<FailoverStatus> status = failover.status("two-a");
    assertThat(status).extracting(s -> s.server().value()).containsExactly("two-a", "two-b");
    assertThat(since(two.primary())).containsExactlyInAnyOrder("config-get", "status-get", "ha-heartbeat");
    assertThat(since(two.secondary())).containsExactlyInAnyOrder("status-get", "ha-heartbeat");
    assertThat(since(one.primary())).isEmpty();
    assertThat(since(one.secondary())).isEmpty();
  }

  @Test
  @DisplayName("planning a replication of a relationship reads each of its servers once and no other server")
  void planReadsEachInvolvedServerOnce() {
    failover.drift("one-a");
    failover.drift("two-a");
    mark();
    Plan plan = failover.plan(Replicate.relationship("two-a").from("two-a"));
    assertThat(plan.servers()).allSatisfy(p -> assertThat(p.changes()).isEmpty());
    assertThat(since(two.primary())).containsExactly("config-get");
    assertThat(since(two.secondary())).containsExactly("config-get");
    assertThat(since(one.primary())).isEmpty();
    assertThat(since(one.secondary())).isEmpty();
  }

  @Test
  @DisplayName("who serves a client reads the relationship once, not once for the relationship and again for the statuses")
  void whoServesFindsTheRelationshipOnce() {
    failover.drift("two-a");
    mark();
    failover.whoServes("two-a", dev.failover.serving.Client.hardwareAddress("00:16:3e:00:00:01"));
    assertThat(since(two.primary())).filteredOn("config-get"::equals).hasSize(1);
    assertThat(since(two.secondary())).doesNotContain("config-get");
    assertThat(since(one.primary())).isEmpty();
  }
}
