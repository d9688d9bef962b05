package dev.failover.isc.conf;

/**
 * The significant tokens of one statement or block head, as offsets into a file's text: what
 * the parse rules read. A {@link Segment} is one; the parser reads a statement it has just lexed
 * through the same view, without making an object for it.
 */
interface Tokens {

  /** The text the offsets point into. */
  Source source();

  /** The tokens, the terminating ';' or '{' included. */
  int tokenCount();

  int tokenStart(int i);

  int tokenEnd(int i);

  /** The end of the statement's text (after its trailing trivia). */
  int end();

  /** Token {@code i} as written; the common keywords are not copied. */
  default String token(int i) {
    if (i == 0) {
      return Segment.keyword(source().text(), tokenStart(0), tokenEnd(0));
    }
    return source().text().substring(tokenStart(i), tokenEnd(i));
  }

  default boolean tokenIs(int i, String text) {
    int s = tokenStart(i);
    return tokenEnd(i) - s == text.length() && source().text().startsWith(text, s);
  }

  /** Whether token {@code i} is a dotted-quad IPv4 address (read in place). */
  default boolean tokenIsIpv4(int i) {
    return Syntax.ipv4(source().text(), tokenStart(i), tokenEnd(i)) >= 0;
  }

  /** The first character of token {@code i}. */
  default char firstChar(int i) {
    return source().text().charAt(tokenStart(i));
  }
}
