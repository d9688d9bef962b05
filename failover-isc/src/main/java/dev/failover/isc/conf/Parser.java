package dev.failover.isc.conf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The hand-written, linear-time parser of one dhcpd configuration file into a lossless tree.
 * Statements end at a semicolon, blocks open with a brace; the tokens in between are kept as
 * offsets into the file's text. Beyond the shape, it applies the rules dhcpd 4.4.3 applies while
 * parsing (where a failover peer may be declared or referred to, host names, subnet numbers,
 * every sub-statement of a failover peer declaration). Nesting is tracked with an explicit
 * stack, so no input can overflow the call stack.
 */
final class Parser {

  /** Deeper nesting than any real configuration; refused rather than followed. */
  static final int MAX_DEPTH = 200;

  private final Source src;
  private final String s;
  private final int n;
  private int[] buf = new int[64];
  private int bufLen;

  private static final class Frame {
    final Segment head;
    final Context context;
    final List<IscNode> children = new ArrayList<>();

    Frame(Segment head, Context context) {
      this.head = head;
      this.context = context;
    }
  }

  private Parser(Source src) {
    this.src = src;
    this.s = src.text();
    this.n = s.length();
  }

  /** Parses a file whose statements stand in {@code outer}. */
  static IscConfigFile parseFile(Source src, Context outer) {
    Parser p = new Parser(src);
    List<IscNode> nodes = new ArrayList<>();
    Segment end = p.run(nodes, outer);
    return new IscConfigFile(src.name(), nodes, end, src);
  }

  /** Parses a fragment that an edit rendered; it must hold exactly the nodes it describes. */
  static List<IscNode> parseFragment(Source src, Context outer) {
    Parser p = new Parser(src);
    List<IscNode> nodes = new ArrayList<>();
    Segment end = p.run(nodes, outer);
    if (end.length() != 0) {
      throw new IllegalStateException("rendered fragment has trailing text: " + Syntax.describe(end.text()));
    }
    return nodes;
  }

  private Segment run(List<IscNode> topNodes, Context outer) {
    Deque<Frame> stack = new ArrayDeque<>();
    Frame top = new Frame(null, outer);
    int p = 0;
    while (true) {
      Frame current = stack.isEmpty() ? top : stack.peek();
      int lead = p;
      p = skipTrivia(p);
      if (p >= n) {
        if (!stack.isEmpty()) {
          Frame open = stack.peek();
          throw error(n, "expected '}' to close " + open.context.description() + " opened on line "
              + open.head.line(), "end of file");
        }
        topNodes.addAll(top.children);
        return new Segment(src, lead, n, null);
      }
      char c = s.charAt(p);
      if (c == '}') {
        if (stack.isEmpty()) {
          throw error(p, "expected a parameter or declaration ('}' closes no block)", "'}'");
        }
        int te = trailingEnd(p + 1);
        Frame f = stack.pop();
        IscBlock block = new IscBlock(f.head, f.children, new Segment(src, lead, te, new int[] {p, p + 1}));
        Frame parent = stack.isEmpty() ? top : stack.peek();
        ConfChecks.blockClosed(block, f.context, this);
        parent.children.add(block);
        p = te;
        continue;
      }
      bufLen = 0;
      boolean isBlock;
      while (true) {
        p = skipTrivia(p);
        if (p >= n) {
          throw error(n, "expected ';' at the end of the statement", "end of file");
        }
        c = s.charAt(p);
        if (c == ';') {
          add(p, p + 1);
          p++;
          isBlock = false;
          break;
        }
        if (c == '{') {
          if (optionTypeGroupFollows()) {
            p = readTypeGroup(p);
            continue;
          }
          add(p, p + 1);
          p++;
          isBlock = true;
          break;
        }
        if (c == '}') {
          throw error(p, "expected ';' at the end of the statement", "'}'");
        }
        int e = tokenEnd(p);
        add(p, e);
        p = e;
      }
      if (bufLen == 2) {
        throw error(buf[0], "expected a parameter or declaration", Syntax.describe(s.substring(buf[0], buf[1])));
      }
      int te = trailingEnd(p);
      Segment seg = new Segment(src, lead, te, Arrays.copyOf(buf, bufLen));
      p = te;
      if (isBlock) {
        if (stack.size() >= MAX_DEPTH) {
          throw error(buf[0], "expected at most " + MAX_DEPTH + " nested blocks", "deeper nesting");
        }
        Context inner = ConfChecks.blockOpened(seg, current.context, current.children, this);
        stack.push(new Frame(seg, inner));
      } else {
        IscStatement st = new IscStatement(seg);
        ConfChecks.statement(st, current.context, this);
        current.children.add(st);
      }
    }
  }

  private void add(int start, int end) {
    if (bufLen + 2 > buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[bufLen++] = start;
    buf[bufLen++] = end;
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
      int e = tokenEnd(p);
      add(p, e);
      p = e;
    }
  }

  private int skipTrivia(int p) {
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
  private int trailingEnd(int p) {
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

  private int tokenEnd(int p) {
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

  /** An error located at token {@code i} of a segment of this file. */
  IscConfigException error(Segment seg, int i, String expected) {
    int at = i < seg.tokenCount() ? seg.tokenStart(i) : seg.end;
    String found = i < seg.tokenCount() ? Syntax.describe(seg.token(i)) : "end of statement";
    return error(at, expected, found);
  }
}
