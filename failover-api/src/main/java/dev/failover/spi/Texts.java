package dev.failover.spi;

/**
 * Checks and words on free text, shared by the API's value types and by the backends: whether a
 * text is printable or a host name, a value quoted for a message, and what a failure means in an
 * operator's words.
 */
public final class Texts {

  private Texts() {}

  /**
   * {@return whether the text has no control characters (newlines, NUL, escape, DEL …)}
   *
   * @param text the text
   */
  public static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return whether the text is a host name by RFC 1123 (letters, digits, hyphens, dots; labels ≤ 63)}
   *
   * @param text the text
   */
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

  /**
   * {@return the value quoted for a message, so that hostile text stays visibly one value}
   *
   * @param text the value
   */
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

  /**
   * What went wrong in a network or file failure, in an operator's words: "the connection was
   * refused", "host name … not found", the TLS failure's own text — never a Java class name or a
   * library's internal object. Walks the chain of causes to the one that says what happened.
   *
   * @param failure the failure
   * @return what went wrong, in words
   */
  public static String failure(Throwable failure) {
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      root = t;
      if (t.getCause() == t) {
        break;
      }
    }
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      String known = known(t);
      if (known != null) {
        return known;
      }
    }
    String message = root.getMessage();
    if (message == null || message.isBlank() || javaLooking(message)) {
      return "it failed without saying why";
    }
    return message;
  }

  private static String known(Throwable t) {
    String m = t.getMessage() == null ? "" : t.getMessage();
    if (t instanceof java.net.ConnectException) {
      return m.toLowerCase(java.util.Locale.ROOT).contains("timed out")
          ? "no connection within the time-out (the host does not answer)"
          : "the connection was refused (nothing listens at that address and port, or a firewall refuses it)";
    }
    if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
      return "host name " + (m.isEmpty() ? "" : quoted(m) + " ") + "not found (check the name, or use an address)";
    }
    if (t instanceof java.net.NoRouteToHostException) {
      return "no route to the host (it is down or unreachable)";
    }
    if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.SocketTimeoutException) {
      return "no answer within the time-out";
    }
    if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException
        || (t instanceof java.net.SocketException && m.equalsIgnoreCase("Connection reset"))) {
      return "the server closed the connection";
    }
    if (t instanceof javax.net.ssl.SSLException && !m.isEmpty()) {
      return "the TLS connection failed: " + m;
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    return null;
  }

  /**
   * A duration in an operator's words, for messages: {@code 250 ms}, {@code 10 s}, {@code 1.5 s},
   * {@code 2 min}, {@code 1 min 30 s} — never Java's {@code PT10S}.
   *
   * @param d the duration, not negative
   * @return the duration in words
   */
  public static String duration(java.time.Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    long ms = d.toMillisPart();
    String secs = ms == 0 ? (s % 60) + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", (s % 60) + ms / 1000.0);
    return s >= 60 ? (s / 60) + " min" + (s % 60 == 0 && ms == 0 ? "" : " " + secs) : secs;
  }

  /**
   * {@return whether a message reads like a Java class or method name rather than words}
   *
   * @param message the message
   */
  public static boolean javaLooking(String message) {
    return message.matches("(?s).*\\b[a-z]+\\.[a-z]+(\\.[a-z]+)*\\.[A-Z]\\w+.*")
        || message.matches("(?s).*\\b[A-Z][a-z]+[A-Z]\\w*(Exception|Future|Error)\\b.*");
  }
}
