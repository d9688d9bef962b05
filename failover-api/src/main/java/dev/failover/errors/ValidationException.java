package dev.failover.errors;

import java.util.List;
import java.util.stream.Collectors;

/** The input breaks one or more rules; {@link #violations()} lists every one of them. */
public class ValidationException extends FailoverException {

  private static final long serialVersionUID = 1L;

  /** What was being validated. */
  private final String subject;
  private final transient List<Violation> violations;

  /**
   * Input that breaks rules; the message lists every violation.
   *
   * @param subject what was validated, for example "Windows failover settings"
   * @param violations every rule broken
   */
  public ValidationException(String subject, List<Violation> violations) {
    super(render(subject, violations));
    this.subject = subject;
    this.violations = List.copyOf(violations);
  }

  /** {@return what was being validated, for example "Windows failover settings"} */
  public String subject() {
    return subject;
  }

  /** {@return every rule broken, in the order found} */
  public List<Violation> violations() {
    return violations;
  }

  private static String render(String subject, List<Violation> violations) {
    if (violations.size() == 1) {
      return "invalid " + subject + ": " + violations.get(0).message();
    }
    return "invalid " + subject + " (" + violations.size() + " problems):"
        + violations.stream().map(v -> "\n  - " + v.message()).collect(Collectors.joining());
  }
}
