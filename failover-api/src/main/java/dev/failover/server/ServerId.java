package dev.failover.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.failover.errors.Violations;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name by which the inventory knows a server: 1 to 64 letters, digits, dots, hyphens or
 * underscores, starting with a letter or digit ({@code dhcp-a}, {@code dc1.example.net}).
 */
public final class ServerId implements Comparable<ServerId> {

  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String value;

  private ServerId(String value) {
    this.value = value;
  }

  /**
   * {@return the id with that text}
   *
   * @param value the id, for example {@code dhcp-a}
   */
  @JsonCreator
  public static ServerId of(String value) {
    Objects.requireNonNull(value, "server id");
    Violations.collect()
        .check(SHAPE.matcher(value).matches(), "server id", dev.failover.spi.Texts.quoted(value),
            "must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit")
        .throwIfAny("server id");
    return new ServerId(value);
  }

  /** {@return the id's text} */
  @JsonValue
  public String value() {
    return value;
  }

  @Override
  public int compareTo(ServerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerId && ((ServerId) o).value.equals(value);
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
