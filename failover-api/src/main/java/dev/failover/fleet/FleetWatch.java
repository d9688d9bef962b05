package dev.failover.fleet;

import dev.failover.errors.FailoverException;
import dev.failover.errors.Violations;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import dev.failover.state.FailoverState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surveys a {@link Fleet} on a schedule and tells its listeners what changed since the survey
 * before: a server's failover state in a relationship ({@link WatchEvent.Kind#STATE_CHANGED}), a
 * server going silent or answering again ({@link WatchEvent.Kind#UNREACHABLE},
 * {@link WatchEvent.Kind#REACHABLE}), drift appearing or clearing
 * ({@link WatchEvent.Kind#DRIFT_APPEARED}, {@link WatchEvent.Kind#DRIFT_CLEARED}): what operators
 * set alerts on.
 *
 * <pre>{@code
 * try (FleetWatch watch = FleetWatch.builder(fleet).interval(Duration.ofSeconds(30))
 *     .listener(event -> log.warn("{}", event.message())).build()) {
 *   watch.start();             // the first survey now, then one every 30 s after the last ended
 *   ...
 * }                            // close() stops the schedule and the thread it runs on
 * }</pre>
 *
 * <p>The first survey sets the baseline: it reports each server that gives no answer and each
 * relationship whose partners already differ, and no state change. A state change is reported
 * against the last state the server reported, even across a time it was silent. Drift that cannot
 * be computed (a partner silent) changes nothing: the last known drift stands; drift first known
 * later (a relationship that appears, a partner that answers for the first time) is reported when
 * it is there.
 *
 * <p>{@link #poll()} surveys once on the caller's thread, for a caller with a schedule of its own
 * (and for tests). Thread-safe: one survey at a time.
 */
public final class FleetWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetWatch.class);

  private final Fleet fleet;
  private final Duration interval;
  private final Predicate<Relationship> which;
  private final List<WatchListener> listeners;
  private final ScheduledExecutorService schedule;
  private final Object lock = new Object();
  private boolean first = true;
  private boolean started;
  private final Map<List<String>, FailoverState> states = new HashMap<>();
  private final Set<ServerId> silent = new HashSet<>();
  private final Map<RelationshipName, Integer> drift = new HashMap<>();

  private FleetWatch(Builder b) {
    Violations.collect()
        .check(!b.interval.isNegative() && b.interval.compareTo(Duration.ofMillis(10)) >= 0
            && b.interval.compareTo(Duration.ofDays(1)) <= 0, "interval", b.interval,
            "must be between 10 milliseconds and one day")
        .throwIfAny("watch settings");
    this.fleet = b.fleet;
    this.interval = b.interval;
    this.which = b.which;
    this.listeners = List.copyOf(b.listeners);
    this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "failover-watch");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * {@return a builder for a watch over the fleet}
   *
   * @param fleet the fleet to survey
   */
  public static Builder builder(Fleet fleet) {
    return new Builder(Objects.requireNonNull(fleet, "fleet"));
  }

  /** {@return the time between the end of one survey and the start of the next} */
  public Duration interval() {
    return interval;
  }

  /**
   * Starts the schedule: the first survey now, then one every {@link #interval()} after the last
   * ended, on the watch's own thread, until {@link #close()}.
   *
   * @throws IllegalStateException if the watch was started before or is closed
   */
  public void start() {
    synchronized (lock) {
      if (started || schedule.isShutdown()) {
        throw new IllegalStateException("the watch was started before or is closed: build a new one");
      }
      started = true;
    }
    schedule.scheduleWithFixedDelay(this::scheduled, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void scheduled() {
    try {
      poll();
    } catch (FailoverException e) {
      LOG.debug("watch survey ended early: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("watch survey failed; the next one runs as scheduled: {}", e.toString());
    }
  }

  /**
   * Surveys the fleet once, now, on the caller's thread; tells the listeners each change and then
   * the report.
   *
   * @return the changes seen, in the order the listeners were told them
   */
  public List<WatchEvent> poll() {
    synchronized (lock) {
      FleetReport report = fleet.survey(which);
      List<WatchEvent> events = changes(report);
      first = false;
      for (WatchListener l : listeners) {
        for (WatchEvent e : events) {
          tell(() -> l.onEvent(e));
        }
        tell(() -> l.onReport(report));
      }
      return events;
    }
  }

  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("a watch listener failed; the watch goes on: {}", e.toString());
    }
  }

  private List<WatchEvent> changes(FleetReport report) {
    Instant t = report.startedAt();
    List<WatchEvent> out = new ArrayList<>();
    for (ServerAnswer a : report.servers()) {
      if (a.problem().isPresent() && silent.add(a.server())) {
        Problem p = a.problem().get();
        out.add(ImmutableWatchEvent.builder().kind(WatchEvent.Kind.UNREACHABLE).time(t).server(a.server()).problem(p)
            .message(a.server() + " gives no answer (" + words(p.kind()) + "): " + p.message()).build());
      } else if (a.answered() && silent.remove(a.server()) && !first) {
        out.add(ImmutableWatchEvent.builder().kind(WatchEvent.Kind.REACHABLE).time(t).server(a.server())
            .message(a.server() + " answers again").build());
      }
    }
    for (RelationshipReport r : report.relationships()) {
      for (StatusAnswer s : r.statuses()) {
        if (s.status().isEmpty()) {
          continue;
        }
        FailoverState now = s.status().get().local();
        FailoverState before = states.put(List.of(r.name().value(), s.server().value()), now);
        if (before != null && !before.equals(now)) {
          out.add(ImmutableWatchEvent.builder().kind(WatchEvent.Kind.STATE_CHANGED).time(t).relationship(r.name())
              .server(s.server()).from(before).to(now)
              .message(r.name() + ": " + s.server() + " went from " + before.vendorName() + " to " + now.vendorName()
                  + (before.common() == now.common() ? "" : " (" + now.common() + ")"))
              .build());
        }
      }
      if (r.drift().isEmpty()) {
        continue;
      }
      int count = r.drift().get().differenceCount();
      Integer before = drift.put(r.name(), count);
      boolean was = before != null && before > 0;
      if (count > 0 && !was) {
        out.add(ImmutableWatchEvent.builder().kind(WatchEvent.Kind.DRIFT_APPEARED).time(t).relationship(r.name())
            .differences(count).message(r.name() + ": drift appeared, " + count + " item(s) differ between "
                + r.drift().get().first() + " and " + r.drift().get().second()).build());
      } else if (count == 0 && was) {
        out.add(ImmutableWatchEvent.builder().kind(WatchEvent.Kind.DRIFT_CLEARED).time(t).relationship(r.name())
            .differences(0).message(r.name() + ": drift cleared, the partners agree").build());
      }
    }
    return out;
  }

  private static String words(Problem.Kind kind) {
    return switch (kind) {
      case UNREACHABLE -> "unreachable";
      case TIMED_OUT -> "timed out";
      case REFUSED -> "refused";
      case NO_BACKEND -> "no backend";
      case FAILED -> "failed";
    };
  }

  /**
   * Stops the schedule and waits, at most the fleet's timeout and a second, for a survey under way
   * to end (it is interrupted). The listeners are told nothing more.
   */
  @Override
  public void close() {
    schedule.shutdownNow();
    try {
      if (!schedule.awaitTermination(fleet.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        LOG.warn("the watch's survey did not end within {} after close", fleet.timeout().plusSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link FleetWatch}. */
  public static final class Builder {
    private final Fleet fleet;
    private Duration interval = Duration.ofSeconds(30);
    private Predicate<Relationship> which = r -> true;
    private final List<WatchListener> listeners = new ArrayList<>();

    private Builder(Fleet fleet) {
      this.fleet = fleet;
    }

    /**
     * Sets the time between the end of one survey and the start of the next; 30 seconds when not set.
     *
     * @param interval between 10 milliseconds and one day
     * @return this builder
     */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Watches only the relationships the predicate selects; every one when not set.
     *
     * @param which selects relationships, as {@link Fleet#survey(Predicate)} does
     * @return this builder
     */
    public Builder select(Predicate<Relationship> which) {
      this.which = Objects.requireNonNull(which, "which");
      return this;
    }

    /**
     * Adds a listener; listeners are told in the order they were added.
     *
     * @param listener told each change and each survey
     * @return this builder
     */
    public Builder listener(WatchListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * {@return the watch, not yet started}
     *
     * @throws dev.failover.errors.ValidationException if the interval is out of range
     */
    public FleetWatch build() {
      return new FleetWatch(this);
    }
  }
}
