package dev.failover.cli;

import dev.failover.Progress;
import dev.failover.ProgressListener;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerPlan;
import dev.failover.server.ServerId;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A text progress bar on standard error, fed by the facade's {@link ProgressListener} while a plan
 * is applied: {@code [##########----------]  50% win-b apply 10.33.0.0/24}.
 *
 * <p>The work is counted in steps: per server, its check, each scope it changes (at least one
 * step), and its verification. On a terminal the bar redraws one line; otherwise (a pipe, a log)
 * it writes a line each time another tenth is done, so a log of a long replication stays short.
 * Rollbacks are always written, each on its own line.
 */
final class ProgressBar implements ProgressListener {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean redraw;
  private final Map<ServerId, int[]> steps = new LinkedHashMap<>();
  private final int total;
  private int lastTenth = -1;
  private int lastWidth;
  private boolean finished;

  ProgressBar(PrintWriter err, boolean redraw, Plan plan) {
    this.err = err;
    this.redraw = redraw;
    int sum = 0;
    for (ServerPlan part : plan.servers()) {
      int scopes = Math.max(1, part.subnets().size());
      // check, apply (per scope), verify: done so far in each
      steps.put(part.server(), new int[] {0, 0, 0, scopes});
      sum += 2 + scopes;
    }
    this.total = Math.max(1, sum);
  }

  @Override
  public void onProgress(Progress p) {
    int[] s = steps.get(p.server());
    if (s == null) {
      return;
    }
    switch (p.phase()) {
      case CHECK -> s[0] = Math.min(1, p.done());
      case APPLY -> s[1] = Math.min(s[3], Math.max(s[1], p.done()));
      case VERIFY -> {
        s[1] = s[3];
        s[2] = Math.min(1, p.done());
      }
      case DONE -> {
        s[0] = 1;
        s[1] = s[3];
        s[2] = 1;
      }
      case ROLLBACK -> {
        endLine();
        err.println((p.done() < p.total() ? "rolling back " : "rolled back ") + p.server());
        err.flush();
        return;
      }
    }
    int done = 0;
    for (int[] x : steps.values()) {
      done += x[0] + x[1] + x[2];
    }
    draw(done, p);
  }

  /** Ends the bar's line, if one is open. */
  void endLine() {
    if (redraw && lastWidth > 0 && !finished) {
      err.println();
      err.flush();
      lastWidth = 0;
    }
  }

  private void draw(int done, Progress p) {
    if (finished) {
      return;
    }
    int percent = (int) Math.min(100, (100L * done) / total);
    int filled = (WIDTH * percent) / 100;
    String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
        + " " + p.server() + " " + p.phase().name().toLowerCase(java.util.Locale.ROOT)
        + p.subnet().map(n -> " " + n).orElse("");
    if (redraw) {
      String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
      err.print("\r" + padded);
      lastWidth = line.length();
      if (percent == 100) {
        err.println();
        finished = true;
      }
      err.flush();
      return;
    }
    int tenth = percent / 10;
    if (tenth > lastTenth) {
      lastTenth = tenth;
      finished = percent == 100;
      err.println(line);
      err.flush();
    }
  }
}
