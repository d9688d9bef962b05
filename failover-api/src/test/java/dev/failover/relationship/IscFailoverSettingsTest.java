package dev.failover.relationship;

import static dev.failover.relationship.Expect.fields;
import static dev.failover.relationship.Expect.violations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.errors.Violation;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ISC failover settings (vendor-facts §2)")
class IscFailoverSettingsTest {

  static final String HALF_HBA = String.join(":", Collections.nCopies(16, "ff")) + ":"
      + String.join(":", Collections.nCopies(16, "00"));
  static final String ALL_ONES = String.join(":", Collections.nCopies(32, "ff"));
  static final String ALL_ZEROS = String.join(":", Collections.nCopies(32, "00"));

  static ImmutableIscFailoverSettings.Builder valid() {
    return IscFailoverSettings.builder().primaryAddress("192.0.2.1").secondaryAddress("192.0.2.2");
  }

  @Nested
  @DisplayName("defaults")
  class Defaults {

    @Test
    @DisplayName("§2.1: ports default to 647 and the parameters to dhcpd.conf(5)'s example, as a real 4.4.3 pair reports over OMAPI")
    void manPageExample() {
      IscFailoverSettings s = IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2");
      assertThat(s.primaryPort()).isEqualTo(647);
      assertThat(s.secondaryPort()).isEqualTo(647);
      assertThat(s.maxResponseDelay()).isEqualTo(Duration.ofSeconds(60));
      assertThat(s.maxUnackedUpdates()).isEqualTo(10);
      assertThat(s.mclt()).isEqualTo(Duration.ofSeconds(3600));
      assertThat(s.split()).isEqualTo(OptionalInt.of(128));
      assertThat(s.hba()).isEmpty();
      assertThat(s.loadBalanceMaxSeconds()).isEqualTo(3);
      assertThat(s.autoPartnerDown()).isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("§2.1: lease balancing defaults are dhcpd's: misbalance 15 %, ownership 10 %, min-balance 60 s, max-balance 3600 s")
    void balancingDefaults() {
      IscFailoverSettings s = valid().build();
      assertThat(s.maxLeaseMisbalance()).isEqualTo(15);
      assertThat(s.maxLeaseOwnership()).isEqualTo(10);
      assertThat(s.minBalance()).isEqualTo(Duration.ofSeconds(60));
      assertThat(s.maxBalance()).isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    @DisplayName("§2.1: what dhcpd itself uses for omitted statements is kept as constants (20 s, 100 updates)")
    void dhcpdCodeDefaults() {
      assertThat(IscFailoverSettings.DHCPD_DEFAULT_MAX_RESPONSE_DELAY).isEqualTo(Duration.ofSeconds(20));
      assertThat(IscFailoverSettings.DHCPD_DEFAULT_MAX_UNACKED_UPDATES).isEqualTo(100);
    }

    @Test
    @DisplayName("§2.2: hot standby is split 256 (the primary serves every client)")
    void hotStandbyIsSplit256() {
      IscFailoverSettings s = IscFailoverSettings.forMode(FailoverMode.HOT_STANDBY, "192.0.2.1", "192.0.2.2");
      assertThat(s.split()).isEqualTo(OptionalInt.of(256));
      assertThat(s.violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
      assertThat(IscFailoverSettings.forMode(FailoverMode.LOAD_BALANCING, "192.0.2.1", "192.0.2.2").split())
          .isEqualTo(OptionalInt.of(128));
    }

    @Test
    @DisplayName("dhcpd has no passive backup")
    void noPassiveBackup() {
      assertThat(fields(() -> IscFailoverSettings.forMode(FailoverMode.PASSIVE_BACKUP, "192.0.2.1", "192.0.2.2")))
          .containsExactly("mode");
    }

    @Test
    @DisplayName("with an hba and no split, split stays unset")
    void hbaLeavesSplitUnset() {
      IscFailoverSettings s = valid().hba(HALF_HBA).build();
      assertThat(s.split()).isEmpty();
      assertThat(s.primaryBuckets()).isEqualTo(128);
    }
  }

  @Nested
  @DisplayName("addresses and ports")
  class AddressesAndPorts {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"192.0.2.1", "dhcp-a.example.net", "dhcp1"})
    @DisplayName("§2.1: address may be an IP address or a host name")
    void acceptsAddressesAndNames(String address) {
      assertThat(valid().primaryAddress(address).build().primaryAddress()).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "192.0.2.300", "10.0.0", "2001:db8::1", "a b", "x\"; } include \"/etc/passwd", "-dash"})
    @DisplayName("§2.1/§2.2: anything else is refused, including IPv6 (dhcpd failover is IPv4 only) and hostile text")
    void refusesOtherText(String address) {
      assertThat(fields(() -> valid().primaryAddress(address).build())).containsExactly("primaryAddress");
      assertThat(fields(() -> valid().secondaryAddress(address).build())).containsExactly("secondaryAddress");
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {1, 647, 847, 65535})
    @DisplayName("§2.2: ports 1 to 65535 (647 default, 847 dhcp-failover2)")
    void portsInRange(int port) {
      assertThat(valid().primaryPort(port).secondaryPort(port).build().secondaryPort()).isEqualTo(port);
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {-1, 0, 65536})
    @DisplayName("§2.2: ports outside 1 to 65535 are refused")
    void portsOutOfRange(int port) {
      assertThat(fields(() -> valid().primaryPort(port).build())).containsExactly("primaryPort");
      assertThat(fields(() -> valid().secondaryPort(port).build())).containsExactly("secondaryPort");
    }

