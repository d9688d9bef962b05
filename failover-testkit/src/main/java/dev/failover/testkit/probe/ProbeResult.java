package dev.failover.testkit.probe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What came back for one client's DHCPDISCOVER: every offer received within the probe's bounds
 * (none when no server answered), and how long the probe waited.
 */
@Value.Immutable
public abstract class ProbeResult {

  /** {@return the client that asked} */
  public abstract DhcpClient client();

  /** {@return the transaction id of its DHCPDISCOVER} */
  public abstract int xid();

  /** {@return the offers, in the order they arrived} */
  public abstract List<Offer> offers();

  /** {@return how long the probe waited for answers} */
  public abstract Duration waited();

  /** {@return whether any server offered an address} */
  public boolean answered() {
    return !offers().isEmpty();
  }

  /** {@return the one server that answered, by the address and port it answered from, when exactly one did} */
  public Optional<InetSocketAddress> answeredBy() {
    List<InetSocketAddress> from = offers().stream().map(Offer::from).distinct().toList();
    return from.size() == 1 ? Optional.of(from.get(0)) : Optional.empty();
  }

  /** {@return the first offer, when any arrived} */
  public Optional<Offer> firstOffer() {
    return offers().stream().findFirst();
  }

  @Override
  public String toString() {
    return client() + ": " + (offers().isEmpty() ? "no answer within " + waited().toMillis() + " ms" : offers());
  }
}
