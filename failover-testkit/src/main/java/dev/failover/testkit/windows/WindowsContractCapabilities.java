package dev.failover.testkit.windows;

import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.ImmutableWindowsFailoverSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.testkit.contract.ContractCapabilities;

/**
 * Windows DHCP as the contract kits see it (the in-memory backend too, which takes Windows'
 * settings): the MCLT is changed in place; a cut link is communications-interrupted.
 */
public final class WindowsContractCapabilities implements ContractCapabilities {

  /** Makes Windows DHCP's capabilities. */
  public WindowsContractCapabilities() {
  }

  /**
   * {@return the relationship with its maximum client lead time 30 minutes longer}
   *
   * @param relationship a Windows relationship
   */
  @Override
  public Relationship withOneSettingChanged(Relationship relationship) {
    WindowsFailoverSettings w = (WindowsFailoverSettings) relationship.settings();
    return ImmutableRelationship.copyOf(relationship).withSettings(
        ImmutableWindowsFailoverSettings.copyOf(w).withMaxClientLeadTime(w.maxClientLeadTime().plusMinutes(30)));
  }
}
