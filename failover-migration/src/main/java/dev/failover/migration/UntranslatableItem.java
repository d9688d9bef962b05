package dev.failover.migration;

import dev.failover.errors.Violations;
import org.immutables.value.Value;

/**
 * One thing of the ISC pair that the Kea pair does not carry over as it was: where it is in the
 * ISC files, what it is and why Kea cannot express it (and what the plan does instead, if
 * anything). A plan with such an item is applied only when the operator accepts the item by its
 * {@link #key()}.
 */
@Value.Immutable
public interface UntranslatableItem {

  /** {@return where in the ISC files: {@code file:line}, or the pair when it concerns both files} */
  String location();

  /** {@return what: the ISC statement or declaration, as dhcpd's tokens} */
  String statement();

  /** {@return why it does not translate, and what the Kea configuration does instead} */
  String reason();

  /** {@return the words an operator accepts the item with: {@code location statement}} */
  default String key() {
    return location() + " " + statement();
  }

  /**
   * {@return a short id an operator accepts the item with on a command line: {@code u-} and eight
   * hexadecimal digits of the SHA-256 of its {@link #key()}, so it changes when the item's place or
   * statement does}
   */
  default String id() {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "u-" + java.util.HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /**
   * {@return an item}
   *
   * @param location {@code file:line}
   * @param statement the ISC statement
   * @param reason why it does not translate
   */
  static UntranslatableItem of(String location, String statement, String reason) {
    return ImmutableUntranslatableItem.builder().location(location).statement(statement).reason(reason).build();
  }

  /** Checks that every field is set. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(!location().isBlank(), "location", location(), "must name a file and line")
        .check(!statement().isBlank(), "statement", statement(), "must name the ISC statement")
        .check(!reason().isBlank(), "reason", reason(), "must say why it does not translate")
        .throwIfAny("untranslatable item");
  }
}
