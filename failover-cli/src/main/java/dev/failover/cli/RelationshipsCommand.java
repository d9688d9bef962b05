package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover relationships list|show|create|modify|remove}. */
@Command(name = "relationships", description = "Failover relationships: list, show, create, modify, remove.",
    subcommands = {RelationshipsCommand.ListRelationships.class, RelationshipsCommand.Show.class,
        RelationshipsCommand.Create.class, RelationshipsCommand.Modify.class, RelationshipsCommand.Remove.class})
final class RelationshipsCommand {

  static String line(Relationship r) {
    return String.format("\"%s\"  %s  %s, primary %s, %s %s, %d scope(s)", r.name().value(), r.vendor().displayName(),
        r.mode().displayName(), r.primary(), r.roleOf(r.secondary()).name().toLowerCase(java.util.Locale.ROOT),
        r.secondary(), r.scopes().size());
  }

  /** {@code relationships list}. */
  @Command(name = "list", description = {"List every relationship of the inventory's servers.",
      "A server that cannot be read is named with why; the others' relationships are listed (exit 7)."})
  static final class ListRelationships extends CliCommand {
    @Override
    int run(Session session, Output out) {
      List<Relationship> all = session.relationships();
      ObjectNode doc = out.object();
      ArrayNode list = doc.putArray("relationships");
      all.forEach(r -> list.add(out.tree(r)));
      StringBuilder sb = new StringBuilder();
      all.forEach(r -> sb.append(line(r)).append('\n'));
      if (all.isEmpty()) {
        sb.append("no relationships\n");
      }
      // a server that cannot be read is named; the relationships of the others are still listed
      boolean partial = session.reportUnreadable(doc, sb);
      out.emit(doc, sb.toString());
      return partial ? ExitCode.PARTIAL : ExitCode.OK;
    }
  }

  /** {@code relationships show NAME}. */
  @Command(name = "show", description = "Show one relationship: servers, roles, settings, scopes, advisories.")
  static final class Show extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The relationship's name.")
    String name;

