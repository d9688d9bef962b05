package dev.failover.testkit.windows;

/**
 * The failover states of a Windows relationship side (MS-DHCPM {@code FSM_STATE}), with the
 * names the fake prints in {@code Get-DhcpServerv4Failover}'s {@code State} property.
 */
public enum FakeWindowsFailoverState {
  /** No state. */
  NO_STATE("NoState"),
  /** Initialising. */
  INIT("Init"),
  /** Starting up. */
  STARTUP("Startup"),
  /** Both servers in contact and serving. */
  NORMAL("Normal"),
  /** The partner cannot be reached. */
  COMMUNICATION_INT("CommunicationInterrupted"),
  /** This server serves every client. */
  PARTNER_DOWN("PartnerDown"),
  /** Both may have served the same addresses. */
  POTENTIAL_CONFLICT("PotentialConflict"),
  /** The conflict is resolved. */
  CONFLICT_DONE("ConflictDone"),
  /** Contact lost while resolving a conflict. */
  RESOLUTION_INT("ResolutionInterrupted"),
  /** Catching up with the partner's bindings. */
  RECOVER("Recover"),
  /** Waiting out the client lead time. */
  RECOVER_WAIT("RecoverWait"),
  /** Recovered, about to return to normal. */
  RECOVER_DONE("RecoverDone"),
  /** Paused by an administrator. */
  PAUSED("Paused"),
  /** Shutting down. */
  SHUTDOWN("Shutdown");

  private final String psName;

  FakeWindowsFailoverState(String psName) {
    this.psName = psName;
  }

  /** {@return the name in the cmdlet output, {@code Normal}, {@code CommunicationInterrupted}, …} */
  public String psName() {
    return psName;
  }
}
