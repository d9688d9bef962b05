package dev.failover.internal;

/** Checks on free text shared by the value types. Not API. */
public final class Texts {

  private Texts() {}

  /** Whether the text has no control characters (newlines, NUL, escape, DEL …). */
  public static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /** Whether the text is a host name by RFC 1123 (letters, digits, hyphens, dots; labels ≤ 63). */
  public static boolean hostName(String text) {
    if (text.isEmpty() || text.length() > 253) {
      return false;
    }
    // dotted digits are an address ("192.0.2.1") or a range ("10.0.0.1-10.0.0.5"), not a name
    // (RFC 1123 section 2.1: a name never has the dotted-decimal form)
    if (text.indexOf('.') >= 0 && text.chars().allMatch(c -> c == '.' || c == '-' || (c >= '0' && c <= '9'))) {
      return false;
    }
    for (String label : text.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** Quotes a value for a message so that hostile text stays visibly one value. */
  public static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
