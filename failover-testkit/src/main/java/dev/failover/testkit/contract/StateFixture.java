package dev.failover.testkit.contract;

import dev.failover.server.ServerId;

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
    final class Controlled extends ForwardingContractFixture implements StateFixture {
      Controlled() {
        super(fixture);
      }

      @Override
      public PairControls controls() {
        return controls;
      }

      @Override
      public boolean failNextWrite(ServerId server, String message) {
        return fixture.failNextWrite(server, message);
      }

      @Override
      public int propertyCases() {
        return fixture.propertyCases();
      }
    }
    return new Controlled();
  }
}
