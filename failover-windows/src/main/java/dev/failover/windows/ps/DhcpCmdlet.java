package dev.failover.windows.ps;

/** The DhcpServer module cmdlets the Windows backend runs, with whether each one changes the server. */
public enum DhcpCmdlet {
  /** {@code Add-DhcpServerv4Failover}; changes the server. */
  ADD_FAILOVER("Add-DhcpServerv4Failover", true),
  /** {@code Set-DhcpServerv4Failover}; changes the server. */
  SET_FAILOVER("Set-DhcpServerv4Failover", true),
  /** {@code Get-DhcpServerv4Failover}; reads only. */
  GET_FAILOVER("Get-DhcpServerv4Failover", false),
  /** {@code Remove-DhcpServerv4Failover}; changes the server. */
  REMOVE_FAILOVER("Remove-DhcpServerv4Failover", true),
  /** {@code Add-DhcpServerv4FailoverScope}; changes the server. */
  ADD_FAILOVER_SCOPE("Add-DhcpServerv4FailoverScope", true),
  /** {@code Remove-DhcpServerv4FailoverScope}; changes the server. */
  REMOVE_FAILOVER_SCOPE("Remove-DhcpServerv4FailoverScope", true),
  /** {@code Invoke-DhcpServerv4FailoverReplication}; changes the server. */
  INVOKE_FAILOVER_REPLICATION("Invoke-DhcpServerv4FailoverReplication", true),
  /** {@code Get-DhcpServerv4Scope}; reads only. */
  GET_SCOPE("Get-DhcpServerv4Scope", false),
  /** {@code Add-DhcpServerv4Scope}; changes the server. */
  ADD_SCOPE("Add-DhcpServerv4Scope", true),
  /** {@code Set-DhcpServerv4Scope}; changes the server. */
  SET_SCOPE("Set-DhcpServerv4Scope", true),
  /** {@code Remove-DhcpServerv4Scope}; changes the server. */
  REMOVE_SCOPE("Remove-DhcpServerv4Scope", true),
  /** {@code Get-DhcpServerv4Reservation}; reads only. */
  GET_RESERVATION("Get-DhcpServerv4Reservation", false),
  /** {@code Add-DhcpServerv4Reservation}; changes the server. */
  ADD_RESERVATION("Add-DhcpServerv4Reservation", true),
  /** {@code Remove-DhcpServerv4Reservation}; changes the server. */
  REMOVE_RESERVATION("Remove-DhcpServerv4Reservation", true),
  /** {@code Get-DhcpServerv4ExclusionRange}; reads only. */
  GET_EXCLUSION_RANGE("Get-DhcpServerv4ExclusionRange", false),
  /** {@code Add-DhcpServerv4ExclusionRange}; changes the server. */
  ADD_EXCLUSION_RANGE("Add-DhcpServerv4ExclusionRange", true),
  /** {@code Remove-DhcpServerv4ExclusionRange}; changes the server. */
  REMOVE_EXCLUSION_RANGE("Remove-DhcpServerv4ExclusionRange", true),
  /** {@code Get-DhcpServerv4OptionValue}; reads only. */
  GET_OPTION_VALUE("Get-DhcpServerv4OptionValue", false),
  /** {@code Set-DhcpServerv4OptionValue}; changes the server. */
  SET_OPTION_VALUE("Set-DhcpServerv4OptionValue", true),
  /** {@code Remove-DhcpServerv4OptionValue}; changes the server. */
  REMOVE_OPTION_VALUE("Remove-DhcpServerv4OptionValue", true);

  private final String cmdletName;
  private final boolean writes;

  DhcpCmdlet(String cmdletName, boolean writes) {
    this.cmdletName = cmdletName;
    this.writes = writes;
  }

  /** {@return the name as PowerShell knows it, {@code Add-DhcpServerv4Failover}} */
  public String cmdletName() {
    return cmdletName;
  }

  /** {@return whether the cmdlet changes the server (and so is confirmed and recorded)} */
  public boolean writes() {
    return writes;
  }
}
