package dev.failover.migration;

import org.immutables.value.Value;

/**
 * One step of a {@link Cutover}, to read before it runs: what it does, the check that must hold
 * before the next step, and its way back.
 */
@Value.Immutable
public interface CutoverStep {

  /** {@return the step's number, from 1} */
  int number();

  /** {@return the step in a few words} */
  String name();

  /** {@return what it does} */
  String does();

  /** {@return the check that must hold before the next step} */
  String check();

  /** {@return how it is undone} */
  String wayBack();

  /** {@return the step in words, one line each for what it does, its check and its way back} */
  default String describe() {
    return number() + ". " + name() + "\n   does:     " + does() + "\n   check:    " + check()
        + "\n   way back: " + wayBack();
  }
}
