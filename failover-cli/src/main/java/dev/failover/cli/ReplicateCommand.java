package dev.failover.cli;

import dev.failover.plan.Replicate;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover replicate scope|relationship|server --from SERVER}. */
@Command(name = "replicate", description = {"Replicate scopes from a source server to its partners.",
    "The source's contents replace the destination's, item by item: one scope, a relationship, or every",
    "failover scope of a server."},
    subcommands = {ReplicateCommand.OneScope.class, ReplicateCommand.OneRelationship.class,
        ReplicateCommand.WholeServer.class})
final class ReplicateCommand {

  /** {@code replicate scope SUBNET --from SERVER}. */
  @Command(name = "scope", description = "Replicate one scope onto its partner.")
  static final class OneScope extends CliCommand {
    @Parameters(index = "0", paramLabel = "SUBNET", description = "The scope, as its subnet (10.20.0.0/24).")
    Subnet subnet;

    @Option(names = "--from", required = true, paramLabel = "SERVER", description = "The source server.")
    ServerId source;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      return review(session, out, Replicate.scope(subnet.toString()).from(source.value()), apply);
    }
  }

  /** {@code replicate relationship NAME --from SERVER}. */
  @Command(name = "relationship", description = "Replicate every scope of a relationship onto the partner.")
  static final class OneRelationship extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The relationship's name.")
    String name;

    @Option(names = "--from", required = true, paramLabel = "SERVER", description = "The source server.")
    ServerId source;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      return review(session, out, Replicate.relationship(name).from(source.value()), apply);
    }
  }

  /** {@code replicate server --from SERVER}. */
  @Command(name = "server", description = "Replicate every failover scope of a server onto each scope's partner.")
  static final class WholeServer extends CliCommand {
    @Option(names = "--from", required = true, paramLabel = "SERVER", description = "The source server.")
    ServerId source;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      return review(session, out, Replicate.server(source.value()), apply);
    }
  }
}
