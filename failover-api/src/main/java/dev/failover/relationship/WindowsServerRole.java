package dev.failover.relationship;

/**
 * The {@code -ServerRole} of a Windows hot-standby relationship (vendor-facts §1,
 * Add-DhcpServerv4Failover): whether a server is the active one or the standby.
 */
public enum WindowsServerRole {
  /** The server that serves clients. */
  ACTIVE,
  /** The server that keeps a reserve of addresses and takes over in PARTNER DOWN. */
  STANDBY;

  /** {@return the word the cmdlet takes: {@code Active} or {@code Standby}} */
  public String powerShellName() {
    return this == ACTIVE ? "Active" : "Standby";
  }

  /** {@return the other role} */
  public WindowsServerRole other() {
    return this == ACTIVE ? STANDBY : ACTIVE;
  }
}
