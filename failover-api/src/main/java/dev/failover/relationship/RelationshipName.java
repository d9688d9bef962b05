package dev.failover.relationship;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.Objects;

/**
 * The name of a failover relationship: 1 to 126 characters (the Windows limit,
 * {@code ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG}, vendor-facts §1), no control characters, no
 * leading or trailing whitespace. Spaces and characters such as {@code !@#$%^&*"'} are allowed,
 * as Windows allows them; every backend escapes the name where it writes it (a dhcpd.conf
 * string, a PowerShell argument, Kea JSON). Compared by exact text.
 */
public final class RelationshipName implements Comparable<RelationshipName> {

  /** The longest name Windows accepts. */
  public static final int MAX_LENGTH = 126;

  private final String value;

  private RelationshipName(String value) {
    this.value = value;
  }

  /**
   * {@return the name with that text}
   *
   * @param value the name
   * @throws ValidationException naming field {@code name} when the text breaks a rule (all
   * broken rules are listed)
   *
   */
  @JsonCreator
  public static RelationshipName of(String value) {
    Objects.requireNonNull(value, "name");
    String shown = Texts.quoted(value.length() > 200 ? value.substring(0, 200) + "…" : value);
    Violations.collect()
        .check(!value.isEmpty(), "name", shown, "must not be empty")
        .check(value.length() <= MAX_LENGTH, "name", shown,
            () -> "must be at most " + MAX_LENGTH + " characters (Windows limit), has " + value.length())
        .check(Texts.printable(value), "name", shown, "must not contain control characters")
        .check(!padded(value), "name", shown, "must not start or end with whitespace")
        .throwIfAny("relationship name");
    return new RelationshipName(value);
  }

  /** Whether the text starts or ends with whitespace, including no-break and other Unicode spaces. */
  static boolean padded(String text) {
    return !text.isEmpty() && (blank(text.charAt(0)) || blank(text.charAt(text.length() - 1)));
  }

  private static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** {@return the text of the name} */
  @JsonValue
  public String value() {
    return value;
  }

  @Override
  public int compareTo(RelationshipName other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelationshipName && ((RelationshipName) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
