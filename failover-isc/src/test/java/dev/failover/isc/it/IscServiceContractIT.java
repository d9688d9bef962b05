package dev.failover.isc.it;

import dev.failover.testkit.contract.FailoverServiceContract;
import dev.failover.testkit.contract.ServiceFixture;
import org.junit.jupiter.api.DisplayName;

/**
 * The service contract with real packets on a real dhcpd 4.4 pair in load balancing (split 128),
 * one pair for every step ({@link RealDhcpdServiceFixture}).
 */
@DisplayName("the service contract on a real dhcpd pair, load balancing")
class IscServiceContractIT extends FailoverServiceContract {

  @Override
  protected ServiceFixture fixture() throws Exception {
    return new RealDhcpdServiceFixture();
  }
}
