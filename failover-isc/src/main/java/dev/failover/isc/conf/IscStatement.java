package dev.failover.isc.conf;

import java.util.List;

/**
 * A simple statement, ended by a semicolon: {@code option routers 10.0.0.1;}. Its tokens do not
 * include the semicolon.
 */
public final class IscStatement implements IscNode {

  final Segment segment;

  IscStatement(Segment segment) {
    this.segment = segment;
  }

  @Override
  public List<String> tokens() {
    return segment.tokens(0, tokenCount());
  }

  @Override
  public int tokenCount() {
    return segment.tokenCount() - 1;
  }

  @Override
  public String token(int i) {
    if (i < 0 || i >= tokenCount()) {
      throw new IndexOutOfBoundsException("token " + i + " of a statement with " + tokenCount() + " tokens");
    }
    return segment.token(i);
  }

  @Override
  public String file() {
    return segment.source.name();
  }

  @Override
  public int line() {
    return segment.line();
  }

  @Override
  public int column() {
    return segment.column();
  }

  @Override
  public String leadingTrivia() {
    return segment.leading();
  }

  /** {@return the comment and line end after the semicolon, if they are on the same line} */
  public String trailingTrivia() {
    return segment.trailing();
  }

  @Override
  public void render(StringBuilder out) {
    segment.render(out);
  }

  @Override
  public String toString() {
    return String.join(" ", tokens()) + ";";
  }
}