    @Test
    @DisplayName("a server cannot be its own peer: same address and port on both sides is refused")
    void sameEndpoint() {
      assertThat(fields(() -> valid().secondaryAddress("192.0.2.1").build())).containsExactly("secondaryPort");
      assertThat(valid().secondaryAddress("192.0.2.1").secondaryPort(847).build().secondaryPort()).isEqualTo(847);
    }
  }

  @Nested
  @DisplayName("parameter ranges")
  class Ranges {

    @Test
    @DisplayName("§2.1: max-response-delay is whole seconds from 1; 0 is refused because dhcpd silently uses 20")
    void maxResponseDelay() {
      assertThat(valid().maxResponseDelay(Duration.ofSeconds(1)).build().maxResponseDelay()).hasSeconds(1);
      assertThat(valid().maxResponseDelay(Duration.ofSeconds(Integer.MAX_VALUE)).build()).isNotNull();
      assertThat(fields(() -> valid().maxResponseDelay(Duration.ZERO).build())).containsExactly("maxResponseDelay");
      assertThat(fields(() -> valid().maxResponseDelay(Duration.ofSeconds(Integer.MAX_VALUE + 1L)).build()))
          .containsExactly("maxResponseDelay");
      assertThat(fields(() -> valid().maxResponseDelay(Duration.ofMillis(1500)).build()))
          .containsExactly("maxResponseDelay");
    }

    @Test
    @DisplayName("§2.1: max-unacked-updates from 1; 0 is refused because dhcpd silently uses 100")
    void maxUnackedUpdates() {
      assertThat(valid().maxUnackedUpdates(1).build().maxUnackedUpdates()).isEqualTo(1);
      assertThat(fields(() -> valid().maxUnackedUpdates(0).build())).containsExactly("maxUnackedUpdates");
      assertThat(fields(() -> valid().maxUnackedUpdates(-5).build())).containsExactly("maxUnackedUpdates");
    }

    @Test
    @DisplayName("§2.2: mclt is required on the primary; 0 counts as missing, so it is refused")
    void mclt() {
      assertThat(valid().mclt(Duration.ofSeconds(1)).build().mclt()).hasSeconds(1);
      Violation v = violations(() -> valid().mclt(Duration.ZERO).build()).get(0);
      assertThat(v.field()).isEqualTo("mclt");
      assertThat(v.value()).isEqualTo("PT0S");
    }

