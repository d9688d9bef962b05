package dev.failover.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The failover state of one server of a relationship, as its backend observed it: the
 * server's own state, the state it believes its partner is in (when it reports one), when it
 * was observed and when the partner was last heard from, and vendor details worth showing
 * (for example {@code mclt}, {@code unacked-clients}, {@code unsent-update-count}).
 *
 * <pre>{@code
 * FailoverStatus status = FailoverStatus.builder()
 *     .relationship(RelationshipName.of("pair-1")).server(ServerId.of("dhcp-a"))
 *     .local(KeaHaState.PARTNER_DOWN).partner(KeaHaState.UNAVAILABLE)
 *     .putDetail("unacked-clients", "0").build();
 * status.localCommon();   // CommonState.PARTNER_DOWN
 * }</pre>
 *
 * <p>Rules: the partner's state belongs to the same vendor as the local one; detail keys are
 * non-empty and details hold no control characters.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableFailoverStatus.class)
@JsonDeserialize(as = ImmutableFailoverStatus.class)
public interface FailoverStatus {

  /** {@return the relationship the state belongs to} */
  RelationshipName relationship();

  /** {@return the server that reported it} */
  ServerId server();

  /** {@return the server's own state} */
  FailoverState local();

  /** {@return the state the server believes its partner is in, when it reports one} */
  Optional<FailoverState> partner();

  /** {@return when the state was read} */
  Optional<Instant> observedAt();

  /** {@return when the server last heard from its partner, when it reports that} */
  Optional<Instant> lastContact();

  /** {@return vendor details worth showing, by the vendor's own names} */
  Map<String, String> details();

  /** {@return a builder for a status} */
  static ImmutableFailoverStatus.Builder builder() {
    return ImmutableFailoverStatus.builder();
  }

  /**
   * {@return a status with only the required parts}
   *
   * @param relationship the relationship's name
   * @param server the server that reported
   * @param local the server's own state
   */
  static FailoverStatus of(RelationshipName relationship, ServerId server, FailoverState local) {
    return builder().relationship(relationship).server(server).local(local).build();
  }

  /** {@return the vendor of the server (the vendor of its state)} */
  default Vendor vendor() {
    return local().vendor();
  }

  /** {@return the common meaning of the server's own state} */
  default CommonState localCommon() {
    return local().common();
  }

  /** {@return the common meaning of the partner's state, when reported} */
  default Optional<CommonState> partnerCommon() {
    return partner().map(FailoverState::common);
  }

  /** Checks the status's own shape when it is built. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    partner().ifPresent(p -> v.check(p.vendor() == local().vendor(), "partner", p.vendor() + " " + p.vendorName(),
        "must be a state of the same vendor as the local state (" + local().vendor() + ")"));
    details().forEach((key, value) -> v
        .check(!key.isEmpty() && Texts.printable(key), "details", Texts.quoted(key),
            "keys must be non-empty and without control characters")
        .check(Texts.printable(value), "details." + key, Texts.quoted(value), "must not contain control characters"));
    v.throwIfAny("failover status of " + server() + " in " + relationship());
  }
}
