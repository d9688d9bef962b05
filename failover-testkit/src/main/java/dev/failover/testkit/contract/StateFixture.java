package dev.failover.testkit.contract;

import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import java.util.List;

/** A {@link ContractFixture} of fakes whose link and clock a test controls. */
public interface StateFixture extends ContractFixture {

  /** {@return the controls over the fixture's two servers} */
  PairControls controls();

  /**
   * {@return a contract fixture with the controls over its servers; closing it closes the fixture}
   *
   * @param fixture the contract fixture
   * @param controls the controls over its servers
   */
  static StateFixture of(ContractFixture fixture, PairControls controls) {
    return new StateFixture() {
      @Override
      public PairControls controls() {
        return controls;
      }

      @Override
      public Inventory inventory() {
        return fixture.inventory();
      }

      @Override
      public ServerId primary() {
        return fixture.primary();
      }

      @Override
      public ServerId secondary() {
        return fixture.secondary();
      }

      @Override
      public FailoverBackend backend() {
        return fixture.backend();
      }

      @Override
      public void seed(ServerId server, Scope scope) {
        fixture.seed(server, scope);
      }

      @Override
      public Relationship relationship(String name, List<Subnet> scopes) {
        return fixture.relationship(name, scopes);
      }

      @Override
      public ContractCapabilities capabilities() {
        return fixture.capabilities();
      }

      @Override
      public boolean failNextWrite(ServerId server, String message) {
        return fixture.failNextWrite(server, message);
      }

      @Override
      public int propertyCases() {
        return fixture.propertyCases();
      }

      @Override
      public void close() throws Exception {
        fixture.close();
      }
    };
  }
}
