package dev.failover.cli;

import dev.failover.errors.AccessDeniedException;
import dev.failover.errors.ConflictException;
import picocli.CommandLine;

/**
 * The tool's exit codes. They are part of its interface: scripts branch on them.
 *
 * <table>
 * <caption>Exit codes</caption>
 * <tr><th>code</th><th>meaning</th></tr>
 * <tr><td>0</td><td>done (a plan shown, or applied; no drift)</td></tr>
 * <tr><td>1</td><td>error: invalid input, something not found, a server unreachable or refusing,
 *     no backend for a vendor, the operator declined the prompt</td></tr>
 * <tr><td>2</td><td>usage: unknown command or option, a malformed argument, {@code --apply}
 *     without {@code --yes} and no terminal to confirm on</td></tr>
 * <tr><td>3</td><td>drift found ({@code drift})</td></tr>
 * <tr><td>4</td><td>conflict: a server changed since the plan was made; plan again</td></tr>
 * <tr><td>5</td><td>access denied: the principal may not apply the plan (also for a plan shown
 *     without {@code --apply} that the principal could not apply)</td></tr>
 * <tr><td>6</td><td>not available yet: no backend offers the feature (Kea maintenance)</td></tr>
 * <tr><td>7</td><td>partial answer: a server could not be reached or read ({@code status},
 *     {@code relationships list}, {@code drift}); what the others answered is shown, and the
 *     silent server is named with the reason</td></tr>
 * <tr><td>8</td><td>servers left changed: applying failed part way and a server could not be
 *     restored (or its state is unknown); each server's state is listed — look before retrying</td></tr>
 * </table>
 */
public final class ExitCode {

  /** Done: a plan shown or applied, or no drift. */
  public static final int OK = 0;
  /** Error: invalid input, something not found, a server unreachable or refusing, the prompt declined. */
  public static final int ERROR = 1;
  /** Usage: unknown command or option, a malformed argument, {@code --apply} without {@code --yes} and no terminal. */
  public static final int USAGE = 2;
  /** Drift found. */
  public static final int DRIFT = 3;
  /** Conflict: a server changed since the plan was made. */
  public static final int CONFLICT = 4;
  /** Access denied: the principal may not apply the plan. */
  public static final int DENIED = 5;
  /** Not available yet: no backend offers the feature. */
  public static final int NOT_AVAILABLE = 6;
  /** Partial answer: a server could not be reached or read; the others' answers are shown. */
  public static final int PARTIAL = 7;
  /** Servers left changed: applying failed part way and a server could not be restored. */
  public static final int LEFT_CHANGED = 8;

  private ExitCode() {}

  /**
   * {@return the code for an error that ends a command}
   *
   * @param e the error
   */
  public static int of(Throwable e) {
    if (e instanceof ReportedException r) {
      return of(r.getCause());
    }
    if (e instanceof UsageException || e instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    if (e instanceof AccessDeniedException) {
      return DENIED;
    }
    if (e instanceof ConflictException) {
      return CONFLICT;
    }
    if (e instanceof dev.failover.errors.IncompleteApplyException) {
      return LEFT_CHANGED;
    }
    return ERROR;
  }

  /** A word for the kind of error, as {@code --json} error documents carry it. */
  static String kind(Throwable e) {
    if (e instanceof ReportedException r) {
      return kind(r.getCause());
    }
    if (e instanceof UsageException || e instanceof CommandLine.ParameterException) {
      return "usage";
    }
    if (e instanceof AccessDeniedException) {
      return "access-denied";
    }
    if (e instanceof ConflictException) {
      return "conflict";
    }
    if (e instanceof dev.failover.errors.IncompleteApplyException) {
      return "servers-left-changed";
    }
    if (e instanceof dev.failover.errors.ValidationException) {
      return "invalid";
    }
    if (e instanceof dev.failover.errors.NotFoundException) {
      return "not-found";
    }
    if (e instanceof dev.failover.errors.BackendException) {
      return "backend";
    }
    return "error";
  }
}
