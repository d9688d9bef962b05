package dev.failover.testkit.isc;

import dev.failover.relationship.FailoverMode;
import dev.failover.server.Vendor;
import dev.failover.state.FailoverState;
import dev.failover.state.IscFailoverState;
import dev.failover.testkit.contract.PairControls;
import dev.failover.testkit.state.FailoverLink;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The link between two {@link FakeOmapiServer}s that stand for the two dhcpd servers of a pair:
 * cutting it moves every peer both declare the way dhcpd does ({@link FailoverLink}: to
 * {@code communications-interrupted}, to {@code partner-down} after {@code auto-partner-down} if
 * configured, back through {@code recover} after the MCLT), so what the ISC backend reads over
 * OMAPI follows. A partner-down the backend sets over OMAPI is honoured as the operator's. The
 * clock is the link's own: it moves only through {@link #advance}. Thread-safe.
 *
 * <pre>{@code
 * FakeOmapiLink link = new FakeOmapiLink(omapiA, omapiB, new FailoverLink.Timings(Optional.empty(), Duration.ofHours(1)));
 * link.cutLink();      // both: communications-interrupted
 * }</pre>
 */
public final class FakeOmapiLink implements PairControls {

  private final FakeOmapiServer primary;
  private final FakeOmapiServer secondary;
  private final FailoverLink.Timings timings;
  private final Map<String, FailoverLink> links = new LinkedHashMap<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * A link between two fakes, driven by these delays.
   *
   * @param primary the primary fake
   * @param secondary the secondary fake
   * @param timings the delays
   */
  public FakeOmapiLink(FakeOmapiServer primary, FakeOmapiServer secondary, FailoverLink.Timings timings) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.secondary = Objects.requireNonNull(secondary, "secondary");
    this.timings = Objects.requireNonNull(timings, "timings");
  }

  @Override
  public synchronized void cutLink() {
    for (String peer : primary.peers()) {
      if (secondary.peers().contains(peer)) {
        links.computeIfAbsent(peer, p -> new FailoverLink(Vendor.ISC, FailoverMode.LOAD_BALANCING, timings,
            side(primary, p), side(secondary, p))).cut(now);
      }
    }
  }

  @Override
  public synchronized void restoreLink() {
    links.values().forEach(l -> l.restore(now));
  }

  @Override
  public synchronized void advance(Duration step) {
    now = now.plus(step);
    links.values().forEach(l -> l.tick(now));
    links.values().removeIf(FailoverLink::settled);
  }

  @Override
  public Optional<Duration> automaticPartnerDown() {
    return timings.automaticPartnerDown();
  }

  @Override
  public Duration recovery() {
    return timings.recovery();
  }

  private static FailoverLink.Side side(FakeOmapiServer server, String peer) {
    return new FailoverLink.Side() {
      @Override
      public FailoverState local() {
        return server.state(peer).local();
      }

      @Override
      public void set(FailoverState local, FailoverState partner) {
        server.setState(peer, (IscFailoverState) local, (IscFailoverState) partner);
      }
    };
  }
}
