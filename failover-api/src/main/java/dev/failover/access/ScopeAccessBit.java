package dev.failover.access;

import dev.failover.scope.ItemKind;

/** Permission bits held on one scope of one server, named as the product chapter names them. */
public enum ScopeAccessBit {
  /** Change the scope's option values. */
  READ_WRITE_SCOPE_OPTIONS("Read/write scope options"),
  /** Add, change or remove reservations. */
  EDIT_RESERVATIONS("Edit reservations"),
  /** Add, change or remove address pools. */
  EDIT_ADDRESS_POOLS("Edit address pools"),
  /** Add, change or remove exclusion ranges. */
  EDIT_EXCLUSIONS("Edit exclusions");

  private final String title;

  ScopeAccessBit(String title) {
    this.title = title;
  }

  /** {@return the bit's name as the product shows it} */
  public String title() {
    return title;
  }

  /**
   * {@return the bit that governs changes to items of this kind (used by the stricter policy)}
   *
   * @param kind the kind of item
   */
  public static ScopeAccessBit governing(ItemKind kind) {
    return switch (kind) {
      case PROPERTIES, OPTION -> READ_WRITE_SCOPE_OPTIONS;
      case POOL -> EDIT_ADDRESS_POOLS;
      case EXCLUSION -> EDIT_EXCLUSIONS;
      case RESERVATION -> EDIT_RESERVATIONS;
    };
  }
}
