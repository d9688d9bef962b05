package dev.failover.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.access.Principal;
import dev.failover.isc.conf.IscConfig;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.client.KeaClient;
import dev.failover.migration.Cutover;
import dev.failover.migration.CutoverOutcome;
import dev.failover.migration.CutoverStep;
import dev.failover.migration.CutoverTiming;
import dev.failover.migration.ImmutableCutoverTiming;
import dev.failover.migration.ImmutableLeaseMove;
import dev.failover.migration.IscLease;
import dev.failover.migration.IscLeases;
import dev.failover.migration.IscSide;
import dev.failover.migration.IscToKea;
import dev.failover.migration.KeaPartner;
import dev.failover.migration.LeaseMove;
import dev.failover.migration.MigrationPlan;
import dev.failover.migration.OperatorAction;
import dev.failover.migration.UntranslatableItem;
import dev.failover.relationship.Relationship;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover migrate isc-to-kea ISC_RELATIONSHIP --to KEA_A,KEA_B}: the plan that moves an ISC pair to Kea. */
@Command(name = "migrate", description = {"Plan and run the move of a failover pair to another vendor.",
    "isc-to-kea shows the Kea HA pair's configuration, every mapping made, everything that does not",
    "translate and the cutover's steps; with --apply it runs the cutover."},
    subcommands = {MigrateCommand.IscToKeaCommand.class})
final class MigrateCommand {

