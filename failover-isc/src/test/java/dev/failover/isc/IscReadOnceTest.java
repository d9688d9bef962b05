package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.diff.DriftReport;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Within one facade call each dhcpd configuration is read at most once, the partner's too (the
 * ISC backend reads it for the settings only the primary declares), and only the configurations
 * of the servers the call concerns: two pairs of dhcpd.conf files, the configurations the backend
 * read counted per call.
 */
@DisplayName("one facade call reads each dhcpd configuration at most once, and only those it concerns")
class IscReadOnceTest {

  private static final String BASE = "authoritative;\n";

  @TempDir
  Path dir;
  IscWorld world;
  Failover failover;

  @BeforeEach
  void pairs() {
    world = new IscWorld(dir)
        .server("dhcp-a", "192.0.2.1", BASE + "subnet 10.1.0.0 netmask 255.255.255.0 { pool { range 10.1.0.10 10.1.0.20; } }\n")
        .server("dhcp-b", "192.0.2.2", BASE)
        .server("dhcp-c", "192.0.2.3", BASE + "subnet 10.2.0.0 netmask 255.255.255.0 { pool { range 10.2.0.10 10.2.0.20; } }\n")
        .server("dhcp-d", "192.0.2.4", BASE);
    world.apply(CreateRelationship.of(Relationship.of("pair-1", FailoverMode.LOAD_BALANCING, "dhcp-a", "dhcp-b",
        IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2"))));
    world.apply(AddScope.of("pair-1", "10.1.0.0/24"));
    world.apply(CreateRelationship.of(Relationship.of("pair-2", FailoverMode.LOAD_BALANCING, "dhcp-c", "dhcp-d",
        IscFailoverSettings.defaults("192.0.2.3", "192.0.2.4"))));
    world.apply(AddScope.of("pair-2", "10.2.0.0/24"));
    failover = world.failover();
  }

  private long reads(Runnable call) {
    long before = world.backend.configurationsRead();
    call.run();
    return world.backend.configurationsRead() - before;
  }

  @Test
  @DisplayName("a drift reads the two partners' configurations once each (each server's read also needs its partner's, read once for both), nothing of the other pair")
  void driftReadsEachPartnerOnce() {
    // the first call looks for pair-2 in inventory order: at most each of the four files once
    assertThat(reads(() -> assertThat(failover.drift("pair-2").isEmpty()).isTrue())).isLessThanOrEqualTo(4);
    for (int call = 0; call < 3; call++) {
      DriftReport[] drift = new DriftReport[1];
      assertThat(reads(() -> drift[0] = failover.drift("pair-2"))).as("configurations read by drift %d", call)
          .isEqualTo(2);
      assertThat(drift[0].isEmpty()).isTrue();
      assertThat(drift[0].first().value()).isEqualTo("dhcp-c");
    }
  }

  @Test
  @DisplayName("planning a replication of a relationship reads each of its two configurations once")
  void planReadsEachInvolvedServerOnce() {
    failover.drift("pair-2");
    Plan[] plan = new Plan[1];
    assertThat(reads(() -> plan[0] = failover.plan(Replicate.relationship("pair-2").from("dhcp-c")))).isEqualTo(2);
    assertThat(plan[0].servers()).allSatisfy(p -> assertThat(p.changes()).isEmpty());
  }

  @Test
  @DisplayName("reading every server reads each configuration once, though each server's relationship needs its partner's")
  void readAllReadsEachConfigurationOnce() {
    assertThat(reads(() -> assertThat(failover.readAll()).hasSize(4))).isEqualTo(4);
  }
}
