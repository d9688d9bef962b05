package dev.failover.cli;

import dev.failover.fleet.Fleet;
import dev.failover.fleet.FleetReport;
import dev.failover.fleet.FleetWatch;
import dev.failover.fleet.WatchEvent;
import dev.failover.fleet.WatchListener;
import dev.failover.json.FailoverJson;
import dev.failover.relationship.RelationshipName;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code failover watch [RELATIONSHIP...]}: surveys the fleet on a schedule and prints what changes. */
@Command(name = "watch", description = {"Watch the fleet and print what changes.",
    "Surveys every server (or the servers of the relationships named) every --interval and prints one line per",
    "change: a server's failover state changed, a server gives no answer (unreachable, timed out, refused) or",
    "answers again, drift appeared or cleared. The first survey prints what is already wrong. With --json, one",
    "JSON object per line per change. Runs until Ctrl-C, or for --count surveys, or for --for a time."})
final class WatchCommand extends CliCommand {

  @Parameters(paramLabel = "RELATIONSHIP", arity = "0..*", description = "Relationships to watch (default: all).")
  List<String> names = new ArrayList<>();

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s",
      description = "Time between the end of one survey and the start of the next (default: ${DEFAULT-VALUE}).")
  Duration interval;

  Integer count;

  Duration duration;

  /**
   * Sets {@code --count}, refused before anything is started when it is not at least 1.
   *
   * @param n the number of surveys
   */
  @Option(names = "--count", paramLabel = "N", description = "Stop after N surveys.")
  void count(int n) {
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1, was " + n);
    }
    count = n;
  }

  /**
   * Sets {@code --for}, refused before anything is started when it is not more than zero.
   *
   * @param d how long to watch
   */
  @Option(names = "--for", paramLabel = "DURATION",
      description = "Stop after this long (90s, 15m, 1h, PT1H); the first survey is always printed whole.")
  void duration(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new ParameterException(spec.commandLine(), "--for must be more than zero, was " + d);
    }
    duration = d;
  }

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "Time each server is given to answer a survey (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "8",
      description = "Servers asked at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  int run(Session session, Output out) {
    Set<RelationshipName> wanted = new TreeSet<>();
    names.forEach(n -> wanted.add(RelationshipName.of(n)));
    Fleet fleet = Fleet.builder(session.failover()).parallelism(parallelism).timeout(timeout).build();
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch first = new CountDownLatch(1);
    AtomicInteger surveys = new AtomicInteger();
    AtomicBoolean told = new AtomicBoolean();
    WatchListener printer = new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        if (out.json()) {
          out.text(FailoverJson.write(event));
        } else {
          out.text(event.time().truncatedTo(ChronoUnit.SECONDS) + "  " + event.message());
        }
      }

      @Override
      public void onReport(FleetReport report) {
        if (told.compareAndSet(false, true) && !out.json()) {
          long silent = report.servers().stream().filter(s -> !s.answered()).count();
          out.note("watching " + report.relationships().size() + " relationship(s) on " + report.servers().size()
              + " server(s)" + (silent > 0 ? " (" + silent + " not answering)" : "") + ", every " + words(interval)
              + (count != null ? ", " + count + " survey(s)" : "") + (duration != null ? ", for " + words(duration) : "")
              + (count == null && duration == null ? "; Ctrl-C stops" : ""));
        }
        first.countDown();
        if (surveys.incrementAndGet() >= (count != null ? count : Integer.MAX_VALUE)) {
          done.countDown();
        }
      }
    };
    FleetWatch watch = FleetWatch.builder(fleet).interval(interval)
        .select(r -> wanted.isEmpty() || wanted.contains(r.name())).listener(printer).build();
    // Ctrl-C: the JVM runs this hook and then ends (exit 130); the watch thread is stopped and the
    // facade closed (its SSH sessions and HTTP connections) before it does
    Thread stopOnInterrupt = new Thread(() -> {
      watch.close();
      session.failover().close();
      out.note("stopped after " + surveys.get() + " survey(s)");
    }, "failover-watch-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    try (watch) {
      long deadline = System.nanoTime() + (duration != null ? duration.toNanos() : 0);
      watch.start();
      if (duration != null) {
        // the first survey is always printed whole, however long it takes (each server is given
        // --timeout, --parallelism at a time); then the watch runs until --for is over
        int servers = session.failover().inventory().servers().size();
        long rounds = (servers + parallelism - 1) / Math.max(1, parallelism);
        first.await(timeout.toMillis() * Math.max(1, rounds) + 30_000, TimeUnit.MILLISECONDS);
        done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } else {
        done.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and stops the watch
      }
    }
    return ExitCode.OK;
  }

  private static String words(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + " h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + " min";
    }
    return s + " s";
  }
}
