package dev.failover.cli;

import picocli.CommandLine.Option;

/** The options of every command that changes servers: it shows its plan, and applies it only when asked. */
final class ApplyOptions {

  @Option(names = "--apply", description = "Apply the plan (after a confirmation prompt on a terminal, or with --yes). "
      + "Without it the plan is only shown.")
  boolean apply;

  @Option(names = {"-y", "--yes"}, description = "Apply without the confirmation prompt (needed when there is no terminal).")
  boolean yes;

  @Option(names = "--no-progress", description = "No progress bar on standard error while applying.")
  boolean noProgress;
}
