package dev.failover.testkit.gen;

import dev.failover.Secret;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableIscFailoverSettings;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableKeaMultiThreading;
import dev.failover.relationship.ImmutableKeaPeer;
import dev.failover.relationship.ImmutableWindowsFailoverSettings;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.KeaStatePause;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.ServerRole;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.KeaHaState;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/** Relationships and vendor settings in valid combinations. Not API: {@link Generators} hands them out. */
final class Relationships {

  private static final List<KeaHaState> PAUSABLE = Arrays.stream(KeaHaState.values()).filter(KeaHaState::ownState)
      .toList();

  private Relationships() {}

  /** A relationship between the two servers, of the vendor and mode, covering zero to four disjoint subnets. */
  static Relationship relationship(RandomGenerator r, Vendor vendor, FailoverMode mode, ServerId primary,
      ServerId secondary, List<ServerId> keaBackups) {
    VendorSettings settings = switch (vendor) {
      case ISC -> isc(r, mode);
      case KEA -> kea(r, mode, primary, secondary, keaBackups);
      case WINDOWS -> windows(r, mode);
    };
    return Relationship.builder().name(name(r)).mode(mode).primary(primary).secondary(secondary).settings(settings)
        .addAllScopes(Networks.disjoint(r, Draw.uniform(r, 0, 4), 16, 30)).build();
  }

  /** A relationship name: plain most of the time, hostile a third of the time, now and then the full 126 characters. */
  static RelationshipName name(RandomGenerator r) {
    int kind = r.nextInt(12);
    if (kind < 4) {
      return RelationshipName.of(Hostile.printableText(r, 1, RelationshipName.MAX_LENGTH, true));
    }
    if (kind == 4) {
      String base = "pair-" + Draw.uniform(r, 1, 999) + "-";
      return RelationshipName.of(base + "x".repeat(RelationshipName.MAX_LENGTH - base.length()));
    }
    return RelationshipName.of(Draw.pick(r, "pair-", "failover ", "Failover-Site-", "hs_", "lb.") + Draw.uniform(r, 1, 999));
  }

  // ISC ------------------------------------------------------------------------------------------

  /** ISC settings: addresses and ports that differ, split or hba fitting the mode, times within a C int. */
  static IscFailoverSettings isc(RandomGenerator r, FailoverMode mode) {
    ImmutableIscFailoverSettings.Builder b = IscFailoverSettings.builder();
    String primaryAddress = iscAddress(r);
    int primaryPort = port(r);
    int secondaryPort = port(r);
    String secondaryAddress;
    if (Draw.oneIn(r, 6)) {
      secondaryAddress = primaryAddress;
      if (secondaryPort == primaryPort) {
        secondaryPort = primaryPort == IscFailoverSettings.DEFAULT_PORT ? 847 : IscFailoverSettings.DEFAULT_PORT;
      }
    } else {
      do {
        secondaryAddress = iscAddress(r);
      } while (secondaryAddress.equalsIgnoreCase(primaryAddress));
    }
    b.primaryAddress(primaryAddress).secondaryAddress(secondaryAddress);
    if (primaryPort != IscFailoverSettings.DEFAULT_PORT || Draw.oneIn(r, 2)) {
      b.primaryPort(primaryPort);
    }
    if (secondaryPort != IscFailoverSettings.DEFAULT_PORT || Draw.oneIn(r, 2)) {
      b.secondaryPort(secondaryPort);
    }
    if (!Draw.oneIn(r, 3)) {
      b.maxResponseDelay(Draw.seconds(r, 1, Draw.C_INT_MAX, 60, 20, 30));
    }
    if (!Draw.oneIn(r, 3)) {
      b.maxUnackedUpdates((int) Draw.number(r, 1, Draw.C_INT_MAX, 10, 100));
    }
    if (!Draw.oneIn(r, 3)) {
      b.mclt(Draw.seconds(r, 1, Draw.C_INT_MAX, 3600, 300, 1800));
    }
    if (!Draw.oneIn(r, 3)) {
      b.loadBalanceMaxSeconds((int) Draw.number(r, 0, Draw.C_INT_MAX, 3, 5));
    }
    if (Draw.oneIn(r, 3)) {
      b.autoPartnerDown(Draw.seconds(r, 0, Draw.C_INT_MAX, 3600, 600));
    }
    if (Draw.oneIn(r, 3)) {
      b.maxLeaseMisbalance(Draw.number(r, 1, 100, 15, 50));
    }
    if (Draw.oneIn(r, 3)) {
      b.maxLeaseOwnership(Draw.number(r, 1, 100, 10, 50));
    }
    if (Draw.oneIn(r, 3)) {
      b.minBalance(Draw.seconds(r, 1, Draw.C_INT_MAX, 60));
    }
    if (Draw.oneIn(r, 3)) {
      b.maxBalance(Draw.seconds(r, 1, Draw.C_INT_MAX, 3600));
    }
    splitOrHba(r, mode, b);
    return b.build();
  }

