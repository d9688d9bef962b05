package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.plan.CreateRelationship;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The backend contract over real SSH connections (Apache MINA SSHD client, password login,
 * pinned host key) to the testkit's SSH faces of the Windows fakes, through the backend's
 * default {@link SshShellFactory}.
 */
@DisplayName("Windows backend contract, over SSH to the fakes' SSH faces")
class WindowsSshContractTest extends FailoverBackendContract {

  private WindowsWorld world;

  @Override
  protected ContractFixture fixture() throws Exception {
    world = WindowsWorld.overSsh();
    return world;
  }

  @Test
  @DisplayName("every remote invocation arrives as one powershell.exe command line over SSH")
  void invocationsTravelOverSsh() {
    world.seed(WindowsWorld.A, sampleScope("10.40.0.0/24", 1));
    failover.apply(failover.plan(CreateRelationship.of(world.relationship("ssh-1",
        List.of(dev.failover.scope.Subnet.parse("10.40.0.0/24"))))), ADMIN);
    assertThat(world.b.scope(dev.failover.scope.Subnet.parse("10.40.0.0/24"))).isPresent();
    assertThat(world.sshFaces()).allSatisfy(face -> assertThat(face.commandLines()).isNotEmpty()
        .allMatch(line -> line.startsWith("powershell.exe -NoLogo -NoProfile -NonInteractive")));
    // one change script reached dhcp-a (Add-DhcpServerv4Failover), none reached dhcp-b
    assertThat(world.a.writes()).extracting(w -> w.cmdlet()).containsExactly("Add-DhcpServerv4Failover");
    assertThat(world.b.writes()).isEmpty();
  }
}
