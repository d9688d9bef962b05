package dev.failover.fleet;

import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.errors.Violations;
import dev.failover.diff.DriftReport;
import dev.failover.diff.RelationshipScopes;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.spi.FailoverBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Status and drift of every relationship of the inventory, or of a selection, asked of all
 * servers at once: at most {@link #parallelism()} servers at a time, each given
 * {@link #timeout()} to answer. The answer is partial by design: each server's answer or its
 * {@link Problem} (unreachable, timed out, refused, no backend, failed), each relationship's
 * statuses and drift or why they are missing. One server down never fails the survey.
 *
 * <pre>{@code
 * Fleet fleet = Fleet.builder(failover).parallelism(16).timeout(Duration.ofSeconds(10)).build();
 * FleetReport all = fleet.survey();
 * FleetReport two = fleet.survey(List.of("pair-1", "pair-2"));
 * FleetReport kea = fleet.survey(r -> r.vendor() == Vendor.KEA);
 * }</pre>
 *
 * <p>Each server is read once per survey, through the facade's backends; the same task then asks
 * it for its failover status in each selected relationship it holds, and the drift of each
 * relationship is computed from the partners' states read. The timeout counts from the moment a
 * server's task starts and covers the read and the status requests together, so a survey takes at
 * most about {@code ceil(servers / parallelism) × timeout}, and one server that hangs costs one
 * timeout, not one per request. A task given up at its timeout is interrupted; a backend that does
 * not heed interrupts keeps its thread until its own request timeout ends it (the survey does not
 * wait for it).
 *
 * <p>Selection: a relationship is chosen by each server's own view of it when asking that server
 * for its status, and by its primary's view (its partner's, when the primary gave no answer) for
 * the report. A name that no answering server holds is not listed. Servers that hold no selected
 * relationship are still read (the only way to learn what they hold).
 *
 * <p>Thread-safe: a fleet holds no mutable state; each survey uses threads of its own and stops
 * them before it returns. The backends must allow concurrent calls for different servers.
 */
public final class Fleet {

  /** The default number of servers asked at once. */
  public static final int DEFAULT_PARALLELISM = 8;
  /** The default time each server is given to answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicInteger SURVEYS = new AtomicInteger();

  private final Failover failover;
  private final int parallelism;
  private final Duration timeout;
  private final Clock clock;

  private Fleet(Builder b) {
    Violations.collect()
        .check(b.parallelism >= 1 && b.parallelism <= 1024, "parallelism", b.parallelism,
            "must be between 1 and 1024 servers asked at once")
        .check(!b.timeout.isNegative() && !b.timeout.isZero() && b.timeout.compareTo(Duration.ofHours(1)) <= 0,
            "timeout", b.timeout, "must be more than zero and at most one hour")
        .throwIfAny("fleet settings");
    this.failover = b.failover;
    this.parallelism = b.parallelism;
    this.timeout = b.timeout;
    this.clock = b.clock;
  }

  /**
   * {@return a fleet over the facade's inventory and backends, with the default parallelism and timeout}
   *
   * @param failover the facade whose servers to ask
   */
  public static Fleet of(Failover failover) {
    return builder(failover).build();
  }

  /**
   * {@return a builder, to set the parallelism, the per-server timeout or the clock}
   *
   * @param failover the facade whose servers to ask
   */
  public static Builder builder(Failover failover) {
    return new Builder(Objects.requireNonNull(failover, "failover"));
  }

  /** {@return the facade this fleet asks through} */
  public Failover failover() {
    return failover;
  }

  /** {@return how many servers are asked at once, at most} */
  public int parallelism() {
    return parallelism;
  }

  /** {@return how long each server is given to answer (its read and its status requests together)} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return every relationship of the inventory: each server's answer, each relationship's statuses and drift} */
  public FleetReport survey() {
    return survey(r -> true);
  }

  /**
   * {@return the named relationships: each server's answer, each relationship's statuses and drift} A name
   * no answering server holds is not listed.
   *
   * @param names the relationships' names
   * @throws dev.failover.errors.ValidationException if a name is not a valid relationship name
   */
  public FleetReport survey(Collection<String> names) {
    Set<RelationshipName> wanted = new TreeSet<>();
    names.forEach(n -> wanted.add(RelationshipName.of(n)));
    return survey(r -> wanted.contains(r.name()));
  }

  /**
   * {@return the relationships the predicate selects: each server's answer, each relationship's statuses and drift}
   *
   * @param which selects relationships (see the class comment for which view it sees)
   */
  public FleetReport survey(Predicate<Relationship> which) {
    Objects.requireNonNull(which, "which");
    Instant startedAt = clock.instant();
    long started = System.nanoTime();
    List<Server> servers = failover.inventory().servers();
    List<Callable<Reading>> tasks = new ArrayList<>();
    for (Server s : servers) {
      tasks.add(() -> ask(s, which));
    }
    List<Outcome<Reading>> outcomes = run(tasks);

    List<ServerAnswer> answers = new ArrayList<>();
    Map<ServerId, Reading> read = new LinkedHashMap<>();
    Map<ServerId, Problem> problems = new LinkedHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      Outcome<Reading> o = outcomes.get(i);
      ImmutableServerAnswer.Builder a = ImmutableServerAnswer.builder().server(s.id()).vendor(s.vendor())
          .elapsed(o.elapsed());
      if (o.problem() != null) {
        problems.put(s.id(), o.problem());
        a.problem(o.problem());
      } else {
        read.put(s.id(), o.value());
        a.relationships(o.value().state().relationships().stream().map(Relationship::name).toList())
            .scopes(o.value().state().scopes().size());
      }
      answers.add(a.build());
    }

    Map<RelationshipName, Relationship> chosen = new TreeMap<>();
    for (Reading r : read.values()) {
      for (Relationship rel : r.state().relationships()) {
        if (!which.test(rel)) {
          continue;
        }
        Relationship before = chosen.get(rel.name());
        if (before == null || !before.primary().equals(r.state().server()) && rel.primary().equals(r.state().server())) {
          chosen.put(rel.name(), rel);
        }
      }
    }
    List<RelationshipReport> reports = new ArrayList<>();
    chosen.values().forEach(rel -> reports.add(report(rel, read, problems)));
    return ImmutableFleetReport.builder().startedAt(startedAt)
        .elapsed(Duration.ofNanos(System.nanoTime() - started)).servers(answers).relationships(reports).build();
  }

  /** What one server's task read: its state and its status in each selected relationship it holds. */
  private record Reading(ServerState state, Map<RelationshipName, StatusAnswer> statuses) {}

  private Reading ask(Server s, Predicate<Relationship> which) {
    Optional<FailoverBackend> found = failover.backends().find(s.vendor());
    if (found.isEmpty()) {
      throw new NoBackend(s);
    }
    FailoverBackend backend = found.get();
    ServerState state = backend.read(s, failover.inventory());
    Map<RelationshipName, StatusAnswer> statuses = new LinkedHashMap<>();
    for (Relationship r : state.relationships()) {
      if (!which.test(r)) {
        continue;
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      try {
        statuses.put(r.name(), StatusAnswer.of(backend.status(s, r)));
      } catch (FailoverException e) {
        statuses.put(r.name(), StatusAnswer.silent(s.id(), Problem.of(e)));
      }
    }
    return new Reading(state, statuses);
  }

  private RelationshipReport report(Relationship r, Map<ServerId, Reading> read, Map<ServerId, Problem> problems) {
    ImmutableRelationshipReport.Builder out = ImmutableRelationshipReport.builder().name(r.name()).vendor(r.vendor())
        .mode(r.mode()).servers(r.servers());
    for (ServerId id : r.servers()) {
      Reading reading = read.get(id);
      if (reading != null) {
        StatusAnswer a = reading.statuses().get(r.name());
        out.addStatuses(a != null ? a : StatusAnswer.silent(id, Problem.of(Problem.Kind.FAILED,
            id + " does not hold relationship " + r.name())));
      } else {
        out.addStatuses(StatusAnswer.silent(id, problems.getOrDefault(id,
            Problem.of(Problem.Kind.FAILED, id + " is not in the inventory"))));
      }
    }
    for (ServerId id : r.servers()) {
      if (!read.containsKey(id)) {
        Problem p = problems.getOrDefault(id, Problem.of(Problem.Kind.FAILED, id + " is not in the inventory"));
        return out.driftProblem(Problem.of(p.kind(), "cannot compare without " + id + ": " + p.message())).build();
      }
    }
    ServerState a = read.get(r.primary()).state();
    DriftReport pair = drift(r, a, read.get(r.secondary()).state());
    List<DriftReport> backups = new ArrayList<>();
    for (ServerId id : r.servers()) {
      if (!id.equals(r.primary()) && !id.equals(r.secondary())) {
        backups.add(drift(r, a, read.get(id).state()));
      }
    }
    return out.drift(backups.isEmpty() ? pair : pair.withBackupDrift(backups)).build();
  }

  /** The drift the facade's {@code drift} reports, from states already read. */
  private static DriftReport drift(Relationship r, ServerState a, ServerState b) {
    Set<Subnet> covered = new TreeSet<>(r.scopes());
    b.relationship(r.name()).ifPresent(x -> covered.addAll(x.scopes()));
    return DriftReport.between(a.server(), view(a, covered, r), b.server(), view(b, covered, r));
  }

  private static List<Scope> view(ServerState s, Set<Subnet> covered, Relationship r) {
    return s.scopes().stream().filter(x -> covered.contains(x.subnet())).map(x -> RelationshipScopes.view(x, r))
        .toList();
  }

  // ---------------------------------------------------------------------------------------------

  /** A task's value or its problem, and how long it ran. */
  private record Outcome<T>(T value, Problem problem, Duration elapsed) {}

  /** No backend for the server's vendor: a problem of its own kind. */
  private static final class NoBackend extends FailoverException {
    private static final long serialVersionUID = 1L;

    NoBackend(Server s) {
      super("no " + s.vendor().displayName() + " backend on the class path");
    }
  }

  /**
   * Runs the tasks, at most {@link #parallelism} at once, each given {@link #timeout} from its
   * start; a task that runs past it is interrupted and left, and its slot is freed.
   */
  private <T> List<Outcome<T>> run(List<Callable<T>> tasks) {
    int n = SURVEYS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "failover-fleet-" + n + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ExecutorService pool = Executors.newCachedThreadPool(factory);
    Semaphore slots = new Semaphore(parallelism);
    List<CompletableFuture<Outcome<T>>> futures = new ArrayList<>();
    try {
      for (Callable<T> task : tasks) {
        slots.acquire();
        long start = System.nanoTime();
        CompletableFuture<T> done = new CompletableFuture<>();
        Future<?> running = pool.submit(() -> {
          try {
            done.complete(task.call());
          } catch (Throwable e) {
            done.completeExceptionally(e);
          }
        });
        futures.add(done.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((value, error) -> {
          slots.release();
          Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
          if (error == null) {
            return new Outcome<>(value, null, elapsed);
          }
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause() : error;
          if (cause instanceof TimeoutException && !running.isDone()) {
            running.cancel(true);
            return new Outcome<>(null, Problem.timedOut(timeout), elapsed);
          }
          return new Outcome<>(null, cause instanceof NoBackend ? Problem.of(Problem.Kind.NO_BACKEND,
              cause.getMessage()) : Problem.of(cause), elapsed);
        }));
      }
      List<Outcome<T>> out = new ArrayList<>();
      for (CompletableFuture<Outcome<T>> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new FailoverException("the fleet survey was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a fleet task ended without an outcome", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Builds a {@link Fleet}. */
  public static final class Builder {
    private final Failover failover;
    private int parallelism = DEFAULT_PARALLELISM;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder(Failover failover) {
      this.failover = failover;
    }

    /**
     * Sets how many servers are asked at once; 8 when not set.
     *
     * @param parallelism between 1 and 1024
     * @return this builder
     */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Sets how long each server is given to answer (its read and its status requests together);
     * 30 seconds when not set.
     *
     * @param timeout more than zero, at most one hour
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the clock that stamps each report's start; the UTC system clock when not set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return the fleet}
     *
     * @throws dev.failover.errors.ValidationException if the parallelism or the timeout is out of range
     */
    public Fleet build() {
      return new Fleet(this);
    }

  }
}
