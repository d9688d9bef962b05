package dev.failover.testkit.kea;

import dev.failover.state.KeaHaState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One HA relationship as one server runs it: Kea's {@code HAService} state machine (Kea 2.2
 * {@code ha_service.cc}), driven by heartbeats on the fake's clock instead of timers.
 *
 * <p>Timing, as Kea does it: a heartbeat is sent every {@code heartbeat-delay} ms from the moment
 * the service started; a successful one records the partner's state and scopes and the time of
 * contact; a failed one records the partner as {@code unavailable}. Communication counts as
 * interrupted once {@code max-response-delay} ms have passed since the last contact (Kea checks
 * "more than"; its heartbeat timer restarts after each answer, so in practice the tick that lands
 * on exactly that delay already counts, and so it does here). After every heartbeat the state
 * handler runs, and keeps running while it transitions, as Kea's {@code runModel} does.
 *
 * <p>Not guarded itself: the {@link KeaHaNetwork} lock guards every access.
 */
final class HaRelationship {

  private static final int MAX_TRANSITIONS_PER_RUN = 16;

  final FakeKeaServer owner;
  final HaSettings settings;

  KeaHaState state;
  KeaHaState previous;
  /** Last state heard from the partner; null until the first heartbeat. */
  KeaHaState partnerState;
  List<String> partnerScopes = List.of();
  Instant lastContact;
  /**
   * How long after its heartbeat the partner's answer arrives. Real Kea counts contact from the
   * answer, so at the heartbeat {@code max-response-delay} after the last one communication is
   * not yet interrupted: it shows as interrupted (still in the old state) for one heartbeat
   * period before the state machine acts on it, as the differential suite saw on real Kea.
   */
  static final long RESPONSE_MILLIS = 1;
  final Instant origin;
  Instant nextTick;
  TreeSet<String> scopes = new TreeSet<>();
  long unackedClients;
  boolean paused;
  private final Set<KeaHaState> pausedOnce = new HashSet<>();
  boolean enteredThroughMaintenance;
  /** The last step changed nothing; see {@link KeaHaNetwork#advanceTo}. */
  boolean stable;

  HaRelationship(FakeKeaServer owner, HaSettings settings, Instant now, boolean running) {
    this.owner = owner;
    this.settings = settings;
    this.origin = now;
    this.lastContact = now;
    this.nextTick = now.plusMillis(Math.max(1, settings.heartbeatDelay()));
    KeaHaState initial;
    if (settings.thisPeer().role() == HaSettings.Role.BACKUP) {
      initial = KeaHaState.BACKUP;
    } else if (settings.mode() == HaSettings.Mode.PASSIVE_BACKUP) {
      initial = KeaHaState.PASSIVE_BACKUP;
    } else {
      initial = running ? settings.normalState() : KeaHaState.WAITING;
    }
    this.state = initial;
    this.previous = initial;
    if (running && initial == settings.normalState()) {
      this.partnerState = settings.normalState();
      this.partnerScopes = settings.failoverPeer()
          .map(p -> List.copyOf(defaultScopesOf(settings, p)))
          .orElse(List.of());
    }
    enter(initial, false);
  }

  String serverName() {
    return settings.thisServerName();
  }

  HaSettings.Role role() {
    return settings.thisPeer().role();
  }

  /** Whether this relationship sends heartbeats at all. */
  boolean ticking() {
    return settings.heartbeatDelay() > 0 && state != KeaHaState.TERMINATED
        && state != KeaHaState.BACKUP && state != KeaHaState.PASSIVE_BACKUP
        && settings.mode() != HaSettings.Mode.PASSIVE_BACKUP
        && role() != HaSettings.Role.BACKUP && settings.failoverPeer().isPresent();
  }

  boolean interruptedAt(Instant t) {
    return Duration.between(lastContact, t).toMillis() >= settings.maxResponseDelay();
  }

  boolean inTouch() {
    return partnerState != null;
  }

  // ---------------------------------------------------------------------------------------------
  // Scopes (QueryFilter)
  // ---------------------------------------------------------------------------------------------

  private static Set<String> defaultScopesOf(HaSettings s, HaSettings.Peer peer) {
    Set<String> scopes = new TreeSet<>();
    if (peer.role() == HaSettings.Role.PRIMARY || peer.role() == HaSettings.Role.SECONDARY) {
      scopes.add(peer.name());
    }
    return scopes;
  }