    @Override
    int run(Session session, Output out) {
      Relationship r = session.failover().relationship(name);
      // what each server's file or configuration holds that the tool could not read (left out, located)
      java.util.Map<ServerId, java.util.List<String>> problems = new java.util.LinkedHashMap<>();
      for (ServerId s : r.servers()) {
        try {
          java.util.List<String> p = session.failover().state(s).problems();
          if (!p.isEmpty()) {
            problems.put(s, p);
          }
        } catch (dev.failover.errors.FailoverException e) {
          // the relationship was read; a server that cannot be read again shows no problems here
        }
      }
      if (out.json()) {
        ObjectNode doc = out.object();
        doc.set("relationship", out.tree(r));
        // the settings as the text shows them, in the vendor's words
        ObjectNode rows = doc.putObject("settings");
        rows.put("where", SettingsText.where(r.settings()));
        ObjectNode values = rows.putObject("rows");
        SettingsText.rows(r).forEach(values::put);
        ArrayNode adv = doc.putArray("advisories");
        r.advisories().forEach(adv::add);
        ArrayNode probs = doc.putArray("problems");
        problems.forEach((s, list) -> list.forEach(p -> probs.addObject().put("server", s.toString()).put("problem", p)));
        out.document(doc);
        return ExitCode.OK;
      }
      StringBuilder sb = new StringBuilder(line(r)).append('\n');
      for (ServerId s : r.servers()) {
        sb.append("  ").append(s).append(": ").append(r.roleOf(s).name().toLowerCase(java.util.Locale.ROOT)).append('\n');
      }
      sb.append("  settings (").append(SettingsText.where(r.settings())).append("):\n");
      sb.append(SettingsText.table(SettingsText.rows(r), "    "));
      sb.append("  scopes: ").append(r.scopes().isEmpty() ? "none" : String.join(", ",
          r.scopes().stream().map(Subnet::toString).toList())).append('\n');
      r.advisories().forEach(a -> sb.append("  ! ").append(a).append('\n'));
      problems.forEach((s, list) -> {
        sb.append("  ").append(s).append(": ").append(list.size())
            .append(" problem(s): read, but these items are left out (repair them by hand)\n");
        list.forEach(p -> sb.append("    ").append(p).append('\n'));
      });
      out.text(sb.toString());
      return ExitCode.OK;
    }
  }

  /** {@code relationships create NAME --primary A --secondary B}. */
  @Command(name = "create", description = {"Create a relationship between two servers of one vendor.",
      "ISC: the failover peers are declared on both servers and the pools refer to them;",
      "each --scope is copied to the partner that lacks it."})
  static final class Create extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The relationship's name.")
    String name;

    @Option(names = "--primary", required = true, paramLabel = "SERVER", description = "The primary server.")
    ServerId primary;

    @Option(names = "--secondary", required = true, paramLabel = "SERVER",
        description = "Its partner (secondary, standby or backup by mode).")
    ServerId secondary;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hot-standby",
        description = "hot-standby (default), load-balancing, or passive-backup (Kea).")
    FailoverMode mode;

    @Option(names = "--scope", paramLabel = "SUBNET", description = "A scope the relationship covers from the start (repeatable).")
    List<Subnet> scopes = new ArrayList<>();

    @Mixin
    SettingsOptions settings;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      Server p = session.inventoryFile().inventory().require(primary);
      Server s = session.inventoryFile().inventory().require(secondary);
      Relationship r = Relationship.builder().name(name).mode(mode).primary(primary).secondary(secondary)
          .settings(settings.create(mode, p, s, tool().env())).addAllScopes(scopes).build();
      return review(session, out, CreateRelationship.of(r), apply);
    }
  }

  /** {@code relationships modify NAME [--mode] [settings]}. */
  @Command(name = "modify", description = {"Change a relationship's mode or settings (name, servers and scopes stay;",
      "use scopes add/remove for scopes)."})
  static final class Modify extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The relationship's name.")
    String name;

    @Option(names = "--mode", paramLabel = "MODE", description = "hot-standby, load-balancing, or passive-backup (Kea).")
    FailoverMode mode;

    @Mixin
    SettingsOptions settings;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      if (mode == null && !settings.any()) {
        throw new UsageException("nothing to modify: give --mode or a setting (relationships modify --help lists them)");
      }
      Relationship current = session.failover().relationship(name);
      return review(session, out, ModifyRelationship.of(settings.modify(current, mode, tool().env())), apply);
    }
  }

  /** {@code relationships remove NAME [--keep-scopes-on SERVER --other-side delete|disable]}. */
  @Command(name = "remove", description = {"Remove a relationship. When it still has scopes, name the server they",
      "stay in service on; the other server's copies are disabled (default) or deleted."})
  static final class Remove extends CliCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The relationship's name.")
    String name;

    @ArgGroup(exclusive = false)
    Keep keep;

    static final class Keep {
      @Option(names = "--keep-scopes-on", required = true, paramLabel = "SERVER",
          description = "The server whose copies of the scopes stay in service.")
      ServerId survivor;

      @Option(names = "--other-side", paramLabel = "FATE", defaultValue = "disable",
          description = "What happens to the other copies: disable (default) or delete.")
      ScopeFate fate;
    }

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      RemoveRelationship op = RemoveRelationship.of(name);
      if (keep != null) {
        op = op.keepScopesOn(keep.survivor.value(), keep.fate);
      }
      try {
        return review(session, out, op, apply);
      } catch (dev.failover.errors.ValidationException e) {
        if (keep == null && e.violations().stream().anyMatch(v -> v.field().equals("survivor"))) {
          Relationship r = session.failover().relationship(name);
          throw new UsageException("relationship \"" + r.name().value() + "\" still has " + r.scopes().size()
              + " scope(s): name the server they stay in service on with --keep-scopes-on " + r.primary() + " or "
              + "--keep-scopes-on " + r.secondary() + " (the other server's copies are disabled, or deleted with "
              + "--other-side delete)");
        }
        throw e;
      }
    }
  }
}
