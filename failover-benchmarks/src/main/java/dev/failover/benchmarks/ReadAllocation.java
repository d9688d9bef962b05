package dev.failover.benchmarks;

import dev.failover.isc.conf.IscConfig;
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by one warm parse of the generated 2,000-subnet / 50,000-host dhcpd.conf,
 * counted exactly by the JVM's per-thread allocation counter (JMH's {@code -prof gc} gives the
 * same figure as {@code gc.alloc.rate.norm}, with sampling noise): {@code main [subnets] [rounds]}.
 * Prints the file's size beside it, since the goal is at most twice the file's size.
 *
 * <p>{@code main kea [rounds]}: the same for {@link KeaReplicationBenchmark#read()} (2,000 subnets,
 * 50,000 reservations), with the calling thread's CPU time per read beside its wall time: on a
 * machine shared with other builds the wall time mostly measures waiting for a core, the thread's
 * CPU time does not (the garbage collector's threads are not in it).
 *
 * <p>{@code main kea-answer [rounds]}: the same for {@link KeaReplicationBenchmark#readAnswer()}, the path
 * a real read takes from the {@code config-get} answer's bytes (as Kea 2.2 sends them) to the state.
 */
public final class ReadAllocation {

  private ReadAllocation() {}

  /**
   * Parses the generated file {@code rounds} times (default 10) and prints the allocation of the last five.
   *
   * @param args subnets (default 2000) and rounds
   */
  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("kea") || args[0].equals("kea-answer"))) {
      kea(args.length > 1 ? Integer.parseInt(args[1]) : 20, args[0].equals("kea-answer"));
      return;
    }
    int subnets = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    String text = IscParseBenchmark.configuration(subnets, subnets * 25);
    for (int r = 0; r < rounds; r++) {
      long before = threads.getThreadAllocatedBytes(thread);
      IscConfig parsed = IscConfig.parse(text);
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      if (parsed.main().nodes().isEmpty()) {
        throw new IllegalStateException("the generated file parsed to no nodes");
      }
      if (r >= rounds - 5) {
        System.out.printf("ISC parse of %,d subnets / %,d hosts: file %.2f MB, allocated %.1f MB (%.1f x the file)%n",
            subnets, subnets * 25, text.length() / 1e6, allocated / 1e6, (double) allocated / text.length());
      }
    }
  }

  private static void kea(int rounds, boolean fromAnswer) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    KeaReplicationBenchmark benchmark = new KeaReplicationBenchmark();
    benchmark.scopes = 2000;
    benchmark.drifted = 1;
    benchmark.setUp();
    if (fromAnswer) {
      System.out.printf("config-get answer as Kea 2.2 sends it: %,d bytes%n", benchmark.keaAnswerBytes());
    }
    for (int r = 0; r < rounds; r++) {
      long bytes = threads.getThreadAllocatedBytes(thread);
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      if ((fromAnswer ? benchmark.readAnswer() : benchmark.read()).scopes().size() != 2000) {
        throw new IllegalStateException("the read mapped the wrong number of scopes");
      }
      wall = System.nanoTime() - wall;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      bytes = threads.getThreadAllocatedBytes(thread) - bytes;
      if (r >= rounds / 2) {
        System.out.printf("Kea read%s of 2,000 subnets / 50,000 reservations: wall %.0f ms, thread CPU %.0f ms, "
            + "allocated %.1f MB%n", fromAnswer ? " from the answer's bytes" : "", wall / 1e6, cpu / 1e6, bytes / 1e6);
      }
    }
  }
}
