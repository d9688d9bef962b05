package dev.failover.isc.conf;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.util.List;

/**
 * A dhcpd configuration text could not be read: it names the file, the line and column (1-based)
 * and what was expected there, for example
 * {@code dhcpd.conf:12:3: expected ';' at the end of the statement, found '}'}.
 *
 * <p>It is a {@link ValidationException} because the text is input that breaks dhcpd's grammar
 * or one of the rules dhcpd applies while parsing; the caller fixes the file (or the value that
 * would have produced it), exactly as with any other invalid input. Its single {@link Violation}
 * carries the location as its field, so callers that only know {@code ValidationException}
 * still show where the problem is. It is unchecked, like every SDK error, and it is the only
 * exception the parser throws on corrupt input.
 */
public class IscConfigException extends ValidationException {

  private static final long serialVersionUID = 1L;

  /** The file name as the configuration names it. */
  private final String file;
  /** The 1-based line of the problem. */
  private final int line;
  /** The 1-based column of the problem, 0 when unknown. */
  private final int column;
  /** What the parser expected there. */
  private final String expected;
  /** What it found instead. */
  private final String found;

  /**
   * @param file the file name as the configuration names it
   * @param line 1-based line, 0 when the text was produced by an edit
   * @param column 1-based column, 0 when unknown
   * @param expected what the grammar or dhcpd's rule wanted there
   * @param found what was there instead, as it appears in the text (quoted for the message)
   */
  public IscConfigException(String file, int line, int column, String expected, String found) {
    super("ISC dhcpd configuration", List.of(new Violation(file + ":" + line + ":" + column, found, expected)));
    this.file = file;
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
  }

  /** {@return the file the problem is in} */
  public String file() {
    return file;
  }

  /** {@return the 1-based line of the problem (0 for text produced by an edit)} */
  public int line() {
    return line;
  }

  /** {@return the 1-based column of the problem (0 for text produced by an edit)} */
  public int column() {
    return column;
  }

  /** {@return what was expected, or the rule that was broken} */
  public String expected() {
    return expected;
  }

  /** {@return what was found instead} */
  public String found() {
    return found;
  }
}
