package dev.failover.isc;

import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ServiceFixture;
import org.junit.jupiter.api.DisplayName;

/**
 * The service contract against the ISC face (dhcpd.conf files and fake OMAPI servers), answering
 * through the model: load balancing by split, reservations as host statements, a pool limited by
 * {@code allow members of}, the disabled copy; partner-down set by the operator over OMAPI.
 */
@DisplayName("the ISC face keeps the service contract (load balancing, through the model)")
class IscFakeServiceContractTest extends FailoverServiceContract {

  @Override
  protected ServiceFixture fixture() throws Exception {
    return ServiceFixture.model(new IscFakeStateContractTest().fixture(), ServiceFixture::iscClassPool);
  }
}
