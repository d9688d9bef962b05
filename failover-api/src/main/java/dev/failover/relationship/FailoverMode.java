package dev.failover.relationship;

import dev.failover.server.Vendor;

/**
 * How the two servers of a relationship share the work.
 *
 * <table>
 *   <caption>How each vendor expresses the mode</caption>
 *   <tr><th>mode</th><th>Windows DHCP</th><th>ISC dhcpd</th><th>Kea HA</th></tr>
 *   <tr><td>{@link #LOAD_BALANCING}</td><td>{@code -LoadBalancePercent}</td>
 *       <td>{@code split 128} (or an hba with both servers' buckets)</td><td>{@code load-balancing}</td></tr>
 *   <tr><td>{@link #HOT_STANDBY}</td><td>{@code -ReservePercent}, {@code -ServerRole}</td>
 *       <td>{@code split 256} (primary serves all) or {@code split 0} (secondary serves all), or an
 *       all-ones/all-zeros hba (vendor-facts §2.2)</td><td>{@code hot-standby}</td></tr>
 *   <tr><td>{@link #PASSIVE_BACKUP}</td><td>—</td><td>—</td><td>{@code passive-backup}</td></tr>
 * </table>
 */
public enum FailoverMode {
  /** One server serves, the partner stands by and takes over when it goes down. */
  HOT_STANDBY("hot standby"),
  /** Both servers serve, each a share of the clients. */
  LOAD_BALANCING("load balancing"),
  /** Kea only: one primary serves and sends lease updates to backup servers that never serve. */
  PASSIVE_BACKUP("passive backup");

  private final String displayName;

  FailoverMode(String displayName) {
    this.displayName = displayName;
  }

  /**
   * {@return whether the vendor has this mode: all three have hot standby and load balancing; only Kea has passive backup}
   *
   * @param vendor the server vendor
   */
  public boolean supportedBy(Vendor vendor) {
    return this != PASSIVE_BACKUP || vendor == Vendor.KEA;
  }

  /** {@return the name a person reads: "hot standby", "load balancing", "passive backup"} */
  public String displayName() {
    return displayName;
  }
}