  private TreeSet<String> defaultScopes() {
    return new TreeSet<>(defaultScopesOf(settings, settings.thisPeer()));
  }

  private TreeSet<String> failoverScopes() {
    TreeSet<String> all = new TreeSet<>();
    for (HaSettings.Peer p : settings.peers()) {
      if (p.role() == HaSettings.Role.PRIMARY || p.role() == HaSettings.Role.SECONDARY) {
        all.add(p.name());
      }
    }
    return all;
  }

  private void enter(KeaHaState entered, boolean throughMaintenance) {
    enteredThroughMaintenance = throughMaintenance;
    switch (entered) {
      case HOT_STANDBY:
      case LOAD_BALANCING:
      case TERMINATED:
      case COMMUNICATION_RECOVERY:
      case PASSIVE_BACKUP:
        scopes = defaultScopes();
        break;
      case PARTNER_DOWN:
        scopes = throughMaintenance || settings.thisPeer().autoFailover()
            ? failoverScopes() : defaultScopes();
        break;
      case PARTNER_IN_MAINTENANCE:
        scopes = failoverScopes();
        break;
      default:
        scopes = new TreeSet<>();
    }
    String pause = settings.pauses().get(entered);
    if ("always".equals(pause) || ("once".equals(pause) && pausedOnce.add(entered))) {
      paused = true;
    }
  }

  /** Kea's {@code verboseTransition}. */
  void transition(KeaHaState to, boolean throughMaintenance) {
    previous = state;
    state = to;
    enter(to, throughMaintenance);
    owner.log("HA_STATE_TRANSITION " + serverName() + ": server transitions from "
        + previous.kebabName().toUpperCase(java.util.Locale.ROOT) + " to "
        + to.kebabName().toUpperCase(java.util.Locale.ROOT) + " state, partner state is "
        + (partnerState == null ? "" : partnerState.kebabName().toUpperCase(java.util.Locale.ROOT)));
  }

  /** Serve these scopes until the next transition ({@code ha-scopes}). */
  void serveScopes(List<String> names) {
    scopes = new TreeSet<>(names);
  }

  /** Whether {@code name} is a peer of this relationship (what {@code ha-scopes} accepts). */
  boolean knowsPeer(String name) {
    return settings.peer(name).isPresent();
  }

  // ---------------------------------------------------------------------------------------------
  // One heartbeat and the state handlers
  // ---------------------------------------------------------------------------------------------

  /** One heartbeat at {@code t}, then the state handler; returns whether anything changed. */
  boolean heartbeat(Instant t, KeaHaNetwork network) {
    KeaHaState stateBefore = state;
    KeaHaState partnerBefore = partnerState;
    List<String> partnerScopesBefore = partnerScopes;
    TreeSet<String> scopesBefore = scopes;
    HaRelationship partner = network.reachablePartner(this);
    if (partner != null) {
      partnerState = partner.state;
      partnerScopes = List.copyOf(partner.scopes);
      lastContact = t.plusMillis(RESPONSE_MILLIS);
      unackedClients = 0;
    } else {
      partnerState = KeaHaState.UNAVAILABLE;
    }
    run(t, network);
    return stateBefore != state || partnerBefore != partnerState
        || !partnerScopesBefore.equals(partnerScopes) || !scopesBefore.equals(scopes);
  }

  /** Runs handlers until one stays put (Kea's {@code runModel} until {@code NOP_EVT}). */
  void run(Instant t, KeaHaNetwork network) {
    for (int i = 0; i < MAX_TRANSITIONS_PER_RUN; i++) {
      KeaHaState before = state;
      handle(t, network);
      if (state == before) {
        return;
      }
    }
  }

  private boolean serviceEnabled() {
    switch (state) {
      case LOAD_BALANCING:
      case HOT_STANDBY:
      case PARTNER_DOWN:
      case PARTNER_IN_MAINTENANCE:
      case TERMINATED:
      case COMMUNICATION_RECOVERY:
        return true;
      default:
        return false;
    }
  }

  private boolean failureDetected() {
    return settings.maxUnackedClients() == 0 || unackedClients > settings.maxUnackedClients();
  }

