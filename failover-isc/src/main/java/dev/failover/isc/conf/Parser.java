package dev.failover.isc.conf;

import java.util.Arrays;
import java.util.List;

/**
 * The hand-written, linear-time parser of one dhcpd configuration file into a lossless tree.
 * Statements end at a semicolon, blocks open with a brace; the tokens in between are kept as
 * offsets into the file's text. Beyond the shape, it applies the rules dhcpd 4.4.3 applies while
 * parsing (where a failover peer may be declared or referred to, host names, subnet numbers,
 * every sub-statement of a failover peer declaration). Nesting is tracked with an explicit
 * stack, so no input can overflow the call stack.
 *
 * <p>The tree it builds is a {@link FlatTree}: two ints per node, no object per node. The parse
 * rules read each statement through this parser's own token buffer (it is the {@link Tokens} of
 * the statement just read). A parser is also the lexer that reads a node of a finished tree again.
 */
final class Parser implements Tokens {

  /** Deeper nesting than any real configuration; refused rather than followed. */
  static final int MAX_DEPTH = 200;

  private final Source src;
  private final String s;
  private final int n;
  private int[] buf = new int[64];
  private int bufLen;
  /** Whether the head just read ends with '{' (else with ';'). */
  private boolean headIsBlock;
  /** The text range of the statement or block head just read, trivia included. */
  private int segStart;
  private int segEnd;

  // the tree being built
  private int[] lead;
  private int[] next;
  private int count;
  private int[] includes = new int[8];
  private int includeCount;
  private int hosts;
  /** Reads the block before an {@code else}: made when the first one is met. */
  private Parser previous;

  Parser(Source src) {
    this.src = src;
    this.s = src.text();
    this.n = s.length();
  }

  /** Parses a file whose statements stand in {@code outer}. */
  static IscConfigFile parseFile(Source src, Context outer) {
    return new IscConfigFile(new Parser(src).run(outer));
  }

  /** Parses a fragment that an edit rendered; it must hold exactly the nodes it describes. */
  static List<IscNode> parseFragment(Source src, Context outer) {
    FlatTree tree = new Parser(src).run(outer);
    Segment end = tree.end();
    if (end.length() != 0) {
      throw new IllegalStateException("rendered fragment has trailing text: " + Syntax.describe(end.text()));
    }
    return tree.materialise();
  }

  private FlatTree run(Context outer) {
    int capacity = countNodes();
    lead = new int[capacity];
    next = new int[capacity];
    int[] openNode = new int[MAX_DEPTH + 1];
    Context[] openContext = new Context[MAX_DEPTH + 1];
    int[] lastChild = new int[MAX_DEPTH + 1];
    int depth = 0;
    openNode[0] = -1;
    openContext[0] = outer;
    lastChild[0] = -1;
    int p = 0;
    while (true) {
      int leadStart = p;
      p = skipTrivia(p);
      if (p >= n) {
        if (depth > 0) {
          throw error(n, "expected '}' to close " + openContext[depth].description() + " opened on line "
              + lineAt(skipTrivia(lead[openNode[depth]])), "end of file");
        }
        return new FlatTree(src, lead, next, count, leadStart, Arrays.copyOf(includes, includeCount), hosts);
      }
      char c = s.charAt(p);
      if (c == '}') {
        if (depth == 0) {
          throw error(p, "expected a parameter or declaration ('}' closes no block)", "'}'");
        }
        int te = trailingEnd(p + 1);
        int node = openNode[depth];
        Context closed = openContext[depth];
        next[node] = count | FlatTree.BLOCK;
        depth--;
        if (closed == Context.FAILOVER_PEER) {
          PeerReader.read((IscBlock) FlatTree.node(this, src, lead, next, node), false);
        }
        lastChild[depth] = node;
        p = te;
        continue;
      }
      p = readHead(p);
      if (bufLen == 2) {
        throw error(buf[0], "expected a parameter or declaration", Syntax.describe(s.substring(buf[0], buf[1])));
      }
      segStart = leadStart;
      segEnd = trailingEnd(p);
      p = segEnd;
      if (headIsBlock) {
        if (depth >= MAX_DEPTH) {
          throw error(buf[0], "expected at most " + MAX_DEPTH + " nested blocks", "deeper nesting");
        }
        boolean elseBlock = tokenIs(0, "elsif") || tokenIs(0, "else");
        Context inner = ConfChecks.blockOpened(this, openContext[depth], elseBlock && afterIf(lastChild[depth]), this);
        if (tokenIs(0, "host")) {
          hosts++;
        }
        int node = add(leadStart);
        depth++;
        openNode[depth] = node;
        openContext[depth] = inner;
        lastChild[depth] = -1;
      } else {
        ConfChecks.statement(this, openContext[depth], this);
        int node = add(leadStart);
        next[node] = node + 1;
        if (tokenIs(0, "include")) {
          if (includeCount + 2 > includes.length) {
            includes = Arrays.copyOf(includes, includes.length * 2);
          }
          includes[includeCount++] = node;
          includes[includeCount++] = openContext[depth].ordinal();
        }
        lastChild[depth] = node;
      }
    }
  }

