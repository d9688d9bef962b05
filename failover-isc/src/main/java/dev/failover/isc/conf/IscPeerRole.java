package dev.failover.isc.conf;

/** The role a server takes in a dhcpd failover peer declaration ({@code primary;} or {@code secondary;}). */
public enum IscPeerRole {
  /** {@code primary;}: owns mclt and the load balance split. */
  PRIMARY("primary"),
  /** {@code secondary;}: may not define load balance settings. */
  SECONDARY("secondary");

  private final String keyword;

  IscPeerRole(String keyword) {
    this.keyword = keyword;
  }

  /** {@return the dhcpd keyword} */
  public String keyword() {
    return keyword;
  }
}
