package dev.failover.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every broken rule of a value before failing, so that a caller fixes a form once,
 * not once per mistake. Used in {@code @Value.Check} methods and in planners:
 *
 * <pre>{@code
 * Violations.collect()
 *     .check(split() <= 256, "split", split(), "must be between 0 and 256 inclusive")
 *     .throwIfAny("ISC peer settings");
 * }</pre>
 */
public final class Violations {

  private final List<Violation> found = new ArrayList<>();

  private Violations() {}

  /** {@return a new, empty collector} */
  public static Violations collect() {
    return new Violations();
  }

  /**
   * Records a violation of {@code rule} when {@code ok} is false.
   *
   * @param ok whether the rule holds
   * @param field the field, as the user named it
   * @param value the value found
   * @param rule the rule, in operator words
   * @return this collector, for chaining
   */
  public Violations check(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      found.add(new Violation(field, String.valueOf(value), rule));
    }
    return this;
  }

  /**
   * Records a violation whose rule text is only built when it is broken.
   *
   * @param ok whether the rule holds
   * @param field the field, as the user named it
   * @param value the value found
   * @param rule builds the rule's text
   * @return this collector, for chaining
   */
  public Violations check(boolean ok, String field, Object value, Supplier<String> rule) {
    if (!ok) {
      found.add(new Violation(field, String.valueOf(value), rule.get()));
    }
    return this;
  }

  /**
   * Records a violation unconditionally.
   *
   * @param violation the violation
   * @return this collector, for chaining
   */
  public Violations add(Violation violation) {
    found.add(violation);
    return this;
  }

  /**
   * Records every violation of another collector, with {@code prefix.} before each field.
   *
   * @param prefix put before each field, with a dot; empty for none
   * @param violations the violations
   * @return this collector, for chaining
   */
  public Violations addAll(String prefix, List<Violation> violations) {
    for (Violation v : violations) {
      found.add(new Violation(prefix.isEmpty() ? v.field() : prefix + "." + v.field(), v.value(), v.rule()));
    }
    return this;
  }

  /**
   * Runs a validation that may throw, keeping its violations instead.
   *
   * @param prefix put before each field found, with a dot
   * @param validation the validation to run
   * @return this collector, for chaining
   */
  public Violations absorb(String prefix, Runnable validation) {
    try {
      validation.run();
    } catch (ValidationException e) {
      addAll(prefix, e.violations());
    }
    return this;
  }

  /** {@return whether nothing was collected} */
  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** {@return the violations, in the order found} */
  public List<Violation> list() {
    return List.copyOf(found);
  }

  /**
   * Throws a {@link ValidationException} naming {@code subject} if anything was collected.
   *
   * @param subject what was validated, for the message
   */
  public void throwIfAny(String subject) {
    if (!found.isEmpty()) {
      throw new ValidationException(subject, found);
    }
  }
}
