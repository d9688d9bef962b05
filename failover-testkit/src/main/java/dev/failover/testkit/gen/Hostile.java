package dev.failover.testkit.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Hostile text: pieces that break quoting, configuration syntax, shells, PowerShell, JSON and
 * display, composed into strings. Not API: {@link Generators} hands them out.
 */
final class Hostile {

  /** Quotes, including the typographic ones PowerShell treats as quotes. */
  static final List<String> QUOTES = List.of("'", "\"", "\u2019", "\u2018", "\u201A", "\u201B", "\u201C", "\u201D",
      "''", "\\\"", "\\'", "\\");

  /** Syntax of dhcpd.conf, JSON, shells and PowerShell. */
  static final List<String> SYNTAX = List.of(";", "{", "}", "{}", "$(", ")", "$(Remove-Item -Recurse C:\\)",
      "$(rm -rf /)", "${env:PATH}", "$x", "`", "`n", "`$(whoami)`", "|", "| Remove-DhcpServerv4Scope", "#", "<#",
      "#>", "&", "&&", "@(", "@{", ">", "<", "%", "*", "?", "!", "[", "]", ",", "=", "--%", "\"; include \"/etc/passwd",
      "\"}, {\"command\": \"config-write\"", "\"; } failover peer \"evil\" {", "${jndi:ldap://127.0.0.1/a}",
      "%s%n", "{0}", "../../etc/passwd", "***");

  /** Letters outside ASCII: accents, CJK, an emoji (a surrogate pair), case-folding traps, a combining mark, a no-break space. */
  static final List<String> NON_ASCII = List.of("\u00e9", "\u00df", "\u4e2d\u6587", "\u0130", "\u0131",
      "\ud83d\ude00", "\u2126", "\ufb01", "e\u0301", "\u05d0", "\u0663", "\uff11", "\u00a0", "\u00ad");

  /** Bidirectional controls: they reorder what a person sees ("Trojan Source"). */
  static final List<String> BIDI = List.of("\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067",
      "\u2068", "\u2069", "\u200e", "\u200f", "\u061c");

  /** Invisible characters: zero-width space and joiner, byte order mark, word joiner. */
  static final List<String> INVISIBLE = List.of("\u200b", "\u200d", "\ufeff", "\u2060");

  /** Line breaks and other control characters (no field accepts them). */
  static final List<String> CONTROL = List.of("\n", "\r", "\r\n", "\t", "\0", "\u001b[2J", "\u007f", "\u0085",
      "\u2028", "\u2029", "\b", "\f", "\u000b");

  /** Halves of surrogate pairs on their own: not even well-formed UTF-16. */
  static final List<String> BROKEN = List.of("\ud800", "\udfff", "\udc00x\ud83d");

  /** Plain words between the hostile pieces. */
  static final List<String> WORDS = List.of("x", "scope", "pair-1", "office", " ", " ", "Remove-DhcpServerv4Scope -ScopeId 10.9.0.0",
      "rm -rf /", "DROP TABLE scopes", "10.1.0.0/24", "null", "true", "NaN", "-1");

  /** Whole strings known to break naive code, each worth trying as it is. */
  static final List<String> CORPUS = List.of(
      "x'; Remove-DhcpServerv4Scope -ScopeId '10.9.0.0",
      "x\u2019; Remove-DhcpServerv4Scope -ScopeId \u201810.9.0.0",
      "x\u201A$(Remove-Item x)\u201A",
      "$(Remove-Item x)",
      "`$(Remove-Item x)`",
      "pipe | Remove-DhcpServerv4Scope",
      "\"double\" \"quotes\"",
      "x\"; } failover peer \"evil\" { primary; address 127.0.0.1;",
      "\"}, {\"command\": \"config-write\", \"arguments\": {}}",
      "# comment",
      "<# block comment #>",
      "@(1,2) @{a=1}",
      "'' '''",
      "\u2018\u2019\u201A\u201B'",
      "evil\u202etxt.exe",
      "unicode \u00e9\u4e2d\ud83d\ude00",
      "ends with quote'",
      "\\",
      "line1\nRemove-DhcpServerv4Scope -ScopeId '10.9.0.0'\nline3",
      "cr\r\nlf",
      "tab\there",
      "nul\0byte",
      " leading and trailing ",
      "",
      "x".repeat(127),
      "x".repeat(257));

