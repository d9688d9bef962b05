package dev.failover.testkit.windows;

/**
 * The script is not one the Windows backend composes: an unquoted {@code $(…)}, a {@code ;} or a
 * backtick outside a literal, an unterminated quote, an unknown cmdlet, a line out of place.
 * Nothing of such a script runs.
 */
public class ScriptParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The 1-based line of the problem. */
  private final int line;
  /** The 1-based column of the problem. */
  private final int column;

  /**
   * A script that does not parse.
   *
   * @param message what is wrong
   * @param line the 1-based line
   * @param column the 1-based column
   */
  public ScriptParseException(String message, int line, int column) {
    super(message + " (at line " + line + " char " + column + ")");
    this.line = line;
    this.column = column;
  }

  /** {@return the 1-based line of the offending character} */
  public int line() {
    return line;
  }

  /** {@return the 1-based column of the offending character} */
  public int column() {
    return column;
  }
}
