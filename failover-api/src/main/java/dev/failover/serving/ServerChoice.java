package dev.failover.serving;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.server.ServerId;
import dev.failover.state.CommonState;
import dev.failover.state.FailoverStatus;
import dev.failover.state.KeaHaState;
import dev.failover.state.ServerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * Which server of a relationship answers a client's DHCPDISCOVER, and why: the server the
 * relationship's configuration gives the client ({@link #configured()}) and the servers that
 * answer it now, given the failover state each reports ({@link #servers()}).
 *
 * <p>The configuration's answer, by vendor and mode:
 * <ul>
 *   <li><b>load balancing, ISC dhcpd</b>: the client's RFC 3074 bucket ({@link LoadBalanceHash}
 *       over {@link Client#hashedBytes()}) is the primary's when its bit is set in the primary's
 *       hash bucket array ({@code hba[bucket / 8]}, bit {@code bucket % 8}); {@code split N}
 *       sets the bits of buckets 0 to N-1 ({@code server/failover.c}, {@code load_balance_mine};
 *       {@code confpars.c}). Else it is the secondary's.</li>
 *   <li><b>load balancing, Kea</b>: bucket modulo 2 — 0 is the primary peer's scope, 1 the
 *       secondary's ({@code QueryFilter::loadBalance} in the HA hook).</li>
 *   <li><b>load balancing, Windows</b>: Microsoft documents that the servers split clients by
 *       RFC 3074's hash of the client's hardware address, the primary taking the load-balance
 *       percentage of the 256 buckets; which buckets is not published. This prediction gives the
 *       primary buckets 0 to {@code round(256 * percent / 100) - 1}. No Windows server runs
 *       here, so this rule is not held to a real one.</li>
 *   <li><b>hot standby</b>: the active server (ISC: the primary with split 256, the secondary with
 *       split 0; Kea: the primary peer; Windows: the server whose role is active).</li>
 *   <li><b>passive backup</b> (Kea): the primary; backup servers never answer.</li>
 * </ul>
 *
 * <p>The state each server reports then decides who answers now: a server in partner-down (or
 * Kea's partner-in-maintenance) answers every client; ISC servers in communications-interrupted
 * each answer any client from their own free addresses (both answer); a server that did not
 * answer the status request, or reports a state in which it gives no new lease (starting,
 * syncing or ready, recovering, potential-conflict, in-maintenance, paused, shut down, unknown),
 * answers nobody, so its clients get no answer until its partner takes over.
 *
 * <p>What the prediction cannot know, because it needs the servers' leases, reservations or
 * classes rather than the relationship: a client that already holds a lease (or had one) is
 * usually answered by the server that holds it, whatever its bucket (dhcpd answers an active
 * lease's owner and lets the partner extend it; Kea answers a REQUEST for a lease by the same
 * hash, but a client moving between servers after partner-down keeps its address); a host
 * reservation or a pool limited to client classes may make the chosen server answer with a
 * reserved address or with nothing, and an ISC host with a fixed address is answered by both
 * servers while both serve (dhcpd load-balances only the leases of its failover pools: real dhcpd
 * 4.4.3 does so, {@code IscServiceContractIT}); a server whose pool is exhausted answers nobody (ISC: "peer
 * holds all free leases"), and an ISC server whose partner holds no free address answers the
 * partner's clients too; a client whose {@code secs} field exceeds ISC's
 * {@code load balance max seconds} is answered by both ISC servers; Kea's
 * {@code max-unacked-clients} lets a load-balancing server take over its partner's clients once
 * the partner stops answering, before partner-down is reported; and DHCPINFORM and relayed
 * traffic that is not load-balanced by the server follow other rules.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableServerChoice.class)
@JsonDeserialize(as = ImmutableServerChoice.class)
public abstract class ServerChoice {

  /** Why the servers answering are the ones they are. */
  public enum Basis {
    /** Load balancing by RFC 3074's hash bucket. */
    LOAD_BALANCING_HASH,
    /** Hot standby or passive backup: the active server answers every client. */
    ACTIVE_SERVER,
    /** A server in partner-down answers every client. */
    PARTNER_DOWN,
    /** Kea: a server whose partner is in maintenance answers every client. */
    PARTNER_IN_MAINTENANCE,
    /** ISC communications-interrupted: each server answers from its own free addresses. */
    COMMUNICATION_INTERRUPTED,
    /** The server the configuration gives the client answers no new client in its present state. */
    NOT_SERVING
  }

  /** {@return the relationship asked about} */
  public abstract RelationshipName relationship();

  /** {@return the client asked about} */
  public abstract Client client();

  /** {@return the server the relationship's configuration gives the client while both servers are normal} */
  public abstract ServerId configured();

  /** {@return the servers that answer the client now: usually one, both in some states, none when no one serves it} */
  public abstract List<ServerId> servers();

  /** {@return the client's RFC 3074 bucket, when the mode load-balances} */
  public abstract OptionalInt bucket();

  /** {@return why the answering servers are the ones they are} */
  public abstract Basis basis();

  /** {@return why, in an operator's words} */
  public abstract String reason();

  /** {@return the one server that answers the client, when exactly one does} */
  public Optional<ServerId> server() {
    return servers().size() == 1 ? Optional.of(servers().get(0)) : Optional.empty();
  }

  /**
   * What the relationship gives the client with both servers normal (no state read).
   *
   * @param relationship the relationship whose servers may answer
   * @param client the client sending a DHCPDISCOVER
   * @return the server the configuration gives the client, and why
   */
  public static ServerChoice predict(Relationship relationship, Client client) {
    return predict(relationship, client, List.of());
  }

  /**
   * What the relationship and the servers' reported states give the client. A server of the
   * relationship without an entry in {@code statuses} is taken to be normal.
   *
   * @param relationship the relationship whose servers may answer
   * @param client the client sending a DHCPDISCOVER
   * @param statuses the failover state each server reported
   * @return the servers that answer the client now, and why
   */
  public static ServerChoice predict(Relationship relationship, Client client, List<ServerStatus> statuses) {
    ImmutableServerChoice.Builder b = ImmutableServerChoice.builder().relationship(relationship.name()).client(client);
    ServerId primary = relationship.primary();
    ServerId secondary = relationship.secondary();
    VendorSettings settings = relationship.settings();
    ServerId configured;
    String why;
    Basis basis;
    if (relationship.mode() == FailoverMode.LOAD_BALANCING) {
      basis = Basis.LOAD_BALANCING_HASH;
      byte[] key = settings instanceof WindowsFailoverSettings ? client.hardwareAddressBytes() : client.hashedBytes();
      String identity = settings instanceof WindowsFailoverSettings ? "hardware address" : client.hashedIdentity();
      int bucket = LoadBalanceHash.bucket(key);
      b.bucket(bucket);
      String head = "load balancing: the RFC 3074 hash of the client's " + identity + " is bucket " + bucket + "; ";
      if (settings instanceof IscFailoverSettings isc) {
        boolean mine = primaryBucket(isc, bucket);
        configured = mine ? primary : secondary;
        why = head + isc.split().stream().mapToObj(s -> "split " + s + " gives buckets 0-" + (s - 1) + " to the primary")
            .findFirst().orElse("the hba gives bucket " + bucket + (mine ? " to the primary" : " to the secondary"))
            + ", so " + configured + " (" + (mine ? "primary" : "secondary") + ") answers";
      } else if (settings instanceof KeaHaSettings) {
        configured = bucket % 2 == 0 ? primary : secondary;
        why = head + "Kea gives even buckets to the primary and odd ones to the secondary, so " + configured + " ("
            + (bucket % 2 == 0 ? "primary" : "secondary") + ") answers";
      } else {
        int percent = ((WindowsFailoverSettings) settings).effectiveLoadBalancePercent();
        int buckets = Math.round(256 * percent / 100f);
        configured = bucket < buckets ? primary : secondary;
        why = head + "load balance " + percent + "% gives the primary " + buckets + " of 256 buckets (assumed 0-"
            + (buckets - 1) + "; Windows does not publish which), so " + configured + " answers";
      }
    } else {
      basis = Basis.ACTIVE_SERVER;
      if (settings instanceof IscFailoverSettings isc) {
        configured = isc.primaryBuckets() == 0 ? secondary : primary;
        why = "hot standby: " + (isc.primaryBuckets() == 0 ? "split 0 makes the secondary " : "the primary ") + configured
            + " the active server; it answers every client";
      } else if (settings instanceof WindowsFailoverSettings) {
        configured = relationship.roleOf(primary) == ServerRole.PRIMARY ? primary : secondary;
        why = "hot standby: " + configured + " is the active server; the standby answers only after partner down";
      } else {
        configured = primary;
        why = relationship.mode().displayName() + ": the primary " + primary + " answers every client"
            + (relationship.mode() == FailoverMode.PASSIVE_BACKUP ? "; backup servers never answer" : "");
      }
    }
    b.configured(configured);
    return withState(b, relationship, configured, basis, why, statuses);
  }

  private static ServerChoice withState(ImmutableServerChoice.Builder b, Relationship r, ServerId configured,
      Basis basis, String why, List<ServerStatus> statuses) {
    Map<ServerId, ServerStatus> byServer = new HashMap<>();
    statuses.forEach(s -> byServer.put(s.server(), s));
    List<ServerId> pair = List.of(r.primary(), r.secondary());
    List<ServerId> takingOver = new ArrayList<>();
    Basis takeover = null;
    for (ServerId s : pair) {
      Optional<FailoverStatus> st = Optional.ofNullable(byServer.get(s)).flatMap(ServerStatus::status);
      if (st.map(x -> x.localCommon() == CommonState.PARTNER_DOWN).orElse(false)) {
        takingOver.add(s);
        takeover = Basis.PARTNER_DOWN;
      } else if (st.map(x -> x.local() == KeaHaState.PARTNER_IN_MAINTENANCE).orElse(false)) {
        takingOver.add(s);
        takeover = takeover == null ? Basis.PARTNER_IN_MAINTENANCE : takeover;
      }
    }
    if (!takingOver.isEmpty()) {
      String who = String.join(" and ", takingOver.stream().map(ServerId::value).toList());
      return b.servers(takingOver).basis(takeover).reason(who + (takingOver.size() > 1 ? " are" : " is") + " in "
          + (takeover == Basis.PARTNER_DOWN ? "partner-down" : "partner-in-maintenance")
          + (takingOver.size() > 1 ? " and answer" : " and answers") + " every client (with both normal: " + why + ")")
          .build();
    }
    ServerStatus entry = byServer.get(configured);
    if (entry != null && entry.status().isEmpty()) {
      return b.basis(Basis.NOT_SERVING).reason(configured + " did not answer the status request ("
          + entry.problem().orElse("") + "): its clients get no answer until " + r.partnerOf(configured)
          + " is in partner-down (" + why + ")").build();
    }
    Optional<FailoverStatus> st = Optional.ofNullable(entry).flatMap(ServerStatus::status);
    CommonState common = st.map(FailoverStatus::localCommon).orElse(CommonState.NORMAL);
    switch (common) {
      case NORMAL:
      case TERMINATED:
        return b.addServers(configured).basis(basis).reason(why
            + (common == CommonState.TERMINATED ? " (Kea terminated: each server goes on serving its own clients)" : ""))
            .build();
      case COMMUNICATION_INTERRUPTED:
        if (r.settings() instanceof IscFailoverSettings) {
          return b.servers(pair).basis(Basis.COMMUNICATION_INTERRUPTED).reason("communications-interrupted: each ISC "
              + "server answers any client from its own free addresses (with both normal: " + why + ")").build();
        }
        return b.addServers(configured).basis(basis).reason(why + " (" + st.get().local().vendorName()
            + ": each server goes on serving its own clients)").build();
      default:
        return b.basis(Basis.NOT_SERVING).reason(configured + " is in " + st.get().local().vendorName() + " ("
            + common + ") and gives no new lease until it is back in its normal state or " + r.partnerOf(configured)
            + " is in partner-down (" + why + ")").build();
    }
  }

  /** Whether the ISC primary's hash bucket array holds the bucket ({@code split} N: buckets 0 to N-1). */
  static boolean primaryBucket(IscFailoverSettings isc, int bucket) {
    if (isc.split().isPresent()) {
      return bucket < isc.split().getAsInt();
    }
    String[] bytes = isc.hba().orElseThrow().split(":");
    int value = Integer.parseInt(bytes[bucket / 8], 16);
    return (value & (1 << (bucket % 8))) != 0;
  }
}
