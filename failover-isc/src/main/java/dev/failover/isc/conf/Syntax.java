package dev.failover.isc.conf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * dhcpd's lexical rules, shared by the parser and the writer: which characters make a word, how
 * strings are escaped and decoded. Configuration text is held as ISO-8859-1 so that every byte of
 * a file maps to one char and back; text inside strings is decoded as UTF-8 where it is valid.
 */
final class Syntax {

  /** Longest string dhcpd's lexer reads (its token buffer is 1500 bytes). */
  static final int MAX_STRING_BYTES = 1400;

  private Syntax() {}

  /**
   * The 32 bits of a dotted-quad IPv4 address (four decimal octets 0-255, no leading zeros, as
   * {@link dev.failover.scope.Ipv4Address#parse(String)} accepts them), or -1 when the text is not one.
   */
  static long ipv4(String text) {
    return ipv4(text, 0, text.length());
  }

  /** {@link #ipv4(String)} of the characters {@code from} to {@code to} of {@code text}, read in place. */
  static long ipv4(String text, int from, int to) {
    int n = to - from;
    if (n < 7 || n > 15) {
      return -1;
    }
    long value = 0;
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      int start = i;
      int v = 0;
      while (i < to && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        v = v * 10 + (text.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || v > 255 || (len > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      value = (value << 8) | v;
      if (octet < 3) {
        if (i >= to || text.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
    }
    return i == to ? value : -1;
  }

  static boolean isIpv4(String text) {
    return ipv4(text) >= 0;
  }

  static dev.failover.scope.Ipv4Address address(String text) {
    long bits = ipv4(text);
    return bits >= 0 ? dev.failover.scope.Ipv4Address.ofBits((int) bits) : dev.failover.scope.Ipv4Address.parse(text);
  }

  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  }

  static boolean isPunctuation(char c) {
    return c > 0x20 && c < 0x7f && !isWordChar(c) && c != '"' && c != '#';
  }

  /**
   * Writes {@code value} as a dhcpd string: quotes and backslashes escaped, control characters
   * and every non-ASCII character written as octal escapes of their UTF-8 bytes, so nothing in
   * the value can end the string, the statement or the line.
   */
  static String quote(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c < 0x20 || c >= 0x7f) {
        out.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
            .append((char) ('0' + (c & 7)));
      } else {
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }

  /** The number of bytes dhcpd reads for the string {@code value} once quoted. */
  static int encodedLength(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Whether a token is a string (starts with a double quote). */
  static boolean isString(String token) {
    return !token.isEmpty() && token.charAt(0) == '"';
  }

  /**
   * The content of a string token with dhcpd's escapes decoded ({@code \t \r \n \b}, up to three
   * octal digits, {@code \x} with up to two hex digits, any other character stands for itself),
   * read as UTF-8 when the bytes are valid UTF-8 and as ISO-8859-1 otherwise.
   */
  static String unquote(String token) {
    int last = token.length() - 1;
    boolean plain = true;
    for (int i = 1; i < last && plain; i++) {
      char c = token.charAt(i);
      plain = c != '\\' && c < 0x80;
    }
    if (plain) {
      return last > 1 ? token.substring(1, last) : ""; // ASCII without escapes reads as itself
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
    int end = token.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = token.charAt(i);
      if (c != '\\' || i + 1 >= end) {
        bytes.write(c & 0xff);
        continue;
      }
      char e = token.charAt(++i);
      switch (e) {
        case 't':
          bytes.write('\t');
          break;
        case 'r':
          bytes.write('\r');
          break;
        case 'n':
          bytes.write('\n');
          break;
        case 'b':
          bytes.write('\b');
          break;
        case 'x': {
          int v = 0;
          int k = 0;
          while (k < 2 && i + 1 < end && Character.digit(token.charAt(i + 1), 16) >= 0) {
            v = v * 16 + Character.digit(token.charAt(++i), 16);
            k++;
          }
          bytes.write(k == 0 ? 'x' : v);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            int k = 1;
            while (k < 3 && i + 1 < end && token.charAt(i + 1) >= '0' && token.charAt(i + 1) <= '7') {
              v = v * 8 + (token.charAt(++i) - '0');
              k++;
            }
            bytes.write(v & 0xff);
          } else {
            bytes.write(e & 0xff);
          }
      }
    }
    byte[] raw = bytes.toByteArray();
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
  }

  /** A name or string token's value: strings decoded, words as written. */
  static String nameValue(String token) {
    return isString(token) ? unquote(token) : token;
  }

  /**
   * Whether {@code name} can be written as a dhcpd host name: dot-separated labels of letters,
   * digits, hyphens and underscores, each starting with a letter or digit. dhcpd 4.4.3 refuses a
   * quoted host name ("expecting a name for host declaration"), so there is no escaping: anything
   * else is refused before it is written.
   */
  static boolean isHostDeclarationName(String name) {
    return name.length() <= 253 && name.matches("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*");
  }

  /**
   * The tokens of an option value in dhcpd's notation (words, well-formed strings, commas and
   * colons), or null when the text holds anything else: a semicolon, a brace, a comment, an
   * unterminated string or a control character can never reach the file through a value.
   */
  static java.util.List<String> valueTokens(String text) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int n = text.length();
    int p = 0;
    while (p < n) {
      char c = text.charAt(p);
      if (c == ' ' || c == '\t') {
        p++;
      } else if (c == ',' || c == ':') {
        out.add(String.valueOf(c));
        p++;
      } else if (isWordChar(c)) {
        int q = p;
        while (q < n && isWordChar(text.charAt(q))) {
          q++;
        }
        out.add(text.substring(p, q));
        p = q;
      } else if (c == '"') {
        int q = p + 1;
        boolean closed = false;
        while (q < n) {
          char d = text.charAt(q);
          if (d < 0x20 || d >= 0x7f) {
            return null;
          }
          if (d == '\\') {
            q += 2;
          } else if (d == '"') {
            closed = true;
            q++;
            break;
          } else {
            q++;
          }
        }
        if (!closed || q - p > MAX_STRING_BYTES) {
          return null;
        }
        out.add(text.substring(p, q));
        p = q;
      } else {
        return null;
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** Describes a found character or token for an error message. */
  static String describe(String found) {
    if (found.length() == 1) {
      char c = found.charAt(0);
      if (c < 0x20 || c >= 0x7f) {
        return String.format("character U+%04X", (int) c);
      }
    }
    return dev.failover.spi.Texts.quoted(found.length() > 40 ? found.substring(0, 40) + "…" : found);
  }
}
