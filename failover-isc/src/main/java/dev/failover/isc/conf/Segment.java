package dev.failover.isc.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A run of source text that belongs to one node: leading trivia (whitespace, comments), the
 * significant tokens, and trailing trivia up to and including the end of the line. The tokens
 * are kept as offset pairs into the shared source text.
 */
final class Segment implements Tokens {

  private static final int[] NO_TOKENS = new int[0];

  final Source source;
  final int start;
  final int end;
  private final int[] tokens;
  /** Trivia moved here from a removed node (a comment above it), rendered before the segment. */
  private final String prefix;
  /** The first token, read once: every rule and view asks for it. */
  private String keyword;

  Segment(Source source, int start, int end, int[] tokens) {
    this(source, start, end, tokens, "");
  }

  private Segment(Source source, int start, int end, int[] tokens, String prefix) {
    this.source = source;
    this.start = start;
    this.end = end;
    this.tokens = tokens == null ? NO_TOKENS : tokens;
    this.prefix = prefix;
  }

  /**
   * The same tokens and trailing trivia with {@code leading} as the whole leading trivia (what
   * {@link #leading()} returns afterwards); the old leading trivia is dropped.
   */
  Segment withLeading(String leading) {
    int from = tokens.length == 0 ? end : tokens[0];
    Segment s = new Segment(source, from, end, tokens, leading);
    s.keyword = keyword;
    return s;
  }

  /** The same segment with {@code trivia} rendered before its own leading trivia. */
  Segment withPrefix(String trivia) {
    return new Segment(source, start, end, tokens, trivia + prefix);
  }

  @Override
  public Source source() {
    return source;
  }

  @Override
  public int end() {
    return end;
  }

  @Override
  public int tokenCount() {
    return tokens.length / 2;
  }

  @Override
  public String token(int i) {
    if (i == 0) {
      String k = keyword;
      if (k == null) {
        k = keyword(source.text(), tokens[0], tokens[1]);
        keyword = k;
      }
      return k;
    }
    return source.text().substring(tokens[2 * i], tokens[2 * i + 1]);
  }

  /**
   * The words most nodes of a real file start with, held once: a 50,000-host file has about
   * 200,000 nodes, and a copy of the keyword for each cost about 10 MB per parse.
   */
  private static final String[] COMMON_KEYWORDS = {"host", "hardware", "fixed-address", "option", "subnet", "pool",
      "range", "failover", "}", "shared-network", "group", "default-lease-time", "max-lease-time", "filename",
      "next-server", "ddns-hostname", "include"};

  static String keyword(String text, int start, int end) {
    int length = end - start;
    for (String k : COMMON_KEYWORDS) {
      if (k.length() == length && text.startsWith(k, start)) {
        return k;
      }
    }
    return text.substring(start, end);
  }

  /** The source text from the start of token {@code from} to the end of token {@code to - 1}. */
  String span(int from, int to) {
    return source.text().substring(tokens[2 * from], tokens[2 * to - 1]);
  }

  @Override
  public boolean tokenIs(int i, String text) {
    int s = tokens[2 * i];
    int e = tokens[2 * i + 1];
    return e - s == text.length() && source.text().startsWith(text, s);
  }

  @Override
  public int tokenStart(int i) {
    return tokens[2 * i];
  }

  @Override
  public int tokenEnd(int i) {
    return tokens[2 * i + 1];
  }

  List<String> tokens(int from, int to) {
    if (to <= from) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(token(i));
    }
    return Collections.unmodifiableList(out);
  }

  String text() {
    return prefix + source.text().substring(start, end);
  }

  /** Trivia moved here from a removed node, rendered before the segment's own text. */
  String leadingPrefix() {
    return prefix;
  }

  String leading() {
    return tokens.length == 0 ? text() : prefix + source.text().substring(start, tokens[0]);
  }

  /** The text from the first token to the end, without the leading trivia. */
  String core() {
    return tokens.length == 0 ? "" : source.text().substring(tokens[0], tokens[tokens.length - 1]);
  }

  String trailing() {
    return tokens.length == 0 ? "" : source.text().substring(tokens[tokens.length - 1], end);
  }

  void render(StringBuilder out) {
    out.append(prefix);
    out.append(source.text(), start, end);
  }

  int length() {
    return prefix.length() + end - start;
  }

  int line() {
    return source.line(tokens.length == 0 ? start : tokens[0]);
  }

  int column() {
    return source.column(tokens.length == 0 ? start : tokens[0]);
  }
}
