package dev.failover.testkit.contract;

/** A {@link ContractFixture} of fakes whose link and clock a test controls. */
public interface StateFixture extends ContractFixture {

  /** The controls over the fixture's two servers. */
  PairControls controls();
}
