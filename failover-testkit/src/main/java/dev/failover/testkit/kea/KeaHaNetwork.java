package dev.failover.testkit.kea;

import dev.failover.state.KeaHaState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The servers that reach each other's HA hook in process (a pair, or one server and a hidden
 * stand-in for its partner), their links, one lock and one clock. Heartbeats are played in time
 * order across all members, lazily: whenever anything looks at a member, the network first
 * catches up with the clock.
 */
final class KeaHaNetwork {

  /** Upper bound of heartbeats played in one catch-up; a runaway simulation fails loudly. */
  private static final int MAX_STEPS = 1_000_000;

  final ReentrantLock lock = new ReentrantLock();
  final Clock clock;
  private final List<FakeKeaServer> members = new ArrayList<>();
  private final List<FakeKeaServer[]> cutLinks = new ArrayList<>();
  private Instant caughtUpTo;

  KeaHaNetwork(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.caughtUpTo = clock.instant();
  }

  void join(FakeKeaServer server) {
    members.add(server);
  }

  List<FakeKeaServer> members() {
    return List.copyOf(members);
  }

  /**
   * The member that runs relationship {@code serverName} (as its this-server-name): a server a
   * test started before a hidden stand-in, so a server started beside one whose partner was
   * simulated until then takes the stand-in's place.
   */
  HaRelationship relationshipNamed(String serverName) {
    for (boolean hidden : new boolean[] {false, true}) {
      for (FakeKeaServer m : members) {
        if (m.hidden() != hidden) {
          continue;
        }
        for (HaRelationship r : m.relationships()) {
          if (r.serverName().equals(serverName)) {
            return r;
          }
        }
      }
    }
    return null;
  }

  /** The partner's side of {@code r}, whether or not it can be reached. */
  HaRelationship partnerOf(HaRelationship r) {
    String partnerName = r.settings.failoverPeer().map(HaSettings.Peer::name).orElse(null);
    if (partnerName == null) {
      return null;
    }
    HaRelationship partner = relationshipNamed(partnerName);
    if (partner == null || partner.owner == r.owner) {
      return null;
    }
    return partner;
  }

  /** The partner's side of {@code r} if a request from r's server would get an answer now. */
  HaRelationship reachablePartner(HaRelationship r) {
    HaRelationship partner = partnerOf(r);
    if (partner == null || !canTalk(r.owner, partner.owner)
        || !sameEndpoint(r.settings.failoverPeer().map(HaSettings.Peer::url).orElse(""),
            partner.settings.thisPeer().url())) {
      return null;
    }
    return partner;
  }

  /**
   * Whether the URL a server has for its partner reaches where the partner listens (the URL
   * the partner's own configuration gives itself): as with real Kea, a wrong peer URL means the
   * partner is never heard from.
   */
  static boolean sameEndpoint(String a, String b) {
    try {
      java.net.URI x = java.net.URI.create(a.strip());
      java.net.URI y = java.net.URI.create(b.strip());
      return String.valueOf(x.getScheme()).equalsIgnoreCase(String.valueOf(y.getScheme()))
          && String.valueOf(x.getHost()).equalsIgnoreCase(String.valueOf(y.getHost()))
          && port(x) == port(y);
    } catch (IllegalArgumentException e) {
      return a.strip().equals(b.strip());
    }
  }

  private static int port(java.net.URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  boolean canTalk(FakeKeaServer a, FakeKeaServer b) {
    if (!a.connectedLocked() || !b.connectedLocked()) {
      return false;
    }
    for (FakeKeaServer[] cut : cutLinks) {
      if ((cut[0] == a && cut[1] == b) || (cut[0] == b && cut[1] == a)) {
        return false;
      }
    }
    return true;
  }

  void cut(FakeKeaServer a, FakeKeaServer b) {
    if (a != b && canTalkIgnoringPower(a, b)) {
      cutLinks.add(new FakeKeaServer[] {a, b});
    }
    unsettle();
  }

  void mend(FakeKeaServer a, FakeKeaServer b) {
    cutLinks.removeIf(c -> (c[0] == a && c[1] == b) || (c[0] == b && c[1] == a));
    unsettle();
  }

  private boolean canTalkIgnoringPower(FakeKeaServer a, FakeKeaServer b) {
    for (FakeKeaServer[] cut : cutLinks) {
      if ((cut[0] == a && cut[1] == b) || (cut[0] == b && cut[1] == a)) {
        return false;
      }
    }
    return true;
  }

  /** Something changed outside a heartbeat: every relationship must look again. */
  void unsettle() {
    for (FakeKeaServer m : members) {
      for (HaRelationship r : m.relationships()) {
        r.stable = false;
      }
    }
  }

  /**
   * Plays every heartbeat due up to the clock's now. Must hold {@link #lock}.
   */
  void catchUp() {
    Instant now = clock.instant();
    if (now.isBefore(caughtUpTo)) {
      return;
    }
    caughtUpTo = now;
    for (int steps = 0; steps < MAX_STEPS; steps++) {
      HaRelationship next = null;
      boolean allStable = true;
      for (FakeKeaServer m : members) {
        for (HaRelationship r : m.relationships()) {
          if (!r.ticking()) {
            continue;
          }
          allStable &= r.stable;
          if (next == null || r.nextTick.isBefore(next.nextTick)) {
            next = r;
          }
        }
      }
      if (next == null || next.nextTick.isAfter(now)) {
        return;
      }
      if (allStable && fastForward(now)) {
        continue;
      }
      Instant t = next.nextTick;
      next.nextTick = t.plusMillis(next.settings.heartbeatDelay());
      boolean changed = next.heartbeat(t, this);
      if (changed) {
        unsettle();
      }
      next.stable = !changed;
    }
    throw new IllegalStateException("the HA simulation did not settle within " + MAX_STEPS
        + " heartbeats");
  }

  /**
   * When no relationship changed at its last heartbeat, the heartbeats until the next moment
   * that matters (communication becoming interrupted, or now) would change nothing either: skip
   * them. Returns whether anything was skipped.
   */
  private boolean fastForward(Instant now) {
    boolean moved = false;
    for (FakeKeaServer m : members) {
      for (HaRelationship r : m.relationships()) {
        if (!r.ticking() || r.nextTick.isAfter(now)) {
          continue;
        }
        Instant target = r.lastTickAtOrBefore(now);
        Instant significant = r.nextSignificantTick();
        if (significant != null && significant.isBefore(target)) {
          target = significant;
        }
        if (target.isAfter(r.nextTick)) {
          if (r.partnerState != KeaHaState.UNAVAILABLE && r.partnerState != null) {
            r.lastContact = target.minusMillis(r.settings.heartbeatDelay())
                .plusMillis(HaRelationship.RESPONSE_MILLIS);
          }
          r.nextTick = target;
          moved = true;
        }
      }
    }
    return moved;
  }
}
