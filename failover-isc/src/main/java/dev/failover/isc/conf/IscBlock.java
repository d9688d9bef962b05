package dev.failover.isc.conf;

import java.util.List;

/**
 * A statement with a body in braces: {@code subnet 10.0.0.0 netmask 255.255.255.0 { … }},
 * {@code pool { … }}, {@code failover peer "fo1" { … }}, {@code if … { … }}. Its tokens are the
 * head's tokens, without the opening brace; its children are the statements of the body.
 */
public final class IscBlock implements IscNode {

  final Segment head;
  final List<IscNode> children;
  final Segment tail;

  IscBlock(Segment head, List<IscNode> children, Segment tail) {
    this.head = head;
    this.children = List.copyOf(children);
    this.tail = tail;
  }

  /** {@return the statements of the body, in order} */
  public List<IscNode> children() {
    return children;
  }

  @Override
  public List<String> tokens() {
    return head.tokens(0, tokenCount());
  }

  @Override
  public int tokenCount() {
    return head.tokenCount() - 1;
  }

  @Override
  public String token(int i) {
    if (i < 0 || i >= tokenCount()) {
      throw new IndexOutOfBoundsException("token " + i + " of a block head with " + tokenCount() + " tokens");
    }
    return head.token(i);
  }

  @Override
  public String file() {
    return head.source.name();
  }

  @Override
  public int line() {
    return head.line();
  }

  @Override
  public int column() {
    return head.column();
  }

  @Override
  public String leadingTrivia() {
    return head.leading();
  }

  /** {@return the whitespace and comments between the last statement of the body and the closing brace} */
  public String closingTrivia() {
    return tail.leading();
  }

  IscBlock withChildren(List<IscNode> newChildren) {
    return new IscBlock(head, newChildren, tail);
  }

  @Override
  public void render(StringBuilder out) {
    head.render(out);
    for (IscNode child : children) {
      child.render(out);
    }
    tail.render(out);
  }

  @Override
  public String toString() {
    return String.join(" ", tokens()) + " { " + children.size() + " statements }";
  }
}
