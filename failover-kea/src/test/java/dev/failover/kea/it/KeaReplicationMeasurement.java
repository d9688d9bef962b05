package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.Plan;
import dev.failover.plan.Replicate;
import dev.failover.relationship.Relationship;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.testkit.contract.FailoverBackendContract;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Not a test of behaviour but a measurement, run only when named:
 * {@code mvn -B verify -pl failover-kea -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=KeaReplicationMeasurement}. On a real Kea 2.2 pair it copies 2,000 subnets with
 * 50,000 reservations to the partner (creating a relationship over them) and replicates them
 * again after one reservation changed on the partner (planning and applying measured apart; the
 * apply must cost the partner 5 requests and the source none), then times Kea's own
 * {@code config-get}, {@code config-test} and {@code config-set} of that configuration; it
 * prints for each step the wall time, the HTTP requests
 * each agent received from the SDK (from the agents' logs), the SDK's CPU time on the applying
 * thread and the CPU time the four Kea processes used meanwhile (from /proc).
 */
class KeaReplicationMeasurement {

  private static final Principal ADMIN = Principal.withRoles("bench", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final Pattern RECEIVED = Pattern.compile("CTRL_AGENT_COMMAND_RECEIVED command (\\S+) received");
  private static final long TICKS_PER_SECOND = 100;

  @Test
  void replicate2000Subnets50000Reservations() throws IOException {
    try (RealKeaFixture fx = new RealKeaFixture()) {
      List<Scope> scopes = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        Scope s = FailoverBackendContract.sampleScope("10." + (100 + i / 250) + "." + (i % 250) + ".0/24", 25);
        scopes.add(Scope.builder().from(s).properties(ScopeProperties.builder().id(i + 1).build()).build());
      }
      Dhcp4Config a = fx.client(RealKeaFixture.A).configGet().withScopes(scopes);
      fx.client(RealKeaFixture.A).configSet(a);
      System.out.printf("configuration of kea-a: %d bytes of JSON%n", a.toJson().length());
      Failover failover = Failover.builder().inventory(fx.inventory()).backends(fx.backend()).build();
      Relationship r = fx.relationship("big", scopes.stream().map(Scope::subnet).toList());
      Plan[] plan = new Plan[1];
      measure(fx, "plan: create relationship over 2,000 scopes",
          () -> plan[0] = failover.plan(CreateRelationship.of(r)));
      measure(fx, "apply: create relationship, 2,000 scopes copied to kea-b", () -> failover.apply(plan[0], ADMIN));
      Scope first = failover.state("kea-b").scope(scopes.get(0).subnet()).orElseThrow();
      fx.seed(RealKeaFixture.B, Scope.builder().from(first).reservations(first.reservations().subList(1, 25)).build());
      measure(fx, "plan: replicate relationship (1 reservation differs)",
          () -> plan[0] = failover.plan(Replicate.relationship("big").from("kea-a")));
      assertThat(plan[0].servers()).singleElement().satisfies(part -> {
        assertThat(part.server()).isEqualTo(RealKeaFixture.B);
        assertThat(part.changes()).hasSize(1);
      });
      Map<String, Integer> sent = measure(fx, "apply: replicate relationship (1 reservation differs)",
          () -> failover.apply(plan[0], ADMIN));
      assertThat(sent).containsOnlyKeys("server2 config-get", "server2 config-test", "server2 config-set",
          "server2 config-write");
      assertThat(sent.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
      assertThat(failover.drift("big").isEmpty()).isTrue();

      // what Kea itself spends on the same configuration, for the JMH comparison (failover-benchmarks)
      Dhcp4Config b = fx.client(RealKeaFixture.B).configGet();
      System.out.printf("configuration of kea-b: %d bytes of JSON%n", b.toJson().length());
      for (int round = 1; round <= 3; round++) {
        measure(fx, "Kea config-get of kea-b (round " + round + ")", () -> fx.client(RealKeaFixture.B).configGet());
        measure(fx, "Kea config-test of kea-b's configuration (round " + round + ")",
            () -> fx.client(RealKeaFixture.B).configTest(b));
        measure(fx, "Kea config-set of kea-b's configuration (round " + round + ")",
            () -> fx.client(RealKeaFixture.B).configSet(b));
      }
    }
  }

  private static Map<String, Integer> measure(RealKeaFixture fx, String what, Runnable work) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Integer> before = requests(fx);
    long keaBefore = keaTicks(fx);
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long wallBefore = System.nanoTime();
    work.run();
    long wall = System.nanoTime() - wallBefore;
    long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
    long kea = keaTicks(fx) - keaBefore;
    Map<String, Integer> after = requests(fx);
    Map<String, Integer> sent = new TreeMap<>();
    after.forEach((k, v) -> {
      int n = v - before.getOrDefault(k, 0);
      if (n > 0) {
        sent.put(k, n);
      }
    });
    System.out.printf("%s: wall %d ms, SDK CPU (applying thread) %d ms, Kea CPU (4 processes) %d ms, requests %s%n",
        what, wall / 1_000_000, cpu / 1_000_000, kea * 1000 / TICKS_PER_SECOND, sent);
    return sent;
  }

  /** The SDK's commands each agent logged, by server and command (HA traffic between the peers left out). */
  private static Map<String, Integer> requests(RealKeaFixture fx) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    for (int n = 1; n <= 2; n++) {
      Path log = fx.pair().dir().resolve("server" + n).resolve("kea-ctrl-agent.log");
      for (String line : Files.readAllLines(log)) {
        Matcher m = RECEIVED.matcher(line);
        if (m.find() && (m.group(1).startsWith("config-") || m.group(1).equals("version-get")
            || m.group(1).equals("status-get"))) {
          out.merge("server" + n + " " + m.group(1), 1, Integer::sum);
        }
      }
    }
    return out;
  }

  /** utime + stime of the four Kea processes, in clock ticks. */
  private static long keaTicks(RealKeaFixture fx) throws IOException {
    long ticks = 0;
    for (int n = 1; n <= 2; n++) {
      for (long pid : fx.pair().pids(n)) {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      }
    }
    return ticks;
  }
}
