package dev.failover.testkit.windows;

/** One token of the PowerShell subset the interpreter accepts. Not API. */
record PsToken(Type type, String text, int line, int column) {

  enum Type {
    NEWLINE,
    /** {@code $name}; text is the name without {@code $}. */
    VARIABLE,
    /** A single-quoted literal; text is its value (quotes undoubled). */
    STRING,
    /** A decimal integer, possibly negative. */
    NUMBER,
    /** {@code -Name}; text is the name. */
    PARAMETER,
    /** {@code -Name:}; text is the name. */
    PARAMETER_COLON,
    /** A bare word: cmdlet names, keywords, type and member names. */
    WORD,
    /** {@code [Name]}; text is the name. */
    TYPE,
    /** One of {@code = { } ( ) | , . :: @{}. */
    PUNCT,
    EOF
  }

  boolean is(Type t, String s) {
    return type == t && text.equalsIgnoreCase(s);
  }

  boolean sameAs(PsToken other) {
    return type == other.type && (type == Type.STRING || type == Type.NUMBER ? text.equals(other.text)
        : text.equalsIgnoreCase(other.text));
  }

  String describe() {
    switch (type) {
      case NEWLINE:
        return "end of line";
      case EOF:
        return "end of script";
      case STRING:
        return "string literal";
      case VARIABLE:
        return "$" + text;
      case PARAMETER:
        return "-" + text;
      case PARAMETER_COLON:
        return "-" + text + ":";
      case TYPE:
        return "[" + text + "]";
      default:
        return "'" + text + "'";
    }
  }
}
