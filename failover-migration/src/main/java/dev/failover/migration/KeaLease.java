package dev.failover.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.Violations;
import dev.failover.scope.Ipv4Address;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One lease for Kea, as {@code lease4-add} takes it: the client keeps its address, and its lease
 * ends when dhcpd said it would ({@code expire}), with the lease's length as {@code valid-lft}
 * (Kea derives the last transaction time as {@code expire - valid-lft}).
 */
@Value.Immutable
public interface KeaLease {

  /** {@return the address} */
  Ipv4Address address();

  /** {@return the client's hardware address (Kea requires one for a DHCPv4 lease)} */
  String hwAddress();

  /** {@return the client identifier, when the client sent one} */
  Optional<String> clientId();

  /** {@return the Kea subnet id the address belongs to} */
  long subnetId();

  /** {@return the lease's length in seconds} */
  long validLifetime();

  /** {@return when the lease ends} */
  Instant expire();

  /** {@return the client's host name, when it sent one} */
  Optional<String> hostname();

  /** {@return the arguments of Kea's {@code lease4-add} command for this lease} */
  default ObjectNode lease4AddArguments() {
    ObjectNode a = new ObjectMapper().createObjectNode().put("ip-address", address().toString())
        .put("hw-address", hwAddress()).put("subnet-id", subnetId()).put("valid-lft", validLifetime())
        .put("expire", expire().getEpochSecond());
    clientId().ifPresent(c -> a.put("client-id", c));
    hostname().ifPresent(h -> a.put("hostname", h));
    return a;
  }

  /** Checks the lifetime and the hardware address. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(validLifetime() >= 1 && validLifetime() <= 4294967294L, "validLifetime", validLifetime(),
            "must be 1 to 4294967294 seconds")
        .check(hwAddress().matches("[0-9a-f]{2}(:[0-9a-f]{2}){0,19}"), "hwAddress", hwAddress(),
            "must be 1 to 20 colon-separated hexadecimal bytes")
        .throwIfAny("Kea lease " + address());
  }
}
