package dev.failover.windows.ps;

/** The DhcpServer module cmdlets the Windows backend runs, with whether each one changes the server. */
public enum DhcpCmdlet {
  ADD_FAILOVER("Add-DhcpServerv4Failover", true),
  SET_FAILOVER("Set-DhcpServerv4Failover", true),
  GET_FAILOVER("Get-DhcpServerv4Failover", false),
  REMOVE_FAILOVER("Remove-DhcpServerv4Failover", true),
  ADD_FAILOVER_SCOPE("Add-DhcpServerv4FailoverScope", true),
  REMOVE_FAILOVER_SCOPE("Remove-DhcpServerv4FailoverScope", true),
  INVOKE_FAILOVER_REPLICATION("Invoke-DhcpServerv4FailoverReplication", true),
  GET_SCOPE("Get-DhcpServerv4Scope", false),
  ADD_SCOPE("Add-DhcpServerv4Scope", true),
  SET_SCOPE("Set-DhcpServerv4Scope", true),
  REMOVE_SCOPE("Remove-DhcpServerv4Scope", true),
  GET_RESERVATION("Get-DhcpServerv4Reservation", false),
  ADD_RESERVATION("Add-DhcpServerv4Reservation", true),
  REMOVE_RESERVATION("Remove-DhcpServerv4Reservation", true),
  GET_EXCLUSION_RANGE("Get-DhcpServerv4ExclusionRange", false),
  ADD_EXCLUSION_RANGE("Add-DhcpServerv4ExclusionRange", true),
  REMOVE_EXCLUSION_RANGE("Remove-DhcpServerv4ExclusionRange", true),
  GET_OPTION_VALUE("Get-DhcpServerv4OptionValue", false),
  SET_OPTION_VALUE("Set-DhcpServerv4OptionValue", true),
  REMOVE_OPTION_VALUE("Remove-DhcpServerv4OptionValue", true);

  private final String cmdletName;
  private final boolean writes;

  DhcpCmdlet(String cmdletName, boolean writes) {
    this.cmdletName = cmdletName;
    this.writes = writes;
  }

  /** The name as PowerShell knows it, {@code Add-DhcpServerv4Failover}. */
  public String cmdletName() {
    return cmdletName;
  }

  /** Whether the cmdlet changes the server (and so is confirmed and recorded). */
  public boolean writes() {
    return writes;
  }
}
