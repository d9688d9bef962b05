package dev.failover.windows;

import dev.failover.errors.ConflictException;
import dev.failover.ProgressListener;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.spi.ApplyProgress;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.ScriptReport;
import dev.failover.windows.ps.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and commits a Windows server's part under the fingerprint guard, as
 * failover-windows/README.md describes. {@link #check} reads the server again and applies
 * {@link Preconditions} (and, for scopes this server would put into a relationship, reads the
 * partner: Windows refuses to add a scope the partner already has). {@link #apply} reads it,
 * refuses a server that changed since the plan (a {@link ConflictException}; see
 * {@link Expectation} for what the partner's cmdlets may have changed meanwhile), works out what
 * is still to do ({@link WindowsPartRenderer}), runs it as one script, updates the pending store
 * and reads the server back for its new fingerprint. A script stops at its first failing cmdlet;
 * the cmdlets before it stay in force (Windows has no transaction), and the error names the step.
 * A destination's part of a replication plan runs Windows'
 * {@code Invoke-DhcpServerv4FailoverReplication} against the source instead, in one script on the
 * destination behind guards that both servers still hold what the plan was made from
 * ({@link Replication}).
 */
final class WindowsCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(WindowsCommitter.class);

  private final WindowsShells shells;
  private final WindowsStateReader reader;

  /** What a part comes to on the server: the state it was planned from, the state after it, what to run. */
  private record Prepared(Snapshot base, ServerState expected, WindowsPartRenderer.Actions actions, List<Violation> problems) {}

  /** A replication the destination is ready to run: what it reaches, and the two reads it is guarded by. */
  private record ReadyReplication(Replication.Target target, Snapshot destination, Snapshot source) {}

  WindowsCommitter(WindowsShells shells, WindowsStateReader reader) {
    this.shells = shells;
    this.reader = reader;
  }

  void check(Server server, ServerPlan part) {
    if (part.replication().isPresent()) {
      prepareReplication(server, part, reader.snapshot(server));
      return;
    }
    Prepared p = prepare(server, part, reader.snapshot(server));
    List<Violation> problems = new ArrayList<>(p.problems());
    problems.addAll(partnerAbsence(server, part, p));
    if (!problems.isEmpty()) {
      throw new ValidationException("the part of the plan for Windows server " + server.id(), problems);
    }
  }

  String apply(Server server, ServerPlan part, ProgressListener progress) {
    Snapshot current = reader.snapshot(server);
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
        shells.run(server, script).throwIfFailed();
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

  // ------------------------------------------------------------------------------ replication

  /**
   * Reads the source through the destination and checks both against the part ({@link Replication});
   * empty when the destination already holds what the part leaves (nothing to run).
   */
  private Optional<ReadyReplication> prepareReplication(Server server, ServerPlan part, Snapshot current) {
    if (!current.fingerprint().equals(part.fingerprint())) {
      Optional<Snapshot> base = shells.remembered(server.id(), part.fingerprint());
      if (base.isPresent() && sameContents(Expectation.after(base.get().state(), part.changes()), current.state())) {
        return Optional.empty();
      }
      throw new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint());
    }
    Replication.Target target = Replication.target(server.id(), current, part.replication().orElseThrow());
    Server source = shells.known(target.source()).orElseThrow(() -> new ValidationException("replication onto"
        + " Windows server " + server.id(), List.of(new Violation("source", target.source().value(),
        "must be known to this backend (read it through the backend first)"))));
    Snapshot there = reader.snapshotThrough(server, source, target.computerName());
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
        ScriptReport report = shells.run(server, script);
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
    return reader.snapshot(server).fingerprint();
  }

  private static boolean sameContents(ServerState a, ServerState b) {
    return a.scopes().equals(b.scopes()) && a.relationships().equals(b.relationships());
  }

  // ------------------------------------------------------------------------------ checks

  private Prepared prepare(Server server, ServerPlan part, Snapshot current) {
    Snapshot base = current.fingerprint().equals(part.fingerprint()) ? current
        : shells.remembered(server.id(), part.fingerprint())
            .orElseThrow(() -> new ConflictException(server.id().value(), part.fingerprint(), current.fingerprint()));
    ServerState expected = Expectation.after(base.state(), part.changes());
    if (base != current) {
      Expectation.guard(server.id().value(), part, base.state(), expected, current.state());
    }
    WindowsPartRenderer.Actions actions = WindowsPartRenderer.plan(server.id(), current, expected, shells::known);
    boolean store = WindowsServerOptions.of(server).pendingFile().isPresent();
    List<Violation> problems = Preconditions.of(server, base, expected, part, actions, store);
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
      Optional<Server> partner = shells.known(e.get().partnerOf(server.id()));
      if (holding.isEmpty() || partner.isEmpty()) {
        continue;
      }
      ServerState there = reader.snapshot(partner.get()).state();
      for (Subnet x : holding) {
        v.check(there.scope(x).isEmpty(), "scopes", x, "must be absent on the partner " + partner.get().id() + " when "
            + server.id() + " adds it to relationship " + n + ": Windows copies the scope there itself and refuses"
            + " when one exists (ERROR_DHCP_SUBNET_EXISTS); delete the partner's copy first");
      }
    }
    return v.list();
  }
}