  /** {@code HAService::shouldPartnerDown}. */
  boolean shouldPartnerDown(Instant t) {
    if (!interruptedAt(t)) {
      return false;
    }
    if (serviceEnabled() && (settings.mode() == HaSettings.Mode.LOAD_BALANCING
        || role() == HaSettings.Role.STANDBY)) {
      return failureDetected();
    }
    return true;
  }

  private boolean partnerStateInvalid() {
    if (partnerState == null) {
      return false;
    }
    switch (settings.mode()) {
      case HOT_STANDBY:
        return partnerState == KeaHaState.LOAD_BALANCING
            || partnerState == KeaHaState.COMMUNICATION_RECOVERY;
      case LOAD_BALANCING:
        return partnerState == KeaHaState.HOT_STANDBY;
      default:
        return false;
    }
  }

  private KeaHaState afterWaiting() {
    return settings.syncLeases() ? KeaHaState.SYNCING : KeaHaState.READY;
  }

  private void handle(Instant t, KeaHaNetwork network) {
    if (paused) {
      return;
    }
    KeaHaState ps = partnerState;
    switch (state) {
      case WAITING:
        handleWaiting(t, ps);
        break;
      case SYNCING:
        if (partnerStateInvalid()) {
          transition(KeaHaState.WAITING, false);
        } else if (ps == KeaHaState.TERMINATED) {
          transition(KeaHaState.TERMINATED, false);
        } else if (ps == KeaHaState.UNAVAILABLE) {
          if (shouldPartnerDown(t)) {
            transition(KeaHaState.PARTNER_DOWN, false);
          }
        } else if (network.reachablePartner(this) != null) {
          owner.log("HA_SYNC_SUCCESSFUL lease database synchronization with "
              + settings.failoverPeer().map(HaSettings.Peer::name).orElse("") + " completed");
          transition(KeaHaState.READY, false);
        } else {
          partnerState = KeaHaState.UNAVAILABLE;
        }
        break;
      case READY:
        handleReady(t, ps);
        break;
      case HOT_STANDBY:
      case LOAD_BALANCING:
        handleNormal(t, ps);
        break;
      case COMMUNICATION_RECOVERY:
        handleCommunicationRecovery(t, ps);
        break;
      case PARTNER_DOWN:
        handlePartnerDown(ps);
        break;
      case PARTNER_IN_MAINTENANCE:
        if (ps == KeaHaState.UNAVAILABLE) {
          transition(KeaHaState.PARTNER_DOWN, false);
        }
        break;
      default:
        // in-maintenance, terminated, backup, passive-backup: only commands move them
        break;
    }
  }

  private void handleWaiting(Instant t, KeaHaState ps) {
    if (partnerStateInvalid()) {
      return;
    }
    if (ps == null) {
      return;
    }
    switch (ps) {
      case HOT_STANDBY:
      case LOAD_BALANCING:
      case COMMUNICATION_RECOVERY:
      case IN_MAINTENANCE:
      case PARTNER_DOWN:
      case PARTNER_IN_MAINTENANCE:
      case READY:
        transition(afterWaiting(), false);
        break;
      case TERMINATED:
        transition(KeaHaState.TERMINATED, false);
        break;
      case WAITING:
        if (role() == HaSettings.Role.PRIMARY) {
          transition(afterWaiting(), false);
        }
        break;
      case UNAVAILABLE:
        if (shouldPartnerDown(t)) {
          transition(KeaHaState.PARTNER_DOWN, false);
        }
        break;
      default:
        break;
    }
  }

  private void handleReady(Instant t, KeaHaState ps) {
    if (partnerStateInvalid()) {
      transition(KeaHaState.WAITING, false);
      return;
    }
    if (ps == null) {
      return;
    }
    switch (ps) {
      case HOT_STANDBY:
      case LOAD_BALANCING:
      case COMMUNICATION_RECOVERY:
        transition(settings.normalState(), false);
        break;
      case IN_MAINTENANCE:
        transition(KeaHaState.PARTNER_IN_MAINTENANCE, false);
        break;
      case PARTNER_IN_MAINTENANCE:
        transition(KeaHaState.IN_MAINTENANCE, false);
        break;
      case READY:
        if (role() == HaSettings.Role.PRIMARY) {
          transition(settings.normalState(), false);
        }
        break;
      case TERMINATED:
        transition(KeaHaState.TERMINATED, false);
        break;
      case UNAVAILABLE:
        if (shouldPartnerDown(t)) {
          transition(KeaHaState.PARTNER_DOWN, false);
        }
        break;
      default:
        break;
    }
  }

