package dev.failover.relationship;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.KeaHaState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The settings of one Kea High Availability relationship: one entry of the HA hook's
 * {@code high-availability} list without {@code this-server-name} and {@code mode}, which come
 * from the {@link Relationship} (each server's {@code this-server-name} is the name of its
 * {@linkplain #peerFor(ServerId) own peer}). Every parameter of vendor-facts §3.2/§3.3, with
 * Kea's defaults.
 *
 * <p>Parameters whose default differs between Kea versions or modes are optional, so a backend
 * leaves them out and the server's own default applies: {@link #delayedUpdatesLimit()} (100 in
 * load balancing, 0 otherwise), {@link #maxRejectedLeaseUpdates()} (Kea 2.3.1+),
 * {@link #restrictCommands()} (false in 2.2, true from 3.0), {@link #multiThreading()} (off in
 * 2.2, on from 3.0).
 *
 * <p>Rules checked when built, all reported together: {@code heartbeat-delay},
 * {@code max-response-delay} and {@code max-ack-delay} are whole milliseconds within uint16
 * (at most 65535 ms); counters and {@code sync-timeout} within uint32; the TLS files are all
 * three or none; exactly one primary, at most one secondary and one standby, any number of
 * backups; peer names, servers and URLs unique; an {@code https} URL needs TLS (the peer's or
 * the relationship's); a state is configured in the state machine once. Mode rules
 * ({@link #violationsIn}, §3.4): load balancing needs a secondary and no standby, hot standby a
 * standby and no secondary, passive backup neither; {@code wait-backup-ack} only in passive
 * backup; {@code delayed-updates-limit} 0 outside load balancing.
 *
 * <pre>{@code
 * KeaHaSettings ha = KeaHaSettings.forPair(FailoverMode.HOT_STANDBY,
 *     ServerId.of("dhcp-a"), URI.create("http://10.0.0.1:8001/"),
 *     ServerId.of("dhcp-b"), URI.create("http://10.0.0.2:8001/"));
 * }</pre>
 */
@Value.Immutable
@FailoverStyle
@JsonTypeName("kea")
@JsonSerialize(as = ImmutableKeaHaSettings.class)
@JsonDeserialize(as = ImmutableKeaHaSettings.class)
public non-sealed interface KeaHaSettings extends VendorSettings {

  /** {@code heartbeat-delay}'s default. */
  Duration DEFAULT_HEARTBEAT_DELAY = Duration.ofMillis(10_000);
  /** {@code max-response-delay}'s default. */
  Duration DEFAULT_MAX_RESPONSE_DELAY = Duration.ofMillis(60_000);
  /** {@code max-ack-delay}'s default. */
  Duration DEFAULT_MAX_ACK_DELAY = Duration.ofMillis(10_000);
  /** {@code max-unacked-clients}' default. */
  long DEFAULT_MAX_UNACKED_CLIENTS = 10;
  /** {@code max-rejected-lease-updates}' default (Kea 2.3.1+). */
  long DEFAULT_MAX_REJECTED_LEASE_UPDATES = 10;
  /** {@code delayed-updates-limit}'s default in load balancing (0 in the other modes). */
  long DEFAULT_DELAYED_UPDATES_LIMIT = 100;
  /** {@code sync-timeout}'s default. */
  Duration DEFAULT_SYNC_TIMEOUT = Duration.ofMillis(60_000);
  /** {@code sync-page-limit}'s default. */
  long DEFAULT_SYNC_PAGE_LIMIT = 10_000;

  /** {@return {@code heartbeat-delay}: whole milliseconds, at most 65535} */
  @Value.Default
  default Duration heartbeatDelay() {
    return DEFAULT_HEARTBEAT_DELAY;
  }

  /** {@return {@code max-response-delay}: whole milliseconds, at most 65535; should exceed the heartbeat delay} */
  @Value.Default
  default Duration maxResponseDelay() {
    return DEFAULT_MAX_RESPONSE_DELAY;
  }

  /** {@return {@code max-ack-delay}: whole milliseconds, at most 65535} */
  @Value.Default
  default Duration maxAckDelay() {
    return DEFAULT_MAX_ACK_DELAY;
  }

  /** {@return {@code max-unacked-clients}: 0 goes partner-down as soon as communication is lost} */
  @Value.Default
  default long maxUnackedClients() {
    return DEFAULT_MAX_UNACKED_CLIENTS;
  }

  /**
   * {@return {@code max-rejected-lease-updates} (2.3.1+): 0 never terminates on conflicts; empty: the server's default}
   */
  OptionalLong maxRejectedLeaseUpdates();

  /** {@return {@code delayed-updates-limit}: empty means Kea's default for the mode (100 in load balancing, else 0)} */
  OptionalLong delayedUpdatesLimit();

  /** {@return {@code wait-backup-ack}: passive backup only} */
  @Value.Default
  default boolean waitBackupAck() {
    return false;
  }

  /** {@return {@code send-lease-updates}} */
  @Value.Default
  default boolean sendLeaseUpdates() {
    return true;
  }

  /** {@return {@code sync-leases}: false goes from waiting to ready directly} */
  @Value.Default
  default boolean syncLeases() {
    return true;
  }

  /** {@return {@code sync-timeout}: whole milliseconds within uint32} */
  @Value.Default
  default Duration syncTimeout() {
    return DEFAULT_SYNC_TIMEOUT;
  }

  /** {@return {@code sync-page-limit}: leases per lease4-get-page call} */
  @Value.Default
  default long syncPageLimit() {
    return DEFAULT_SYNC_PAGE_LIMIT;
  }

  /** {@return {@code require-client-certs} (2.1.7+)} */
  @Value.Default
  default boolean requireClientCerts() {
    return true;
  }

  /** {@return {@code restrict-commands}: empty leaves the server's default (false in 2.2, true from 3.0)} */
  Optional<Boolean> restrictCommands();

  /** {@return {@code multi-threading}: empty leaves the map out (the server's version decides)} */
  Optional<KeaMultiThreading> multiThreading();

  /** {@return {@code state-machine.states}} */
  List<KeaStatePause> statePauses();

  /** {@return {@code trust-anchor} for every peer without its own} */
  Optional<String> trustAnchor();

  /** {@return {@code cert-file}} */
  Optional<String> certFile();

  /** {@return {@code key-file}} */
  Optional<String> keyFile();

  /** {@return {@code peers}: the same list on every server of the relationship} */
  List<KeaPeer> peers();

  /** {@return a builder starting from Kea's defaults} */
  static ImmutableKeaHaSettings.Builder builder() {
    return ImmutableKeaHaSettings.builder();
  }

  /**
   * {@return the role Kea gives the partner of the primary in that mode: secondary in load balancing,
   * standby in hot standby, backup in passive backup}
   *
   * @param mode the relationship's mode
   */
  static ServerRole partnerRole(FailoverMode mode) {
    switch (mode) {
      case LOAD_BALANCING:
        return ServerRole.SECONDARY;
      case HOT_STANDBY:
        return ServerRole.STANDBY;
      default:
        return ServerRole.BACKUP;
    }
  }

  /**
   * {@return settings with every default for a pair: a primary peer and its partner in the role the mode
   * gives it, each named after its server}
   *
   * @param mode the relationship's mode
   * @param primary the primary's inventory id
   * @param primaryUrl the primary's HA URL, for example {@code http://10.0.0.1:8001/}
   * @param partner the partner's inventory id
   * @param partnerUrl the partner's HA URL
   */
  static KeaHaSettings forPair(FailoverMode mode, ServerId primary, URI primaryUrl, ServerId partner, URI partnerUrl) {
    return builder()
        .addPeer(KeaPeer.of(primary, primaryUrl, ServerRole.PRIMARY))
        .addPeer(KeaPeer.of(partner, partnerUrl, partnerRole(mode)))
        .build();
  }

  @Override
  default Vendor vendor() {
    return Vendor.KEA;
  }

  /**
   * {@return the peer with that Kea name}
   *
   * @param name the peer's Kea name
   */
  default Optional<KeaPeer> peerFor(String name) {
    return peers().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * {@return the peer that runs on that inventory server; its name is the server's {@code this-server-name}}
   *
   * @param server the server's inventory id
   */
  default Optional<KeaPeer> peerFor(ServerId server) {
    return peers().stream().filter(p -> p.server().equals(server)).findFirst();
  }

  /**
   * {@return the peers in that role}
   *
   * @param role the role
   */
  default List<KeaPeer> peersIn(ServerRole role) {
    return peers().stream().filter(p -> p.role() == role).toList();
  }

  /**
   * {@return the {@code delayed-updates-limit} in force in that mode}
   *
   * @param mode the relationship's mode
   */
  default long effectiveDelayedUpdatesLimit(FailoverMode mode) {
    return delayedUpdatesLimit().orElse(mode == FailoverMode.LOAD_BALANCING ? DEFAULT_DELAYED_UPDATES_LIMIT : 0);
  }

  /** {@return whether the relationship-level TLS files are set} */
  default boolean tlsConfigured() {
    return trustAnchor().isPresent() && certFile().isPresent() && keyFile().isPresent();
  }

  @Override
  default List<Violation> violationsIn(FailoverMode mode) {
    Violations v = Violations.collect();
    int secondaries = peersIn(ServerRole.SECONDARY).size();
    int standbys = peersIn(ServerRole.STANDBY).size();
    switch (mode) {
      case LOAD_BALANCING:
        v.check(secondaries == 1, "peers", secondaries + " secondary",
            "must have a secondary server in the load balancing configuration");
        v.check(standbys == 0, "peers", standbys + " standby",
            "must have no standby servers in the load balancing configuration");
        v.check(!waitBackupAck(), "waitBackupAck", true, "must be false in the load balancing configuration");
        break;
      case HOT_STANDBY:
        v.check(standbys == 1, "peers", standbys + " standby",
            "must have a standby server in the hot standby configuration");
        v.check(secondaries == 0, "peers", secondaries + " secondary",
            "must have no secondary servers in the hot standby configuration");
        v.check(!waitBackupAck(), "waitBackupAck", true, "must be false in the hot standby configuration");
        v.check(effectiveDelayedUpdatesLimit(mode) == 0, "delayedUpdatesLimit", effectiveDelayedUpdatesLimit(mode),
            "must be 0 in the hot standby configuration");
        break;
      default:
        v.check(secondaries == 0, "peers", secondaries + " secondary",
            "must have no secondary servers in the passive backup configuration");
        v.check(standbys == 0, "peers", standbys + " standby",
            "must have no standby servers in the passive backup configuration");
        v.check(effectiveDelayedUpdatesLimit(mode) == 0, "delayedUpdatesLimit", effectiveDelayedUpdatesLimit(mode),
            "must be 0 in the passive backup configuration");
    }
    return v.list();
  }

  @Override
  default List<String> advisories(FailoverMode mode) {
    List<String> out = new ArrayList<>();
    if (mode == FailoverMode.PASSIVE_BACKUP) {
      if (!heartbeatDelay().equals(DEFAULT_HEARTBEAT_DELAY) || !maxResponseDelay().equals(DEFAULT_MAX_RESPONSE_DELAY)
          || !maxAckDelay().equals(DEFAULT_MAX_ACK_DELAY) || maxUnackedClients() != DEFAULT_MAX_UNACKED_CLIENTS) {
        out.add("heartbeat and failure detection parameters have no effect in passive backup and should not be set");
      }
    } else {
      if (maxResponseDelay().compareTo(heartbeatDelay()) <= 0) {
        out.add("max-response-delay (" + maxResponseDelay().toMillis() + " ms) should exceed heartbeat-delay ("
            + heartbeatDelay().toMillis() + " ms), preferably as a multiple of it");
      }
      if (maxUnackedClients() == 0) {
        out.add("max-unacked-clients is 0: a server goes partner-down as soon as it loses its partner, "
            + "without checking whether the partner still answers clients");
      }
    }
    if (!sendLeaseUpdates() || !syncLeases()) {
      out.add("send-lease-updates or sync-leases is off: only right when the servers share one lease database");
    }
    if (maxRejectedLeaseUpdates().isPresent() && maxRejectedLeaseUpdates().getAsLong() == 0) {
      out.add("max-rejected-lease-updates is 0: conflicting lease updates never terminate the relationship");
    }
    return out;
  }

  /** Checks the rules listed above, all together, when the settings are built. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    Checks.millis(v, "heartbeatDelay", heartbeatDelay(), 0, Checks.UINT16_MAX, "uint16 milliseconds");
    v.check(!heartbeatDelay().isZero(), "heartbeatDelay", heartbeatDelay(), "must be at least 1 ms: with 0, Kea 2.2.0"
        + " accepts the configuration (kea-dhcp4 -t) but its HA hook starts no heartbeat, so a failed partner goes"
        + " unnoticed");
    Checks.millis(v, "maxResponseDelay", maxResponseDelay(), 0, Checks.UINT16_MAX, "uint16 milliseconds");
    Checks.millis(v, "maxAckDelay", maxAckDelay(), 0, Checks.UINT16_MAX, "uint16 milliseconds");
    Checks.range(v, "maxUnackedClients", maxUnackedClients(), 0, Checks.UINT32_MAX, "uint32");
    maxRejectedLeaseUpdates().ifPresent(n -> Checks.range(v, "maxRejectedLeaseUpdates", n, 0, Checks.UINT32_MAX, "uint32"));
    delayedUpdatesLimit().ifPresent(n -> Checks.range(v, "delayedUpdatesLimit", n, 0, Checks.UINT32_MAX, "uint32"));
    Checks.millis(v, "syncTimeout", syncTimeout(), 0, Checks.UINT32_MAX, "uint32 milliseconds");
    Checks.range(v, "syncPageLimit", syncPageLimit(), 0, Checks.UINT32_MAX, "uint32");
    Checks.text(v, "trustAnchor", trustAnchor());
    Checks.text(v, "certFile", certFile());
    Checks.text(v, "keyFile", keyFile());
    int tls = (trustAnchor().isPresent() ? 1 : 0) + (certFile().isPresent() ? 1 : 0) + (keyFile().isPresent() ? 1 : 0);
    v.check(tls == 0 || tls == 3, "trustAnchor", tls + " of 3 set",
        "trust-anchor, cert-file and key-file must be set all three or none");

    int primaries = peersIn(ServerRole.PRIMARY).size();
    v.check(primaries == 1, "peers", primaries + " primary",
        primaries == 0 ? "must have a primary server (every mode requires one)" : "must not specify multiple primary servers");
    int secondaries = peersIn(ServerRole.SECONDARY).size();
    v.check(secondaries <= 1, "peers", secondaries + " secondary", "must not specify multiple secondary servers");
    int standbys = peersIn(ServerRole.STANDBY).size();
    v.check(standbys <= 1, "peers", standbys + " standby", "must not specify multiple standby servers");
    Set<String> names = new HashSet<>();
    Set<ServerId> servers = new HashSet<>();
    Set<String> endpoints = new HashSet<>();
    for (KeaPeer p : peers()) {
      v.check(names.add(p.name()), "peers.name", Texts.quoted(p.name()), "must be unique among the peers");
      v.check(servers.add(p.server()), "peers.server", p.server(), "must be unique among the peers (one peer per server)");
      String endpoint = p.url().getHost() + ":" + p.url().getPort();
      v.check(endpoints.add(endpoint.toLowerCase(Locale.ROOT)), "peers.url", p.url(),
          "must be unique among the peers (each peer listens on its own address and port)");
      v.check(!p.https() || p.tlsConfigured() || tlsConfigured(), "peers.url", p.url(),
          "must not use https unless TLS is configured for the peer or the relationship");
    }
    Set<KeaHaState> paused = EnumSet.noneOf(KeaHaState.class);
    for (KeaStatePause s : statePauses()) {
      v.check(paused.add(s.state()), "statePauses", s.state(), "must configure each state once");
    }
    v.throwIfAny("Kea HA settings");
  }
}
