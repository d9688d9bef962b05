package dev.failover.windows.ps;

/**
 * Writes text as a PowerShell single-quoted string literal, the one form in which PowerShell
 * expands nothing: no variables, no sub-expressions, no escape sequences.
 *
 * <p>The only character that ends such a literal is a single quote, and PowerShell's tokenizer
 * counts five characters as single quotes: {@code '} (U+0027) and the typographic quotes
 * U+2018 ‘, U+2019 ’, U+201A ‚ and U+201B ‛. Inside a literal, a quote character followed by
 * any quote character stands for the second one, so doubling every quote character in place
 * keeps the text exactly as it was and never ends the literal early. Every other character,
 * newlines and NUL included, is data inside the literal.
 */
public final class PsLiteral {

  private PsLiteral() {}

  /**
   * {@return whether PowerShell treats the character as a single quote}
   *
   * @param c the character
   */
  public static boolean isSingleQuote(char c) {
    return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
  }

  /**
   * {@return the text as a single-quoted PowerShell literal, quotes included}
   *
   * @param text the text
   */
  public static String quote(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    appendQuoted(out, text);
    return out.toString();
  }

  /**
   * Appends the text as a single-quoted PowerShell literal, quotes included.
   *
   * @param out where the literal goes
   * @param text the text
   */
  public static void appendQuoted(StringBuilder out, CharSequence text) {
    out.append('\'');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isSingleQuote(c)) {
        out.append(c);
      }
      out.append(c);
    }
    out.append('\'');
  }

  /** Appends the characters as a single-quoted PowerShell literal into a wipeable buffer. */
  static void appendQuoted(SecureText out, char[] text) {
    out.append('\'');
    for (char c : text) {
      if (isSingleQuote(c)) {
        out.append(c);
      }
      out.append(c);
    }
    out.append('\'');
  }
}
