package dev.failover.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.json.FailoverJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the scope values (DESIGN.md vocabulary: scope, pool, exclusion, reservation, option value). */
class ScopeValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "10.1.0", "10.1.0.256", "10.1.0.01x", "1.2.3.4.5", " 10.1.0.1", "10..0.1", "-1.0.0.0"})
  void anIpv4AddressIsAStrictDottedQuad(String text) {
    assertThatThrownBy(() -> Ipv4Address.parse(text)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("address"));
  }

  @Test
  void addressesAndSubnetsParseAndPrint() {
    assertThat(Ipv4Address.parse("255.255.255.255").toString()).isEqualTo("255.255.255.255");
    Subnet s = Subnet.parse("10.1.0.0/24");
    assertThat(s.broadcast()).isEqualTo(Ipv4Address.parse("10.1.0.255"));
    assertThat(s.contains(Ipv4Address.parse("10.1.0.7"))).isTrue();
    assertThat(s.contains(Ipv4Address.parse("10.1.1.7"))).isFalse();
    assertThat(FailoverJson.read(FailoverJson.write(s), Subnet.class)).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.0.0", "10.1.0.0/", "10.1.0.0/33", "10.1.0.1/24", "10.1.0.0/2x", "10.1.0.0/024"})
  void aSubnetIsANetworkAddressAndAPrefix(String text) {
    assertThatThrownBy(() -> Subnet.parse(text)).isInstanceOf(ValidationException.class);
  }

  @Test
  void aRangeDoesNotEndBeforeItStarts() {
    assertThatThrownBy(() -> AddressRange.of("10.1.0.9", "10.1.0.1")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("range must not end before it starts, was 10.1.0.9-10.1.0.1");
    assertThat(AddressRange.parse("10.1.0.1-10.1.0.9").overlaps(AddressRange.parse("10.1.0.9-10.1.0.20"))).isTrue();
    assertThat(AddressRange.parse("10.1.0.1-10.1.0.9").overlaps(AddressRange.parse("10.1.0.10-10.1.0.20"))).isFalse();
  }

  @Test
  void reservationIdentifiersAreNormalisedHexBytes() {
    assertThat(Reservation.of("00-16-3E-0A-0B-0C", "10.1.0.5").identifier()).isEqualTo("00:16:3e:0a:0b:0c");
    assertThat(Reservation.of("00163E0A0B0C", "10.1.0.5").identifier()).isEqualTo("00:16:3e:0a:0b:0c");
    assertThat(Reservation.of("0:16:3e:a:b:c", "10.1.0.5").identifier()).isEqualTo("00:16:3e:0a:0b:0c");
    // already normal (as a configuration read back holds them): kept as they are, up to 128 bytes
    assertThat(Reservation.of("00:16:3e:0a:0b:0c", "10.1.0.5").identifier()).isEqualTo("00:16:3e:0a:0b:0c");
    assertThat(Reservation.builder().identifierType(Reservation.IdentifierType.CLIENT_ID).identifier("ab")
        .address(Ipv4Address.parse("10.1.0.5")).build().identifier()).isEqualTo("ab");
    String longest = String.join(":", java.util.Collections.nCopies(128, "0f"));
    assertThat(Reservation.builder().identifierType(Reservation.IdentifierType.DUID).identifier(longest)
        .address(Ipv4Address.parse("10.1.0.5")).build().identifier()).isEqualTo(longest);
    assertThatThrownBy(() -> Reservation.builder().identifierType(Reservation.IdentifierType.DUID).identifier(longest + ":0f")
        .address(Ipv4Address.parse("10.1.0.5")).build()).isInstanceOf(ValidationException.class);
    for (String bad : new String[] {"", "zz:00", "00::11", "001", "00:11:", "0011223344556677889900112233445566778899aabb",
        "0a:", ":0a", "0a:0g", "0a-0b:"}) {
      assertThatThrownBy(() -> Reservation.of(bad, "10.1.0.5")).as(bad).isInstanceOf(ValidationException.class);
    }
  }

  @Test
  void aReservationReportsEveryBrokenRule() {
    assertThatThrownBy(() -> Reservation.builder().identifier("xx").address(Ipv4Address.parse("10.1.0.5"))
        .hostname("bad host").name("").description("line\nbreak").build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::field)
            .containsExactlyInAnyOrder("identifier", "hostname", "name", "description"));
  }

  @Test
  void aScopeChecksItsContentsTogether() {
    ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class, () -> Scope.builder()
        .subnet(Subnet.parse("10.1.0.0/24"))
        .addPools(Pool.of("10.1.0.100", "10.1.0.200"), Pool.of("10.1.0.150", "10.1.0.250"), Pool.of("10.2.0.1", "10.2.0.9"))
        .addExclusions(Exclusion.of("10.1.0.1", "10.1.0.9"), Exclusion.of("10.1.0.5", "10.1.0.6"))
        .addReservations(Reservation.of("00:16:3e:00:00:01", "10.1.0.10"), Reservation.of("00:16:3e:00:00:01", "10.1.0.11"),
            Reservation.of("00:16:3e:00:00:02", "10.1.0.10"), Reservation.of("00:16:3e:00:00:03", "10.1.0.255"),
            Reservation.of("00:16:3e:00:00:04", "10.9.0.1"))
        .addOptions(OptionValue.of(3, "10.1.0.1"), OptionValue.of(3, "10.1.0.2"))
        .build());
    assertThat(e.violations()).extracting(Violation::rule).contains(
        "must lie inside the subnet 10.1.0.0/24", "must not overlap pool 10.1.0.100-10.1.0.200",
        "must not overlap exclusion 10.1.0.1-10.1.0.9", "must have a unique client identifier in the scope",
        "must not take the network or broadcast address", "must be set once per option space, code and class");
    assertThat(e.violations()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(e.getMessage()).startsWith("invalid scope 10.1.0.0/24 (");
  }

  @Test
  void aScopeIsCanonicalWhateverTheOrderItWasBuiltIn() {
    Scope one = Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.200", "10.1.0.210"))
        .addPool(Pool.of("10.1.0.100", "10.1.0.110")).addReservation(Reservation.of("00:16:3e:00:00:02", "10.1.0.12"))
        .addReservation(Reservation.of("00:16:3e:00:00:01", "10.1.0.11")).build();
    Scope two = Scope.builder().subnet(Subnet.parse("10.1.0.0/24")).addPool(Pool.of("10.1.0.100", "10.1.0.110"))
        .addPool(Pool.of("10.1.0.200", "10.1.0.210")).addReservation(Reservation.of("00:16:3e:00:00:01", "10.1.0.11"))
        .addReservation(Reservation.of("00:16:3e:00:00:02", "10.1.0.12")).build();
    assertThat(one).isEqualTo(two);
    assertThat(one.itemCount()).isEqualTo(5);
    assertThat(FailoverJson.read(FailoverJson.write(one), Scope.class)).isEqualTo(one);
  }

  @Test
  void optionsAndPropertiesHaveTheirRanges() {
    assertThatThrownBy(() -> OptionValue.of(0, "x")).hasMessageContaining("code must be between 1 and 254");
    assertThatThrownBy(() -> OptionValue.of(255, "x")).hasMessageContaining("code must be between 1 and 254");
    assertThat(OptionValue.builder().code(6).value("10.0.0.53").userClass("voip").build().key()).isEqualTo("dhcp4/6/user:voip");
    assertThatThrownBy(() -> ScopeProperties.builder().leaseTime(Duration.ZERO).id(0).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).extracting(Violation::field)
            .containsExactly("leaseTime", "id"));
    assertThat(ScopeProperties.builder().id(4294967294L).build().id()).hasValue(4294967294L);
    assertThat(ScopeProperties.defaults().enabled()).isTrue();
    assertThatThrownBy(() -> ImmutablePool.copyOf(Pool.of("10.1.0.1", "10.1.0.2")).withFailoverPeer("a\nb"))
        .hasMessageContaining("failoverPeer must be 1 to 126 characters");
  }
}
