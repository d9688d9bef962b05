package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.FailoverException;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.server.ServerId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The located problems ({@code ServerState.problems()}) of the servers a command read: what each
 * server's file or configuration holds that the tool left out. Commands that show a comparison or
 * a plan name them, so that an operator never takes "no drift" or a plan for the whole truth.
 */
final class ServerProblems {

  private final Map<ServerId, List<String>> byServer;

  private ServerProblems(Map<ServerId, List<String>> byServer) {
    this.byServer = byServer;
  }

  /**
   * The problems of each server named, in the order given; a server that cannot be read shows
   * none here (the command reports it as unreadable on its own).
   */
  static ServerProblems of(Session session, Collection<ServerId> servers) {
    Map<ServerId, List<String>> out = new LinkedHashMap<>();
    for (ServerId s : new LinkedHashSet<>(servers)) {
      try {
        List<String> p = session.failover().state(s).problems();
        if (!p.isEmpty()) {
          out.put(s, p);
        }
      } catch (FailoverException e) {
        // not read: named elsewhere as unreadable, or not this command's concern
      }
    }
    return new ServerProblems(out);
  }

  /**
   * The servers a plan was made from: those it changes and, for a replication, its source and
   * every server of the source's relationships (a plan with nothing to change still read them).
   */
  static List<ServerId> serversRead(Session session, Plan plan) {
    Set<ServerId> ids = new LinkedHashSet<>();
    if (plan.operation() instanceof Replicate replicate) {
      ids.add(replicate.source());
      try {
        session.failover().state(replicate.source()).relationships().forEach(r -> ids.addAll(r.servers()));
      } catch (FailoverException e) {
        // the source was read for the plan; if it cannot be read again, its partners are not named here
      }
    }
    plan.servers().forEach(p -> ids.add(p.server()));
    return List.copyOf(ids);
  }

  boolean isEmpty() {
    return byServer.isEmpty();
  }

  /** {@code "problems": [{"server": ..., "problem": ...}]} in {@code doc}, empty when there are none. */
  void addTo(ObjectNode doc) {
    ArrayNode list = doc.putArray("problems");
    byServer.forEach((s, problems) -> problems.forEach(p -> list.addObject().put("server", s.value())
        .put("problem", p)));
  }

  /** One line per server ("N problem(s)"), then each located problem, indented; empty when there are none. */
  String text() {
    StringBuilder sb = new StringBuilder();
    byServer.forEach((s, problems) -> {
      sb.append(s).append(": ").append(problems.size())
          .append(" problem(s): read, but these items are left out (repair them by hand)\n");
      problems.forEach(p -> sb.append("  ").append(Output.clean(p)).append('\n'));
    });
    return sb.toString();
  }
}
