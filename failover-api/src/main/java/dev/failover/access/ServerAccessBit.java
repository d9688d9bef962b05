package dev.failover.access;

/** Permission bits held on a DHCP server, named as the product chapter names them. */
public enum ServerAccessBit {
  /** "Add a scope": add a scope to, or remove one from, a failover relationship on the server. */
  ADD_A_SCOPE("Add a scope"),
  /** "Administer DHCP servers": replicate every scope of a relationship or of the server. */
  ADMINISTER_DHCP_SERVERS("Administer DHCP servers"),
  /**
   * "Edit reservations" at server level. It does <em>not</em> count for replicating a scope,
   * which needs scope-level bits; it exists so that holding it can be shown not to grant that.
   */
  EDIT_RESERVATIONS("Edit reservations");

  private final String title;

  ServerAccessBit(String title) {
    this.title = title;
  }

  /** {@return the bit's name as the product shows it} */
  public String title() {
    return title;
  }
}