  private int add(int leadStart) {
    if (count == lead.length) {
      lead = Arrays.copyOf(lead, Math.max(16, count * 2));
      next = Arrays.copyOf(next, lead.length);
    }
    lead[count] = leadStart;
    return count++;
  }

  /**
   * An upper bound of the nodes of the text, found before parsing so that the tree's arrays are
   * allocated once: every statement ends with a ';' and every block head with a '{' outside
   * comments and strings (an option's record type adds a '{' that is no node).
   */
  private int countNodes() {
    int nodes = 0;
    int p = 0;
    while (p < n) {
      char c = s.charAt(p);
      if (c == ';' || c == '{') {
        nodes++;
        p++;
      } else if (c == '#') {
        while (p < n && s.charAt(p) != '\n') {
          p++;
        }
      } else if (c == '"') {
        p++;
        while (p < n && s.charAt(p) != '"') {
          p += s.charAt(p) == '\\' ? 2 : 1;
        }
        p++;
      } else {
        p++;
      }
    }
    return nodes;
  }

  /** Whether the node {@code prev} (-1 for none) is an {@code if}, {@code elsif} or {@code else if} block. */
  private boolean afterIf(int prev) {
    if (prev < 0 || next[prev] >= 0) {
      return false;
    }
    if (previous == null) {
      previous = new Parser(src);
    }
    previous.lexNode(lead[prev]);
    return ConfChecks.opensIfChain(previous);
  }

  /**
   * Reads the statement or block head whose leading trivia starts at {@code leadStart} (a node
   * this parser's text has already been parsed into): its tokens into the buffer, its text range
   * into {@link #segStart} and {@link #segEnd}, which it returns.
   */
  int lexNode(int leadStart) {
    int p = readHead(skipTrivia(leadStart));
    segStart = leadStart;
    segEnd = trailingEnd(p);
    return segEnd;
  }

  /** Whether the head read last ends with '{'. */
  boolean headIsBlock() {
    return headIsBlock;
  }

  /** The head read last as a segment of its own. */
  Segment segment() {
    return new Segment(src, segStart, segEnd, Arrays.copyOf(buf, bufLen));
  }

  /** Reads the tokens of a statement or block head from its first token to its ';' or '{'. */
  private int readHead(int p) {
    bufLen = 0;
    while (true) {
      p = skipTrivia(p);
      if (p >= n) {
        throw error(n, "expected ';' at the end of the statement", "end of file");
      }
      char c = s.charAt(p);
      if (c == ';') {
        add(p, p + 1);
        headIsBlock = false;
        return p + 1;
      }
      if (c == '{') {
        if (optionTypeGroupFollows()) {
          p = readTypeGroup(p);
          continue;
        }
        add(p, p + 1);
        headIsBlock = true;
        return p + 1;
      }
      if (c == '}') {
        throw error(p, "expected ';' at the end of the statement", "'}'");
      }
      int e = wordEnd(p);
      add(p, e);
      p = e;
    }
  }

