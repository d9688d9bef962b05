package dev.failover.access;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * The answer of a permission predicate: allowed or not, and why. A denial lists every missing
 * permission with the object it is missing on:
 * {@code denied: bob replicating scope 10.1.0.0/24 from dhcp-a to dhcp-b needs one of "Read/write
 * scope options", "Edit reservations", … on scope 10.1.0.0/24 of dhcp-b}.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableAccessDecision.class)
@JsonDeserialize(as = ImmutableAccessDecision.class)
public abstract class AccessDecision {

  /** A permission that is missing, and where. */
  @Value.Immutable
  @FailoverStyle
  @JsonSerialize(as = ImmutableMissing.class)
  @JsonDeserialize(as = ImmutableMissing.class)
  public interface Missing {
    /** {@return what is needed: {@code DHCP administrator}, {@code "Add a scope"}, or a choice of bits} */
    @Value.Parameter
    String needs();

    /** {@return the object it is needed on: {@code server dhcp-a}, {@code scope 10.1.0.0/24 of dhcp-b}} */
    @Value.Parameter
    String on();
  }

  /** {@return who asked} */
  public abstract String principal();

  /** {@return what was asked, in words: {@code replicating scope 10.1.0.0/24 from dhcp-a to dhcp-b}} */
  public abstract String operation();

  /** {@return every permission that is missing; empty when allowed} */
  public abstract List<Missing> missing();

  /** {@return which permissions allowed it, when allowed} */
  public abstract List<String> grantedBy();

  /** {@return whether the request may go ahead (no permission is missing)} */
  public boolean allowed() {
    return missing().isEmpty();
  }

  /** {@return the decision in one sentence} */
  public String reason() {
    if (allowed()) {
      return "allowed: " + principal() + " " + operation()
          + (grantedBy().isEmpty() ? "" : " (" + String.join(", ", grantedBy()) + ")");
    }
    return "denied: " + principal() + " " + operation() + " needs "
        + missing().stream().map(m -> m.needs() + " on " + m.on()).collect(Collectors.joining(" and "));
  }

  /**
   * {@return this decision combined with another about the same request: allowed only if both are}
   *
   * @param other the other decision about the same request
   */
  public AccessDecision and(AccessDecision other) {
    return ImmutableAccessDecision.builder().from(this).addAllMissing(other.missing())
        .addAllGrantedBy(other.grantedBy()).build();
  }

  @Override
  public String toString() {
    return reason();
  }
}