  private static final List<String> PRINTABLE_HOSTILE = Stream.of(QUOTES, SYNTAX, NON_ASCII, BIDI, INVISIBLE)
      .flatMap(List::stream).toList();

  private static final List<String> RAW_ONLY = Stream.of(CONTROL, BROKEN).flatMap(List::stream).toList();

  /** Single characters, for when there is room for one only. */
  private static final List<String> SHORT_HOSTILE = PRINTABLE_HOSTILE.stream().filter(s -> s.length() == 1)
      .filter(s -> !blank(s.charAt(0))).toList();

  private Hostile() {}

  /** Whether the character counts as whitespace for the "no surrounding whitespace" rules. */
  static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Whether the text holds one of the printable hostile pieces. */
  static boolean hasHostilePiece(String text) {
    for (String piece : PRINTABLE_HOSTILE) {
      if (text.contains(piece)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the text has no control characters (the rule of every free-text field). */
  static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /**
   * Text without control characters, {@code min} to {@code max} characters (UTF-16 units, a
   * surrogate pair never split), holding at least one hostile piece; with {@code unpadded}, it
   * neither starts nor ends with whitespace. {@code 0 <= min <= max}, {@code max >= 1}
   * ({@code max >= 3} when unpadded).
   */
  static String printableText(RandomGenerator r, int min, int max, boolean unpadded) {
    int room = unpadded ? max - 2 : max;
    List<String> corpus = CORPUS.stream().filter(Hostile::printable)
        .filter(s -> s.length() <= room && hasHostilePiece(s)).toList();
    String text;
    if (!corpus.isEmpty() && Draw.oneIn(r, 8)) {
      text = Draw.pick(r, corpus);
    } else {
      text = compose(r, PRINTABLE_HOSTILE, room);
    }
    if (unpadded) {
      if (blank(text.charAt(0))) {
        text = "x" + text;
      }
      if (blank(text.charAt(text.length() - 1))) {
        text = text + "x";
      }
    }
    int length = Draw.oneIn(r, 10) ? max : min;
    return text.length() < length ? text + "x".repeat(length - text.length()) : text;
  }

  /**
   * Anything: control characters, broken surrogates and the empty string included. Mostly a
   * composition of hostile pieces (half the time with a control character or a broken
   * surrogate), sometimes a whole corpus string, now and then a long text.
   */
  static String rawText(RandomGenerator r) {
    int kind = r.nextInt(16);
    if (kind < 2) {
      return Draw.pick(r, CORPUS);
    }
    String text = compose(r, Draw.oneIn(r, 2) ? RAW_ONLY : PRINTABLE_HOSTILE, 200);
    if (Draw.oneIn(r, 2)) {
      StringBuilder b = new StringBuilder(text);
      b.insert(pieceBoundary(r, text), Draw.pick(r, Draw.oneIn(r, 2) ? RAW_ONLY : PRINTABLE_HOSTILE));
      text = b.toString();
    }
    if (kind == 2) {
      return text.repeat(1 + 2000 / Math.max(1, text.length()));
    }
    return text;
  }

  /**
   * One to six pieces, one of them from {@code hostile} and never dropped, the others hostile or
   * plain words, joined and cut back (whole pieces only) to at most {@code max} characters.
   */
  private static String compose(RandomGenerator r, List<String> hostile, int max) {
    int n = Draw.uniform(r, 1, 6);
    int keep = r.nextInt(n);
    List<String> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i == keep) {
        parts.add(Draw.pick(r, hostile));
      } else if (Draw.oneIn(r, 2)) {
        parts.add(Draw.pick(r, WORDS));
      } else {
        parts.add(Draw.pick(r, Draw.oneIn(r, 4) ? hostile : PRINTABLE_HOSTILE));
      }
    }
    if (parts.get(keep).length() > max) {
      parts.set(keep, Draw.pick(r, SHORT_HOSTILE));
    }
    int length = parts.stream().mapToInt(String::length).sum();
    for (int i = parts.size() - 1; i >= 0 && length > max; i--) {
      if (i != keep) {
        length -= parts.get(i).length();
        parts.set(i, "");
      }
    }
    return String.join("", parts);
  }

  /** A place in the text that does not split a surrogate pair. */
  private static int pieceBoundary(RandomGenerator r, String text) {
    int at = r.nextInt(text.length() + 1);
    if (at > 0 && at < text.length() && Character.isHighSurrogate(text.charAt(at - 1))
        && Character.isLowSurrogate(text.charAt(at))) {
      at--;
    }
    return at;
  }
}