    @ParameterizedTest(name = "split {0}")
    @ValueSource(ints = {0, 1, 128, 255, 256})
    @DisplayName("§2.2: split is legal from 0 to 256 (256 since 4.3.2)")
    void splitInRange(int split) {
      assertThat(valid().split(split).build().split()).isEqualTo(OptionalInt.of(split));
    }

    @ParameterizedTest(name = "split {0}")
    @ValueSource(ints = {-1, 257, 1000})
    @DisplayName("§2.2: split outside 0 to 256 is refused (\"split must be between 0 and 256, inclusive\")")
    void splitOutOfRange(int split) {
      assertThat(fields(() -> valid().split(split).build())).containsExactly("split");
    }

    @Test
    @DisplayName("§2.2: hba must be exactly 32 colon-separated hex bytes; one-digit bytes are read as dhcpd reads them")
    void hbaShape() {
      assertThat(valid().hba(HALF_HBA).build().hba()).contains(HALF_HBA);
      String oneDigit = String.join(":", Collections.nCopies(32, "f"));
      assertThat(valid().hba(oneDigit).build().primaryBuckets()).isEqualTo(128);
      String bytes31 = String.join(":", Collections.nCopies(31, "ff"));
      String bytes33 = String.join(":", Collections.nCopies(33, "ff"));
      String notHex = String.join(":", Collections.nCopies(32, "zz"));
      for (String bad : List.of(bytes31, bytes33, notHex, "", "ff ff")) {
        assertThat(fields(() -> valid().hba(bad).build())).as(bad).containsExactly("hba");
      }
    }

    @Test
    @DisplayName("§2.2: split and hba never both (\"You must only have split or hba defined, never both\")")
    void splitAndHbaExclusive() {
      List<Violation> v = violations(() -> valid().split(128).hba(HALF_HBA).build());
      assertThat(v).extracting(Violation::field).containsExactly("hba");
      assertThat(v.get(0).rule()).contains("never both");
    }

    @Test
    @DisplayName("§2.2: the primary must have split or hba (\"primary failover server must have hba or split\")")
    void splitOrHbaRequired() {
      assertThat(fields(() -> valid().split(OptionalInt.empty()).build())).containsExactly("split");
    }

    @Test
    @DisplayName("§2.2: load balance max seconds from 0 (0 disables load balancing)")
    void loadBalanceMaxSeconds() {
      assertThat(valid().loadBalanceMaxSeconds(0).build().loadBalanceMaxSeconds()).isZero();
      assertThat(fields(() -> valid().loadBalanceMaxSeconds(-1).build())).containsExactly("loadBalanceMaxSeconds");
    }

    @Test
    @DisplayName("§2.2: auto-partner-down is whole seconds from 0 (0 = disabled, the default)")
    void autoPartnerDown() {
      assertThat(valid().autoPartnerDown(Duration.ofMinutes(5)).build().autoPartnerDown()).hasMinutes(5);
      assertThat(fields(() -> valid().autoPartnerDown(Duration.ofSeconds(-1)).build())).containsExactly("autoPartnerDown");
    }

    @ParameterizedTest(name = "{0} %")
    @ValueSource(ints = {1, 50, 100})
    @DisplayName("§2.2: lease misbalance and ownership percentages up to 100")
    void percentagesInRange(int percent) {
      IscFailoverSettings s = valid().maxLeaseMisbalance(percent).maxLeaseOwnership(percent).build();
      assertThat(s.maxLeaseMisbalance()).isEqualTo(percent);
    }

