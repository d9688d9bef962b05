package dev.failover.errors;

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

  /** The longest value shown whole; a longer one is cut to its start and its length. */
  public static final int MAX_SHOWN = 200;

  /**
   * A violation; the value and the field are shortened when they are long ({@link #shown}).
   *
   * @param field the name of the field as the caller knows it
   * @param value the offending value as text
   * @param rule the rule, phrased to follow the field name
   */
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
    value = shown(String.valueOf(value));
    field = shown(field);
  }

  /**
   * {@return {@code text}, or its first characters and its length when it is longer than {@link #MAX_SHOWN}}
   *
   * @param text the value as text
   */
  public static String shown(String text) {
    if (text.length() <= MAX_SHOWN) {
      return text;
    }
    int end = MAX_SHOWN - 40;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "… (cut: " + text.length() + " characters in all)";
  }

  /** {@return the sentence a user reads} */
  public String message() {
    return field + " " + rule + ", was " + value;
  }

  @Override
  public String toString() {
    return message();
  }
}
