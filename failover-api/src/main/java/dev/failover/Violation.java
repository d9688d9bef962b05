package dev.failover;

import java.util.Objects;

/**
 * One broken rule: the field, the value it had and the rule it broke, for example
 * {@code maxClientLeadTime must be greater than zero (Windows rejects 0), was PT0S}.
 *
 * @param field the name of the field as the caller knows it (dotted for nested fields)
 * @param value the offending value as text; secrets are never put here
 * @param rule the rule, phrased to follow the field name ("must be at most 126 characters")
 */
public record Violation(String field, String value, String rule) {

  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
    value = String.valueOf(value);
  }

  /** The sentence a user reads. */
  public String message() {
    return field + " " + rule + ", was " + value;
  }

  @Override
  public String toString() {
    return message();
  }
}
