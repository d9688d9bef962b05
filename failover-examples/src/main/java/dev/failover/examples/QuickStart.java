package dev.failover.examples;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.diff.DriftReport;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.server.Inventory;

/**
 * The README's quick start, compiled with the build so that it cannot rot (a test checks that
 * the README shows exactly this code).
 */
public final class QuickStart {

  private QuickStart() {}

  /** Creates a relationship, puts a scope under it, replicates, and returns the drift afterwards. */
  public static DriftReport run(Inventory inventory, Failover failover) {
    // quick-start begin
    Principal alice = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);

    Relationship pair = Relationship.builder().name("pair-1").mode(FailoverMode.HOT_STANDBY)
        .primary("dhcp-a").secondary("dhcp-b")
        .settings(WindowsFailoverSettings.hotStandby(5))
        .build();
    Plan create = failover.plan(CreateRelationship.of(pair));
    System.out.println(create.summary());              // what will change, and warnings
    failover.apply(create, alice);

    failover.apply(failover.plan(AddScope.of("pair-1", "10.1.0.0/24")), alice);

    Plan replicate = failover.plan(Replicate.relationship("pair-1").from("dhcp-a"));
    replicate.changes().forEach(c -> System.out.println(c.describe()));   // item by item
    failover.apply(replicate, alice, progress -> System.out.println(progress));

    DriftReport drift = failover.drift("pair-1");        // empty after the replication
    // quick-start end
    return drift;
  }
}
