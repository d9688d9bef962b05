package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.plan.AddScope;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover scopes list|add|remove}. */
@Command(name = "scopes", description = "Scopes: list them, add one to a relationship, remove one from it.",
    subcommands = {ScopesCommand.ListScopes.class, ScopesCommand.Add.class, ScopesCommand.Remove.class})
final class ScopesCommand {

  /** {@code scopes list [SERVER...]}. */
  @Command(name = "list", description = "List the scopes of servers (default: every server) and the relationship of each.")
  static final class ListScopes extends CliCommand {
    @Parameters(paramLabel = "SERVER", arity = "0..*", description = "Servers to list (default: all).")
    List<ServerId> servers = new ArrayList<>();

    @Override
    int run(Session session, Output out) {
      List<ServerState> states = new ArrayList<>();
      if (servers.isEmpty()) {
        states.addAll(session.states());
      } else {
        for (ServerId id : servers) {
          states.add(session.failover().state(id));
        }
      }
      ObjectNode doc = out.object();
      ArrayNode list = doc.putArray("servers");
      StringBuilder sb = new StringBuilder();
      for (ServerState st : states) {
        ObjectNode n = list.addObject();
        n.put("server", st.server().value());
        ArrayNode scopes = n.putArray("scopes");
        sb.append(st.server()).append(" (").append(st.vendor().displayName()).append("):\n");
        for (Scope s : st.scopes()) {
          String rel = st.relationshipOf(s.subnet()).map(Relationship::name).map(x -> x.value()).orElse(null);
          ObjectNode sn = scopes.addObject();
          sn.set("scope", out.tree(s));
          if (rel != null) {
            sn.put("relationship", rel);
          }
          sb.append(String.format("  %-18s %-28s %s %d pool(s), %d exclusion(s), %d reservation(s), %d option(s); %s%n",
              s.subnet(), "\"" + s.name() + "\"", s.enabled() ? "enabled, " : "DISABLED,", s.pools().size(),
              s.exclusions().size(), s.reservations().size(), s.options().size(),
              rel == null ? "not in failover" : "relationship \"" + rel + "\""));
        }
        if (st.scopes().isEmpty()) {
          sb.append("  no scopes\n");
        }
      }
      out.emit(doc, sb.toString());
      return ExitCode.OK;
    }
  }

  /** {@code scopes add RELATIONSHIP SUBNET}. */
  @Command(name = "add", description = {"Put a scope under a relationship; it must exist on one of the two servers",
      "and is copied to the partner."})
  static final class Add extends CliCommand {
    @Parameters(index = "0", paramLabel = "RELATIONSHIP", description = "The relationship's name.")
    String relationship;

    @Parameters(index = "1", paramLabel = "SUBNET", description = "The scope, as its subnet (10.20.0.0/24).")
    Subnet subnet;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      return review(session, out, AddScope.of(relationship, subnet.toString()), apply);
    }
  }

  /** {@code scopes remove RELATIONSHIP SUBNET --keep-on SERVER}. */
  @Command(name = "remove", description = {"Take a scope out of a relationship: it stays in service on --keep-on;",
      "the other copy is disabled (default) or deleted."})
  static final class Remove extends CliCommand {
    @Parameters(index = "0", paramLabel = "RELATIONSHIP", description = "The relationship's name.")
    String relationship;

    @Parameters(index = "1", paramLabel = "SUBNET", description = "The scope, as its subnet (10.20.0.0/24).")
    Subnet subnet;

    @Option(names = "--keep-on", required = true, paramLabel = "SERVER", description = "The server the scope stays on.")
    ServerId survivor;

    @Option(names = "--other-side", paramLabel = "FATE", defaultValue = "disable",
        description = "What happens to the other copy: disable (default) or delete.")
    ScopeFate fate;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      return review(session, out, RemoveScope.of(relationship, subnet.toString(), survivor.value(), fate), apply);
    }
  }
}
