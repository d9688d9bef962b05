package dev.failover.access;

/**
 * The product's built-in roles. A role grants its bits on every server and every scope the
 * SDK's inventory knows.
 */
public enum BuiltInRole {
  /**
   * "DHCP Administrators (built-in)": a DHCP administrator, with every server bit and every
   * scope bit: may manage relationships and ISC peers, add and remove scopes, replicate.
   */
  DHCP_ADMINISTRATORS("DHCP Administrators (built-in)", true, true),
  /**
   * "IPAM Administrators (built-in)": every scope bit, so it may replicate one scope; no server
   * bits and not a DHCP administrator.
   */
  IPAM_ADMINISTRATORS("IPAM Administrators (built-in)", false, true);

  private final String title;
  private final boolean dhcpAdministrator;
  private final boolean allScopeBits;

  BuiltInRole(String title, boolean dhcpAdministrator, boolean allScopeBits) {
    this.title = title;
    this.dhcpAdministrator = dhcpAdministrator;
    this.allScopeBits = allScopeBits;
  }

  /** {@return the role's name as the product shows it} */
  public String title() {
    return title;
  }

  /** {@return whether the role makes its holder a DHCP administrator (and so grants every server bit)} */
  public boolean dhcpAdministrator() {
    return dhcpAdministrator;
  }

  /** {@return whether the role grants every scope-level bit on every scope} */
  public boolean allScopeBits() {
    return allScopeBits;
  }
}