  /** Load balancing: split 1 to 255 (128 half the time) or an hba with 1 to 255 buckets; hot standby: split 256 or 0, or an all-ones or all-zeros hba. */
  private static void splitOrHba(RandomGenerator r, FailoverMode mode, ImmutableIscFailoverSettings.Builder b) {
    boolean hba = Draw.oneIn(r, 4);
    if (mode == FailoverMode.LOAD_BALANCING) {
      int buckets = Draw.oneIn(r, 2) ? IscFailoverSettings.LOAD_BALANCING_SPLIT : Draw.number(r, 1, 255, 64, 192);
      if (hba) {
        b.hba(hba(r, buckets));
      } else if (buckets != IscFailoverSettings.LOAD_BALANCING_SPLIT || Draw.oneIn(r, 2)) {
        b.split(buckets);
      }
    } else if (mode == FailoverMode.HOT_STANDBY) {
      int buckets = Draw.oneIn(r, 3) ? 0 : IscFailoverSettings.HOT_STANDBY_SPLIT;
      if (hba) {
        b.hba(hba(r, buckets));
      } else {
        b.split(buckets);
      }
    } else {
      throw new IllegalArgumentException("mode must be load balancing or hot standby for ISC dhcpd, was " + mode);
    }
  }

  /** A 32-byte hash bucket bitmap with that many bits set, written in one of the forms dhcpd reads. */
  private static String hba(RandomGenerator r, int buckets) {
    int[] bytes = new int[32];
    for (long bit : Draw.distinct(r, 256, buckets)) {
      bytes[(int) (bit / 8)] |= 1 << (bit % 8);
    }
    String format = Draw.pick(r, "%02x", "%02X", "%x");
    StringJoiner out = new StringJoiner(":");
    for (int b : bytes) {
      out.add(String.format(format, b));
    }
    return out.toString();
  }

  private static String iscAddress(RandomGenerator r) {
    if (Draw.oneIn(r, 3)) {
      String name = Scopes.hostName(r);
      return name.chars().allMatch(c -> c == '.' || Character.isDigit(c)) ? "h" + name : name;
    }
    return ipv4(r);
  }

  private static int port(RandomGenerator r) {
    int kind = r.nextInt(4);
    if (kind < 2) {
      return IscFailoverSettings.DEFAULT_PORT;
    }
    if (kind == 2) {
      return Draw.pick(r, 847, 519, 520, 647);
    }
    return Draw.number(r, 1, 65535, 1024, 8647);
  }

  private static String ipv4(RandomGenerator r) {
    return Networks.placed(r, 32).network().toString();
  }

  // Kea ------------------------------------------------------------------------------------------

