package dev.failover.isc.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed file as rows of two int arrays, one row per node in file order (a block before its
 * children): where the node's text starts (its leading trivia), and the row after its last
 * descendant, with the sign bit set for a block. Everything else (the tokens, where the node's
 * text ends, a block's closing brace) is read again from the text when asked, so that parsing a
 * large file makes no object per node. {@link #materialise()} builds the node objects.
 */
final class FlatTree {

  /** Set in {@link #next} for a block. */
  static final int BLOCK = 1 << 31;

  final Source source;
  private final int[] lead;
  private final int[] next;
  final int count;
  /** Where the trivia after the last node starts. */
  private final int endStart;
  /** The include statements: pairs of row and the ordinal of the context they stand in, in file order. */
  private final int[] includes;
  /** The host declarations of the file. */
  final int hosts;

  FlatTree(Source source, int[] lead, int[] next, int count, int endStart, int[] includes, int hosts) {
    this.source = source;
    this.lead = lead;
    this.next = next;
    this.count = count;
    this.endStart = endStart;
    this.includes = includes;
    this.hosts = hosts;
  }

  boolean isBlock(int row) {
    return next[row] < 0;
  }

  /** The row after the node's last descendant: its next sibling, if it has one. */
  int after(int row) {
    return next[row] & ~BLOCK;
  }

  /** Where the node's text (its leading trivia) starts. */
  int lead(int row) {
    return lead[row];
  }

  int includeCount() {
    return includes.length / 2;
  }

  int includeRow(int i) {
    return includes[2 * i];
  }

  Context includeContext(int i) {
    return Context.values()[includes[2 * i + 1]];
  }

  /** The number of top-level nodes. */
  int topLevelCount() {
    int c = 0;
    for (int row = 0; row < count; row = after(row)) {
      c++;
    }
    return c;
  }

  /** The trivia after the last node. */
  Segment end() {
    return new Segment(source, endStart, source.text().length(), null);
  }

  /** The top-level nodes as objects, each with its descendants. */
  List<IscNode> materialise() {
    Parser lexer = new Parser(source);
    List<IscNode> out = new ArrayList<>();
    for (int row = 0; row < count; row = after(row)) {
      out.add(node(lexer, source, lead, next, row));
    }
    return out;
  }

  /** The node of {@code row} as an object, with its descendants. */
  static IscNode node(Parser lexer, FlatTree tree, int row) {
    return node(lexer, tree.source, tree.lead, tree.next, row);
  }

  /** The node of {@code row} as an object, with its descendants (the rows of its subtree must be complete). */
  static IscNode node(Parser lexer, Source source, int[] lead, int[] next, int row) {
    lexer.lexNode(lead[row]);
    Segment head = lexer.segment();
    if (next[row] >= 0) {
      return new IscStatement(head);
    }
    int stop = next[row] & ~BLOCK;
    List<IscNode> children = new ArrayList<>();
    int tailStart = head.end;
    for (int c = row + 1; c < stop; c = next[c] & ~BLOCK) {
      IscNode child = node(lexer, source, lead, next, c);
      children.add(child);
      tailStart = child instanceof IscStatement ? ((IscStatement) child).segment.end : ((IscBlock) child).tail.end;
    }
    int close = lexer.skipTrivia(tailStart);
    int tailEnd = lexer.trailingEnd(close + 1);
    return new IscBlock(head, children, new Segment(source, tailStart, tailEnd, new int[] {close, close + 1}));
  }
}