  private void handleNormal(Instant t, KeaHaState ps) {
    if (partnerStateInvalid()) {
      transition(KeaHaState.WAITING, false);
      return;
    }
    if (ps == null) {
      return;
    }
    switch (ps) {
      case IN_MAINTENANCE:
        transition(KeaHaState.PARTNER_IN_MAINTENANCE, false);
        break;
      case PARTNER_DOWN:
        transition(KeaHaState.WAITING, false);
        break;
      case PARTNER_IN_MAINTENANCE:
        transition(KeaHaState.IN_MAINTENANCE, false);
        break;
      case TERMINATED:
        transition(KeaHaState.TERMINATED, false);
        break;
      case UNAVAILABLE:
        if (shouldPartnerDown(t)) {
          transition(KeaHaState.PARTNER_DOWN, false);
        } else if (settings.delayedUpdatesLimit() > 0 && settings.sendLeaseUpdates()) {
          transition(KeaHaState.COMMUNICATION_RECOVERY, false);
        }
        break;
      default:
        break;
    }
  }

  private void handleCommunicationRecovery(Instant t, KeaHaState ps) {
    if (partnerStateInvalid()) {
      transition(KeaHaState.WAITING, false);
      return;
    }
    if (ps == null) {
      return;
    }
    switch (ps) {
      case IN_MAINTENANCE:
        transition(KeaHaState.PARTNER_IN_MAINTENANCE, false);
        break;
      case PARTNER_DOWN:
        transition(KeaHaState.WAITING, false);
        break;
      case PARTNER_IN_MAINTENANCE:
        transition(KeaHaState.IN_MAINTENANCE, false);
        break;
      case TERMINATED:
        transition(KeaHaState.TERMINATED, false);
        break;
      case UNAVAILABLE:
        if (shouldPartnerDown(t)) {
          transition(KeaHaState.PARTNER_DOWN, false);
        }
        break;
      case WAITING:
      case SYNCING:
      case READY:
        break;
      default:
        if (interruptedAt(t)) {
          break;
        }
        if (ps == KeaHaState.LOAD_BALANCING || ps == KeaHaState.COMMUNICATION_RECOVERY) {
          transition(KeaHaState.LOAD_BALANCING, false);
        } else {
          transition(KeaHaState.WAITING, false);
        }
    }
  }

  private void handlePartnerDown(KeaHaState ps) {
    if (partnerStateInvalid()) {
      transition(KeaHaState.WAITING, false);
      return;
    }
    if (ps == null) {
      return;
    }
    switch (ps) {
      case HOT_STANDBY:
      case LOAD_BALANCING:
      case COMMUNICATION_RECOVERY:
      case PARTNER_DOWN:
      case PARTNER_IN_MAINTENANCE:
        transition(KeaHaState.WAITING, false);
        break;
      case READY:
        transition(settings.normalState(), false);
        break;
      case TERMINATED:
        transition(KeaHaState.TERMINATED, false);
        break;
      default:
        break;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fast-forward support
  // ---------------------------------------------------------------------------------------------

  /** The latest heartbeat time not after {@code now} (at least one period after the origin). */
  Instant lastTickAtOrBefore(Instant now) {
    long hb = settings.heartbeatDelay();
    long elapsed = Duration.between(origin, now).toMillis();
    long k = Math.max(1, elapsed / hb);
    return origin.plusMillis(k * hb);
  }

  /**
   * The first heartbeat time at which communication becomes interrupted, if the partner is
   * unreachable and it is not interrupted yet; null when time alone will change nothing.
   */
  Instant nextSignificantTick() {
    if (partnerState != KeaHaState.UNAVAILABLE) {
      return null;
    }
    Instant threshold = lastContact.plusMillis(settings.maxResponseDelay());
    Instant lastProcessed = nextTick.minusMillis(settings.heartbeatDelay());
    if (!lastProcessed.isBefore(threshold)) {
      return null;
    }
    long hb = settings.heartbeatDelay();
    long since = Duration.between(origin, threshold).toMillis();
    long k = (since + hb - 1) / hb;
    return origin.plusMillis(Math.max(1, k) * hb);
  }
}
