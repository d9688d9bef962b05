package dev.failover.windows;

import dev.failover.BackendException;
import dev.failover.ConflictException;
import dev.failover.FailoverException;
import dev.failover.ProgressListener;
import dev.failover.ValidationException;
import dev.failover.Violation;
import dev.failover.Violations;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.ApplyProgress;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.ScriptReport;
import dev.failover.windows.ps.StepFailure;
import dev.failover.windows.transport.RemoteShell;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Windows Server DHCP backend: reads and changes failover relationships and scopes through
 * the {@code DhcpServer} PowerShell module, one composed script per remote invocation
 * ({@link ScriptComposer}), over SSH by default ({@link SshShellFactory}).
 *
 * <pre>{@code
 * Failover failover = Failover.builder().inventory(inventory).backends(new WindowsBackend()).build();
 * }</pre>
 *
 * <p><b>Reading</b> runs one fixed script ({@link ScriptComposer#snapshot()}) that lists the
 * scopes, the relationships and the exclusion ranges and loops over the scopes and their
 * reservations for reservations and option values; {@link WindowsStateReader} says how Windows'
 * objects become the API's, how both partners read the same relationship, and how the
 * fingerprint is made. Relationships without scopes, which Windows cannot hold, come from the
 * server's pending store ({@link PendingStore}, option {@value #OPTION_PENDING_FILE}).
 *
 * <p><b>Checking</b> reads the server again and applies {@link Preconditions}. <b>Applying</b>
 * reads it, refuses a server that changed since the plan (a {@link ConflictException}; see
 * {@link Expectation} for what the partner's cmdlets may have changed meanwhile), works out what
 * is still to do ({@link WindowsPartRenderer}, which also documents which of the two servers runs each
 * failover cmdlet), runs it as one script, updates the pending store and reads the server back
 * for its new fingerprint. A script stops at its first failing cmdlet; the cmdlets before it
 * stay in force (Windows has no transaction), and the error names the step. A destination's part
 * of a replication plan ({@link ServerPlan#replication()}) runs Windows'
 * {@code Invoke-DhcpServerv4FailoverReplication} against the source instead, in one script on the
 * destination behind guards that both servers still hold what the plan was made from
 * ({@link Replication}).
 *
 * <p>The backend remembers every server of the inventories it was given to read (it needs a
 * partner's address to create a relationship, and {@link #check}/{@link #apply} are given no
 * inventory) and the last few states it read of each server, by fingerprint (a part whose
 * partner's cmdlets already changed this server is checked against the state it was planned
 * from). It keeps one shell per server open until {@link #close()}. Thread-safe.
 */
public final class WindowsBackend implements FailoverBackend, AutoCloseable {

  /** Server option: the SSH host key's {@code SHA256:…} fingerprint. */
  public static final String OPTION_HOST_FINGERPRINT = WindowsServerOptions.HOST_FINGERPRINT;
  /** Server option: the absolute path of the file that keeps relationships without scopes. */
  public static final String OPTION_PENDING_FILE = WindowsServerOptions.PENDING_FILE;
  /** Server option: SSH connect and login timeout, seconds or ISO-8601 (default 15 s). */
  public static final String OPTION_CONNECT_TIMEOUT = WindowsServerOptions.CONNECT_TIMEOUT;
  /** Server option: how long one script may run, seconds or ISO-8601 (default 2 min). */
  public static final String OPTION_RUN_TIMEOUT = WindowsServerOptions.RUN_TIMEOUT;

  private static final Logger LOG = LoggerFactory.getLogger(WindowsBackend.class);
  private static final int STATES_KEPT_PER_SERVER = 8;

  private final Function<Server, RemoteShell> shells;
  private final Map<ServerId, Server> known = new ConcurrentHashMap<>();
  private final Map<ServerId, OpenShell> open = new HashMap<>();
  private final Map<ServerId, LinkedHashMap<String, Snapshot>> states = new HashMap<>();
  private final WindowsStatusReader statuses;
  /** One apply at a time per server in this backend, from its read to its read-back: Windows has no compare-and-set. */
  private final Map<ServerId, ReentrantLock> applying = new ConcurrentHashMap<>();
  private boolean closed;

  private record OpenShell(Server server, RemoteShell shell) {}

  /** What a part comes to on the server: the state it was planned from, the state after it, what to run. */
  private record Prepared(Snapshot base, ServerState expected, WindowsPartRenderer.Actions actions, List<Violation> problems) {}

  /** A backend that reaches each server over SSH ({@link SshShellFactory}). */
  public WindowsBackend() {
    this(new SshShellFactory());
  }

  /**
   * A backend that reaches each server through the shell the function opens (for example an in-process fake).
   *
   * @param shells opens the shell for a server
   */
  public WindowsBackend(Function<Server, RemoteShell> shells) {
    this(shells, Clock.systemUTC());
  }

  /**
   * As {@link #WindowsBackend(Function)}, with the clock that stamps {@link FailoverStatus#observedAt()}.
   *
   * @param shells opens the shell for a server
   * @param clock stamps status reads
   */
  public WindowsBackend(Function<Server, RemoteShell> shells, Clock clock) {
    this.shells = Objects.requireNonNull(shells, "shells");
    this.statuses = new WindowsStatusReader(this::run, this::pending, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public Vendor vendor() {
    return Vendor.WINDOWS;
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    requireWindows(server);
    inventory.servers().forEach(s -> known.put(s.id(), s));
    known.put(server.id(), server);
    return snapshot(server).state();
  }

  /**
   * Checks the part against the Windows rules ({@link Preconditions}) on a fresh read of the
   * server, and, for scopes this server would put into a relationship, reads the partner too:
   * Windows refuses to add a scope the partner already has.
   */
  @Override
  public void check(Server server, ServerPlan part) {
    requirePart(server, part);
    if (part.replication().isPresent()) {
      prepareReplication(server, part, snapshot(server));
      return;
    }
    Prepared p = prepare(server, part, snapshot(server));
    List<Violation> problems = new ArrayList<>(p.problems());
    problems.addAll(partnerAbsence(server, part, p));
    if (!problems.isEmpty()) {
      throw new ValidationException("the part of the plan for Windows server " + server.id(), problems);
    }
  }

  /**
   * Applies the part under this server's apply lock (one apply per server at a time in this
   * backend: the read that guards the fingerprint and the cmdlets that follow are not interleaved
   * with another apply's), so of two applies planned from the same state, the second finds the
   * first's change and fails with {@link ConflictException}.
   */
  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    requirePart(server, part);
    ReentrantLock lock = applying.computeIfAbsent(server.id(), id -> new ReentrantLock());
    lock.lock();
    try {
      return applyLocked(server, part, progress);
    } finally {
      lock.unlock();
    }
  }

  private String applyLocked(Server server, ServerPlan part, ProgressListener progress) {
    Snapshot current = snapshot(server);
    if (part.replication().isPresent()) {
      return replicate(server, part, current, progress);
    }
    Prepared p = prepare(server, part, current);
    if (!p.problems().isEmpty()) {
      throw new ValidationException("the part of the plan for Windows server " + server.id(), p.problems());
    }
    WindowsPartRenderer.Actions actions = p.actions();
    ApplyProgress applied = ApplyProgress.of(server.id(), actions.subnets(), progress);
    if (actions.changesNothing()) {
      applied.allWritten();
      return current.fingerprint();
    }
    if (!actions.commands().isEmpty()) {
      LOG.debug("applying {} cmdlet(s) on {}", actions.commands().size(), server.id());
      try (PowerShellScript script = ScriptComposer.compose(actions.commands())) {
        run(server, script).throwIfFailed();
      }
    }
    Optional<Path> pendingFile = WindowsServerOptions.of(server).pendingFile();
    if (pendingFile.isPresent()) {
      for (RelationshipName n : actions.pendingRemove()) {
        PendingStore.remove(pendingFile.get(), server.id(), n);
      }
      for (Relationship r : actions.pendingPut()) {
        PendingStore.put(pendingFile.get(), server.id(), r);
      }
    }
    return finish(server, applied);
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    requireWindows(server);
    return statuses.status(server, relationship);
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    requireWindows(server);
    statuses.partnerDown(server, relationship);
  }

  /**
   * Closes every shell (SSH session) this backend opened. Closing again does nothing; a later
   * request to a Windows server through this backend fails, saying the backend is closed.
   */
  @Override
  public void close() {
    List<OpenShell> toClose;
    synchronized (open) {
      closed = true;
      toClose = new ArrayList<>(open.values());
      open.clear();
    }
    toClose.forEach(o -> closeQuietly(o.shell()));
  }

  @Override
  public String toString() {
    return "WindowsBackend[" + shells + "]";
  }

  // ------------------------------------------------------------------------------ replication

  /** A replication the destination is ready to run: what it reaches, and the two reads it is guarded by. */
  private record ReadyReplication(Replication.Target target, Snapshot destination, Snapshot source) {}

  /**
   * Reads the source through the destination and checks both against the part ({@link Replication});
   * empty when the destination already holds what the part leaves (nothing to run).
   */
  private Optional<ReadyReplication> prepareReplication(Server server, ServerPlan part, Snapshot current) {
    if (!current.fingerprint().equals(part.fingerprint())) {
      Snapshot base = remembered(server.id(), part.fingerprint());
      if (base != null && sameContents(Expectation.after(base.state(), part.changes()), current.state())) {
        return Optional.empty();
      }
      throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
    }
    Replication.Target target = Replication.target(server.id(), current, part.replication().orElseThrow());
    Server source = known.get(target.source());
    if (source == null) {
      throw new ValidationException("replication onto Windows server " + server.id(), List.of(new Violation("source",
          target.source().value(), "must be known to this backend (read it through the backend first)")));
    }
    Snapshot there;
    try (PowerShellScript script = ScriptComposer.snapshot(target.computerName())) {
      there = WindowsStateReader.read(source, new ArrayList<>(known.values()), run(server, script), List.of(),
          Optional.of(target.computerName()));
    }
    Replication.requireSourceAsPlanned(target, current, there, Expectation.after(current.state(), part.changes()));
    return Optional.of(new ReadyReplication(target, current, there));
  }

  private String replicate(Server server, ServerPlan part, Snapshot current, ProgressListener progress) {
    ApplyProgress applied = ApplyProgress.of(server.id(), part.subnets(), progress);
    Optional<ReadyReplication> ready = prepareReplication(server, part, current);
    if (ready.isPresent()) {
      ReadyReplication r = ready.get();
      List<ScriptComposer.Guard> guards = Replication.guards(r.target(), r.destination(), r.source());
      int destinationGuards = r.destination().guards(r.target().scopes()).size();
      PsCommand invoke = Replication.command(part.replication().orElseThrow(), r.target(), r.source());
      LOG.debug("replicating {} scope(s) from {} onto {} behind {} guard(s)", r.target().scopes().size(),
          r.target().source(), server.id(), guards.size());
      try (PowerShellScript script = ScriptComposer.guarded(guards, List.of(invoke))) {
        ScriptReport report = run(server, script);
        Optional<StepFailure> failure = report.failure();
        if (failure.isPresent() && failure.get().step() < guards.size()
            && ScriptComposer.GUARD_FAILED.equals(failure.get().message())) {
          boolean here = failure.get().step() < destinationGuards;
          String changed = here ? server.id().value() : r.target().source().value();
          throw new ConflictException(changed, (here ? "the replication destination" : "the replication source")
              + " changed between the backend's read and the replication (" + failure.get().command()
              .map(c -> c.cmdlet().cmdletName()).orElse("a read") + " no longer prints what was read); nothing was"
              + " replicated");
        }
        report.throwIfFailed();
      }
    }
    return finish(server, applied);
  }

  /** Reports the scopes as written (the script ran), then reads the server back: its fingerprint is apply's answer. */
  private String finish(Server server, ApplyProgress applied) {
    applied.allWritten();
    return snapshot(server).fingerprint();
  }

  private static boolean sameContents(ServerState a, ServerState b) {
    return a.scopes().equals(b.scopes()) && a.relationships().equals(b.relationships());
  }

  // ------------------------------------------------------------------------------ internals

  private Prepared prepare(Server server, ServerPlan part, Snapshot current) {
    Snapshot base = current.fingerprint().equals(part.fingerprint()) ? current : remembered(server.id(), part.fingerprint());
    if (base == null) {
      throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
    }
    ServerState expected = Expectation.after(base.state(), part.changes());
    if (base != current) {
      Expectation.guard(server.id().value(), part, base.state(), expected, current.state());
    }
    WindowsPartRenderer.Actions actions = WindowsPartRenderer.plan(server.id(), current, expected, id -> Optional.ofNullable(known.get(id)));
    boolean store = WindowsServerOptions.of(server).pendingFile().isPresent();
    List<Violation> problems = Preconditions.of(server.id(), base, expected, part, actions, store);
    return new Prepared(base, expected, actions, problems);
  }

  /** The scopes this server would add to a relationship must be absent on the partner (read now, when known). */
  private List<Violation> partnerAbsence(Server server, ServerPlan part, Prepared p) {
    Violations v = Violations.collect();
    for (RelationshipName n : Expectation.relationshipsChanged(part)) {
      Optional<Relationship> e = p.expected().relationship(n);
      if (e.isEmpty()) {
        continue;
      }
      List<Subnet> before = p.base().onWindows(n).map(Relationship::scopes).orElse(List.of());
      List<Subnet> holding = e.get().scopes().stream()
          .filter(x -> !before.contains(x) && p.base().state().scope(x).isPresent()).toList();
      Server partner = known.get(e.get().partnerOf(server.id()));
      if (holding.isEmpty() || partner == null) {
        continue;
      }
      ServerState there = snapshot(partner).state();
      for (Subnet x : holding) {
        v.check(there.scope(x).isEmpty(), "scopes", x, "must be absent on the partner " + partner.id() + " when "
            + server.id() + " adds it to relationship " + n + ": Windows copies the scope there itself and refuses"
            + " when one exists (ERROR_DHCP_SUBNET_EXISTS); delete the partner's copy first");
      }
    }
    return v.list();
  }

  private Snapshot snapshot(Server server) {
    known.putIfAbsent(server.id(), server);
    List<Relationship> pending = WindowsServerOptions.of(server).pendingFile()
        .map(f -> PendingStore.read(f, server.id())).orElse(List.of());
    ScriptReport report;
    try (PowerShellScript script = ScriptComposer.snapshot()) {
      report = run(server, script);
    }
    Snapshot s = WindowsStateReader.read(server, new ArrayList<>(known.values()), report, pending);
    remember(server.id(), s);
    return s;
  }

  private boolean pending(Server server, RelationshipName name) {
    return WindowsServerOptions.of(server).pendingFile()
        .map(f -> PendingStore.read(f, server.id()).stream().anyMatch(r -> r.name().equals(name))).orElse(false);
  }

  /** Runs the script on the server and reads its report (secrets already redacted from it). */
  private ScriptReport run(Server server, PowerShellScript script) {
    RemoteShell shell = shell(server);
    try {
      return shell.run(script, WindowsServerOptions.of(server).runTimeout()).report(server.id().value(), script);
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.TRANSPORT) {
        forget(server.id(), shell);
      }
      throw e;
    }
  }

  private RemoteShell shell(Server server) {
    synchronized (open) {
      if (closed) {
        throw new FailoverException("the Windows DHCP backend is closed: connect again to reach Windows servers");
      }
      OpenShell o = open.get(server.id());
      if (o != null && o.server().equals(server)) {
        return o.shell();
      }
      if (o != null) {
        closeQuietly(o.shell());
      }
      RemoteShell s = shells.apply(server);
      open.put(server.id(), new OpenShell(server, s));
      return s;
    }
  }

  private void forget(ServerId id, RemoteShell shell) {
    synchronized (open) {
      OpenShell o = open.get(id);
      if (o != null && o.shell() == shell) {
        open.remove(id);
        closeQuietly(shell);
      }
    }
  }

  private static void closeQuietly(RemoteShell shell) {
    try {
      shell.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a shell failed: {}", e.toString());
    }
  }

  private void remember(ServerId id, Snapshot s) {
    synchronized (states) {
      LinkedHashMap<String, Snapshot> kept = states.computeIfAbsent(id, k -> new LinkedHashMap<>(16, 0.75f, true));
      kept.put(s.fingerprint(), s);
      while (kept.size() > STATES_KEPT_PER_SERVER) {
        kept.remove(kept.keySet().iterator().next());
      }
    }
  }

  private Snapshot remembered(ServerId id, String fingerprint) {
    synchronized (states) {
      LinkedHashMap<String, Snapshot> kept = states.get(id);
      return kept == null ? null : kept.get(fingerprint);
    }
  }

  private static void requireWindows(Server server) {
    if (server.vendor() != Vendor.WINDOWS) {
      throw new ValidationException("server " + server.id(), List.of(new Violation("vendor", server.vendor().name(),
          "must be WINDOWS for the Windows backend")));
    }
  }

  private static void requirePart(Server server, ServerPlan part) {
    requireWindows(server);
    if (!part.server().equals(server.id()) || part.vendor() != Vendor.WINDOWS) {
      throw new ValidationException("part of a plan", List.of(new Violation("server", part.server().value(),
          "must be the Windows server " + server.id() + " it is applied to")));
    }
  }
}