  /**
   * Kea HA settings: the primary peer, the partner in the role the mode gives it, a random
   * subset of the backups; unique peer names and listener endpoints; https only with TLS; timers
   * within uint16 milliseconds; {@code delayed-updates-limit} 0 outside load balancing and
   * {@code wait-backup-ack} only in passive backup.
   */
  static KeaHaSettings kea(RandomGenerator r, FailoverMode mode, ServerId primary, ServerId partner,
      List<ServerId> backups) {
    ImmutableKeaHaSettings.Builder b = KeaHaSettings.builder();
    boolean relationshipTls = Draw.oneIn(r, 5);
    if (relationshipTls) {
      b.trustAnchor("/etc/kea/ca.pem").certFile("/etc/kea/" + Draw.pick(r, "server", "ha peer", "x'y") + ".pem")
          .keyFile("/etc/kea/key.pem");
    }
    List<ServerId> servers = new ArrayList<>(List.of(primary, partner));
    List<ServerRole> roles = new ArrayList<>(List.of(ServerRole.PRIMARY, KeaHaSettings.partnerRole(mode)));
    for (ServerId backup : backups) {
      if (Draw.oneIn(r, 2)) {
        servers.add(backup);
        roles.add(ServerRole.BACKUP);
      }
    }
    Set<String> names = new HashSet<>();
    servers.forEach(s -> names.add(s.value()));
    Set<String> endpoints = new HashSet<>();
    List<KeaPeer> peers = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      peers.add(peer(r, servers.get(i), roles.get(i), relationshipTls, names, endpoints));
    }
    for (int i = peers.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      KeaPeer t = peers.get(i);
      peers.set(i, peers.get(j));
      peers.set(j, t);
    }
    b.addAllPeers(peers);
    if (!Draw.oneIn(r, 3)) {
      b.heartbeatDelay(Draw.millis(r, 1, Draw.UINT16_MAX, 10_000, 1_000));
    }
    if (!Draw.oneIn(r, 3)) {
      b.maxResponseDelay(Draw.millis(r, 0, Draw.UINT16_MAX, 60_000, 30_000));
    }
    if (!Draw.oneIn(r, 3)) {
      b.maxAckDelay(Draw.millis(r, 0, Draw.UINT16_MAX, 10_000, 5_000));
    }
    if (!Draw.oneIn(r, 3)) {
      b.maxUnackedClients(Draw.number(r, 0, Draw.UINT32_MAX, 10, 0));
    }
    if (Draw.oneIn(r, 3)) {
      b.maxRejectedLeaseUpdates(Draw.number(r, 0, Draw.UINT32_MAX, 10, 1));
    }
    if (mode == FailoverMode.LOAD_BALANCING) {
      if (Draw.oneIn(r, 2)) {
        b.delayedUpdatesLimit(Draw.number(r, 0, Draw.UINT32_MAX, 100));
      }
    } else if (Draw.oneIn(r, 2)) {
      b.delayedUpdatesLimit(0);
    }
    if (mode == FailoverMode.PASSIVE_BACKUP) {
      b.waitBackupAck(Draw.oneIn(r, 2));
    } else if (Draw.oneIn(r, 4)) {
      b.waitBackupAck(false);
    }
    if (Draw.oneIn(r, 4)) {
      b.sendLeaseUpdates(!Draw.oneIn(r, 4));
    }
    if (Draw.oneIn(r, 4)) {
      b.syncLeases(!Draw.oneIn(r, 4));
    }
    if (Draw.oneIn(r, 3)) {
      b.syncTimeout(Draw.millis(r, 0, Draw.UINT32_MAX, 60_000));
    }
    if (Draw.oneIn(r, 3)) {
      b.syncPageLimit(Draw.number(r, 0, Draw.UINT32_MAX, 10_000));
    }
    if (Draw.oneIn(r, 3)) {
      b.requireClientCerts(Draw.oneIn(r, 2));
    }
    if (Draw.oneIn(r, 3)) {
      b.restrictCommands(Draw.oneIn(r, 2));
    }
    if (Draw.oneIn(r, 3)) {
      b.multiThreading(multiThreading(r));
    }
    if (Draw.oneIn(r, 4)) {
      for (long index : Draw.distinct(r, PAUSABLE.size(), Draw.uniform(r, 1, 3))) {
        b.addStatePause(KeaStatePause.of(PAUSABLE.get((int) index), Draw.pick(r, KeaStatePause.Pause.values())));
      }
    }
    return b.build();
  }

  private static KeaPeer peer(RandomGenerator r, ServerId server, ServerRole role, boolean relationshipTls,
      Set<String> names, Set<String> endpoints) {
    ImmutableKeaPeer.Builder b = KeaPeer.builder().server(server).role(role);
    if (Draw.oneIn(r, 4)) {
      String name = Draw.oneIn(r, 2) ? "server" + Draw.uniform(r, 1, 99)
          : Hostile.printableText(r, 1, 64, true);
      if (names.add(name)) {
        b.name(name);
      }
    }
    boolean peerTls = Draw.oneIn(r, 6);
    if (peerTls) {
      b.trustAnchor("/etc/kea/peer-ca.pem").certFile("/etc/kea/peer-cert.pem").keyFile("/etc/kea/peer-key.pem");
    }
    String scheme = (peerTls || relationshipTls) && Draw.oneIn(r, 2) ? "https" : "http";
    URI url;
    do {
      String host = Draw.oneIn(r, 5) ? "[" + Draw.pick(r, "2001:db8::", "fd00::", "fe80::") + Integer.toHexString(
          Draw.uniform(r, 1, 0xffff)) + "]" : ipv4(r);
      int port = Draw.number(r, 1, 65535, 8000, 8001, 8080);
      url = URI.create(scheme + "://" + host + (Draw.oneIn(r, 8) ? "" : ":" + port) + (Draw.oneIn(r, 2) ? "/" : ""));
    } while (!endpoints.add((url.getHost() + ":" + url.getPort()).toLowerCase(Locale.ROOT)));
    b.url(url);
    if (Draw.oneIn(r, 4)) {
      b.autoFailover(Draw.oneIn(r, 2));
    }
    if (Draw.oneIn(r, 3)) {
      if (Draw.oneIn(r, 2)) {
        b.basicAuthUser(Draw.oneIn(r, 2) ? "kea-ha" : Hostile.printableText(r, 1, 64, false).replace(':', '_'));
      } else {
        b.basicAuthUserFile("/etc/kea/ha-user");
      }
      if (Draw.oneIn(r, 2)) {
        b.basicAuthPassword(Secret.of(Draw.oneIn(r, 2) ? "s3cret" : Hostile.printableText(r, 1, 64, false)));
      } else {
        b.basicAuthPasswordFile("/etc/kea/ha-password");
      }
    }
    return b.build();
  }

  private static KeaMultiThreading multiThreading(RandomGenerator r) {
    ImmutableKeaMultiThreading.Builder b = KeaMultiThreading.builder();
    if (Draw.oneIn(r, 2)) {
      b.enableMultiThreading(Draw.oneIn(r, 2));
    }
    if (Draw.oneIn(r, 2)) {
      b.httpDedicatedListener(Draw.oneIn(r, 2));
    }
    if (Draw.oneIn(r, 2)) {
      b.httpListenerThreads(Draw.number(r, 0, Draw.UINT32_MAX, 0, 4));
    }
    if (Draw.oneIn(r, 2)) {
      b.httpClientThreads(Draw.number(r, 0, Draw.UINT32_MAX, 0, 4));
    }
    return b.build();
  }

  // Windows --------------------------------------------------------------------------------------

  /** Windows settings: the percentage (and role) of the mode only, MCLT and switchover interval in DWORD seconds, a secret or not. */
  static WindowsFailoverSettings windows(RandomGenerator r, FailoverMode mode) {
    ImmutableWindowsFailoverSettings.Builder b = WindowsFailoverSettings.builder();
    if (mode == FailoverMode.LOAD_BALANCING) {
      if (!Draw.oneIn(r, 3)) {
        b.loadBalancePercent(Draw.number(r, 0, 100, 50, 70));
      }
    } else if (mode == FailoverMode.HOT_STANDBY) {
      if (!Draw.oneIn(r, 3)) {
        b.reservePercent(Draw.number(r, 0, 100, 5, 10));
      }
      if (!Draw.oneIn(r, 3)) {
        b.partnerRole(Draw.oneIn(r, 4) ? WindowsServerRole.ACTIVE : WindowsServerRole.STANDBY);
      }
    } else {
      throw new IllegalArgumentException("mode must be load balancing or hot standby for Windows DHCP, was " + mode);
    }
    if (!Draw.oneIn(r, 3)) {
      b.maxClientLeadTime(Draw.seconds(r, 1, Draw.UINT32_MAX, 3600, 300));
    }
    if (Draw.oneIn(r, 2)) {
      b.stateSwitchInterval(Draw.seconds(r, 1, Draw.UINT32_MAX, 3600, 300));
    }
    int auth = r.nextInt(6);
    if (auth < 2) {
      b.sharedSecret(Secret.of(auth == 0 ? "s3cret" : Hostile.printableText(r, 1, 64, false)));
    } else if (auth == 2) {
      b.messageAuthentication(true);
    }
    return b.build();
  }
}
