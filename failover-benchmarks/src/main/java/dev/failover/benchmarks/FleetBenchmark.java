package dev.failover.benchmarks;

import dev.failover.Failover;
import dev.failover.fleet.Fleet;
import dev.failover.fleet.FleetReport;
import dev.failover.fleet.RelationshipReport;
import dev.failover.isc.IscBackend;
import dev.failover.json.FailoverJson;
import dev.failover.kea.KeaBackend;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.Secret;
import dev.failover.windows.WindowsBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Status and drift of N relationships of fake servers on loopback, mixed vendors, through the
 * fleet API ({@link Fleet#survey()}), for N = 50, 100, 250, 500 (or the sizes given).
 *
 * <p>The fakes ({@link FakeFleet}: ISC files with fake OMAPI listeners, fake Kea control agents,
 * fake Windows servers behind SSH) run in a child JVM this program starts, so this JVM's heap is
 * the SDK's alone: run it with {@code -Xmx512m} to show the surveys fit in 512 MB. For each N a
 * new facade (new backends: Windows SSH logins and Kea HTTP connections made afresh) surveys the
 * servers of the first N relationships {@code --rounds} times; each survey's wall time, the CPU
 * time of this JVM and of the fakes' JVM during it, the
 * relationships reported whole (both statuses and the drift), the requests each server's fake
 * counted during it (min–max per vendor), the heap's peak since the facade was made (sum of the
 * heap pools' peaks) and the load average are printed, one line per survey.
 *
 * <pre>
 * java -Xmx512m -cp failover-benchmarks/target/benchmarks.jar dev.failover.benchmarks.FleetBenchmark \
 *     --sizes 50,100,250,500 --rounds 3 --parallelism 8
 * </pre>
 */
public final class FleetBenchmark {

  private FleetBenchmark() {}

  /**
   * Runs the benchmark (or, with {@code serve N DIR}, the child that holds the fakes).
   *
   * @param args {@code [--sizes 50,100,250,500] [--rounds 3] [--parallelism 8] [--timeout 30]}, or
   *     {@code serve N DIR}
   * @throws Exception when the child cannot be started or a survey fails as a whole
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]), Path.of(args[2]));
      return;
    }
    int[] sizes = {50, 100, 250, 500};
    int rounds = 3;
    int parallelism = Fleet.DEFAULT_PARALLELISM;
    int timeout = 30;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        case "--timeout" -> timeout = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (known: --sizes, --rounds, --parallelism, --timeout)");
      }
    }
    int max = Arrays.stream(sizes).max().orElse(0);
    Path dir = Files.createTempDirectory("fleet-benchmark");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        FleetBenchmark.class.getName(), "serve", String.valueOf(max), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader from = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter to = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      Remote fakes = new Remote(from, to, child.toHandle());
      String ready = fakes.line();
      if (ready == null || !ready.startsWith("ready ")) {
        throw new IllegalStateException("the fakes' process did not start: " + ready);
      }
      System.out.println("# fakes of " + max + " relationships started in " + ready.substring(6) + " ms (child JVM)");
      Inventory all = withLogins(FailoverJson.read(Files.readString(dir.resolve("inventory.json")), Inventory.class));
      List<FakeFleet.Pair> pairs = Arrays.asList(FailoverJson.read(Files.readString(dir.resolve("pairs.json")),
          FakeFleet.Pair[].class));
      System.out.println("# " + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
          + " MB, " + Runtime.getRuntime().availableProcessors() + " cores, parallelism " + parallelism
          + ", timeout " + timeout + " s");
      System.out.println("relationships\tservers\tsurvey\twall_ms\tsdk_cpu_ms\tfakes_cpu_ms\twhole\tproblems\trequests_per_server"
          + "\theap_peak_MB\theap_after_gc_MB\tload_before\tload_after");
      for (int n : sizes) {
        measure(FakeFleet.firstRelationships(all, pairs, n), n, rounds, parallelism, Duration.ofSeconds(timeout),
            fakes, System.out);
      }
      to.println("quit");
    } finally {
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroy();
      }
    }
  }

  /** What each server's fake counted so far, and the CPU time the fakes used. */
  interface Counter {
    Map<ServerId, Long> requests() throws IOException;

    /** The fakes' CPU time so far in ms, or -1 when they run in this JVM (then it is in the SDK's figure). */
    default long fakesCpuMillis() {
      return -1;
    }
  }

  /** One line of figures per survey. */
  record Line(int relationships, int servers, int survey, long wallMillis, long sdkCpuMillis, long fakesCpuMillis,
      int whole, int problems, Map<Vendor, long[]> requests, long heapPeakMb, long heapAfterGcMb, String loadBefore,
      String loadAfter) {

    String text() {
      StringBuilder r = new StringBuilder();
      requests.forEach((v, mm) -> r.append(r.length() == 0 ? "" : " ").append(v.name().toLowerCase(Locale.ROOT))
          .append(' ').append(mm[0] == mm[1] ? String.valueOf(mm[0]) : mm[0] + "-" + mm[1]));
      return relationships + "\t" + servers + "\t" + survey + "\t" + wallMillis + "\t" + sdkCpuMillis + "\t"
          + (fakesCpuMillis < 0 ? "" : fakesCpuMillis) + "\t" + whole + "\t" + problems + "\t"
          + r + "\t" + heapPeakMb + "\t" + (heapAfterGcMb < 0 ? "" : heapAfterGcMb) + "\t" + loadBefore + "\t"
          + loadAfter;
    }
  }

  /**
   * Surveys the inventory {@code rounds} times through one new facade and prints a line per survey.
   *
   * @return the lines printed
   */
  static List<Line> measure(Inventory inventory, int relationships, int rounds, int parallelism, Duration timeout,
      Counter counter, PrintStream out) throws IOException {
    List<Line> lines = new ArrayList<>();
    System.gc();
    resetHeapPeaks();
    try (Failover failover = Failover.builder().inventory(inventory)
        .backends(new KeaBackend(), new IscBackend(), new WindowsBackend()).build()) {
      Fleet fleet = Fleet.builder(failover).parallelism(parallelism).timeout(timeout).build();
      for (int round = 1; round <= rounds; round++) {
        Map<ServerId, Long> before = counter.requests();
        long fakesBefore = counter.fakesCpuMillis();
        String loadBefore = load();
        long cpu = cpuMillis();
        long start = System.nanoTime();
        FleetReport report = fleet.survey();
        long wall = (System.nanoTime() - start) / 1_000_000;
        cpu = cpuMillis() - cpu;
        String loadAfter = load();
        long fakes = fakesBefore < 0 ? -1 : counter.fakesCpuMillis() - fakesBefore;
        Map<ServerId, Long> after = counter.requests();
        long peak = heapPeakMb();
        long afterGc = -1;
        if (round == rounds) {
          System.gc();
          afterGc = heapUsedMb();
        }
        Line line = new Line(relationships, inventory.servers().size(), round, wall, cpu, fakes, whole(report),
            (int) report.servers().stream().filter(a -> !a.answered()).count(), perVendor(inventory, before, after), peak,
            afterGc, loadBefore, loadAfter);
        out.println(line.text());
        report.servers().stream().filter(a -> !a.answered())
            .forEach(a -> out.println("# " + a.server() + " gave no answer: " + a.problem().map(Object::toString).orElse("")));
        lines.add(line);
      }
    }
    return lines;
  }

  /** Relationships reported whole: every server's status answered and the drift computed. */
  static int whole(FleetReport report) {
    int n = 0;
    for (RelationshipReport r : report.relationships()) {
      if (r.drift().isPresent() && r.statuses().stream().allMatch(s -> s.answered())) {
        n++;
      }
    }
    return n;
  }

  /** Per vendor, the fewest and most requests one server's fake counted between the two counts. */
  static Map<Vendor, long[]> perVendor(Inventory inventory, Map<ServerId, Long> before, Map<ServerId, Long> after) {
    Map<Vendor, long[]> out = new EnumMap<>(Vendor.class);
    for (Server s : inventory.servers()) {
      long d = after.getOrDefault(s.id(), 0L) - before.getOrDefault(s.id(), 0L);
      long[] mm = out.computeIfAbsent(s.vendor(), v -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      mm[0] = Math.min(mm[0], d);
      mm[1] = Math.max(mm[1], d);
    }
    return out;
  }

  private static Inventory withLogins(Inventory read) {
    List<Server> out = new ArrayList<>();
    for (Server s : read.servers()) {
      out.add(s.vendor() == Vendor.WINDOWS ? Server.builder().from(s)
          .credential(Credential.of(FakeFleet.WINDOWS_USER, Secret.of(FakeFleet.WINDOWS_PASSWORD))).build() : s);
    }
    return Inventory.of(out);
  }

  /** This JVM's CPU time (every thread, the garbage collector's and the JIT's included), in ms. */
  private static long cpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
  }

  private static void resetHeapPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks since they were reset: at least the heap's peak, at most a little more. */
  private static long heapPeakMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  private static long heapUsedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  /** The 1-minute load average, from /proc/loadavg ("?" where there is none). */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** The child: starts the fakes, writes the inventory, answers "requests" until "quit". */
  private static void serve(int relationships, Path dir) throws IOException {
    long start = System.nanoTime();
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.setOut(System.err);
    try (FakeFleet fleet = FakeFleet.start(relationships, dir)) {
      Files.writeString(dir.resolve("inventory.json"), FailoverJson.write(fleet.inventory()));
      Files.writeString(dir.resolve("pairs.json"), FailoverJson.write(fleet.pairs()));
      out.println("ready " + (System.nanoTime() - start) / 1_000_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        StringBuilder answer = new StringBuilder();
        fleet.requests().forEach((id, n) -> answer.append(id.value()).append('=').append(n).append(' '));
        out.println(answer.toString().strip());
      }
    }
  }

  /** The child's fakes, asked over its standard input and output. */
  private record Remote(BufferedReader from, PrintWriter to, ProcessHandle child) implements Counter {
    String line() throws IOException {
      return from.readLine();
    }

    @Override
    public long fakesCpuMillis() {
      return child.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    @Override
    public Map<ServerId, Long> requests() throws IOException {
      to.println("requests");
      String line = from.readLine();
      if (line == null) {
        throw new IOException("the fakes' process ended");
      }
      Map<ServerId, Long> out = new LinkedHashMap<>();
      for (String kv : line.split(" ")) {
        int eq = kv.indexOf('=');
        out.put(ServerId.of(kv.substring(0, eq)), Long.parseLong(kv.substring(eq + 1)));
      }
      return out;
    }
  }
}
