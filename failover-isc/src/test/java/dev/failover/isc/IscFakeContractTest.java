package dev.failover.isc;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.IscPeerRewiringContract;
import java.util.Optional;

/**
 * The backend contract against the testkit's ISC face: dhcpd.conf files in temporary
 * directories and fake OMAPI servers, without dhcpd (its {@code dhcpd -t} variant is
 * {@code IscDhcpdContractIT}).
 */
class IscFakeContractTest extends IscPeerRewiringContract {

  @Override
  protected ContractFixture fixture() throws Exception {
    return new IscFilesFixture(Optional.empty());
  }
}
