package dev.failover.migration;

import dev.failover.audit.AuditEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One run of a {@link Cutover}'s steps, step by step: {@link #next()} runs the next step and
 * checks it; when its action or check fails, everything this run did is undone in reverse and the
 * run ends. {@link #undo()} goes back over everything done so far on the operator's word. It holds
 * the ways back (the Kea servers' previous configurations, the leases added, the ISC sides
 * stopped), so it is the one mutable part of a cutover; use it from one thread.
 */
public final class CutoverRun {

  private final Cutover cutover;
  private final int last;
  private int next;
  private boolean ended;
  private final List<Integer> done = new ArrayList<>();
  private final Journal journal = new Journal();

  /** The ways back of what was done, newest first. */
  static final class Journal {
    private record Entry(int step, String what, OperatorAction back) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void add(int step, String what, OperatorAction back) {
      entries.push(new Entry(step, what, back));
    }
  }

  CutoverRun(Cutover cutover, int first, int last) {
    this.cutover = cutover;
    this.next = first;
    this.last = last;
  }

  /** {@return the step {@link #next()} runs; empty when every step ran or the run ended} */
  public Optional<CutoverStep> nextStep() {
    return ended || next > last ? Optional.empty() : Optional.of(cutover.steps().get(next - 1));
  }

  /**
   * {@return what running the next step did: done, or failed and everything this run did undone}
   *
   * @throws IllegalStateException when no step is left
   */
  public CutoverOutcome next() {
    if (nextStep().isEmpty()) {
      throw new IllegalStateException("the cutover run has no step left (every step ran, or it was undone)");
    }
    int n = next++;
    try {
      cutover.forward(n, journal);
      cutover.check(n);
      done.add(n);
      cutover.emit(AuditEvent.Outcome.SUCCEEDED, "step " + n + " (" + cutover.steps().get(n - 1).name()
          + ") done");
      return outcome(Optional.empty(), Optional.empty(), List.of(), List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(n, "interrupted");
    } catch (Exception e) {
      return fail(n, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** {@return the outcome of going back over everything this run did, newest first} */
  public CutoverOutcome undo() {
    List<String> undone = new ArrayList<>();
    List<String> notUndone = new ArrayList<>();
    back(undone, notUndone);
    ended = true;
    done.clear();
    cutover.emit(notUndone.isEmpty() ? AuditEvent.Outcome.ROLLED_BACK : AuditEvent.Outcome.FAILED,
        "undone on request" + undoneWords(undone, notUndone));
    return outcome(Optional.empty(), Optional.empty(), undone, notUndone);
  }

  private CutoverOutcome fail(int n, String why) {
    List<String> undone = new ArrayList<>();
    List<String> notUndone = new ArrayList<>();
    back(undone, notUndone);
    ended = true;
    List<Integer> before = List.copyOf(done);
    done.clear();
    cutover.emit(notUndone.isEmpty() ? AuditEvent.Outcome.ROLLED_BACK : AuditEvent.Outcome.FAILED,
        "step " + n + " (" + cutover.steps().get(n - 1).name() + ") failed: " + why + undoneWords(undone, notUndone));
    return ImmutableCutoverOutcome.builder().done(before).failedStep(n).failure(why).undone(undone)
        .notUndone(notUndone).build();
  }

  private static String undoneWords(List<String> undone, List<String> notUndone) {
    return (undone.isEmpty() ? "; nothing to undo" : "; undone: " + String.join(", ", undone))
        + (notUndone.isEmpty() ? "" : "; NOT undone: " + String.join(", ", notUndone));
  }

  private void back(List<String> undone, List<String> notUndone) {
    while (!journal.entries.isEmpty()) {
      Journal.Entry e = journal.entries.pop();
      try {
        e.back().run();
        undone.add("step " + e.step() + ": " + e.what());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        notUndone.add("step " + e.step() + ": " + e.what() + " (interrupted)");
      } catch (Exception ex) {
        notUndone.add("step " + e.step() + ": " + e.what() + " (" + ex.getMessage() + ")");
      }
    }
  }

  private CutoverOutcome outcome(Optional<Integer> failed, Optional<String> why, List<String> undone,
      List<String> notUndone) {
    return ImmutableCutoverOutcome.builder().done(done).failedStep(failed).failure(why).undone(undone)
        .notUndone(notUndone).build();
  }
}