    @ParameterizedTest(name = "{0} %")
    @ValueSource(ints = {-1, 0, 101})
    @DisplayName("§2.2: percentages above 100 are refused, and 0 because dhcpd silently replaces it with its default")
    void percentagesOutOfRange(int percent) {
      assertThat(fields(() -> valid().maxLeaseMisbalance(percent).maxLeaseOwnership(percent).build()))
          .containsExactly("maxLeaseMisbalance", "maxLeaseOwnership");
    }

    @Test
    @DisplayName("§2.2: min-balance and max-balance are whole seconds from 1 (0 is replaced by dhcpd's default)")
    void balanceTimes() {
      assertThat(valid().minBalance(Duration.ofSeconds(1)).maxBalance(Duration.ofSeconds(Integer.MAX_VALUE)).build())
          .isNotNull();
      assertThat(fields(() -> valid().minBalance(Duration.ZERO).maxBalance(Duration.ZERO).build()))
          .containsExactly("minBalance", "maxBalance");
    }

    @Test
    @DisplayName("every broken rule is reported at once")
    void allAtOnce() {
      List<Violation> v = violations(() -> IscFailoverSettings.builder()
          .primaryAddress("bad address").secondaryAddress("192.0.2.2")
          .primaryPort(0).maxUnackedUpdates(0).mclt(Duration.ZERO).split(300).maxLeaseOwnership(200).build());
      assertThat(v).extracting(Violation::field)
          .containsExactlyInAnyOrder("primaryAddress", "primaryPort", "maxUnackedUpdates", "mclt", "split",
              "maxLeaseOwnership");
    }
  }

  @Nested
  @DisplayName("mode rules")
  class ModeRules {

    @ParameterizedTest(name = "split {0}")
    @ValueSource(ints = {1, 128, 255})
    @DisplayName("§2.2: load balancing with a split that gives both servers a share")
    void loadBalancingSplit(int split) {
      assertThat(valid().split(split).build().violationsIn(FailoverMode.LOAD_BALANCING)).isEmpty();
    }

    @ParameterizedTest(name = "split {0}")
    @ValueSource(ints = {0, 256})
    @DisplayName("§2.2: load balancing with split 0 or 256 leaves one server serving everything: refused")
    void loadBalancingOneSided(int split) {
      assertThat(fields(valid().split(split).build().violationsIn(FailoverMode.LOAD_BALANCING))).containsExactly("split");
    }

