package dev.failover.isc;

import dev.failover.server.ServerId;
import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.StateFixture;
import dev.failover.testkit.isc.FakeOmapiLink;
import dev.failover.testkit.state.FailoverLink;
import dev.failover.relationship.IscFailoverSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The state contract against the ISC face: dhcpd.conf files and two fake OMAPI servers whose link
 * moves their peers' states as dhcpd's would (no auto-partner-down in the fixture's
 * relationship, so partner-down is the operator's, set over OMAPI).
 */
class IscFakeStateContractTest extends FailoverStateContract {

  @Override
  protected StateFixture fixture() throws Exception {
    IscFilesFixture files = new IscFilesFixture(Optional.empty());
    Duration mclt = IscFailoverSettings.defaults(IscFilesFixture.A_ADDRESS, IscFilesFixture.B_ADDRESS).mclt();
    FailoverLink.Timings timings = new FailoverLink.Timings(Optional.empty(), mclt);
    return StateFixture.of(files, new FakeOmapiLink(files.omapi(ServerId.of(IscFilesFixture.A)),
        files.omapi(ServerId.of(IscFilesFixture.B)), timings));
  }
}
