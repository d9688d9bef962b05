package dev.failover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.isc.conf.IscConfig;
import dev.failover.migration.IscToKea;
import dev.failover.migration.KeaPartner;
import dev.failover.migration.MigrationPlan;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover migrate isc-to-kea ISC_RELATIONSHIP --to KEA_A,KEA_B}: the plan that moves an ISC pair to Kea. */
@Command(name = "migrate", description = {"Plan the move of a failover pair to another vendor.",
    "isc-to-kea shows the Kea HA pair's configuration, every mapping made and everything that does not",
    "translate; it changes nothing."},
    subcommands = {MigrateCommand.IscToKeaCommand.class})
final class MigrateCommand {

  /** {@code migrate isc-to-kea ISC_RELATIONSHIP --to KEA_A,KEA_B}. */
  @Command(name = "isc-to-kea", description = {"Show the plan that moves an ISC failover pair to two Kea servers",
      "(HA): the Kea configuration of each, every mapping named, and each ISC statement that does not",
      "translate, with its file, line and reason. The first Kea server takes the ISC primary's place.",
      "Reads the ISC servers' dhcpd.conf files (file:// endpoints); changes nothing."})
  static final class IscToKeaCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "ISC_RELATIONSHIP", description = "The ISC failover pair (its peer name).")
    String relationship;

    @Option(names = "--to", required = true, split = ",", paramLabel = "KEA_A,KEA_B",
        description = "The two Kea servers of the inventory: the ISC primary's successor first.")
    List<ServerId> to = new ArrayList<>();

    @Override
    int run(Session session, Output out) {
      if (to.size() != 2 || to.get(0).equals(to.get(1))) {
        throw new UsageException("--to names two different Kea servers, KEA_A,KEA_B; was " + to);
      }
      Relationship r = session.relationships(List.of(relationship)).get(0);
      Server primary = server(session, r.primary(), Vendor.ISC, "the relationship's primary");
      Server secondary = server(session, r.secondary(), Vendor.ISC, "the relationship's secondary");
      Server a = server(session, to.get(0), Vendor.KEA, "--to");
      Server b = server(session, to.get(1), Vendor.KEA, "--to");
      MigrationPlan plan = IscToKea.plan(read(primary), read(secondary), r.name().value(),
          KeaPartner.of(a.id().value(), a.endpoint()), KeaPartner.of(b.id().value(), b.endpoint()));
      ObjectNode doc = out.object();
      try {
        doc.setAll((ObjectNode) new ObjectMapper().readTree(plan.toJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.emit(doc, plan.summary() + (plan.untranslatable().isEmpty() ? "Nothing blocks the move.\n"
          : plan.untranslatable().size() + " item(s) block the move until accepted.\n"));
      return ExitCode.OK;
    }

    private static Server server(Session session, ServerId id, Vendor vendor, String what) {
      Server s = session.inventoryFile().inventory().require(id);
      if (s.vendor() != vendor) {
        throw new UsageException(what + " must be a " + vendor.name().charAt(0)
            + vendor.name().substring(1).toLowerCase(java.util.Locale.ROOT) + " server; " + id + " is "
            + s.vendor().name().toLowerCase(java.util.Locale.ROOT));
      }
      return s;
    }

    private static IscConfig read(Server s) {
      if (!"file".equals(s.endpoint().getScheme())) {
        throw new UsageException("migrate reads an ISC server's dhcpd.conf from a file:// endpoint; " + s.id() + " is at "
            + s.endpoint());
      }
      try {
        return IscConfig.read(Path.of(s.endpoint()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + s.id() + "'s dhcpd.conf at " + s.endpoint().getPath(), e);
      }
    }
  }
}
