package dev.failover.isc.conf;

import java.util.Arrays;

/**
 * The text of one configuration file (or of one rendered fragment) with its name, and the line
 * table that turns offsets into line and column numbers. Every node parsed from the file points
 * into the same text, so the tree holds the file's bytes once.
 */
final class Source {

  private final String name;
  private final String text;
  private final boolean synthetic;
  private int[] lineStarts;

  Source(String name, String text, boolean synthetic) {
    this.name = name;
    this.text = text;
    this.synthetic = synthetic;
  }

  String name() {
    return name;
  }

  String text() {
    return text;
  }

  /** Whether this text was produced by an edit rather than read from the file. */
  boolean synthetic() {
    return synthetic;
  }

  /** The 1-based line of an offset; 0 for text produced by an edit. */
  int line(int offset) {
    if (synthetic) {
      return 0;
    }
    int[] starts = starts();
    int i = Arrays.binarySearch(starts, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** The 1-based column of an offset; 0 for text produced by an edit. */
  int column(int offset) {
    if (synthetic) {
      return 0;
    }
    int line = line(offset);
    return offset - starts()[line - 1] + 1;
  }

  private int[] starts() {
    int[] s = lineStarts;
    if (s == null) {
      int count = 1;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          count++;
        }
      }
      s = new int[count];
      int k = 1;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          s[k++] = i + 1;
        }
      }
      lineStarts = s;
    }
    return s;
  }
}
