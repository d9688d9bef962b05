package dev.failover.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Generators: relationships have valid parameter combinations for every vendor and mode")
class RelationshipGeneratorsTest {

  private static final ServerId A = ServerId.of("dhcp-a");
  private static final ServerId B = ServerId.of("dhcp-b");
  private static final List<ServerId> BACKUPS = List.of(ServerId.of("dhcp-c"), ServerId.of("dhcp-d"));
  private static final long COVERAGE_SEED = 20_260_102L;

  @Test
  @DisplayName("relationships: between the two servers given, each vendor's rules kept, the mode's own rules broken by none")
  void relationshipsAreValid() {
    PropertyRun.forAll("relationship rules", Generators.relationships(A, B), r -> {
      assertThat(r.primary()).isEqualTo(A);
      assertThat(r.secondary()).isEqualTo(B);
      assertThat(r.mode().supportedBy(r.vendor())).isTrue();
      assertThat(r.settings().violationsIn(r.mode())).isEmpty();
      assertThat(r.name().value().length()).isBetween(1, RelationshipName.MAX_LENGTH);
      assertThat(Relationship.violationsAmong(List.of(r))).isEmpty();
      ScopeGeneratorsTest.assertDisjoint(r.scopes());
      switch (r.vendor()) {
        case ISC -> assertIscRules(r.mode(), (IscFailoverSettings) r.settings());
        case KEA -> assertKeaRules(r.mode(), (KeaHaSettings) r.settings(), A, B, List.of());
        case WINDOWS -> assertWindowsRules(r.mode(), (WindowsFailoverSettings) r.settings());
      }
    });
  }

  @Test
  @DisplayName("relationships cover every mode of every vendor")
  void everyModeOfEveryVendor() {
    Set<String> seen = Generators.relationships(A, B).samples(COVERAGE_SEED, 2000)
        .map(r -> r.vendor() + "/" + r.mode()).collect(Collectors.toSet());
    assertThat(seen).containsExactlyInAnyOrder("ISC/LOAD_BALANCING", "ISC/HOT_STANDBY", "KEA/LOAD_BALANCING",
        "KEA/HOT_STANDBY", "KEA/PASSIVE_BACKUP", "WINDOWS/LOAD_BALANCING", "WINDOWS/HOT_STANDBY");
  }

  @Test
  @DisplayName("relationships(vendor, mode) keep to the vendor and the mode asked for")
  void fixedVendorAndMode() {
    for (Vendor vendor : Vendor.values()) {
      for (FailoverMode mode : FailoverMode.values()) {
        if (mode.supportedBy(vendor)) {
          assertThat(Generators.relationships(vendor, mode, A, B).samples(1, 100))
              .allMatch(r -> r.vendor() == vendor && r.mode() == mode);
        } else {
          assertThatThrownBy(() -> Generators.relationships(vendor, mode, A, B))
              .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mode must be one");
        }
      }
      assertThat(Generators.relationships(vendor, A, B).samples(1, 100)).allMatch(r -> r.vendor() == vendor);
    }
  }

