package dev.failover.isc.conf;

import java.util.List;

/**
 * One node of the concrete syntax tree of a dhcpd configuration file: a {@link IscStatement}
 * ({@code range 10.0.0.10 10.0.0.20;}) or a {@link IscBlock} ({@code pool { … }}). A node owns
 * every byte of its text: the whitespace and comment lines before it, its tokens, and the rest of
 * its last line (a trailing comment and the newline), so rendering the nodes of a file in order
 * gives back the file exactly.
 */
public sealed interface IscNode permits IscStatement, IscBlock {

  /** {@return the significant tokens of the statement, or of the block's head (without the brace)} */
  List<String> tokens();

  /** {@return the number of significant tokens (see {@link #tokens()})} */
  int tokenCount();

  /**
   * {@return token {@code i} as written (strings keep their quotes and escapes)}
   *
   * @param i the token's index, 0 for the keyword
   */
  String token(int i);

  /** {@return the first token, such as {@code subnet}, {@code option} or {@code failover}} */
  default String keyword() {
    return token(0);
  }

  /** {@return the name of the file the node was read from (or edited into)} */
  String file();

  /** {@return the 1-based line of the node's first token; 0 when the node was produced by an edit} */
  int line();

  /** {@return the 1-based column of the node's first token; 0 when the node was produced by an edit} */
  int column();

  /** {@return the whitespace and comments before the first token} */
  String leadingTrivia();

  /** {@return the node's complete text, trivia included} */
  default String text() {
    StringBuilder out = new StringBuilder();
    render(out);
    return out.toString();
  }

  /**
   * Appends the node's complete text to {@code out}.
   *
   * @param out where the text goes
   */
  void render(StringBuilder out);
}
