package dev.failover.testkit.kea;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.state.CommonState;
import dev.failover.testkit.contract.ContractCapabilities;

/**
 * Kea HA as the contract kits see it: the heartbeat delay is changed in place; a cut link shows
 * communication-recovery only in load-balancing with delayed updates (the default limit is 100),
 * as real Kea 2.2 and 3.0 pairs show; hot-standby, and load-balancing with a delayed-updates
 * limit of 0, only raise a flag and stay normal.
 */
public final class KeaContractCapabilities implements ContractCapabilities {

  /** Makes Kea HA's capabilities. */
  public KeaContractCapabilities() {
  }

  /**
   * {@return the relationship with its heartbeat delay one second longer}
   *
   * @param relationship a Kea relationship
   */
  @Override
  public Relationship withOneSettingChanged(Relationship relationship) {
    KeaHaSettings kea = (KeaHaSettings) relationship.settings();
    return ImmutableRelationship.copyOf(relationship)
        .withSettings(ImmutableKeaHaSettings.copyOf(kea).withHeartbeatDelay(kea.heartbeatDelay().plusSeconds(1)));
  }

  /**
   * {@return communications-interrupted in load-balancing with delayed updates, else normal}
   *
   * @param relationship a Kea relationship
   */
  @Override
  public CommonState whileCutBeforePartnerDown(Relationship relationship) {
    KeaHaSettings kea = (KeaHaSettings) relationship.settings();
    boolean recovery = relationship.mode() == FailoverMode.LOAD_BALANCING
        && kea.effectiveDelayedUpdatesLimit(relationship.mode()) > 0;
    return recovery ? CommonState.COMMUNICATION_INTERRUPTED : CommonState.NORMAL;
  }
}
