package dev.failover.kea;

import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.kea.FakeKeaPair;
import dev.failover.testkit.kea.FakeKeaFlavour;
import org.junit.jupiter.api.DisplayName;

/**
 * The backend contract against the testkit's fake in Kea 3.0's shape: kea-dhcp4's own HTTP
 * control socket, bare answers, no {@code service}, {@code server-name} on the HA commands. The
 * backend finds the channel by itself.
 */
@DisplayName("the Kea backend keeps the backend contract on a fake Kea 3.0 pair (direct control sockets)")
class KeaFake30ContractTest extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    return new KeaFakeFixture(FakeKeaPair.hotStandby().flavour(FakeKeaFlavour.DIRECT_HTTP_3_0));
  }
}
