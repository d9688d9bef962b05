package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.failover.errors.BackendException;
import dev.failover.ProgressListener;
import dev.failover.plan.ImmutableServerPlan;
import dev.failover.plan.ScopeChange;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.Vendor;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.IscPeerRewiringContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The backend contract against dhcpd.conf files that the real dhcpd 4.4.3 checks: every
 * configuration the backend writes passes {@code dhcpd -t} first (the store refuses what it
 * rejects), so the suite passing means every file it wrote is one dhcpd starts with.
 */
class IscDhcpdContractIT extends IscPeerRewiringContract {

  static final Path DHCPD = Path.of("/usr/sbin/dhcpd");

  @Override
  protected ContractFixture fixture() throws Exception {
    assertThat(Files.isExecutable(DHCPD)).as("dhcpd is installed (scripts/ensure-dhcp-servers.sh)").isTrue();
    return new IscFilesFixture(Optional.of(DHCPD));
  }

  @Test
  @DisplayName("what dhcpd -t refuses is REJECTED with its located message, by check and by apply, and nothing is written")
  void dhcpdRefusal() throws Exception {
    ServerState before = read(fx().secondary());
    // the model holds any text for a non-text option; dhcpd wants four numbers for routers
    Scope bad = Scope.builder().subnet(Subnet.parse("10.77.0.0/24")).addPool(Pool.of("10.77.0.10", "10.77.0.20"))
        .addOption(OptionValue.builder().code(3).name("routers").value("10.77.0").build()).build();
    ServerPlan part = ImmutableServerPlan.builder().server(fx().secondary()).vendor(Vendor.ISC)
        .fingerprint(before.fingerprint()).addChanges(ScopeChange.create(bad)).build();
    Server server = fx().inventory().require(fx().secondary());
    for (Runnable attempt : new Runnable[] {() -> fx().backend().check(server, part),
        () -> fx().backend().apply(server, part, ProgressListener.NONE)}) {
      BackendException e = catchThrowableOfType(BackendException.class, attempt::run);
      assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
      assertThat(e.serverMessage()).contains("line").contains("too few numbers").contains("option routers 10.77.0");
      assertThat(e.serverCode()).contains("dhcpd -t exit 1");
    }
    assertThat(read(fx().secondary()).fingerprint()).isEqualTo(before.fingerprint());
  }
}