  /** {@code migrate isc-to-kea ISC_RELATIONSHIP --to KEA_A,KEA_B}. */
  @Command(name = "isc-to-kea", description = {"Show the plan that moves an ISC failover pair to two Kea servers",
      "(HA): the Kea configuration of each, every mapping named, each ISC statement that does not",
      "translate (file, line, reason and the id to accept it with) and the cutover's steps. The first Kea",
      "server takes the ISC primary's place. Reads the ISC servers' dhcpd.conf files (file:// endpoints).",
      "With --apply (every untranslatable item accepted by --accept) it runs the cutover: the Kea pair",
      "configured and checked while ISC serves, the ISC leases loaded, ISC stopped side by side by your",
      "commands; a failed step or check undoes what was done, in reverse."})
  static final class IscToKeaCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "ISC_RELATIONSHIP", description = "The ISC failover pair (its peer name).")
    String relationship;

    @Option(names = "--to", required = true, split = ",", paramLabel = "KEA_A,KEA_B",
        description = "The two Kea servers of the inventory: the ISC primary's successor first.")
    List<ServerId> to = new ArrayList<>();

    @Option(names = "--accept", split = ",", paramLabel = "ID",
        description = "Accept an untranslatable item by its id (u-…), after reading it; each one, comma-separated.")
    List<String> accept = new ArrayList<>();

    @Option(names = "--apply", description = "Run the cutover (every untranslatable item must be accepted).")
    boolean apply;

    @Option(names = "--step", paramLabel = "N", description = "With --apply: run step N alone (1-4); the steps"
        + " before it ran earlier. A failed step N undoes step N only.")
    Integer step;

    @Option(names = "--isc-leases-a", paramLabel = "FILE", description = "The ISC primary's dhcpd.leases: carried by"
        + " the cutover; with --isc-leases-b, the plan splits load-balanced pools around them.")
    Path leasesA;

    @Option(names = "--isc-leases-b", paramLabel = "FILE", description = "The ISC secondary's dhcpd.leases (see"
        + " --isc-leases-a).")
    Path leasesB;

    @Option(names = "--isc-stop-a", paramLabel = "COMMAND", description = "The shell command that stops dhcpd on"
        + " the ISC primary (yours: the tool does not guess how dhcpd runs); exit status 0 when it stopped.")
    String stopA;

    @Option(names = "--isc-start-a", paramLabel = "COMMAND", description = "The shell command that starts it again.")
    String startA;

    @Option(names = "--isc-stop-b", paramLabel = "COMMAND", description = "The same for the ISC secondary.")
    String stopB;

    @Option(names = "--isc-start-b", paramLabel = "COMMAND", description = "The same for the ISC secondary.")
    String startB;

    @Option(names = "--state-timeout", paramLabel = "SECONDS", description = "How long a step's check may take"
        + " to hold (default 60).")
    int stateTimeout = 60;

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
      // with both partners' leases the plan splits each load-balanced pool around them (every carried
      // client's address in the part of the Kea server that will serve it); without, pools stay whole
      Instant now = Instant.now();
      List<IscLease> heldA = leasesA == null ? null : IscLeases.parse(leasesA.toString(), readText(leasesA));
      List<IscLease> heldB = leasesB == null ? null : IscLeases.parse(leasesB.toString(), readText(leasesB));
      KeaPartner first = KeaPartner.of(a.id().value(), a.endpoint());
      KeaPartner second = KeaPartner.of(b.id().value(), b.endpoint());
      MigrationPlan plan = heldA != null && heldB != null
          ? IscToKea.plan(read(primary), read(secondary), r.name().value(), first, second,
              IscLeases.merge(heldA, heldB, now))
          : IscToKea.plan(read(primary), read(secondary), r.name().value(), first, second);
      Set<String> accepted = new HashSet<>(accept);
      Set<String> known = new HashSet<>();
      plan.untranslatable().forEach(i -> known.add(i.id()));
      List<String> unknown = accept.stream().filter(id -> !known.contains(id)).toList();
      if (!unknown.isEmpty()) {
        throw new UsageException("--accept names no untranslatable item of this plan: " + String.join(", ", unknown)
            + " (the ids are shown with each item; an id changes when its statement or place does)");
      }
      List<UntranslatableItem> blockers = plan.blockers(accepted);
      if (apply) {
        Principal who = session.requirePrincipal();
        if (!blockers.isEmpty()) {
          StringBuilder refusal = new StringBuilder("The move is refused: ").append(blockers.size())
              .append(" untranslatable item(s) not accepted. Read each and accept it with --accept ID:\n");
          for (UntranslatableItem i : blockers) {
            refusal.append("  ").append(i.id()).append("  ").append(i.location()).append("  ").append(i.statement())
                .append("\n      ").append(i.reason()).append('\n');
          }
          out.note(refusal.toString());
          return ExitCode.ERROR;
        }
        try (KeaClient ka = client(a); KeaClient kb = client(b)) {
          return cutover(session, out, plan, who, primary, secondary, ka, kb, heldA, heldB, now);
        }
      }
      ObjectNode doc = out.object();
      try {
        doc.setAll((ObjectNode) new ObjectMapper().readTree(plan.toJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      StringBuilder steps = new StringBuilder("Cutover steps (run with --apply):\n");
      try (KeaClient ka = client(a); KeaClient kb = client(b)) {
        Principal shown = session.principal().orElseGet(() -> Principal.named("(no principal)").build());
        for (CutoverStep st : cutoverOf(session, plan, shown, ImmutableLeaseMove.builder().build(), primary, secondary,
            ka, kb).steps()) {
          steps.append(st.describe()).append('\n');
        }
      }
      out.emit(doc, plan.summary() + steps + (blockers.isEmpty() ? "Nothing blocks the move.\n"
          : blockers.size() + " item(s) block the move until accepted (--accept ID,…).\n"));
      return ExitCode.OK;
    }

    private int cutover(Session session, Output out, MigrationPlan plan, Principal who, Server primary,
        Server secondary, KeaClient a, KeaClient b, List<IscLease> heldA, List<IscLease> heldB, Instant now) {
      List<String> missing = new ArrayList<>();
      if (step == null || step == 2) {
        addIfNull(missing, leasesA, "--isc-leases-a");
        addIfNull(missing, leasesB, "--isc-leases-b");
      }
      if (step == null || step == 3) {
        addIfNull(missing, stopA, "--isc-stop-a");
        addIfNull(missing, startA, "--isc-start-a");
      }
      if (step == null || step == 4) {
        addIfNull(missing, stopB, "--isc-stop-b");
        addIfNull(missing, startB, "--isc-start-b");
      }
      if (!missing.isEmpty()) {
        throw new UsageException("--apply needs " + String.join(", ", missing) + ": the ISC leases to carry and your"
            + " commands that stop and start dhcpd on each side (the tool does not guess how dhcpd runs)");
      }
      if (step != null && (step < 1 || step > 4)) {
        throw new UsageException("--step is 1 to 4; was " + step);
      }
      LeaseMove leases = step == null || step == 2
          ? IscLeases.move(plan, heldA, heldB, now)
          : ImmutableLeaseMove.builder().build();
      // decided and audited by the cutover: a principal without the right is refused (AccessDeniedException,
      // the facade's words and exit code) before any step runs
      Cutover cutover = cutoverOf(session, plan, who, leases, primary, secondary, a, b);
      CutoverOutcome outcome = step == null ? cutover.runAll() : cutover.runStep(step);
      ObjectNode doc = out.object();
      doc.put("relationship", plan.relationship()).put("succeeded", outcome.succeeded());
      outcome.done().forEach(doc.putArray("done")::add);
      outcome.failedStep().ifPresent(n -> doc.put("failed-step", n));
      outcome.failure().ifPresent(f -> doc.put("failure", f));
      outcome.undone().forEach(doc.putArray("undone")::add);
      outcome.notUndone().forEach(doc.putArray("not-undone")::add);
      StringBuilder text = new StringBuilder();
      if (!leases.skipped().isEmpty()) {
        text.append(leases.skipped().size()).append(" ISC lease(s) not carried:\n");
        leases.skipped().forEach(i -> text.append("  ").append(i.location()).append("  ").append(i.statement())
            .append(": ").append(i.reason()).append('\n'));
      }
      text.append(outcome.summary());
      if (outcome.succeeded()) {
        text.append(step == null ? "The Kea pair serves in place of ISC failover peer \"" + plan.relationship()
            + "\".\n" : "Step " + step + " done.\n");
        out.emit(doc, text.toString());
        return ExitCode.OK;
      }
      out.emit(doc, text.toString());
      out.note("The cutover failed at step " + outcome.failedStep().orElseThrow() + ": " + outcome.failure().orElse("")
          + (outcome.notUndone().isEmpty() ? "\nWhat it did was undone." : "\nSome of it could not be undone; see"
          + " NOT undone above before you retry."));
      return outcome.notUndone().isEmpty() ? ExitCode.ERROR : ExitCode.LEFT_CHANGED;
    }

    private static void addIfNull(List<String> missing, Object value, String option) {
      if (value == null) {
        missing.add(option);
      }
    }

    private static String readText(Path file) {
      try {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    private Cutover cutoverOf(Session session, MigrationPlan plan, Principal who, LeaseMove leases, Server primary,
        Server secondary, KeaClient a, KeaClient b) {
      CutoverTiming timing = session.sandbox()
          .map(sb -> (CutoverTiming) ImmutableCutoverTiming.builder().timeout(Duration.ofSeconds(stateTimeout))
              .poll(Duration.ofSeconds(1)).clock(sb.keaClock()).pause(sb::advanceKea).build())
          .orElseGet(() -> CutoverTiming.of(Duration.ofSeconds(stateTimeout)));
      return Cutover.builder().plan(plan).leases(leases).kea(plan.servers().get(0), a).kea(plan.servers().get(1), b)
          .iscPrimary(side(primary.id().value(), stopA, startA, "--isc-stop-a", "--isc-start-a"))
          .iscSecondary(side(secondary.id().value(), stopB, startB, "--isc-stop-b", "--isc-start-b"))
          .timing(timing).principal(who).policy(session.policy()).audit(session.audit()).build();
    }

    /** The Kea backend's own client of an inventory server: its credential, TLS options and time-outs. */
    private static KeaClient client(Server s) {
      return KeaBackend.client(s);
    }

    private static IscSide side(String name, String stop, String start, String stopOption,
        String startOption) {
      return IscSide.of(name, shell(stop, stopOption), shell(start, startOption));
    }

    /** The operator's command, run by /bin/sh; exit status 0 is done, anything else is said with its output. */
    private static OperatorAction shell(String command, String option) {
      return () -> {
        if (command == null) {
          throw new IllegalStateException(option + " was not given");
        }
        Path log = Files.createTempFile("failover-isc-action-", ".log");
        try {
          Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
              .redirectOutput(log.toFile()).start();
          p.getOutputStream().close();
          if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(option + " did not finish within 120 s");
          }
          String output = Files.readString(log, StandardCharsets.UTF_8).strip();
          if (p.exitValue() != 0) {
            throw new IllegalStateException(option + " exited with status " + p.exitValue() + (output.isEmpty() ? ""
                : ": " + (output.length() > 300 ? output.substring(output.length() - 300) : output)));
          }
        } finally {
          Files.deleteIfExists(log);
        }
      };
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
