package dev.failover.testkit.memory;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.testkit.contract.ContractCapabilities;
import dev.failover.testkit.contract.ContractFixture;
import dev.failover.testkit.contract.FailoverBackendContract;
import dev.failover.testkit.windows.WindowsContractCapabilities;
import java.net.URI;
import java.util.List;

/** The in-memory backend keeps the contract every backend keeps. */
class InMemoryContractTest extends FailoverBackendContract {

  @Override
  protected ContractFixture fixture() {
    ServerId a = ServerId.of("mem-a");
    ServerId b = ServerId.of("mem-b");
    InMemoryBackend backend = new InMemoryBackend(Vendor.WINDOWS)
        .add(new InMemoryDhcpServer(a, Vendor.WINDOWS)).add(new InMemoryDhcpServer(b, Vendor.WINDOWS));
    Inventory inventory = Inventory.of(Server.of("mem-a", Vendor.WINDOWS, "mem-a", URI.create("memory:mem-a")),
        Server.of("mem-b", Vendor.WINDOWS, "mem-b", URI.create("memory:mem-b")));
    return new ContractFixture() {
      @Override
      public Inventory inventory() {
        return inventory;
      }

      @Override
      public ServerId primary() {
        return a;
      }

      @Override
      public ServerId secondary() {
        return b;
      }

      @Override
      public FailoverBackend backend() {
        return backend;
      }

      @Override
      public void seed(ServerId server, Scope scope) {
        backend.server(server).withScopes(scope);
      }

      @Override
      public ContractCapabilities capabilities() {
        return new WindowsContractCapabilities();
      }

      @Override
      public Relationship relationship(String name, List<Subnet> scopes) {
        return Relationship.builder().name(name).mode(FailoverMode.LOAD_BALANCING).primary("mem-a").secondary("mem-b")
            .settings(WindowsFailoverSettings.loadBalance(50)).scopes(scopes).build();
      }

      @Override
      public boolean failNextWrite(ServerId server, String message) {
        backend.server(server).failNextWrite(message);
        return true;
      }

      @Override
      public void close() {
      }
    };
  }
}
