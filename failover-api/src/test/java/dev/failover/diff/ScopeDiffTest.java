package dev.failover.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.ConflictException;
import dev.failover.errors.ValidationException;
import dev.failover.json.FailoverJson;
import dev.failover.scope.ItemKind;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeDiffTest {

  private static final Subnet NET = Subnet.parse("10.1.0.0/24");

  private static dev.failover.scope.ImmutableScope.Builder base() {
    return Scope.builder().subnet(NET).addPool(Pool.of("10.1.0.100", "10.1.0.200"))
        .addOption(OptionValue.of(3, "10.1.0.1"));
  }

  @Test
  void equalScopesHaveNoChanges() {
    assertThat(ScopeDiff.between(base().build(), base().build())).isEmpty();
  }

  @Test
  void aMovedReservationIsOneModificationNotARemovalAndAnAddition() {
    Scope dest = base().addReservation(Reservation.of("00:11:22:33:44:55", "10.1.0.10")).build();
    Scope src = base().addReservation(Reservation.of("00:11:22:33:44:55", "10.1.0.11")).build();
    List<ItemChange> changes = ScopeDiff.between(dest, src);
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ItemChange.Type.MODIFY);
      assertThat(c.kind()).isEqualTo(ItemKind.RESERVATION);
      assertThat(c.key()).isEqualTo("hw-address:00:11:22:33:44:55");
      assertThat(c.toString()).isEqualTo("~reservation hw-address:00:11:22:33:44:55 in 10.1.0.0/24");
    });
  }

  @Test
  void entireContentsAreReplacedRemovalsFirstThenModificationsThenAdditions() {
    Scope dest = base().addReservation(Reservation.of("00:11:22:33:44:55", "10.1.0.10"))
        .addOption(OptionValue.of(6, "10.0.0.53")).build();
    Scope src = Scope.builder().subnet(NET).addPool(Pool.of("10.1.0.50", "10.1.0.60"))
        .addOption(OptionValue.of(3, "10.1.0.254")).build();
    List<ItemChange> changes = ScopeDiff.between(dest, src);
    assertThat(changes).extracting(ItemChange::toString).containsExactly(
        "-option dhcp4/6 in 10.1.0.0/24",
        "-pool 10.1.0.100-10.1.0.200 in 10.1.0.0/24",
        "-reservation hw-address:00:11:22:33:44:55 in 10.1.0.0/24",
        "~option dhcp4/3 in 10.1.0.0/24",
        "+pool 10.1.0.50-10.1.0.60 in 10.1.0.0/24");
    assertThat(ScopeDiff.apply(dest, changes)).isEqualTo(src);
    assertThat(ScopeDiff.apply(src, ScopeDiff.inverse(changes))).isEqualTo(dest);
  }

  @Test
  void applyingToAScopeThatChangedMeanwhileIsAConflict() {
    Scope dest = base().build();
    Scope src = base().addReservation(Reservation.of("00:11:22:33:44:55", "10.1.0.10")).build();
    List<ItemChange> changes = ScopeDiff.between(dest, src);
    Scope meanwhile = base().addReservation(Reservation.of("00:11:22:33:44:55", "10.1.0.12")).build();
    assertThatThrownBy(() -> ScopeDiff.apply(meanwhile, changes)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("reservation hw-address:00:11:22:33:44:55");
  }

  @Test
  void scopesOfDifferentSubnetsCannotBeDiffed() {
    assertThatThrownBy(() -> ScopeDiff.between(Scope.of("10.1.0.0/24"), Scope.of("10.2.0.0/24")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("source.subnet");
  }

  @Test
  void aChangeMustKeepTheItemsIdentity() {
    assertThatThrownBy(() -> ItemChange.modify(NET, Pool.of("10.1.0.1", "10.1.0.2"), Pool.of("10.1.0.1", "10.1.0.3")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must be the same item as before");
    assertThatThrownBy(() -> ItemChange.modify(NET, Pool.of("10.1.0.1", "10.1.0.2"), Pool.of("10.1.0.1", "10.1.0.2")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must differ");
  }

  @Test
  void changesRoundTripThroughJson() {
    ItemChange c = ItemChange.modify(NET, Reservation.of("00:11:22:33:44:55", "10.1.0.10"),
        Reservation.of("00:11:22:33:44:55", "10.1.0.11"));
    String json = FailoverJson.write(c);
    assertThat(json).contains("\"item\":\"reservation\"");
    assertThat(FailoverJson.read(json, ItemChange.class)).isEqualTo(c);
  }
}
