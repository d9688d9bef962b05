package dev.failover.cli;

import java.io.Console;

/**
 * What the tool knows about the terminal it runs in: whether it may ask the operator to confirm,
 * how it asks, and whether standard error can redraw a progress bar in place.
 */
public interface Terminal {

  /** {@return whether there is a person at a terminal to confirm a plan (standard input and output are a terminal)} */
  boolean interactive();

  /**
   * Shows the prompt and reads one line of answer.
   *
   * @param prompt the question
   * @return the answer; null at end of input
   */
  String readLine(String prompt);

  /** {@return whether standard error is a terminal, so a progress bar may redraw one line} */
  boolean redrawable();

  /**
   * {@return the process's terminal, through {@link System#console()} (present only when both stdin and stdout are terminals)}
   */
  static Terminal system() {
    Console console = System.console();
    return new Terminal() {
      @Override
      public boolean interactive() {
        return console != null;
      }

      @Override
      public String readLine(String prompt) {
        return console == null ? null : console.readLine("%s", prompt);
      }

      @Override
      public boolean redrawable() {
        return console != null;
      }
    };
  }

  /** {@return no terminal: nothing to confirm on, progress written line by line} */
  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public String readLine(String prompt) {
        return null;
      }

      @Override
      public boolean redrawable() {
        return false;
      }
    };
  }
}
