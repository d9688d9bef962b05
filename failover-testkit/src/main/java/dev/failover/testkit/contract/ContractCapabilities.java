package dev.failover.testkit.contract;

import dev.failover.relationship.Relationship;
import dev.failover.state.CommonState;

/**
 * What the contract kits must know of a vendor and cannot ask the API: how one of its settings
 * is changed, and what its partners show while their link is cut. A {@link ContractFixture}
 * gives its vendor's ({@link ContractFixture#capabilities()}), so the kits hold no vendor test.
 */
public interface ContractCapabilities {

  /**
   * {@return the relationship with one setting changed the way the vendor allows it to be changed in place}
   *
   * @param relationship the relationship as created
   */
  Relationship withOneSettingChanged(Relationship relationship);

  /**
   * {@return the state both partners of the relationship show while their link is cut, before the
   * vendor's partner-down delay has passed} Communications-interrupted unless the vendor only
   * raises a flag.
   *
   * @param relationship the relationship
   */
  default CommonState whileCutBeforePartnerDown(Relationship relationship) {
    return CommonState.COMMUNICATION_INTERRUPTED;
  }
}
