package dev.failover.cli;

/** The command line asks for something that cannot be done as asked; exit code {@value ExitCode#USAGE}. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
