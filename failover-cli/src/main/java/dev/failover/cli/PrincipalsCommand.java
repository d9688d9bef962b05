package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.access.ScopeAccessBit;
import dev.failover.access.ScopeGrant;
import dev.failover.access.ServerAccessBit;
import dev.failover.access.ServerGrant;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code failover principals}: who the tool can act for ({@code --as}), with roles and access bits. */
@Command(name = "principals", description = "List the principals of the inventory (for --as) with their roles and access bits.")
final class PrincipalsCommand extends CliCommand {

  @Override
  int run(Session session, Output out) {
    var file = session.inventoryFile();
    if (out.json()) {
      ObjectNode doc = out.object();
      file.defaultPrincipal().ifPresent(d -> doc.put("defaultPrincipal", d));
      ArrayNode list = doc.putArray("principals");
      file.principals().values().forEach(p -> list.add(out.tree(p)));
      out.document(doc);
      return ExitCode.OK;
    }
    StringBuilder sb = new StringBuilder();
    for (Principal p : file.principals().values()) {
      sb.append('"').append(p.name()).append('"')
          .append(file.defaultPrincipal().filter(p.name()::equals).isPresent() ? " (default)" : "").append('\n');
      if (!p.roles().isEmpty()) {
        sb.append("  roles: ").append(p.roles().stream().map(BuiltInRole::title).collect(Collectors.joining(", ")))
            .append('\n');
      }
      for (ServerGrant g : p.serverGrants()) {
        sb.append("  on server ").append(g.server()).append(": ")
            .append(g.bits().stream().map(ServerAccessBit::title).map(t -> "\"" + t + "\"")
                .collect(Collectors.joining(", "))).append('\n');
      }
      for (ScopeGrant g : p.scopeGrants()) {
        sb.append("  on scope ").append(g.subnet()).append(" of ").append(g.server()).append(": ")
            .append(g.bits().stream().map(ScopeAccessBit::title).map(t -> "\"" + t + "\"")
                .collect(Collectors.joining(", "))).append('\n');
      }
      if (p.roles().isEmpty() && p.serverGrants().isEmpty() && p.scopeGrants().isEmpty()) {
        sb.append("  no roles, no access bits\n");
      }
    }
    out.text(sb.length() == 0 ? "no principals in the inventory" : sb.toString());
    return ExitCode.OK;
  }
}
