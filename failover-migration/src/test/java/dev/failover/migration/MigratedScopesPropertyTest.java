package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.errors.ValidationException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.kea.config.Subnet4;
import dev.failover.scope.ImmutablePool;
import dev.failover.scope.ImmutableReservation;
import dev.failover.scope.ImmutableScope;
import dev.failover.scope.ImmutableScopeProperties;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.testkit.gen.Generators;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("migrated scopes, over generated ISC pairs")
class MigratedScopesPropertyTest {

  private static final long SEED = Long.getLong("failover.property.seed", System.nanoTime());
  private static final int CASES = Integer.getInteger("failover.property.cases", 1000);

  /** What dhcpd can hold of a generated scope: no name, description or id; hardware or client-id reservations; no class-scoped options; pools under the pair's peer. */
  static Scope forIsc(Scope s) {
    List<Pool> pools = s.pools().stream().map(p -> (Pool) ImmutablePool.builder().range(p.range()).failoverPeer("fo")
        .build()).toList();
    List<Reservation> reservations = s.reservations().stream()
        .filter(r -> r.identifierType() == Reservation.IdentifierType.HW_ADDRESS
            || r.identifierType() == Reservation.IdentifierType.CLIENT_ID)
        .map(r -> (Reservation) ImmutableReservation.builder().from(r).name(Optional.empty())
            .description(Optional.empty()).options(r.options().stream()
                .filter(o -> o.userClass().isEmpty() && o.vendorClass().isEmpty()).toList()).build())
        .toList();
    return ImmutableScope.builder().from(s).pools(pools).reservations(reservations)
        .options(s.options().stream().filter(o -> o.userClass().isEmpty() && o.vendorClass().isEmpty()).toList())
        .properties(ImmutableScopeProperties.builder().leaseTime(s.properties().leaseTime())
            .enabled(s.properties().enabled()).build())
        .build();
  }

  /**
   * A generated case's ISC pair: both partners' configurations with the scopes dhcpd can hold,
   * whether it holds any, and how many forms of a scope dhcpd.conf's rules refused on the way.
   */
  record GeneratedPair(IscConfig primary, IscConfig secondary, boolean any, int refused) {}

  static GeneratedPair generate(long seed) {
    List<Scope> generated = Generators.disjointScopes(1, 4).sample(seed);
    int split = new SplittableRandom(seed).nextBoolean() ? 128 : 256;
    IscConfig primary = IscConfig.parse(peer(true, split));
    IscConfig secondary = IscConfig.parse(peer(false, split));
    boolean any = false;
    int refused = 0;
    for (Scope s : generated) {
      // the generated scope as dhcpd can hold it; then without options dhcpd has no name for, then
      // without exclusions that leave a pool empty, then without host names dhcpd refuses
      for (Scope isc : List.of(forIsc(s), knownOptions(forIsc(s)), noExclusions(knownOptions(forIsc(s))),
          noHostnames(noExclusions(knownOptions(forIsc(s)))))) {
        try {
          IscConfig p = primary.withSubnet(isc);
          secondary = secondary.withSubnet(isc);
          primary = p;
          any = true;
          break;
        } catch (ValidationException refusedByDhcpdRules) {
          refused++; // the next, simpler form
        }
      }
    }
    return new GeneratedPair(primary, secondary, any, refused);
  }

  /** The ISC pair of a generated case: both partners' configurations with the scopes dhcpd can hold, or none. */
  static Optional<IscConfig[]> generatedPair(long seed) {
    GeneratedPair pair = generate(seed);
    return pair.any() ? Optional.of(new IscConfig[] {pair.primary(), pair.secondary()}) : Optional.empty();
  }

  private static Scope knownOptions(Scope s) {
    return ImmutableScope.builder().from(s).options(s.options().stream()
        .filter(o -> OptionTable.keaName(o.code()).isPresent()).toList()).build();
  }

  private static Scope noExclusions(Scope s) {
    return ImmutableScope.builder().from(s).exclusions(List.of()).build();
  }

  private static Scope noHostnames(Scope s) {
    return ImmutableScope.builder().from(s).reservations(s.reservations().stream()
        .map(r -> (Reservation) ImmutableReservation.builder().from(r).hostname(Optional.empty()).options(List.of())
            .build()).toList()).build();
  }

  private static String peer(boolean primary, int split) {
    return "failover peer \"fo\" {\n  " + (primary ? "primary;\n  mclt 600;\n  split " + split + ";\n" : "secondary;\n")
        + "  address 192.0.2.1;\n  peer address 192.0.2.2;\n}\n";
  }

  @Test
  @DisplayName("every subnet of a generated ISC pair, migrated and read back through the Kea backend's mapping, is the source scope: same leased addresses, reservations, options, lease time and switch")
  void migratedScopesEqualSource() {
    System.out.println("migratedScopesEqualSource: seed " + SEED + ", " + CASES + " cases");
    SplittableRandom seeds = new SplittableRandom(SEED);
    int planned = 0;
    int subnets = 0;
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = seeds.nextLong();
      GeneratedPair pair = generate(seed);
      refused += pair.refused();
      if (!pair.any()) {
        continue;
      }
      IscConfig primary = pair.primary();
      IscConfig secondary = pair.secondary();
      MigrationPlan plan;
      try {
        plan = IscToKea.plan(primary, secondary, "fo", Pairs.partner("kea-a", 8001), Pairs.partner("kea-b", 8002));
      } catch (RuntimeException e) {
        throw new AssertionError("planning failed with seed " + SEED + " (case seed " + seed
            + "; rerun with -Dfailover.property.seed=" + SEED + "): " + e.getMessage(), e);
      }
      planned++;
      for (String server : plan.servers()) {
        JsonNode all = plan.config(server).path("Dhcp4").path("subnet4");
        for (Scope source : primary.scopes()) {
          subnets++;
          JsonNode entry = null;
          for (JsonNode e : all) {
            if (e.path("subnet").asText().equals(source.subnet().toString())) {
              entry = e;
            }
          }
          assertThat(entry).as("seed %d (case %d): %s on %s", SEED, seed, source.subnet(), server).isNotNull();
          assertThat(entry.path("id").asLong()).isEqualTo(plan.subnetIds().get(source.subnet()));
          Scope kea = Subnet4.of(entry).toScope();
          assertThat(ScopeComparison.ofKea(kea)).as("seed %d (case %d) on %s; rerun with -Dfailover.property.seed=%d",
              SEED, seed, server, SEED).isEqualTo(ScopeComparison.of(source));
        }
      }
    }
    assertThat(planned).as("cases planned of %d", CASES).isGreaterThan(CASES * 9 / 10);
    System.out.println("migratedScopesEqualSource: " + planned + " pairs planned, " + subnets + " subnets compared ("
        + refused + " generated scopes first refused by dhcpd.conf's rules)");
  }
}
