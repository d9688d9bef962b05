package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.cli.sandbox.Sandbox;
import dev.failover.fleet.Fleet;
import dev.failover.fleet.FleetReport;
import dev.failover.fleet.Problem;
import dev.failover.fleet.RelationshipReport;
import dev.failover.fleet.ServerAnswer;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet survey through the three real backends over the sandbox's fakes of the three vendors
 * (ISC files and OMAPI, Kea HTTP, Windows over SSH), with one server's link cut and one hanging.
 * The hanging one is isc-b's OMAPI port: the Windows backend opens its SSH shells under one lock
 * (a Windows server hanging while connecting holds up the other Windows servers' reads), and a Kea
 * server moved away from the URL its partner's HA peers name makes the Kea backend ask the other
 * Kea servers for their names (so the partner's read waits on the hanging one too).
 */
class FleetSandboxTest {

  @TempDir
  Path dir;

  private static Server moved(Server s, int port) {
    URI e = s.endpoint();
    return Server.builder().from(s).endpoint(URI.create(e.getScheme() + "://" + (e.getUserInfo() == null ? ""
        : e.getUserInfo() + "@") + "127.0.0.1:" + port + (e.getPath() == null ? "" : e.getPath()))).build();
  }

  @Test
  @DisplayName("three vendors' fakes: win-b's link cut (connection refused), isc-b's OMAPI port accepting and never answering past the 2 s timeout; every other answer is there, each silent one carries its error, and the survey took about one timeout")
  void oneCutOneHanging() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (Sandbox sandbox = Sandbox.open(dir.resolve("sandbox"), true);
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (!silent.isClosed()) {
            held.add(silent.accept()); // accepted, never answered: an OMAPI listener that hangs
          }
        } catch (IOException closedNow) {
          // the test is over
        }
      }, "silent-ssh");
      acceptor.setDaemon(true);
      acceptor.start();
      // every server answers first (and the backends' first connections, slow on a cold JVM, are made)
      Failover healthy = Failover.builder().inventory(sandbox.inventory().inventory())
          .backends(sandbox.backends().toArray(dev.failover.spi.FailoverBackend[]::new)).build();
      FleetReport before = Fleet.builder(healthy).timeout(Duration.ofSeconds(60)).build().survey();
      assertThat(before.servers()).as("%s", before.servers()).allSatisfy(a -> assertThat(a.answered()).isTrue());
      assertThat(before.relationships()).allSatisfy(r -> assertThat(r.statuses()).allSatisfy(
          st -> assertThat(st.answered()).isTrue()));

      List<Server> servers = new ArrayList<>();
      for (Server s : sandbox.inventory().inventory().servers()) {
        servers.add(switch (s.id().value()) {
          case "win-b" -> moved(s, closed);
          case "isc-b" -> Server.builder().from(s).putOption("omapi-port", String.valueOf(silent.getLocalPort()))
              .build();
          default -> s;
        });
      }
      Failover failover = Failover.builder().inventory(Inventory.of(servers.toArray(Server[]::new)))
          .backends(sandbox.backends().toArray(dev.failover.spi.FailoverBackend[]::new)).build();
      Duration timeout = Duration.ofSeconds(2);
      long start = System.nanoTime();
      FleetReport report = Fleet.builder(failover).timeout(timeout).parallelism(6).build().survey();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.multipliedBy(2).plusSeconds(2));
      assertThat(report.servers()).filteredOn(ServerAnswer::answered).as("%s", report.servers()).extracting(a -> a.server().value())
          .containsExactly("isc-a", "kea-a", "kea-b", "win-a");
      Problem cut = report.server(ServerId.of("win-b")).orElseThrow().problem().orElseThrow();
      assertThat(cut.kind()).isEqualTo(Problem.Kind.UNREACHABLE);
      assertThat(cut.message()).containsIgnoringCase("refused");
      Problem hung = report.server(ServerId.of("isc-b")).orElseThrow().problem().orElseThrow();
      assertThat(hung.kind()).isEqualTo(Problem.Kind.TIMED_OUT);
      assertThat(hung.message()).isEqualTo("gave no answer within 2 s (the per-server timeout)");

      assertThat(report.relationships()).extracting(r -> r.name().value())
          .containsExactly("isc-pair", "kea-pair", "win-pair");
      RelationshipReport isc = report.relationship("isc-pair").orElseThrow();
      assertThat(isc.status(ServerId.of("isc-a")).orElseThrow().answered()).isTrue();
      assertThat(isc.status(ServerId.of("isc-b")).orElseThrow().problem()).contains(hung);
      assertThat(isc.driftProblem().orElseThrow().message()).startsWith("cannot compare without isc-b: gave no answer");
      RelationshipReport kea = report.relationship("kea-pair").orElseThrow();
      assertThat(kea.statuses()).allSatisfy(st -> assertThat(st.answered()).isTrue());
      assertThat(kea.driftCount()).hasValue(2);
      RelationshipReport win = report.relationship("win-pair").orElseThrow();
      assertThat(win.status(ServerId.of("win-b")).orElseThrow().problem()).contains(cut);
      assertThat(win.status(ServerId.of("win-a")).orElseThrow().answered()).isTrue();
      assertThat(win.driftProblem().orElseThrow().message()).startsWith("cannot compare without win-b:");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
