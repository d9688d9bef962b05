package dev.failover.windows.logcapture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What every logger wrote while a capture was on. This module's tests have this SLF4J binding
 * ({@link CapturingProvider}, registered in {@code META-INF/services}): outside a capture no
 * logger is enabled at any level (as with no binding); during one, every logger of every library
 * is enabled at TRACE and each event is kept in memory, formatted, with its throwable's stack
 * trace and causes.
 */
public final class CapturedLog implements AutoCloseable {

  private static final Object LOCK = new Object();
  private static volatile CapturedLog active;

  private final List<Event> events = new ArrayList<>();

  private CapturedLog() {}

  /** Starts capturing every logger at TRACE; one capture at a time. */
  public static CapturedLog start() {
    synchronized (LOCK) {
      if (active != null) {
        throw new IllegalStateException("a capture is already running");
      }
      active = new CapturedLog();
      return active;
    }
  }

  static boolean capturing() {
    return active != null;
  }

  static void record(String logger, String level, String thread, String message, Throwable t) {
    CapturedLog log = active;
    if (log == null) {
      return;
    }
    String text = message;
    if (t != null) {
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      text = text + "\n" + w;
    }
    synchronized (log.events) {
      log.events.add(new Event(logger, level, thread, text));
    }
  }

  /** The events so far. */
  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public void close() {
    synchronized (LOCK) {
      if (active == this) {
        active = null;
      }
    }
  }

  /** One log event. */
  public record Event(String logger, String level, String thread, String text) {
    @Override
    public String toString() {
      return level + " [" + thread + "] " + logger + " - " + text;
    }
  }
}
