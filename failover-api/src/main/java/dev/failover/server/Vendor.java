package dev.failover.server;

/** The DHCP server families the SDK manages. */
public enum Vendor {
  /** ISC dhcpd 4.x: {@code failover peer} declarations in dhcpd.conf, state over OMAPI. */
  ISC("ISC dhcpd"),
  /** Kea with the High Availability hook, managed through its REST control API. */
  KEA("Kea"),
  /** Windows Server DHCP, managed through the DhcpServer PowerShell module. */
  WINDOWS("Windows DHCP");

  private final String displayName;

  Vendor(String displayName) {
    this.displayName = displayName;
  }

  /** {@return the name a person reads: "ISC dhcpd", "Kea", "Windows DHCP"} */
  public String displayName() {
    return displayName;
  }
}
