package dev.failover;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A shared secret or password. Its value never appears in {@code toString}, logs, exceptions or
 * JSON: it prints as {@code ***}, and JSON holds {@code "***"}, which reads back as
 * {@link #redacted()}. Only the code that writes a wire format which needs the value calls
 * {@link #reveal()}. A plan read back from JSON therefore carries a redacted secret, and
 * applying it is refused until the caller supplies the secret again.
 */
public final class Secret {

  private static final String MASK = "***";
  private static final Secret REDACTED = new Secret(null);

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * {@return a secret with the given value; it must not be empty}
   *
   * @param value the secret's value
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret");
    Violations.collect()
        .check(!value.isEmpty(), "secret", "(empty)", "must not be empty")
        .throwIfAny("secret");
    return new Secret(value);
  }

  /**
   * {@return the placeholder a secret becomes after a trip through JSON or a printout}
   *
   * @param text the JSON text; its content is ignored
   */
  @JsonCreator
  public static Secret fromJson(String text) {
    return REDACTED;
  }

  /** {@return the placeholder a secret becomes after a trip through JSON or a printout} */
  public static Secret redacted() {
    return REDACTED;
  }

  /** {@return whether the value is gone (the secret came back from JSON)} */
  public boolean isRedacted() {
    return value == null;
  }

  /**
   * {@return the value, for the one place that writes it onto the wire}
   *
   * @throws ValidationException if the secret is redacted
   *
   */
  public String reveal() {
    if (value == null) {
      throw new ValidationException("secret",
          java.util.List.of(new Violation("secret", MASK, "was redacted (read back from JSON); supply it again")));
    }
    return value;
  }

  @JsonValue
  @Override
  public String toString() {
    return MASK;
  }

  /** Constant-time comparison of the values; a redacted secret equals only a redacted one. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Secret)) {
      return false;
    }
    Secret that = (Secret) other;
    if (value == null || that.value == null) {
      return value == that.value;
    }
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0x5ec12e7; // deliberately constant: a hash must not leak anything about the value
  }
}
