package dev.failover.testkit.windows;

/**
 * The failover states of a Windows relationship side (MS-DHCPM {@code FSM_STATE}), with the
 * names the fake prints in {@code Get-DhcpServerv4Failover}'s {@code State} property.
 */
public enum WindowsFailoverState {
  NO_STATE("NoState"),
  INIT("Init"),
  STARTUP("Startup"),
  NORMAL("Normal"),
  COMMUNICATION_INT("CommunicationInterrupted"),
  PARTNER_DOWN("PartnerDown"),
  POTENTIAL_CONFLICT("PotentialConflict"),
  CONFLICT_DONE("ConflictDone"),
  RESOLUTION_INT("ResolutionInterrupted"),
  RECOVER("Recover"),
  RECOVER_WAIT("RecoverWait"),
  RECOVER_DONE("RecoverDone"),
  PAUSED("Paused"),
  SHUTDOWN("Shutdown");

  private final String psName;

  WindowsFailoverState(String psName) {
    this.psName = psName;
  }

  /** The name in the cmdlet output, {@code Normal}, {@code CommunicationInterrupted}, … */
  public String psName() {
    return psName;
  }
}
