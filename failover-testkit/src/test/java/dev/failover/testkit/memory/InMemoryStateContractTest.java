package dev.failover.testkit.memory;

import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverStateContract;
import dev.failover.testkit.contract.StateFixture;
import dev.failover.testkit.isc.IscContractCapabilities;
import dev.failover.testkit.kea.KeaContractCapabilities;
import dev.failover.testkit.windows.WindowsContractCapabilities;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The in-memory pair keeps the state contract for each vendor's state machine. */
class InMemoryStateContractTest {

  static StateFixture fixture(Vendor vendor) {
    InMemoryPair pair = InMemoryPair.of(vendor);
    return StateFixture.of(new ContractFixture() {
      @Override
      public Inventory inventory() {
        return pair.inventory();
      }

      @Override
      public ServerId primary() {
        return InMemoryPair.A;
      }

      @Override
      public ServerId secondary() {
        return InMemoryPair.B;
      }

      @Override
      public FailoverBackend backend() {
        return pair.backend();
      }

      @Override
      public void seed(ServerId server, Scope scope) {
        pair.backend().server(server).withScopes(scope);
      }

      @Override
      public ContractCapabilities capabilities() {
        return switch (vendor) {
          case ISC -> new IscContractCapabilities();
          case KEA -> new KeaContractCapabilities();
          case WINDOWS -> new WindowsContractCapabilities();
        };
      }

      @Override
      public Relationship relationship(String name, List<Subnet> scopes) {
        return pair.relationship(name, scopes);
      }

      @Override
      public void close() {
      }
    }, pair);
  }

  @Nested
  class Isc extends FailoverStateContract {
    @Override
    protected StateFixture fixture() {
      return InMemoryStateContractTest.fixture(Vendor.ISC);
    }
  }

  @Nested
  class Kea extends FailoverStateContract {
    @Override
    protected StateFixture fixture() {
      return InMemoryStateContractTest.fixture(Vendor.KEA);
    }
  }

  @Nested
  class Windows extends FailoverStateContract {
    @Override
    protected StateFixture fixture() {
      return InMemoryStateContractTest.fixture(Vendor.WINDOWS);
    }
  }
}
