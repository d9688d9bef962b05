package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.server.ServerId;
import dev.failover.serving.Client;
import dev.failover.serving.ServerChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover who-serves RELATIONSHIP MAC [--client-id HEX]}: which server answers a client, and why. */
@Command(name = "who-serves", description = {"Show which server of a relationship answers a DHCP client, and why.",
    "From the relationship's mode and settings (RFC 3074's load-balancing hash over ISC's split or hba and Kea's",
    "load balancing, Windows' load-balance percentage, hot standby's active server) and the failover state each",
    "server reports now (partner-down, maintenance, a server that does not answer). It cannot see a lease the",
    "client already holds, reservations, client classes or an exhausted pool."})
final class WhoServesCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "RELATIONSHIP", description = "The relationship.")
  String relationship;

  @Parameters(index = "1", paramLabel = "MAC", description = "The client's hardware address, e.g. 02:00:5e:00:00:01.")
  String hardwareAddress;

  @Option(names = "--client-id", paramLabel = "HEX",
      description = "The client identifier it sends (option 61, type byte first, e.g. 01:02:00:5e:00:00:01); "
          + "the servers hash it instead of the hardware address.")
  String clientIdentifier;

  @Override
  int run(Session session, Output out) {
    ServerChoice choice = session.failover().whoServes(relationship, Client.of(hardwareAddress, clientIdentifier));
    if (out.json()) {
      ObjectNode doc = (ObjectNode) out.tree(choice);
      doc.put("server", choice.server().map(ServerId::value).orElse(null));
      out.document(doc);
      return ExitCode.OK;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("relationship \"").append(choice.relationship().value()).append("\": client ").append(choice.client())
        .append(' ');
    if (choice.servers().isEmpty()) {
      sb.append("gets no answer now\n");
    } else {
      sb.append("is answered by ").append(String.join(" and ", choice.servers().stream().map(ServerId::value).toList()))
          .append('\n');
    }
    sb.append("  why: ").append(Output.clean(choice.reason())).append('\n');
    sb.append("  with both servers normal: ").append(choice.configured()).append('\n');
    choice.bucket().ifPresent(b -> sb.append("  RFC 3074 bucket: ").append(b).append('\n'));
    out.text(sb.toString());
    return ExitCode.OK;
  }
}
