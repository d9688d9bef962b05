package dev.failover.cli;

/**
 * An error whose JSON document a command has already written (with the plan it concerns); the
 * tool only prints the message on standard error and exits with the cause's code.
 */
final class ReportedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ReportedException(RuntimeException cause) {
    super(cause.getMessage(), cause);
  }
}
