package dev.failover.testkit.windows;

/**
 * The script is not one the Windows backend composes: an unquoted {@code $(…)}, a {@code ;} or a
 * backtick outside a literal, an unterminated quote, an unknown cmdlet, a line out of place.
 * Nothing of such a script runs.
 */
public class ScriptParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  public ScriptParseException(String message, int line, int column) {
    super(message + " (at line " + line + " char " + column + ")");
    this.line = line;
    this.column = column;
  }

  /** The 1-based line of the offending character. */
  public int line() {
    return line;
  }

  /** The 1-based column of the offending character. */
  public int column() {
    return column;
  }
}
