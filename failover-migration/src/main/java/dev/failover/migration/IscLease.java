package dev.failover.migration;

import dev.failover.scope.Ipv4Address;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One {@code lease ADDRESS { … }} record of a dhcpd.leases file, as far as a move to Kea needs
 * it: the times ({@code starts}, {@code ends}, {@code cltt}, {@code tsfp}: the end time the
 * failover partner has acknowledged), the binding state, and the client's identity.
 */
@Value.Immutable
public interface IscLease {

  /** {@return the leased address} */
  Ipv4Address address();

  /** {@return {@code binding state}: active, free, backup, expired, released, abandoned or reset} */
  String bindingState();

  /** {@return {@code starts}: when the lease was last granted} */
  Optional<Instant> starts();

  /** {@return {@code ends}: when the lease ends; empty for {@code never}} */
  Optional<Instant> ends();

  /** {@return {@code cltt}: the client's last transaction with the server} */
  Optional<Instant> cltt();

  /** {@return {@code tsfp}: the end time the failover partner has acknowledged} */
  Optional<Instant> tsfp();

  /** {@return {@code hardware ethernet}, lower-case colon-separated hexadecimal} */
  Optional<String> hardware();

  /** {@return {@code uid}: the client identifier, lower-case colon-separated hexadecimal} */
  Optional<String> uid();

  /** {@return {@code client-hostname}} */
  Optional<String> clientHostname();

  /** {@return where the record is: {@code file:line}} */
  String location();
}
