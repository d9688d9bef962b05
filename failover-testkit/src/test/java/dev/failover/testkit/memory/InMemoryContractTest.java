package dev.failover.testkit.memory;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.ForwardingContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.util.List;

/** The in-memory backend keeps the contract every backend keeps. */
class InMemoryContractTest extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    InMemoryPair pair = InMemoryPair.of(Vendor.WINDOWS);
    return new ForwardingContractFixture(pair.contractFixture()) {
      @Override
      public Relationship relationship(String name, List<Subnet> scopes) {
        return Relationship.builder().name(name).mode(FailoverMode.LOAD_BALANCING).primary("mem-a").secondary("mem-b")
            .settings(WindowsFailoverSettings.loadBalance(50)).scopes(scopes).build();
      }

      @Override
      public boolean failNextWrite(ServerId server, String message) {
        pair.backend().server(server).failNextWrite(message);
        return true;
      }
    };
  }
}
