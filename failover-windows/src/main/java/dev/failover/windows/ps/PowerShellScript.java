package dev.failover.windows.ps;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A composed script: its steps, and its text held as characters (never as a {@link String},
 * because it may carry a shared secret). {@link #toString()} is the script with every secret
 * shown as {@code '***'}; only {@link #utf8()} gives the real text, as bytes, to the transport
 * that sends it. {@link #close()} wipes the characters and the script's copies of the secrets
 * (the commands keep theirs, so a command can be composed into another script).
 */
public final class PowerShellScript implements AutoCloseable {

  private final List<PsCommand> steps;
  private final char[] text;
  private final String shown;
  private final List<char[]> secrets;
  private boolean closed;

  PowerShellScript(List<PsCommand> steps, char[] text, String shown, List<char[]> secrets) {
    this.steps = steps;
    this.text = text;
    this.shown = shown;
    this.secrets = secrets;
  }

  /** {@return the commands, in the order they run; step {@code i} is {@code steps().get(i)}} */
  public List<PsCommand> steps() {
    return steps;
  }

  /** {@return whether the script carries a secret} */
  public boolean hasSecrets() {
    return !secrets.isEmpty();
  }

  /**
   * {@return the script as UTF-8 bytes, secrets included: a new array the caller owns and should wipe
   * with {@code Arrays.fill(bytes, (byte) 0)} once sent}
   *
   * @throws IllegalStateException after {@link #close()}
   *
   */
  public byte[] utf8() {
    if (closed) {
      throw new IllegalStateException("the script was closed");
    }
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer buffer = null;
    try {
      buffer = encoder.encode(CharBuffer.wrap(text));
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 cannot fail to encode", e);
    } finally {
      if (buffer != null && buffer.hasArray()) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
    }
  }

  /**
   * Replaces every occurrence of a secret of this script in the text by {@code ***}.
   *
   * @param answer the text
   * @return the text with the secrets replaced
   * @throws IllegalStateException after {@link #close()}: read the answer before closing
   */
  public String redact(String answer) {
    if (closed) {
      throw new IllegalStateException("the script was closed; read its answer before closing it");
    }
    if (answer == null) {
      return null;
    }
    String result = answer;
    for (char[] secret : secrets) {
      result = replaceAll(result, secret);
    }
    return result;
  }

  private static String replaceAll(String haystack, char[] needle) {
    if (needle.length == 0) {
      return haystack;
    }
    StringBuilder out = null;
    int from = 0;
    for (int i = 0; i + needle.length <= haystack.length(); ) {
      boolean match = true;
      for (int j = 0; j < needle.length; j++) {
        if (haystack.charAt(i + j) != needle[j]) {
          match = false;
          break;
        }
      }
      if (match) {
        if (out == null) {
          out = new StringBuilder(haystack.length());
        }
        out.append(haystack, from, i).append("***");
        i += needle.length;
        from = i;
      } else {
        i++;
      }
    }
    return out == null ? haystack : out.append(haystack, from, haystack.length()).toString();
  }

  /** Wipes the script's characters and its secrets' copies. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(text, '\0');
    secrets.forEach(secret -> Arrays.fill(secret, '\0'));
  }

  /** The script as it would run, with secrets shown as {@code '***'}. */
  @Override
  public String toString() {
    return shown;
  }
}
