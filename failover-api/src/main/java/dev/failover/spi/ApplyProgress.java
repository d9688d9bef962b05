package dev.failover.spi;

import dev.failover.ImmutableProgress;
import dev.failover.Progress;
import dev.failover.ProgressListener;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How every backend reports {@link Progress.Phase#APPLY}: one step per scope of the part, each
 * reported only once the server holds it (a part without scopes is one step). A backend that
 * writes the whole part at once calls {@link #allWritten()} after the write; one that writes
 * scope by scope calls {@link #written(Subnet)} after each.
 */
public final class ApplyProgress {

  private final ServerId server;
  private final List<Subnet> subnets;
  private final Set<Subnet> touched;
  private final ProgressListener listener;
  private final Set<Subnet> reported = new HashSet<>();

  private ApplyProgress(ServerId server, Collection<Subnet> subnets, ProgressListener listener) {
    this.server = server;
    this.subnets = List.copyOf(subnets);
    this.touched = new HashSet<>(subnets);
    this.listener = listener;
  }

  /**
   * {@return the progress of applying a part that touches {@code subnets} on {@code server}}
   *
   * @param server the server the part is applied to
   * @param subnets the scopes the part touches, in the order they are reported
   * @param listener receives the reports
   */
  public static ApplyProgress of(ServerId server, Collection<Subnet> subnets, ProgressListener listener) {
    return new ApplyProgress(server, subnets, listener);
  }

  /**
   * Reports one scope as written (once; a scope already reported is not reported again).
   *
   * @param subnet the scope the server now holds as the part says
   */
  public void written(Subnet subnet) {
    if (touched.contains(subnet) && reported.add(subnet)) {
      listener.onProgress(ImmutableProgress.builder().server(server).phase(Progress.Phase.APPLY)
          .done(reported.size()).total(subnets.size()).subnet(subnet).build());
    }
  }

  /** Reports every scope not reported yet as written; a part without scopes as its one step done. */
  public void allWritten() {
    if (subnets.isEmpty()) {
      listener.onProgress(Progress.of(server, Progress.Phase.APPLY, 1, 1));
      return;
    }
    subnets.forEach(this::written);
  }
}
