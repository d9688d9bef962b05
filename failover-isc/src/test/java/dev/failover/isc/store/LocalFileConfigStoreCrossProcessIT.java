package dev.failover.isc.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.isc.conf.IscConfig;
import dev.failover.scope.Subnet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVM processes write one dhcpd.conf at the same moment, each from the same snapshot and each
 * adding its own subnet, checked by the real {@code dhcpd -t}. A lost update is one where both
 * say "applied" (the second was computed without the first's subnet) or the file lacks the subnet
 * of a writer that said "applied".
 */
@DisplayName("local file config store across processes")
class LocalFileConfigStoreCrossProcessIT {

  static final int TRIALS = 20;
  static final String BASE = "# cross-process trial\nauthoritative;\n\n"
      + "subnet 10.9.0.0 netmask 255.255.255.0 {\n  pool {\n    range 10.9.0.10 10.9.0.20;\n  }\n}\n";
  static final Subnet A = Subnet.parse("10.9.1.0/24");
  static final Subnet B = Subnet.parse("10.9.2.0/24");

  @TempDir
  Path dir;

  final List<Writer> writers = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    pool.shutdownNow();
  }

  Process writer(Path main, Subnet subnet) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        StoreWriterProcess.class.getName(), main.toString(), subnet.toString())
        .redirectError(dir.resolve("writer-" + processes.size() + ".err").toFile()).start();
    processes.add(p);
    return p;
  }

  static String send(Process p, BufferedReader out, String line) throws IOException {
    Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    w.write(line + "\n");
    w.flush();
    return line.equals("go") ? null : out.readLine();
  }

  @Test
  @DisplayName("two processes applying different changes to one file from one snapshot: never a lost update, "
      + "each trial ends with both changes or one conflict, and dhcpd -t accepts the file")
  void noLostUpdate() throws Exception {
    assertThat(LocalFileConfigStore.DEFAULT_DHCPD).isExecutable();
    Path main = dir.resolve("dhcpd.conf");
    Files.writeString(main, BASE, StandardCharsets.ISO_8859_1);
    Process pa = writer(main, A);
    Process pb = writer(main, B);
    BufferedReader oa = new BufferedReader(new InputStreamReader(pa.getInputStream(), StandardCharsets.UTF_8));
    BufferedReader ob = new BufferedReader(new InputStreamReader(pb.getInputStream(), StandardCharsets.UTF_8));
    List<String> lost = new ArrayList<>();
    int bothApplied = 0;
    int conflicts = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      Files.writeString(main, BASE, StandardCharsets.ISO_8859_1);
      assertThat(within(() -> send(pa, oa, "read"))).isEqualTo("ready");
      assertThat(within(() -> send(pb, ob, "read"))).isEqualTo("ready");
      send(pa, oa, "go");
      send(pb, ob, "go");
      String ra = within(oa::readLine);
      String rb = within(ob::readLine);
      assertThat(List.of(ra, rb)).as("trial %d", trial).allMatch(r -> r.equals("applied") || r.equals("conflict"));
      IscConfig after = IscConfig.parse(main.toString(), Files.readString(main, StandardCharsets.ISO_8859_1),
          n -> java.util.Optional.empty());
      boolean hasA = after.scope(A).isPresent();
      boolean hasB = after.scope(B).isPresent();
      if (ra.equals("applied") && rb.equals("applied")) {
        bothApplied++;
      }
      if (ra.equals("conflict") || rb.equals("conflict")) {
        conflicts++;
      }
      if ((ra.equals("applied") && !hasA) || (rb.equals("applied") && !hasB)) {
        lost.add("trial " + trial + ": a=" + ra + " (in file: " + hasA + "), b=" + rb + " (in file: " + hasB + ")");
      }
      assertThat(ra.equals("applied") || rb.equals("applied")).as("trial %d: one writer succeeds", trial).isTrue();
      Process check = new ProcessBuilder(LocalFileConfigStore.DEFAULT_DHCPD.toString(), "-t", "-q", "-cf",
          main.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("check.txt").toFile()).start();
      assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(check.exitValue()).as("trial %d: dhcpd -t on the result: %s", trial,
          Files.readString(dir.resolve("check.txt"))).isZero();
    }
    send(pa, oa, "quit");
    send(pb, ob, "quit");
    System.out.printf("cross-process trials: %d, lost updates: %d, both applied: %d, with a conflict: %d%n",
        TRIALS, lost.size(), bothApplied, conflicts);
    assertThat(lost).as("lost updates in %d trials", TRIALS).isEmpty();
    assertThat(bothApplied).as("both writers applied from one snapshot").isZero();
    assertThat(conflicts).isEqualTo(TRIALS);
  }

  interface Io<T> {
    T call() throws IOException;
  }

  <T> T within(Io<T> io) throws Exception {
    Future<T> f = pool.submit(io::call);
    return f.get(60, TimeUnit.SECONDS);
  }
}
