package dev.failover.testkit.probe;

import dev.failover.scope.Ipv4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.immutables.value.Value;

/** One server's answer to a client's DHCPDISCOVER: where it came from and what it offered. */
@Value.Immutable
public abstract class Offer {

  /** {@return the address and port the answer came from (servers on one host differ by port)} */
  @Value.Parameter
  public abstract InetSocketAddress from();

  /** {@return the DHCPOFFER as received} */
  @Value.Parameter
  public abstract DhcpMessage message();

  static Offer of(InetSocketAddress from, DhcpMessage message) {
    return ImmutableOffer.of(from, message);
  }

  /** {@return the address offered ({@code yiaddr})} */
  public Ipv4Address offeredAddress() {
    return message().yiaddr();
  }

  /** {@return the server identifier (option 54) the server gave} */
  public Optional<Ipv4Address> serverIdentifier() {
    return message().serverIdentifier();
  }

  /**
   * The first option with a code in the offer.
   *
   * @param code the option code, 1 to 254
   * @return the first option with that code, when the offer has one
   */
  public Optional<DhcpOption> option(int code) {
    return message().option(code);
  }

  @Override
  public String toString() {
    return offeredAddress() + " from " + from().getAddress().getHostAddress() + ":" + from().getPort()
        + serverIdentifier().map(s -> " (server identifier " + s + ")").orElse("");
  }
}
