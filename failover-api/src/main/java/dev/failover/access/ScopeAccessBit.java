package dev.failover.access;

import dev.failover.scope.ItemKind;

/** Permission bits held on one scope of one server, named as the product chapter names them. */
public enum ScopeAccessBit {
  READ_WRITE_SCOPE_OPTIONS("Read/write scope options"),
  EDIT_RESERVATIONS("Edit reservations"),
  EDIT_ADDRESS_POOLS("Edit address pools"),
  EDIT_EXCLUSIONS("Edit exclusions");

  private final String title;

  ScopeAccessBit(String title) {
    this.title = title;
  }

  /** The bit's name as the product shows it. */
  public String title() {
    return title;
  }

  /** The bit that governs changes to items of this kind (used by the stricter policy). */
  public static ScopeAccessBit governing(ItemKind kind) {
    return switch (kind) {
      case PROPERTIES, OPTION -> READ_WRITE_SCOPE_OPTIONS;
      case POOL -> EDIT_ADDRESS_POOLS;
      case EXCLUSION -> EDIT_EXCLUSIONS;
      case RESERVATION -> EDIT_RESERVATIONS;
    };
  }
}
