package dev.failover.scope;

/** The kinds of things inside a scope that replication copies and drift compares. */
public enum ItemKind {
  /** The scope's own properties: name, description, lease time, enabled, numeric id. */
  PROPERTIES("properties", "Read/write scope options"),
  /** An option value set at scope level. */
  OPTION("option", "Read/write scope options"),
  /** An address pool (range). */
  POOL("pool", "Edit address pools"),
  /** An exclusion range. */
  EXCLUSION("exclusion", "Edit exclusions"),
  /** A reservation (host). */
  RESERVATION("reservation", "Edit reservations");

  private final String word;
  private final String accessBitName;

  ItemKind(String word, String accessBitName) {
    this.word = word;
    this.accessBitName = accessBitName;
  }

  /** {@return the word used in summaries: "reservation"} */
  public String word() {
    return word;
  }

  /** {@return the name of the scope access bit that governs this kind of item (see the access package)} */
  public String accessBitName() {
    return accessBitName;
  }
}
