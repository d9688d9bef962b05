package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ConflictException;
import dev.failover.Failover;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.plan.Warning;
import dev.failover.plan.WarningCode;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Scope;
import dev.failover.testkit.windows.FakeWindowsDhcpServer;
import dev.failover.testkit.windows.FakeWrite;
import dev.failover.windows.ps.DhcpCmdlet;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.transport.RemoteShell;
import dev.failover.windows.transport.ShellResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Replication through Invoke-DhcpServerv4FailoverReplication runs only on the states the plan was made from")
class WindowsReplicationGuardTest extends WindowsTestBase {

  private static final String S1 = "10.1.0.0/24";
  private static final String S2 = "10.2.0.0/24";

  /** A pair with two scopes, and dhcp-b's copy of S1 drifted: the plan replicates dhcp-a's copy over it. */
  private Plan driftedPlan(Replicate op) {
    pairWith("pair-g", S1, S2);
    w.seed(B, scope(S1, 5));
    return failover.plan(op);
  }

  private static Scope renamed(Scope s, String name) {
    return ImmutableScope.copyOf(s).withProperties(
        dev.failover.scope.ImmutableScopeProperties.copyOf(s.properties()).withName(name));
  }

  private long invokes(FakeWindowsDhcpServer server) {
    return server.writes().stream().map(FakeWrite::cmdlet).filter("Invoke-DhcpServerv4FailoverReplication"::equals)
        .count();
  }

