package dev.failover.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.Violations;
import dev.failover.internal.Texts;
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

  /** The relationship the state belongs to. */
  RelationshipName relationship();

  /** The server that reported it. */
  ServerId server();

  /** The server's own state. */
  FailoverState local();

  /** The state the server believes its partner is in, when it reports one. */
  Optional<FailoverState> partner();

  /** When the state was read. */
  Optional<Instant> observedAt();

  /** When the server last heard from its partner, when it reports that. */
  Optional<Instant> lastContact();

  /** Vendor details worth showing, by the vendor's own names. */
  Map<String, String> details();

  static ImmutableFailoverStatus.Builder builder() {
    return ImmutableFailoverStatus.builder();
  }

  /** A status with only the required parts. */
  static FailoverStatus of(RelationshipName relationship, ServerId server, FailoverState local) {
    return builder().relationship(relationship).server(server).local(local).build();
  }

  /** The vendor of the server (the vendor of its state). */
  default Vendor vendor() {
    return local().vendor();
  }

  /** The common meaning of the server's own state. */
  default CommonState localCommon() {
    return local().common();
  }

  /** The common meaning of the partner's state, when reported. */
  default Optional<CommonState> partnerCommon() {
    return partner().map(FailoverState::common);
  }

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
