package dev.failover.testkit.isc;

import dev.failover.relationship.ImmutableIscFailoverSettings;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.testkit.contract.ContractCapabilities;

/** ISC dhcpd as the contract kits see it: the MCLT is changed in place; a cut link is communications-interrupted. */
public final class IscContractCapabilities implements ContractCapabilities {

  /** Makes ISC dhcpd's capabilities. */
  public IscContractCapabilities() {
  }

  /**
   * {@return the relationship with its MCLT 30 minutes longer}
   *
   * @param relationship an ISC relationship
   */
  @Override
  public Relationship withOneSettingChanged(Relationship relationship) {
    IscFailoverSettings isc = (IscFailoverSettings) relationship.settings();
    return ImmutableRelationship.copyOf(relationship)
        .withSettings(ImmutableIscFailoverSettings.copyOf(isc).withMclt(isc.mclt().plusMinutes(30)));
  }
}