  @Test
  @DisplayName("the source changed between plan and apply: ConflictException naming it, nothing replicated")
  void sourceChangedAfterThePlan() {
    Plan plan = driftedPlan(Replicate.relationship("pair-g").from("dhcp-a"));
    Scope destination = read(B).scope(subnet(S1)).orElseThrow();
    // a scope the plan shows no change for, but which the cmdlet would copy too
    w.seed(A, ImmutableScope.copyOf(scope(S2, 2)).withOptions(OptionValue.of(15, "changed.example")));
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.server()).isEqualTo("dhcp-a");
      assertThat(e.getMessage()).contains("scope " + S2 + " is not what the plan replicates")
          .contains("nothing was replicated");
    });
    assertThat(invokes(w.a)).isZero();
    assertThat(read(B).scope(subnet(S1))).contains(destination);
  }

  @Test
  @DisplayName("the destination changed between plan and apply: ConflictException naming it, nothing replicated")
  void destinationChangedAfterThePlan() {
    Plan plan = driftedPlan(Replicate.scope(S1).from("dhcp-a"));
    Scope changed = renamed(read(B).scope(subnet(S1)).orElseThrow(), "edited by hand");
    w.seed(B, changed);
    assertThatThrownBy(() -> failover.apply(plan, ADMIN)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.server()).isEqualTo("dhcp-b"));
    assertThat(invokes(w.a)).isZero();
    assertThat(read(B).scope(subnet(S1))).contains(changed);
  }

  @Test
  @DisplayName("the source changes after the backend read it, before the cmdlet: the script's guard stops it")
  void sourceChangesInsideTheWindow() {
    Plan plan = driftedPlan(Replicate.scope(S1).from("dhcp-a"));
    Scope destination = read(B).scope(subnet(S1)).orElseThrow();
    Scope late = renamed(read(A).scope(subnet(S1)).orElseThrow(), "changed at the last moment");
    Failover racing = racing(() -> w.a.putScope(late));
    assertThatThrownBy(() -> racing.apply(plan, ADMIN)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.server()).isEqualTo("dhcp-a");
      assertThat(e.getMessage()).contains("the replication source changed between the backend's read and the"
          + " replication").contains("nothing was replicated");
    });
    assertThat(invokes(w.a)).isZero();
    assertThat(read(B).scope(subnet(S1))).contains(destination);
  }

  @Test
  @DisplayName("the destination changes after the backend read it, before the cmdlet: the script's guard stops it")
  void destinationChangesInsideTheWindow() {
    Plan plan = driftedPlan(Replicate.relationship("pair-g").from("dhcp-a"));
    Scope late = ImmutableScope.copyOf(read(B).scope(subnet(S2)).orElseThrow())
        .withOptions(OptionValue.of(42, "10.0.0.9"));
    Failover racing = racing(() -> w.b.putScope(late));
    assertThatThrownBy(() -> racing.apply(plan, ADMIN)).isInstanceOfSatisfying(ConflictException.class, e -> {
      assertThat(e.server()).isEqualTo("dhcp-b");
      assertThat(e.getMessage()).contains("the replication destination changed");
    });
    assertThat(invokes(w.a)).isZero();
    assertThat(w.b.scope(subnet(S2))).contains(late);
  }

  @Test
  @DisplayName("the plan warns of what Windows does not copy (server options, classes, server policies) and copies unseen")
  void warnings() {
    Plan plan = driftedPlan(Replicate.scope(S1).from("dhcp-a"));
    assertThat(plan.warnings()).extracting(Warning::code)
        .contains(WarningCode.WINDOWS_NOT_REPLICATED, WarningCode.WINDOWS_REPLICATES_UNSEEN, WarningCode.OVERWRITES);
    String notCopied = plan.warnings().stream().filter(x -> x.code() == WarningCode.WINDOWS_NOT_REPLICATED).findFirst()
        .orElseThrow().message();
    assertThat(notCopied).contains("server-level option values", "user and vendor class definitions",
        "server-level policies", "dhcp-b");
    assertThat(plan.warnings().stream().filter(x -> x.code() == WarningCode.WINDOWS_REPLICATES_UNSEEN).findFirst()
        .orElseThrow().message()).contains("policies", "DHCP/BOOTP type");
    // and it is so: a server-level option of the source stays where it is
    w.a.setServerOption(6, "192.0.2.53");
    failover.apply(plan, ADMIN);
    assertThat(w.b.serverOptions()).isEmpty();
    assertThat(read(B).scope(subnet(S1))).isEqualTo(read(A).scope(subnet(S1)));
  }

  @Test
  @DisplayName("60 scopes replicated: one script on the destination (one cmdlet), none on the source")
  void manyScopesOneInvocation() {
    List<String> subnets = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      subnets.add("10.60." + i + ".0/24");
      w.seed(A, scope(subnets.get(i), 3));
    }
    apply(CreateRelationship.of(hotStandby("pair-many", subnets.toArray(String[]::new))));
    for (int i = 0; i < 60; i += 2) {
      w.seed(B, scope(subnets.get(i), 6));
    }
    w.forgetInvocations();
    int before = w.a.writes().size();
    Plan plan = failover.plan(Replicate.relationship("pair-many").from("dhcp-a"));
    failover.apply(plan, ADMIN);
    assertThat(w.writes("dhcp-b")).isEqualTo(1);
    assertThat(w.writes("dhcp-a")).isZero();
    assertThat(w.invocations).filteredOn(i -> i.server().equals("dhcp-a")).allMatch(i -> !i.writes());
    assertThat(w.a.writes().subList(before, w.a.writes().size())).extracting(FakeWrite::cmdlet)
        .containsExactly("Invoke-DhcpServerv4FailoverReplication");
    assertThat(read(B).scopes()).isEqualTo(read(A).scopes());
    System.out.println("replicate 60 scopes (30 drifted): invocations on dhcp-a "
        + w.invocations.stream().filter(i -> i.server().equals("dhcp-a")).count() + " (reads), on dhcp-b "
        + w.invocations.stream().filter(i -> i.server().equals("dhcp-b")).count() + " (1 write)");
  }

  @Test
  @DisplayName("a whole server with two partners: each destination runs -Name of its own relationships, guarded")
  void serverReachWithTwoPartners() {
    FakeWindowsDhcpServer c = w.network.addServer("dhcp-c", "192.0.2.3");
    dev.failover.server.ServerId cId = dev.failover.server.ServerId.of("dhcp-c");
    dev.failover.server.Inventory three = dev.failover.server.Inventory.of(w.inventory.require(A),
        w.inventory.require(B), w.server(cId, "dhcp-c"));
    WindowsBackend backend = new WindowsBackend(s -> new InProcessShell(s.id().equals(cId) ? c : w.fake(s.id()),
        w.invocations));
    Failover f = Failover.builder().inventory(three).backends(backend).build();
    w.seed(A, scope(S1, 2));
    w.seed(A, scope("10.31.0.0/24", 2));
    f.apply(f.plan(CreateRelationship.of(hotStandby("pair-ab", S1))), ADMIN);
    f.apply(f.plan(CreateRelationship.of(dev.failover.relationship.ImmutableRelationship.copyOf(
        hotStandby("pair-ac", "10.31.0.0/24")).withSecondary(cId))), ADMIN);
    w.seed(B, scope(S1, 4));
    c.putScope(scope("10.31.0.0/24", 5));
    int before = w.a.writes().size();
    w.forgetInvocations();
    f.apply(f.plan(Replicate.server("dhcp-a")), ADMIN);
    assertThat(w.writes("dhcp-b")).isEqualTo(1);
    assertThat(w.writes("dhcp-c")).isEqualTo(1);
    assertThat(w.a.writes().subList(before, w.a.writes().size())).extracting(x -> x.parameters().get("Name"))
        .containsExactlyInAnyOrder("[pair-ab]", "[pair-ac]");
    assertThat(w.b.scope(subnet(S1))).isEqualTo(w.a.scope(subnet(S1)));
    assertThat(c.scope(subnet("10.31.0.0/24"))).isEqualTo(w.a.scope(subnet("10.31.0.0/24")));
    backend.close();
  }

  /** A facade whose backend runs {@code beforeReplication} once, just before the replication script reaches the server. */
  private Failover racing(Runnable beforeReplication) {
    boolean[] done = {false};
    WindowsBackend backend = new WindowsBackend(s -> new RemoteShell() {
      private final InProcessShell inner = new InProcessShell(w.fake(s.id()), w.invocations);

      @Override
      public ShellResult run(PowerShellScript script, Duration timeout) {
        if (!done[0] && script.steps().stream().anyMatch(c -> c.cmdlet() == DhcpCmdlet.INVOKE_FAILOVER_REPLICATION)) {
          done[0] = true;
          beforeReplication.run();
        }
        return inner.run(script, timeout);
      }

      @Override
      public void close() {
        inner.close();
      }
    });
    backend.read(w.inventory.require(A), w.inventory);
    backend.read(w.inventory.require(B), w.inventory);
    return Failover.builder().inventory(w.inventory).backends(backend).build();
  }
}
