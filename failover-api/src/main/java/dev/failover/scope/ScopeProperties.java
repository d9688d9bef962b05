package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A scope's own properties. {@link #id()} is the vendor's numeric identifier where it has one
 * (Kea's subnet {@code id}, which must be identical on both partners); it is replicated with
 * the rest of the scope's contents.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableScopeProperties.class)
@JsonDeserialize(as = ImmutableScopeProperties.class)
public interface ScopeProperties extends ScopeItem {

  /** {@return the scope's name; empty when not set} */
  @Value.Default
  default String name() {
    return "";
  }

  /** {@return the scope's description; empty when not set} */
  @Value.Default
  default String description() {
    return "";
  }

  /** {@return the default lease time of the scope, when it sets one} */
  Optional<Duration> leaseTime();

  /** {@return whether the scope serves clients; a disabled copy keeps its contents but answers no one} */
  @Value.Default
  default boolean enabled() {
    return true;
  }

  /** {@return the vendor's numeric id of the scope (Kea subnet id), 1 to 4294967294} */
  OptionalLong id();

  /**
   * {@return ISC dhcpd only: the subnet's own statements besides its options, its {@code default-lease-time}
   * and its booting switch, in file order, each as dhcpd's tokens separated by single spaces,
   * without the closing semicolon (for example {@code max-lease-time 7200},
   * {@code filename "pxelinux.0"}, {@code next-server 10.0.0.9}, {@code deny unknown-clients})} They travel verbatim: replication copies them, drift compares them; Kea and Windows refuse a
   * scope that has any.
   */
  List<String> iscStatements();

  /** {@return properties with every default: no name, enabled, no lease time or id} */
  static ScopeProperties defaults() {
    return ImmutableScopeProperties.builder().build();
  }

  /** {@return a builder for properties} */
  static ImmutableScopeProperties.Builder builder() {
    return ImmutableScopeProperties.builder();
  }

  @Override
  default ItemKind kind() {
    return ItemKind.PROPERTIES;
  }

  @Override
  default String key() {
    return "properties";
  }

  /** The largest lease time DHCP can carry, in seconds: 0xFFFFFFFF, which means infinite (RFC 2132 section 9.2). */
  long MAX_LEASE_SECONDS = 4294967295L;

  /** Checks name, description, lease time, id and statements, all together. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(name().length() <= 256 && Texts.printable(name()), "name", Texts.quoted(name()),
            "must be at most 256 characters without control characters")
        .check(description().length() <= 1024 && Texts.printable(description()), "description",
            Texts.quoted(description()), "must be at most 1024 characters without control characters")
        .check(leaseTime().map(d -> d.getNano() == 0 && d.getSeconds() >= 1 && d.getSeconds() <= MAX_LEASE_SECONDS)
            .orElse(true), "leaseTime", leaseTime().orElse(null), "must be a whole number of seconds from 1 s to "
            + MAX_LEASE_SECONDS + " s (DHCP's lease time is a 32-bit count of seconds, RFC 2132 section 9.2;"
            + " the largest means infinite)")
        .check(!id().isPresent() || (id().getAsLong() >= 1 && id().getAsLong() <= 4294967294L), "id",
            id().isPresent() ? id().getAsLong() : "", "must be between 1 and 4294967294 (Kea subnet id)")
        .check(iscStatements().stream().allMatch(st -> !st.isBlank() && st.length() <= 4096 && Texts.printable(st)
            && !st.endsWith(";")), "iscStatements", iscStatements().stream().filter(st -> st.isBlank()
            || st.length() > 4096 || !Texts.printable(st) || st.endsWith(";")).findFirst().map(Texts::quoted)
            .orElse(""), "must each be one dhcpd statement of 1 to 4096 characters without control characters"
            + " and without its closing semicolon")
        .throwIfAny("scope properties");
  }
}
