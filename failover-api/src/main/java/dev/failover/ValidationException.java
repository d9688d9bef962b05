package dev.failover;

import java.util.List;
import java.util.stream.Collectors;

/** The input breaks one or more rules; {@link #violations()} lists every one of them. */
public class ValidationException extends FailoverException {

  private static final long serialVersionUID = 1L;

  private final String subject;
  private final transient List<Violation> violations;

  public ValidationException(String subject, List<Violation> violations) {
    super(render(subject, violations));
    this.subject = subject;
    this.violations = List.copyOf(violations);
  }

  /** What was being validated, for example "Windows failover settings". */
  public String subject() {
    return subject;
  }

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
