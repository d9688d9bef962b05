package dev.failover.isc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The backend contract against dhcpd.conf files that the real dhcpd 4.4.3 checks: every
 * configuration the backend writes passes {@code dhcpd -t} first (the store refuses what it
 * rejects), so the suite passing means every file it wrote is one dhcpd starts with.
 */
class IscDhcpdContractIT extends FailoverBackendContract {

  static final Path DHCPD = Path.of("/usr/sbin/dhcpd");

  @Override
  protected ContractFixture fixture() throws Exception {
    assertThat(Files.isExecutable(DHCPD)).as("dhcpd is installed (scripts/ensure-dhcp-servers.sh)").isTrue();
    return new IscFilesFixture(Optional.of(DHCPD));
  }
}
