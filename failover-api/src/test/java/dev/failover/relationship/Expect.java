package dev.failover.relationship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on validation failures shared by the relationship tests. */
final class Expect {

  private Expect() {}

  /** The violations the call throws; fails if it throws nothing or something else. */
  static List<Violation> violations(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected a ValidationException").isInstanceOf(ValidationException.class);
    return ((ValidationException) thrown).violations();
  }

  /** The fields of the violations the call throws. */
  static List<String> fields(ThrowingCallable call) {
    return violations(call).stream().map(Violation::field).toList();
  }

  /** The fields of a list of violations. */
  static List<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).toList();
  }
}
