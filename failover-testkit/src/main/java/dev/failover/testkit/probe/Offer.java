package dev.failover.testkit.probe;

import dev.failover.scope.Ipv4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.immutables.value.Value;

/** One server's answer to a client's DHCPDISCOVER: where it came from and what it offered. */
@Value.Immutable
public abstract class Offer {

  /** The address and port the answer came from (servers on one host differ by port). */
  @Value.Parameter
  public abstract InetSocketAddress from();

  /** The DHCPOFFER as received. */
  @Value.Parameter
  public abstract DhcpMessage message();

  static Offer of(InetSocketAddress from, DhcpMessage message) {
    return ImmutableOffer.of(from, message);
  }

  /** The address offered ({@code yiaddr}). */
  public Ipv4Address offeredAddress() {
    return message().yiaddr();
  }

  /** The server identifier (option 54) the server gave. */
  public Optional<Ipv4Address> serverIdentifier() {
    return message().serverIdentifier();
  }

  /** The first option with that code. */
  public Optional<DhcpOption> option(int code) {
    return message().option(code);
  }

  @Override
  public String toString() {
    return offeredAddress() + " from " + from().getAddress().getHostAddress() + ":" + from().getPort()
        + serverIdentifier().map(s -> " (server identifier " + s + ")").orElse("");
  }
}
