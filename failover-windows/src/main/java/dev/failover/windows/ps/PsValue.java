package dev.failover.windows.ps;

import dev.failover.Secret;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parameter value as PowerShell receives it: a single-quoted literal, a list of literals, a
 * number, {@code $true}/{@code $false}/{@code $null}, a {@code [TimeSpan]} cast of a literal,
 * or nothing at all for a switch. Nothing else can be expressed, so no value can carry code.
 */
public sealed interface PsValue {

  /**
   * {@return the value as PowerShell source, for every value but a secret, which shows as
   * {@code '***'} here and is written into a script only from its own characters}
   */
  String display();

  /** A text value, written as one single-quoted literal. */
  record Text(String text) implements PsValue {
    /**
     * A text value.
     *
     * @param text the text
     */
    public Text {
      Objects.requireNonNull(text, "text");
    }


    @Override
    public String display() {
      return PsLiteral.quote(text);
    }
  }

  /** Several text values, written as literals separated by commas (an array argument). */
  record TextList(List<String> texts) implements PsValue {
    /**
     * A list of at least one text.
     *
     * @param texts the texts, in order
     */
    public TextList {
      texts = List.copyOf(texts);
      if (texts.isEmpty()) {
        throw new IllegalArgumentException("a list argument needs at least one value");
      }
    }


    @Override
    public String display() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < texts.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        PsLiteral.appendQuoted(b, texts.get(i));
      }
      return b.toString();
    }
  }

  /** A whole number (UInt32 parameters), written in decimal. */
  record Number(long value) implements PsValue {

    @Override
    public String display() {
      return Long.toString(value);
    }
  }

  /** {@code $true} or {@code $false}. */
  record Bool(boolean value) implements PsValue {

    @Override
    public String display() {
      return value ? "$true" : "$false";
    }
  }

  /** {@code $null}, for example to turn message authentication off. */
  record Null() implements PsValue {

    @Override
    public String display() {
      return "$null";
    }
  }

  /**
   * A TimeSpan, written {@code ([TimeSpan]'d.hh:mm:ss')}: a cast of a literal in the invariant
   * "c" format, in parentheses because PowerShell reads a bare {@code [TimeSpan]} in argument
   * mode as text. Whole seconds only: Windows keeps these intervals as seconds.
   */
  record Span(Duration duration) implements PsValue {
    /**
     * A TimeSpan of whole, non-negative seconds.
     *
     * @param duration the interval
     */
    public Span {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.getNano() != 0) {
        throw new IllegalArgumentException("a TimeSpan argument must be whole, non-negative seconds, was " + duration);
      }
    }

    /** {@return the literal inside the cast, for example {@code 1.02:03:04} or {@code 01:00:00}} */
    public String literal() {
      long seconds = duration.getSeconds();
      long days = seconds / 86400;
      long rest = seconds % 86400;
      String hms = String.format("%02d:%02d:%02d", rest / 3600, (rest % 3600) / 60, rest % 60);
      return days > 0 ? days + "." + hms : hms;
    }


    @Override
    public String display() {
      return "([TimeSpan]" + PsLiteral.quote(literal()) + ")";
    }
  }

  /** A switch parameter given without a value ({@code -Force}). */
  record Switch() implements PsValue {

    @Override
    public String display() {
      return "";
    }
  }

  /** A switch bound to a constant ({@code -Confirm:$false}). */
  record SwitchValue(boolean value) implements PsValue {

    @Override
    public String display() {
      return value ? ":$true" : ":$false";
    }
  }

  /**
   * A secret written as a single-quoted literal. It holds its own copy of the characters and never
   * prints them ({@link #display()} and {@link #toString()} are {@code '***'}); each script that
   * carries it takes a further copy, wiped when the script is closed.
   */
  final class SecretText implements PsValue {
    private final char[] chars;

    private SecretText(char[] chars) {
      this.chars = chars;
    }

    /**
     * Copies the secret's value; the copy lives as long as this value (scripts that carry it wipe their own copies).
     *
     * @param secret the secret
     * @return the value
     */
    public static SecretText of(Secret secret) {
      return new SecretText(secret.reveal().toCharArray());
    }

    void renderInto(SecureText out) {
      PsLiteral.appendQuoted(out, chars);
    }

    /** A copy of the characters, for redacting answers; the caller wipes it. */
    char[] copy() {
      return Arrays.copyOf(chars, chars.length);
    }

    @Override
    public String display() {
      return "'***'";
    }

    @Override
    public String toString() {
      return display();
    }
  }
}
