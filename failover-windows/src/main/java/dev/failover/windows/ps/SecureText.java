package dev.failover.windows.ps;

import java.util.Arrays;

/**
 * A growable character buffer that wipes every array it lets go of, so that a script holding a
 * shared secret never exists as a {@link String}. Not thread-safe; not API.
 */
final class SecureText {

  private char[] chars = new char[256];
  private int length;

  SecureText append(char c) {
    ensure(1);
    chars[length++] = c;
    return this;
  }

  SecureText append(CharSequence text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      chars[length++] = text.charAt(i);
    }
    return this;
  }

  int length() {
    return length;
  }

  /** A copy of the content; the caller owns (and wipes) it. */
  char[] toCharArray() {
    return Arrays.copyOf(chars, length);
  }

  void wipe() {
    Arrays.fill(chars, '\0');
    length = 0;
  }

  private void ensure(int more) {
    if (length + more > chars.length) {
      char[] bigger = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
      Arrays.fill(chars, '\0');
      chars = bigger;
    }
  }
}
