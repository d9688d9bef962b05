package dev.failover.examples;

import dev.failover.errors.AccessDeniedException;
import dev.failover.Failover;
import dev.failover.access.AccessDecision;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.access.ScopeAccessBit;
import dev.failover.access.ScopeGrant;
import dev.failover.access.ServerAccessBit;
import dev.failover.access.ServerGrant;
import dev.failover.audit.AuditEvent;
import dev.failover.diff.DriftReport;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.memory.InMemoryBackend;
import dev.failover.testkit.memory.InMemoryDhcpServer;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's main job, on an embedded default: two Windows DHCP servers held in memory. It
 * builds the inventory, plans and applies a relationship, adds a scope, lets the partner drift,
 * plans the replication that repairs it, shows who may apply it and why, applies it, and prints
 * every plan, decision and audit event on the way.
 */
public final class MainJob {

  private MainJob() {}

  public static void main(String[] args) {
    int code = run(System.out);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the job, printing to {@code out}; returns 0 when the partners end without drift. */
  public static int run(PrintStream out) {
    List<AuditEvent> audit = new ArrayList<>();
    Scope office = Scope.builder().subnet(Subnet.parse("10.1.0.0/24"))
        .addPool(Pool.of("10.1.0.100", "10.1.0.200"))
        .addOption(OptionValue.of(3, "10.1.0.1"))
        .addReservation(Reservation.of("00:16:3e:00:00:01", "10.1.0.10"))
        .build();
    InMemoryDhcpServer a = new InMemoryDhcpServer(ServerId.of("dhcp-a"), Vendor.WINDOWS).withScopes(office);
    InMemoryDhcpServer b = new InMemoryDhcpServer(ServerId.of("dhcp-b"), Vendor.WINDOWS);
    Inventory inventory = Inventory.of(
        Server.of("dhcp-a", Vendor.WINDOWS, "dhcp-a.example.org", URI.create("ssh://admin@dhcp-a.example.org:22")),
        Server.of("dhcp-b", Vendor.WINDOWS, "dhcp-b.example.org", URI.create("ssh://admin@dhcp-b.example.org:22")));
    Failover failover = Failover.builder().inventory(inventory)
        .backends(new InMemoryBackend(Vendor.WINDOWS).add(a).add(b)).audit(audit::add).build();

    Principal alice = Principal.withRoles("alice", BuiltInRole.DHCP_ADMINISTRATORS);
    Principal bob = Principal.named("bob")
        .addServerGrants(ServerGrant.of("dhcp-b", ServerAccessBit.EDIT_RESERVATIONS)).build();
    Principal carol = Principal.named("carol")
        .addScopeGrants(ScopeGrant.of("dhcp-b", "10.1.0.0/24", ScopeAccessBit.EDIT_RESERVATIONS)).build();

    out.println("== inventory: " + inventory.servers().stream().map(s -> s.id() + " (" + s.vendor().displayName()
        + ")").toList());

    Relationship pair = Relationship.builder().name("pair-1").mode(FailoverMode.HOT_STANDBY)
        .primary("dhcp-a").secondary("dhcp-b").settings(WindowsFailoverSettings.hotStandby(5)).build();
    Plan create = failover.plan(CreateRelationship.of(pair));
    out.println("\n== plan 1\n" + create.summary());
    failover.apply(create, alice);

    Plan addScope = failover.plan(AddScope.of("pair-1", "10.1.0.0/24"));
    out.println("== plan 2\n" + addScope.summary());
    failover.apply(addScope, alice);

    b.edit(s -> {
      Scope drifted = Scope.builder().from(s.scope(office.subnet()).orElseThrow())
          .reservations(List.of(Reservation.of("00:16:3e:00:00:99", "10.1.0.99"))).build();
      return dev.failover.plan.ServerState.builder().from(s).scopes(List.of(drifted)).build();
    });
    DriftReport drift = failover.drift("pair-1");
    out.println("== someone edited dhcp-b by hand\n" + drift.summary());

    Plan replicate = failover.plan(Replicate.scope("10.1.0.0/24").from("dhcp-a"));
    out.println("== plan 3\n" + replicate.summary());
    for (Principal who : List.of(bob, carol, alice)) {
      AccessDecision d = failover.decide(who, replicate);
      out.println("  " + d.reason());
    }
    try {
      failover.apply(replicate, bob);
    } catch (AccessDeniedException e) {
      out.println("  bob's attempt refused: " + e.getMessage());
    }
    failover.apply(replicate, carol, p -> out.println("  progress: " + p.server() + " " + p.phase() + " "
        + p.done() + "/" + p.total()));

    DriftReport after = failover.drift("pair-1");
    out.println("\n== after the replication\n" + after.summary());
    out.println("== audit");
    audit.forEach(e -> out.println("  " + e.time() + " " + e.principal() + " " + e.outcome() + ": " + e.operation()
        + " [" + e.planDigest().substring(0, 12) + "]"));
    return after.isEmpty() ? 0 : 3;
  }
}
