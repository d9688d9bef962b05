package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Progress;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The ISC backend's progress while applying")
class IscApplyProgressTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a scope is reported only once it is written: at each report the file already holds it")
  void reportedAfterWritten() {
    IscWorld world = new IscWorld(dir).server("dhcp-a", "192.0.2.1", "authoritative;\n");
    Scope one = Scope.builder().subnet(Subnet.parse("10.7.0.0/24")).addPool(Pool.of("10.7.0.10", "10.7.0.20")).build();
    Scope two = Scope.builder().subnet(Subnet.parse("10.8.0.0/24")).addPool(Pool.of("10.8.0.10", "10.8.0.20")).build();
    ServerState s = world.state("dhcp-a");
    ServerPlan part = ImmutableServerPlan.builder().server(ServerId.of("dhcp-a")).vendor(Vendor.ISC)
        .fingerprint(s.fingerprint()).addChanges(ScopeChange.create(one), ScopeChange.create(two)).build();
    List<Progress> reports = new ArrayList<>();
    List<String> fileAtReport = new ArrayList<>();
    world.backend.apply(world.server("dhcp-a"), part, p -> {
      reports.add(p);
      fileAtReport.add(world.text("dhcp-a"));
    });
    assertThat(reports).extracting(p -> p.subnet().orElseThrow().toString())
        .containsExactly("10.7.0.0/24", "10.8.0.0/24");
    assertThat(reports).extracting(Progress::done).containsExactly(1, 2);
    assertThat(fileAtReport).allSatisfy(text -> assertThat(text).contains("subnet 10.7.0.0 netmask 255.255.255.0")
        .contains("subnet 10.8.0.0 netmask 255.255.255.0"));
  }
}