  private void add(int start, int end) {
    if (bufLen + 2 > buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[bufLen++] = start;
    buf[bufLen++] = end;
  }

  @Override
  public Source source() {
    return src;
  }

  @Override
  public int tokenCount() {
    return bufLen / 2;
  }

  @Override
  public int tokenStart(int i) {
    return buf[2 * i];
  }

  @Override
  public int tokenEnd(int i) {
    return buf[2 * i + 1];
  }

  @Override
  public int end() {
    return segEnd;
  }

  /** {@code option name code 224 = { ip-address, text };}: braces after '=' or 'of' group types. */
  private boolean optionTypeGroupFollows() {
    if (bufLen < 4) {
      return false;
    }
    boolean option = s.startsWith("option", buf[0]) && buf[1] - buf[0] == 6;
    int ls = buf[bufLen - 2];
    int le = buf[bufLen - 1];
    boolean after = (le - ls == 1 && s.charAt(ls) == '=') || (le - ls == 2 && s.startsWith("of", ls));
    return option && after;
  }

  private int readTypeGroup(int open) {
    add(open, open + 1);
    int p = open + 1;
    while (true) {
      p = skipTrivia(p);
      if (p >= n) {
        throw error(n, "expected '}' to close the option's record type", "end of file");
      }
      char c = s.charAt(p);
      if (c == '}') {
        add(p, p + 1);
        return p + 1;
      }
      if (c == '{' || c == ';') {
        throw error(p, "expected a type name or '}' in the option's record type", Syntax.describe(String.valueOf(c)));
      }
      int e = wordEnd(p);
      add(p, e);
      p = e;
    }
  }

  int skipTrivia(int p) {
    while (p < n) {
      char c = s.charAt(p);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
        p++;
      } else if (c == '#') {
        while (p < n && s.charAt(p) != '\n') {
          p++;
        }
      } else {
        break;
      }
    }
    return p;
  }

  /** The end of a node's trailing trivia: spaces, a comment, and the line end, if only they follow. */
  int trailingEnd(int p) {
    int q = p;
    while (q < n && (s.charAt(q) == ' ' || s.charAt(q) == '\t')) {
      q++;
    }
    if (q >= n) {
      return q;
    }
    if (s.charAt(q) == '#') {
      while (q < n && s.charAt(q) != '\n') {
        q++;
      }
      return q < n ? q + 1 : q;
    }
    if (s.charAt(q) == '\n') {
      return q + 1;
    }
    if (s.charAt(q) == '\r' && q + 1 < n && s.charAt(q + 1) == '\n') {
      return q + 2;
    }
    return p;
  }

  /** The end of the token that starts at {@code p}. */
  private int wordEnd(int p) {
    char c = s.charAt(p);
    if (c == '"') {
      int q = p + 1;
      while (q < n) {
        char d = s.charAt(q);
        if (d == '\\') {
          q += 2;
        } else if (d == '"') {
          if (q - p - 1 > Syntax.MAX_STRING_BYTES) {
            throw error(p, "expected a string of at most " + Syntax.MAX_STRING_BYTES + " bytes", "a longer string");
          }
          return q + 1;
        } else {
          q++;
        }
      }
      throw error(p, "expected the closing '\"' of the string that starts here", "end of file");
    }
    if (Syntax.isWordChar(c)) {
      int q = p + 1;
      while (q < n && Syntax.isWordChar(s.charAt(q))) {
        q++;
      }
      return q;
    }
    if ((c == '!' || c == '~') && p + 1 < n && (s.charAt(p + 1) == '=' || (c == '~' && s.charAt(p + 1) == '~'))) {
      return p + 2;
    }
    if (Syntax.isPunctuation(c)) {
      return p + 1;
    }
    throw error(p, "expected a name, number, string, punctuation or comment", Syntax.describe(String.valueOf(c)));
  }

  IscConfigException error(int offset, String expected, String found) {
    return new IscConfigException(src.name(), lineAt(offset), columnAt(offset), expected, found);
  }

  int lineAt(int offset) {
    return src.synthetic() ? 0 : src.line(offset);
  }

  int columnAt(int offset) {
    return src.synthetic() ? 0 : src.column(offset);
  }

  /** An error located at token {@code i} of a statement of this file. */
  IscConfigException error(Tokens seg, int i, String expected) {
    int at = i < seg.tokenCount() ? seg.tokenStart(i) : seg.end();
    String found = i < seg.tokenCount() ? Syntax.describe(seg.token(i)) : "end of statement";
    return error(at, expected, found);
  }
}