  @Test
  @DisplayName("the servers must differ: the same server twice, or a backup that is one of the pair, is refused")
  void serversMustDiffer() {
    assertThatThrownBy(() -> Generators.relationships(A, A)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secondary must differ from the primary");
    assertThatThrownBy(() -> Generators.keaRelationships(FailoverMode.HOT_STANDBY, A, B, List.of(B)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dhcp-b is there twice");
    assertThatThrownBy(() -> Generators.keaSettings(FailoverMode.HOT_STANDBY, A, B, List.of(BACKUPS.get(0),
        BACKUPS.get(0)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Generators.iscSettings(FailoverMode.PASSIVE_BACKUP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Generators.windowsSettings(FailoverMode.PASSIVE_BACKUP))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("ISC (vendor-facts §2): split/hba fit the mode; mclt, split and hba only in the primary's declaration")
  void iscSettings() {
    for (FailoverMode mode : List.of(FailoverMode.LOAD_BALANCING, FailoverMode.HOT_STANDBY)) {
      PropertyRun.forAll("ISC " + mode, Generators.iscSettings(mode), s -> assertIscRules(mode, s));
    }
  }

  @Test
  @DisplayName("ISC settings cover split and hba in both modes, split 0 and 256, shared addresses and host names")
  void iscCovers() {
    List<IscFailoverSettings> lb = Generators.iscSettings(FailoverMode.LOAD_BALANCING).samples(COVERAGE_SEED, 1000).toList();
    List<IscFailoverSettings> hs = Generators.iscSettings(FailoverMode.HOT_STANDBY).samples(COVERAGE_SEED, 1000).toList();
    assertThat(lb).anyMatch(s -> s.hba().isPresent()).anyMatch(s -> s.split().orElse(-1) == 128)
        .anyMatch(s -> s.split().isPresent() && s.split().getAsInt() != 128)
        .anyMatch(s -> s.primaryAddress().equalsIgnoreCase(s.secondaryAddress()))
        .anyMatch(s -> !Character.isDigit(s.primaryAddress().charAt(s.primaryAddress().length() - 1)))
        .anyMatch(s -> s.mclt().getSeconds() == Integer.MAX_VALUE);
    assertThat(hs).anyMatch(s -> s.hba().isPresent() && s.primaryBuckets() == 0)
        .anyMatch(s -> s.hba().isPresent() && s.primaryBuckets() == 256)
        .anyMatch(s -> s.split().orElse(-1) == 0).anyMatch(s -> s.split().orElse(-1) == 256);
  }

  @Test
  @DisplayName("Kea (vendor-facts §3.4): one primary, the partner in the mode's role, backups only from those given; unique names and endpoints; https only with TLS; uint16 ms timers")
  void keaSettings() {
    for (FailoverMode mode : FailoverMode.values()) {
      PropertyRun.forAll("Kea " + mode, Generators.keaSettings(mode, A, B, BACKUPS),
          s -> assertKeaRules(mode, s, A, B, BACKUPS));
    }
  }

  @Test
  @DisplayName("keaRelationships: backups take part as servers of the relationship")
  void keaRelationshipsWithBackups() {
    PropertyRun.forAll("Kea with backups", Generators.keaRelationships(FailoverMode.PASSIVE_BACKUP, A, B, BACKUPS), r -> {
      assertThat(r.servers()).startsWith(A, B);
      assertThat(r.servers().subList(2, r.servers().size())).isSubsetOf(BACKUPS);
      r.servers().subList(2, r.servers().size()).forEach(s -> assertThat(r.roleOf(s)).isEqualTo(ServerRole.BACKUP));
      assertThat(r.roleOf(B)).isEqualTo(ServerRole.BACKUP);
    });
  }

  @Test
  @DisplayName("Kea settings cover https, IPv6 hosts, custom peer names, backups, wait-backup-ack, timer edges and pauses")
  void keaCovers() {
    List<KeaHaSettings> all = Generators.keaSettings(FailoverMode.PASSIVE_BACKUP, A, B, BACKUPS)
        .samples(COVERAGE_SEED, 1500).toList();
    assertThat(all).anyMatch(s -> s.peers().stream().anyMatch(KeaPeer::https))
        .anyMatch(s -> s.peers().stream().anyMatch(p -> p.url().getHost().startsWith("[")))
        .anyMatch(s -> s.peers().stream().anyMatch(p -> !p.name().equals(p.server().value())))
        .anyMatch(s -> s.peers().size() == 4).anyMatch(s -> s.peers().size() == 2)
        .anyMatch(s -> s.peers().get(0).role() != ServerRole.PRIMARY)
        .anyMatch(KeaHaSettings::waitBackupAck)
        .anyMatch(s -> s.heartbeatDelay().toMillis() == 65_535).anyMatch(s -> s.maxAckDelay().isZero())
        .anyMatch(s -> !s.statePauses().isEmpty()).anyMatch(s -> s.multiThreading().isPresent())
        .anyMatch(s -> s.peers().stream().anyMatch(p -> p.basicAuthPassword().isPresent()));
    assertThat(Generators.keaSettings(FailoverMode.LOAD_BALANCING, A, B, List.of()).samples(COVERAGE_SEED, 500))
        .anyMatch(s -> s.delayedUpdatesLimit().orElse(0) > 0);
  }

  @Test
  @DisplayName("Windows (vendor-facts §1): the percentage and role of the mode only, MCLT never zero, DWORD seconds")
  void windowsSettings() {
    for (FailoverMode mode : List.of(FailoverMode.LOAD_BALANCING, FailoverMode.HOT_STANDBY)) {
      PropertyRun.forAll("Windows " + mode, Generators.windowsSettings(mode), s -> assertWindowsRules(mode, s));
    }
  }

  @Test
  @DisplayName("Windows settings cover a secret, authentication without a secret, none, an active partner, percent edges")
  void windowsCovers() {
    List<WindowsFailoverSettings> hs = Generators.windowsSettings(FailoverMode.HOT_STANDBY).samples(COVERAGE_SEED, 800)
        .toList();
    assertThat(hs).anyMatch(s -> s.sharedSecret().isPresent())
        .anyMatch(s -> s.messageAuthentication() && s.sharedSecret().isEmpty())
        .anyMatch(s -> !s.messageAuthentication())
        .anyMatch(s -> s.partnerRole().orElse(null) == WindowsServerRole.ACTIVE)
        .anyMatch(s -> s.reservePercent().orElse(-1) == 0).anyMatch(s -> s.reservePercent().orElse(-1) == 100)
        .anyMatch(s -> s.stateSwitchInterval().isPresent());
    assertThat(Generators.windowsSettings(FailoverMode.LOAD_BALANCING).samples(COVERAGE_SEED, 800))
        .anyMatch(s -> s.loadBalancePercent().isEmpty()).anyMatch(s -> s.loadBalancePercent().orElse(-1) == 100);
  }

  @Test
  @DisplayName("relationship names: hostile a good share of the time, the full 126 characters now and then")
  void names() {
    List<RelationshipName> names = Generators.relationshipNames().samples(COVERAGE_SEED, 500).toList();
    assertThat(names).anyMatch(n -> n.value().length() == RelationshipName.MAX_LENGTH)
        .anyMatch(n -> n.value().matches(".*['\"\u2018\u2019;{}$`|#].*"))
        .anyMatch(n -> n.value().matches("[A-Za-z0-9 ._-]+"));
  }

  @Test
  @DisplayName("serverIds: valid ids up to 64 characters")
  void serverIds() {
    PropertyRun.forAll("server ids", Generators.serverIds(),
        id -> assertThat(id.value()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"));
    assertThat(Generators.serverIds().samples(COVERAGE_SEED, 500)).anyMatch(id -> id.value().length() == 64);
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertIscRules(FailoverMode mode, IscFailoverSettings s) {
    int buckets = s.primaryBuckets();
    if (mode == FailoverMode.LOAD_BALANCING) {
      assertThat(buckets).isBetween(1, 255);
    } else {
      assertThat(buckets).isIn(0, 256);
    }
    assertThat(s.split().isPresent() && s.hba().isPresent()).isFalse();
    assertThat(s.primaryAddress().equalsIgnoreCase(s.secondaryAddress()) && s.primaryPort() == s.secondaryPort())
        .isFalse();
    assertWholeSeconds(s.mclt(), 1, Integer.MAX_VALUE);
    assertWholeSeconds(s.maxResponseDelay(), 1, Integer.MAX_VALUE);
    assertThat(s.maxLeaseMisbalance()).isBetween(1, 100);
    assertThat(s.maxLeaseOwnership()).isBetween(1, 100);
    IscPeerDeclaration primary = s.declarationFor(ServerRole.PRIMARY);
    IscPeerDeclaration secondary = s.declarationFor(ServerRole.SECONDARY);
    assertThat(primary.mclt()).contains(s.mclt());
    assertThat(primary.split().isPresent() || primary.hba().isPresent()).isTrue();
    assertThat(secondary.mclt()).isEmpty();
    assertThat(secondary.split()).isEmpty();
    assertThat(secondary.hba()).isEmpty();
    assertThat(IscFailoverSettings.fromDeclarations(primary, secondary)).isEqualTo(s);
  }

  private static void assertKeaRules(FailoverMode mode, KeaHaSettings s, ServerId primary, ServerId partner,
      List<ServerId> backups) {
    assertThat(s.peersIn(ServerRole.PRIMARY)).singleElement().extracting(KeaPeer::server).isEqualTo(primary);
    assertThat(s.peerFor(partner)).map(KeaPeer::role).contains(KeaHaSettings.partnerRole(mode));
    assertThat(s.peersIn(ServerRole.SECONDARY)).hasSize(mode == FailoverMode.LOAD_BALANCING ? 1 : 0);
    assertThat(s.peersIn(ServerRole.STANDBY)).hasSize(mode == FailoverMode.HOT_STANDBY ? 1 : 0);
    for (KeaPeer p : s.peersIn(ServerRole.BACKUP)) {
      assertThat(p.server().equals(partner) || backups.contains(p.server())).as("backup " + p.server()).isTrue();
    }
    Set<String> names = new HashSet<>();
    Set<String> endpoints = new HashSet<>();
    for (KeaPeer p : s.peers()) {
      assertThat(names.add(p.name())).as("unique peer name " + p.name()).isTrue();
      assertThat(endpoints.add((p.url().getHost() + ":" + p.url().getPort()).toLowerCase(Locale.ROOT)))
          .as("unique endpoint " + p.url()).isTrue();
      assertThat(!p.https() || p.tlsConfigured() || s.tlsConfigured()).as("https with TLS " + p.url()).isTrue();
    }
    for (Duration timer : List.of(s.heartbeatDelay(), s.maxResponseDelay(), s.maxAckDelay())) {
      assertThat(timer.toMillis()).isBetween(0L, 65_535L);
      assertThat(timer.toNanos() % 1_000_000).isZero();
    }
    if (mode != FailoverMode.LOAD_BALANCING) {
      assertThat(s.effectiveDelayedUpdatesLimit(mode)).isZero();
    }
    if (mode != FailoverMode.PASSIVE_BACKUP) {
      assertThat(s.waitBackupAck()).isFalse();
    }
  }

  private static void assertWindowsRules(FailoverMode mode, WindowsFailoverSettings s) {
    if (mode == FailoverMode.LOAD_BALANCING) {
      assertThat(s.reservePercent()).isEmpty();
      assertThat(s.partnerRole()).isEmpty();
      assertThat(s.effectiveLoadBalancePercent()).isBetween(0, 100);
    } else {
      assertThat(s.loadBalancePercent()).isEmpty();
      assertThat(s.effectiveReservePercent()).isBetween(0, 100);
    }
    assertWholeSeconds(s.maxClientLeadTime(), 1, 4_294_967_295L);
    s.stateSwitchInterval().ifPresent(i -> assertWholeSeconds(i, 1, 4_294_967_295L));
    assertThat(s.sharedSecret().isEmpty() || s.messageAuthentication()).isTrue();
  }

  private static void assertWholeSeconds(Duration d, long min, long max) {
    assertThat(d.getNano()).as(d + " whole seconds").isZero();
    assertThat(d.getSeconds()).isBetween(min, max);
  }
}
