package dev.failover;

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

  /** A new, empty collector. */
  public static Violations collect() {
    return new Violations();
  }

  /** Records a violation of {@code rule} when {@code ok} is false. */
  public Violations check(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      found.add(new Violation(field, String.valueOf(value), rule));
    }
    return this;
  }

  /** Records a violation whose rule text is only built when it is broken. */
  public Violations check(boolean ok, String field, Object value, Supplier<String> rule) {
    if (!ok) {
      found.add(new Violation(field, String.valueOf(value), rule.get()));
    }
    return this;
  }

  /** Records a violation unconditionally. */
  public Violations add(Violation violation) {
    found.add(violation);
    return this;
  }

  /** Records every violation of another collector, with {@code prefix.} before each field. */
  public Violations addAll(String prefix, List<Violation> violations) {
    for (Violation v : violations) {
      found.add(new Violation(prefix.isEmpty() ? v.field() : prefix + "." + v.field(), v.value(), v.rule()));
    }
    return this;
  }

  /** Runs a validation that may throw, keeping its violations instead. */
  public Violations absorb(String prefix, Runnable validation) {
    try {
      validation.run();
    } catch (ValidationException e) {
      addAll(prefix, e.violations());
    }
    return this;
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  public List<Violation> list() {
    return List.copyOf(found);
  }

  /** Throws a {@link ValidationException} naming {@code subject} if anything was collected. */
  public void throwIfAny(String subject) {
    if (!found.isEmpty()) {
      throw new ValidationException(subject, found);
    }
  }
}