    @ParameterizedTest(name = "split {0}")
    @ValueSource(ints = {0, 256})
    @DisplayName("§2.2: hot standby is split 256 (primary serves) or 0 (secondary serves)")
    void hotStandbySplit(int split) {
      assertThat(valid().split(split).build().violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("§2.2: hot standby with split 128 is refused")
    void hotStandbyWithHalfSplit() {
      assertThat(fields(valid().split(128).build().violationsIn(FailoverMode.HOT_STANDBY))).containsExactly("split");
    }

    @Test
    @DisplayName("§2.2: with an hba, hot standby needs all ones or all zeros and load balancing a mix")
    void hbaModes() {
      assertThat(valid().hba(ALL_ONES).build().violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
      assertThat(valid().hba(ALL_ZEROS).build().violationsIn(FailoverMode.HOT_STANDBY)).isEmpty();
      assertThat(fields(valid().hba(HALF_HBA).build().violationsIn(FailoverMode.HOT_STANDBY))).containsExactly("hba");
      assertThat(valid().hba(HALF_HBA).build().violationsIn(FailoverMode.LOAD_BALANCING)).isEmpty();
      assertThat(fields(valid().hba(ALL_ONES).build().violationsIn(FailoverMode.LOAD_BALANCING))).containsExactly("hba");
    }

    @Test
    @DisplayName("passive backup is not a dhcpd mode")
    void passiveBackup() {
      assertThat(fields(valid().build().violationsIn(FailoverMode.PASSIVE_BACKUP))).containsExactly("mode");
    }
  }

  @Nested
  @DisplayName("advisories")
  class Advisories {

    @Test
    @DisplayName("the defaults follow every recommendation")
    void defaultsAreQuiet() {
      assertThat(valid().build().advisories(FailoverMode.LOAD_BALANCING)).isEmpty();
      assertThat(valid().split(256).build().advisories(FailoverMode.HOT_STANDBY)).isEmpty();
    }

    @Test
    @DisplayName("§2/product notes: max-unacked-updates other than 10")
    void unackedUpdates() {
      assertThat(valid().maxUnackedUpdates(100).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("max-unacked-updates").contains("10");
    }

    @Test
    @DisplayName("§2.2: a load-balancing split other than 128")
    void split() {
      assertThat(valid().split(100).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("128");
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(ints = {1, 4, 10})
    @DisplayName("§2.2: load balance max seconds other than 3 or 5")
    void loadBalanceMaxSecondsOff(int seconds) {
      assertThat(valid().loadBalanceMaxSeconds(seconds).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("3 or 5");
    }

    @Test
    @DisplayName("§2.2: load balance max seconds 5 is as recommended, 0 disables load balancing")
    void loadBalanceMaxSecondsFiveOrZero() {
      assertThat(valid().loadBalanceMaxSeconds(5).build().advisories(FailoverMode.LOAD_BALANCING)).isEmpty();
      assertThat(valid().loadBalanceMaxSeconds(0).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("disabled");
    }

    @Test
    @DisplayName("§2.2: an mclt away from about 3600 s, written on the primary only")
    void mclt() {
      assertThat(valid().mclt(Duration.ofSeconds(5)).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("3600").contains("primary only");
    }

    @Test
    @DisplayName("§2.2: auto-partner-down is dangerous without a heartbeat cable and missing in 4.1-ESV")
    void autoPartnerDown() {
      assertThat(valid().autoPartnerDown(Duration.ofSeconds(60)).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("auto-partner-down").contains("4.1-ESV");
    }

    @Test
    @DisplayName("§2.2: ownership should be below misbalance; percentages over 50 behave like 50")
    void balancingPercentages() {
      assertThat(valid().maxLeaseOwnership(15).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("max-lease-ownership");
      assertThat(valid().maxLeaseMisbalance(80).maxLeaseOwnership(10).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("above 50");
    }

    @Test
    @DisplayName("min-balance longer than max-balance")
    void minAboveMax() {
      assertThat(valid().minBalance(Duration.ofSeconds(7200)).build().advisories(FailoverMode.LOAD_BALANCING))
          .singleElement().asString().contains("min-balance");
    }

    @Test
    @DisplayName("§2.2: hot standby with split 0 makes the secondary the serving server")
    void splitZero() {
      assertThat(valid().split(0).build().advisories(FailoverMode.HOT_STANDBY))
          .singleElement().asString().contains("secondary server serves every client");
    }
  }

  @Nested
  @DisplayName("peer declarations")
  class Declarations {

    @Test
    @DisplayName("§2.1: the primary's declaration carries mclt and split, and points at the secondary")
    void primary() {
      IscFailoverSettings s = valid().secondaryPort(847).build();
      IscPeerDeclaration d = s.declarationFor(ServerRole.PRIMARY);
      assertThat(d.role()).isEqualTo(ServerRole.PRIMARY);
      assertThat(d.address()).isEqualTo("192.0.2.1");
      assertThat(d.port()).isEqualTo(647);
      assertThat(d.peerAddress()).isEqualTo("192.0.2.2");
      assertThat(d.peerPort()).isEqualTo(847);
      assertThat(d.mclt()).contains(Duration.ofHours(1));
      assertThat(d.split()).isEqualTo(OptionalInt.of(128));
      assertThat(d.maxResponseDelay()).isEqualTo(s.maxResponseDelay());
      assertThat(d.maxUnackedUpdates()).isEqualTo(s.maxUnackedUpdates());
      assertThat(d.loadBalanceMaxSeconds()).isEqualTo(s.loadBalanceMaxSeconds());
    }

    @Test
    @DisplayName("§2.1: the secondary's declaration has no mclt, split or hba, and swaps address and port with the peer's")
    void secondary() {
      IscPeerDeclaration d = valid().secondaryPort(847).hba(HALF_HBA).build().declarationFor(ServerRole.SECONDARY);
      assertThat(d.role()).isEqualTo(ServerRole.SECONDARY);
      assertThat(d.address()).isEqualTo("192.0.2.2");
      assertThat(d.port()).isEqualTo(847);
      assertThat(d.peerAddress()).isEqualTo("192.0.2.1");
      assertThat(d.peerPort()).isEqualTo(647);
      assertThat(d.mclt()).isEmpty();
      assertThat(d.split()).isEmpty();
      assertThat(d.hba()).isEmpty();
    }

    @Test
    @DisplayName("§2.1: the primary's declaration carries the hba when the settings use one")
    void hbaOnPrimary() {
      IscPeerDeclaration d = valid().hba(ALL_ONES).build().declarationFor(ServerRole.PRIMARY);
      assertThat(d.hba()).contains(ALL_ONES);
      assertThat(d.split()).isEmpty();
    }

    @Test
    @DisplayName("§2.1: dhcpd knows only primary and secondary")
    void otherRoles() {
      IscFailoverSettings s = valid().build();
      assertThat(fields(() -> s.declarationFor(ServerRole.STANDBY))).containsExactly("role");
      assertThat(fields(() -> s.declarationFor(ServerRole.BACKUP))).containsExactly("role");
    }

    @Test
    @DisplayName("the two declarations read back into the same settings")
    void roundTrip() {
      IscFailoverSettings s = valid().secondaryPort(847).maxUnackedUpdates(20).mclt(Duration.ofSeconds(1800))
          .hba(HALF_HBA).autoPartnerDown(Duration.ofSeconds(30)).maxLeaseMisbalance(20).build();
      IscFailoverSettings back = IscFailoverSettings.fromDeclarations(s.declarationFor(ServerRole.PRIMARY),
          s.declarationFor(ServerRole.SECONDARY));
      assertThat(back).isEqualTo(s);
    }

    @Test
    @DisplayName("§4 pain point: port and peer port swapped on the secondary are both reported")
    void swappedPorts() {
      IscFailoverSettings s = valid().secondaryPort(847).build();
      IscPeerDeclaration swapped = IscPeerDeclaration.builder().from(s.declarationFor(ServerRole.SECONDARY))
          .port(647).peerPort(847).build();
      assertThat(fields(() -> IscFailoverSettings.fromDeclarations(s.declarationFor(ServerRole.PRIMARY), swapped)))
          .containsExactly("primary.peerPort", "secondary.peerPort");
    }

    @Test
    @DisplayName("§4 pain point: both servers declared secondary is reported with every address mismatch at once")
    void bothSecondary() {
      IscFailoverSettings s = valid().build();
      IscPeerDeclaration secondary = s.declarationFor(ServerRole.SECONDARY);
      assertThat(fields(() -> IscFailoverSettings.fromDeclarations(secondary, secondary)))
          .containsExactly("primary.role", "primary.peerAddress", "secondary.peerAddress");
    }

    @Test
    @DisplayName("shared parameters that differ between the two sides are reported")
    void differingParameters() {
      IscFailoverSettings s = valid().build();
      IscPeerDeclaration secondary = IscPeerDeclaration.builder().from(s.declarationFor(ServerRole.SECONDARY))
          .maxResponseDelay(Duration.ofSeconds(30)).maxUnackedUpdates(99).build();
      assertThat(fields(() -> IscFailoverSettings.fromDeclarations(s.declarationFor(ServerRole.PRIMARY), secondary)))
          .containsExactly("secondary.maxResponseDelay", "secondary.maxUnackedUpdates");
    }
  }
}
