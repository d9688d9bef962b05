package dev.failover.windows;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.windows.FakeWrite;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh pair of fake Windows servers, the backend in process and a facade over them, per test. */
abstract class WindowsTestBase {

  static final Principal ADMIN = Principal.withRoles("admin", BuiltInRole.DHCP_ADMINISTRATORS);
  static final ServerId A = WindowsWorld.A;
  static final ServerId B = WindowsWorld.B;

  WindowsWorld w;
  Failover failover;

  @BeforeEach
  void world() throws Exception {
    w = new WindowsWorld();
    failover = Failover.builder().inventory(w.inventory).backends(w.backend).build();
  }

  @AfterEach
  void close() throws Exception {
    w.close();
  }

  static Scope scope(String subnet, int reservations) {
    return FailoverBackendContract.sampleScope(subnet, reservations);
  }

  static Subnet subnet(String text) {
    return Subnet.parse(text);
  }

  static Relationship hotStandby(String name, String... scopes) {
    return Relationship.builder().name(name).mode(FailoverMode.HOT_STANDBY).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.hotStandby(5)).scopes(List.of(scopes).stream().map(Subnet::parse).toList())
        .build();
  }

  static Relationship loadBalance(String name, int primaryPercent, String... scopes) {
    return Relationship.builder().name(name).mode(FailoverMode.LOAD_BALANCING).primary(A).secondary(B)
        .settings(WindowsFailoverSettings.loadBalance(primaryPercent))
        .scopes(List.of(scopes).stream().map(Subnet::parse).toList()).build();
  }

  ServerState read(ServerId id) {
    return w.backend.read(w.inventory.require(id), w.inventory);
  }

  Plan apply(dev.failover.plan.Operation op) {
    Plan plan = failover.plan(op);
    failover.apply(plan, ADMIN);
    return plan;
  }

  /** Seeds the scope on dhcp-a and makes it a failover scope of a new hot-standby relationship. */
  Relationship pairWith(String name, String... subnets) {
    for (String s : subnets) {
      w.seed(A, scope(s, 2));
    }
    apply(CreateRelationship.of(hotStandby(name, subnets)));
    return failover.relationship(name);
  }

  /** Creates a relationship without scopes (pending), then adds each scope seeded on dhcp-a. */
  Relationship pendingThenScopes(String name, String... subnets) {
    apply(CreateRelationship.of(hotStandby(name)));
    for (String s : subnets) {
      w.seed(A, scope(s, 2));
      apply(AddScope.of(name, s));
    }
    return failover.relationship(name);
  }

  static List<String> cmdlets(List<FakeWrite> writes) {
    return writes.stream().map(FakeWrite::cmdlet).toList();
  }
}
