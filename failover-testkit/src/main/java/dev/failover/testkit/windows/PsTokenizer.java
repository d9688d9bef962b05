package dev.failover.testkit.windows;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into tokens the way PowerShell's tokenizer does for the constructs the
 * Windows backend emits, and refuses everything else. Single-quoted literals follow
 * PowerShell exactly: any of the five single-quote characters (U+0027, U+2018, U+2019, U+201A,
 * U+201B) opens and closes one, and inside it a quote character followed by another stands
 * for the second. Outside literals, {@code ;}, backticks, double quotes, {@code #}, {@code $(},
 * {@code @(}, redirections, other dashes and any other character are errors. Not API.
 */
final class PsTokenizer {

  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;

  private PsTokenizer(String text) {
    this.text = text;
  }

  static List<PsToken> tokenize(String text) {
    return new PsTokenizer(text).run();
  }

  static boolean isSingleQuote(char c) {
    return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
  }

  private List<PsToken> run() {
    List<PsToken> out = new ArrayList<>();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      int col = pos - lineStart + 1;
      if (c == ' ' || c == '\t') {
        pos++;
      } else if (c == '\n' || (c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n')) {
        pos += c == '\r' ? 2 : 1;
        out.add(new PsToken(PsToken.Type.NEWLINE, "\n", line, col));
        line++;
        lineStart = pos;
      } else if (isSingleQuote(c)) {
        out.add(string(col));
      } else if (c == '$') {
        out.add(variable(col));
      } else if (c == '-') {
        out.add(dash(col));
      } else if (c >= '0' && c <= '9') {
        out.add(number(col, pos));
      } else if (isWordStart(c)) {
        int start = pos;
        while (pos < text.length() && isWordPart(text.charAt(pos))) {
          pos++;
        }
        out.add(new PsToken(PsToken.Type.WORD, text.substring(start, pos), line, col));
      } else if (c == '[') {
        int start = ++pos;
        while (pos < text.length() && (isWordPart(text.charAt(pos)))) {
          pos++;
        }
        if (pos == start || pos >= text.length() || text.charAt(pos) != ']') {
          throw error("Missing ']' or a type name after '['", col);
        }
        out.add(new PsToken(PsToken.Type.TYPE, text.substring(start, pos), line, col));
        pos++;
      } else if (c == ':' && pos + 1 < text.length() && text.charAt(pos + 1) == ':') {
        pos += 2;
        out.add(new PsToken(PsToken.Type.PUNCT, "::", line, col));
      } else if (c == '@' && pos + 1 < text.length() && text.charAt(pos + 1) == '{') {
        pos += 2;
        out.add(new PsToken(PsToken.Type.PUNCT, "@{", line, col));
      } else if ("={}()|,.".indexOf(c) >= 0) {
        pos++;
        out.add(new PsToken(PsToken.Type.PUNCT, String.valueOf(c), line, col));
      } else {
        throw error("Unexpected character " + describe(c) + " outside a string literal", col);
      }
    }
    out.add(new PsToken(PsToken.Type.EOF, "", line, pos - lineStart + 1));
    return out;
  }

  private PsToken string(int col) {
    int startLine = line;
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length()) {
        throw new ScriptParseException("The string is missing the terminator: '.", startLine, col);
      }
      char c = text.charAt(pos);
      if (isSingleQuote(c)) {
        if (pos + 1 < text.length() && isSingleQuote(text.charAt(pos + 1))) {
          value.append(text.charAt(pos + 1));
          pos += 2;
          continue;
        }
        pos++;
        return new PsToken(PsToken.Type.STRING, value.toString(), startLine, col);
      }
      if (c == '\n') {
        line++;
        lineStart = pos + 1;
      }
      value.append(c);
      pos++;
    }
  }

  private PsToken variable(int col) {
    int start = ++pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) && text.charAt(pos) < 128
        || text.charAt(pos) == '_')) {
      pos++;
    }
    if (pos == start) {
      throw error("Unexpected '$" + (pos < text.length() ? String.valueOf(text.charAt(pos)) : "")
          + "': only plain variables are allowed, no sub-expressions", col);
    }
    return new PsToken(PsToken.Type.VARIABLE, text.substring(start, pos), line, col);
  }

  private PsToken dash(int col) {
    int start = pos + 1;
    if (start < text.length() && text.charAt(start) >= '0' && text.charAt(start) <= '9') {
      pos++;
      return number(col, start - 1);
    }
    pos++;
    while (pos < text.length() && isAsciiLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos == start || !isAsciiLetter(text.charAt(start))) {
      throw error("Unexpected '-' not followed by a parameter name", col);
    }
    String name = text.substring(start, pos);
    if (pos < text.length() && text.charAt(pos) == ':' && !(pos + 1 < text.length() && text.charAt(pos + 1) == ':')) {
      pos++;
      return new PsToken(PsToken.Type.PARAMETER_COLON, name, line, col);
    }
    return new PsToken(PsToken.Type.PARAMETER, name, line, col);
  }

  private PsToken number(int col, int start) {
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos < text.length() && (isWordPart(text.charAt(pos)) && text.charAt(pos) != '.')) {
      throw error("Unexpected character " + describe(text.charAt(pos)) + " in a number", pos - lineStart + 1);
    }
    return new PsToken(PsToken.Type.NUMBER, text.substring(start, pos), line, col);
  }

  private static boolean isWordStart(char c) {
    return isAsciiLetter(c);
  }

  private static boolean isWordPart(char c) {
    return isAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private ScriptParseException error(String message, int col) {
    return new ScriptParseException(message, line, col);
  }
}
