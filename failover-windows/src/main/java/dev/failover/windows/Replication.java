package dev.failover.windows;

import dev.failover.errors.ConflictException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.plan.Replicate;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.PsCommand;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.WindowsFailoverInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A destination's part of a replication plan, carried out by Windows' own
 * {@code Invoke-DhcpServerv4FailoverReplication}, run against the source.
 *
 * <p>The cmdlet copies whatever the source holds when it runs, over whatever the destination
 * holds, and copies things the plan cannot show (policies, scope settings the SDK does not
 * read). So it runs only inside one script on the destination, after guards
 * ({@link ScriptComposer#guarded}) that stop the script unless both servers still print,
 * read for read, exactly what the backend read just before:
 * <ol>
 *   <li>the destination is read (its own snapshot); it must have the fingerprint its part was
 *       planned from;</li>
 *   <li>the source is read <em>through the destination</em> ({@code -ComputerName}, the name the
 *       destination's relationship gives its partner, the one Windows replicates to and from);
 *       each scope the cmdlet will replicate must hold exactly what the part's changes make of
 *       the destination's copy (what the plan showed), and each relationship the same scopes on
 *       both servers;</li>
 *   <li>the script, run on the destination: the guards of both reads (every scope's settings and
 *       range, every relationship, every exclusion, and each replicated scope's reservations and
 *       option values; the source's through {@code -ComputerName}), then
 *       {@code Invoke-DhcpServerv4FailoverReplication -ComputerName <source> … -Force}.</li>
 * </ol>
 * A guard that fails is a {@link ConflictException} naming the server that changed, and nothing
 * is replicated. The reach: one scope is {@code -ScopeId}, a relationship {@code -Name}, a whole
 * server no argument when all the source's relationships are with this destination (otherwise
 * {@code -Name} of those that are, so that no other partner is overwritten unguarded).
 */
final class Replication {

  /**
   * What the destination replicates: from which server, reached by which name, which
   * relationships and scopes the cmdlet covers.
   */
  record Target(ServerId source, String computerName, List<RelationshipName> relationships,
      List<String> windowsNames, Set<Subnet> scopes) {
    Target {
      relationships = List.copyOf(relationships);
      windowsNames = List.copyOf(windowsNames);
      scopes = Set.copyOf(scopes);
    }
  }

  private Replication() {}

  /** Which relationships and scopes of {@code self} the replication reaches, from its current read. */
  static Target target(ServerId self, Snapshot current, Replicate op) {
    ServerId source = op.source();
    List<Relationship> reached = new ArrayList<>();
    Set<Subnet> scopes = new TreeSet<>();
    List<Violation> problems = new ArrayList<>();
    switch (op.reach()) {
      case SCOPE -> {
        Subnet x = op.subnet().orElseThrow();
        Optional<Relationship> r = current.state().relationshipOf(x).filter(y -> current.windows().containsKey(y.name()));
        if (r.isEmpty()) {
          problems.add(new Violation("subnet", x.toString(), "must be a failover scope of " + self + " on Windows"));
        } else {
          reached.add(r.get());
          scopes.add(x);
        }
      }
      case RELATIONSHIP -> {
        RelationshipName n = op.relationship().orElseThrow();
        Optional<Relationship> r = current.onWindows(n);
        if (r.isEmpty()) {
          problems.add(new Violation("relationship", n.value(), "must be held by Windows on " + self));
        } else {
          reached.add(r.get());
          scopes.addAll(r.get().scopes());
        }
      }
      case SERVER -> current.state().relationships().stream()
          .filter(r -> current.windows().containsKey(r.name()) && r.involves(source))
          .forEach(r -> {
            reached.add(r);
            scopes.addAll(r.scopes());
          });
    }
    for (Relationship r : reached) {
      if (!r.involves(self) || !r.involves(source) || !r.partnerOf(self).equals(source)) {
        problems.add(new Violation("relationship", r.name().value(), "must be between " + self + " and the source "
            + source + " to replicate from it"));
      }
    }
    if (problems.isEmpty() && reached.isEmpty()) {
      problems.add(new Violation("source", source.value(), "must share a relationship held by Windows with " + self));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException("replication onto Windows server " + self, problems);
    }
    String computerName = current.info(reached.get(0).name()).map(WindowsFailoverInfo::partnerServer).orElseThrow();
    List<String> names = reached.stream()
        .map(r -> current.info(r.name()).map(WindowsFailoverInfo::name).orElseThrow()).toList();
    return new Target(source, computerName, reached.stream().map(Relationship::name).toList(), names, scopes);
  }

  /**
   * The source, read through the destination, must hold for every scope the cmdlet replicates
   * exactly what the destination holds after the part's changes, and each relationship the same
   * scopes as on the destination; otherwise it changed since the plan.
   */
  static void requireSourceAsPlanned(Target t, Snapshot destination, Snapshot source, ServerState expected) {
    List<String> differ = new ArrayList<>();
    for (RelationshipName n : t.relationships()) {
      Set<Subnet> here = new HashSet<>(destination.state().relationship(n).map(Relationship::scopes).orElse(List.of()));
      Set<Subnet> there = new HashSet<>(source.onWindows(n).map(Relationship::scopes).orElse(List.of()));
      if (!here.equals(there)) {
        differ.add("relationship " + n + " holds scopes " + new TreeSet<>(there) + " there, " + new TreeSet<>(here)
            + " on the destination");
      }
    }
    for (Subnet x : t.scopes()) {
      Optional<Scope> there = source.state().scope(x);
      if (!Objects.equals(there, expected.scope(x))) {
        differ.add(there.isEmpty() ? "scope " + x + " is gone" : "scope " + x + " is not what the plan replicates");
      }
    }
    if (!differ.isEmpty()) {
      throw new ConflictException(t.source().value(), "the replication source " + String.join("; ", differ)
          + "; nothing was replicated");
    }
  }

  /** The cmdlet for the reach, run against the source. */
  static PsCommand command(Replicate op, Target t, Snapshot source) {
    PsCommand c = switch (op.reach()) {
      case SCOPE -> DhcpCommands.replicateScopes(t.scopes().stream().map(Subnet::network).sorted()
          .toArray(dev.failover.scope.Ipv4Address[]::new));
      case RELATIONSHIP -> DhcpCommands.replicateRelationships(names(t));
      case SERVER -> source.windows().keySet().equals(new HashSet<>(t.relationships()))
          ? DhcpCommands.replicateServer() : DhcpCommands.replicateRelationships(names(t));
    };
    return c.onComputer(t.computerName());
  }

  /** The guards of both reads, the destination's first. */
  static List<ScriptComposer.Guard> guards(Target t, Snapshot destination, Snapshot source) {
    List<ScriptComposer.Guard> out = new ArrayList<>(destination.guards(t.scopes()));
    out.addAll(source.guards(t.scopes()));
    return out;
  }

  /** The relationships' names as Windows holds them. */
  private static String[] names(Target t) {
    return t.windowsNames().toArray(String[]::new);
  }
}
