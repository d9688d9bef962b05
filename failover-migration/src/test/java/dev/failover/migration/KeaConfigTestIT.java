package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.isc.conf.IscConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Real Kea's own configuration check ({@code kea-dhcp4 -t}, which loads the hook libraries and
 * checks the HA relationship too) on every configuration a migration plan produces: Kea 2.2 on
 * the host, and Kea 2.6.3 and 3.0.4 in the Debian roots that scripts/ensure-kea-roots.sh makes.
 */
@DisplayName("real Kea's config check on migrated ISC pairs")
class KeaConfigTestIT {

  private static final Path ROOTS = Path.of(System.getProperty("failover.kea.roots", "/var/cache/failover-kea-roots"));

  /** Kea's verdict: the exit code and what it printed. */
  record Verdict(int exit, String output) {}

  /** Runs {@code kea-dhcp4 -t} on the configuration, on the host or in a Debian root ({@code trixie}, {@code sid}). */
  static Verdict configTest(String config, String suite) throws IOException, InterruptedException {
    Path dir = suite == null ? Path.of(System.getProperty("java.io.tmpdir")) : ROOTS.resolve(suite).resolve("tmp");
    if (suite != null && !Files.exists(ROOTS.resolve(suite).resolve(".failover-ready"))) {
      throw new IllegalStateException("no Kea root at " + ROOTS.resolve(suite) + ": run scripts/ensure-kea-roots.sh as root");
    }
    Path file = Files.createTempFile(dir, "migrated-", ".json");
    try {
      Files.writeString(file, config);
      String inside = suite == null ? file.toString() : "/tmp/" + file.getFileName();
      List<String> command = suite == null ? List.of("kea-dhcp4", "-t", inside)
          : List.of("chroot", ROOTS.resolve(suite).toString(), "kea-dhcp4", "-t", inside);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kea-dhcp4 -t did not finish in 60 s");
      }
      return new Verdict(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void assertAccepted(MigrationPlan plan, String suite, String what) throws Exception {
    for (String server : plan.servers()) {
      Verdict v = configTest(plan.configs().get(server), suite);
      assertThat(v.exit()).as("%s, %s's configuration, kea-dhcp4 -t (%s) said:%n%s%nconfiguration:%n%s", what, server,
          suite == null ? "host 2.2" : suite, v.output(), plan.configs().get(server)).isZero();
    }
  }

  @Test
  @DisplayName("Kea 2.2 accepts both servers' configurations of the hand-written pairs: load balancing with a shared network, class-limited pools and hosts in groups; hot standby")
  void handWrittenOn22() throws Exception {
    assertAccepted(Pairs.plan("lb", "fo1"), null, "load-balancing pair");
    assertAccepted(Pairs.plan("hs", "standby-pair"), null, "hot-standby pair");
  }

  @Test
  @DisplayName("Kea 2.2 accepts both servers' configurations of generated ISC pairs (load balancing and hot standby)")
  void generatedOn22() throws Exception {
    long seed = Long.getLong("failover.property.seed", System.nanoTime());
    SplittableRandom seeds = new SplittableRandom(seed);
    int checked = 0;
    for (int i = 0; i < 8 && checked < 4; i++) {
      long caseSeed = seeds.nextLong();
      Optional<IscConfig[]> pair = MigratedScopesPropertyTest.generatedPair(caseSeed);
      if (pair.isEmpty()) {
        continue;
      }
      MigrationPlan plan = IscToKea.plan(pair.get()[0], pair.get()[1], "fo", Pairs.partner("kea-a", 8001),
          Pairs.partner("kea-b", 8002));
      assertAccepted(plan, null, "generated pair (seed " + seed + ", case " + caseSeed
          + "; rerun with -Dfailover.property.seed=" + seed + ")");
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("Kea 2.6.3 accepts the load-balancing pair's configurations and 3.0.4 the hot-standby pair's")
  void newerVersions() throws Exception {
    assertAccepted(Pairs.plan("lb", "fo1"), "trixie", "load-balancing pair on Kea 2.6");
    assertAccepted(Pairs.plan("hs", "standby-pair"), "sid", "hot-standby pair on Kea 3.0");
    assertAccepted(Pairs.plan("lb", "fo1"), "sid", "load-balancing pair on Kea 3.0");
  }

  @Test
  @DisplayName("the check can fail: Kea 2.2 refuses a migrated configuration with a pool moved outside its subnet, naming the pool")
  void checkCanFail() throws Exception {
    String config = Pairs.plan("lb", "fo1").configs().get("kea-a").replace("10.10.0.100-10.10.0.149",
        "10.99.0.100-10.99.0.149");
    assertThat(config).as("the pool moved").contains("10.99.0.100-10.99.0.149");
    Verdict v = configTest(config, null);
    assertThat(v.exit()).isNotZero();
    assertThat(v.output()).contains("10.99.0.100");
  }

  @Test
  @DisplayName("kea-dhcp4 -t does not check the HA hook's parameters (two primaries pass on 2.2, 2.6 and 3.0): the HA part is checked on a running pair instead (LeaseLoadIT)")
  void haNotCheckedByConfigTest() throws Exception {
    String config = Pairs.plan("hs", "standby-pair").configs().get("kea-a").replace("\"standby\"", "\"primary\"");
    for (String suite : new String[] {null, "trixie", "sid"}) {
      assertThat(configTest(config, suite).exit()).as("kea-dhcp4 -t %s", suite).isZero();
    }
  }
}
