package dev.failover.cli;

import dev.failover.plan.IscPeer;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.KeaStatePause;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A relationship's settings in its vendor's own terms, one row per setting: ISC dhcpd's
 * {@code failover peer} keywords ({@code mclt 1 h}, {@code max-response-delay 60 s},
 * {@code split 128}), the Kea HA hook's parameters ({@code heartbeat-delay 10 s}, …), the Windows
 * DHCP console's words (mode, MCLT, reserve 5 %, state switchover interval). Secrets are never rows.
 */
final class SettingsText {

  private SettingsText() {}

  /** Where the vendor keeps these settings, for the heading of the table. */
  static String where(VendorSettings settings) {
    return switch (settings.vendor()) {
      case ISC -> "dhcpd.conf failover peer";
      case KEA -> "Kea high-availability hook";
      case WINDOWS -> "Windows DHCP failover";
    };
  }

  /** The settings of a relationship as rows, in the vendor's order and words. */
  static Map<String, String> rows(Relationship r) {
    return rows(r.settings(), r.mode());
  }

  static Map<String, String> rows(VendorSettings settings, FailoverMode mode) {
    Map<String, String> rows = new LinkedHashMap<>();
    if (settings instanceof IscFailoverSettings s) {
      rows.put("primary", s.primaryAddress() + " port " + s.primaryPort());
      rows.put("secondary", s.secondaryAddress() + " port " + s.secondaryPort());
      rows.put("mclt", Words.duration(s.mclt()));
      rows.put("max-response-delay", Words.duration(s.maxResponseDelay()));
      rows.put("max-unacked-updates", Integer.toString(s.maxUnackedUpdates()));
      s.split().ifPresent(v -> rows.put("split", Integer.toString(v)));
      s.hba().ifPresent(v -> rows.put("hba", v));
      rows.put("load balance max seconds", s.loadBalanceMaxSeconds() == 0 ? "0 (load balancing off)"
          : s.loadBalanceMaxSeconds() + " s");
      rows.put("auto-partner-down", s.autoPartnerDown().isZero() ? "off" : Words.duration(s.autoPartnerDown()));
      rows.put("max-lease-misbalance", s.maxLeaseMisbalance() + " %");
      rows.put("max-lease-ownership", s.maxLeaseOwnership() + " %");
      rows.put("min-balance", Words.duration(s.minBalance()));
      rows.put("max-balance", Words.duration(s.maxBalance()));
    } else if (settings instanceof KeaHaSettings s) {
      rows.put("mode", mode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      rows.put("heartbeat-delay", Words.duration(s.heartbeatDelay()));
      rows.put("max-response-delay", Words.duration(s.maxResponseDelay()));
      rows.put("max-ack-delay", Words.duration(s.maxAckDelay()));
      rows.put("max-unacked-clients", Long.toString(s.maxUnackedClients()));
      rows.put("max-rejected-lease-updates", s.maxRejectedLeaseUpdates().isPresent()
          ? Long.toString(s.maxRejectedLeaseUpdates().getAsLong()) : "the server's default");
      rows.put("delayed-updates-limit", s.effectiveDelayedUpdatesLimit(mode)
          + (s.delayedUpdatesLimit().isPresent() ? "" : " (Kea's default in " + mode.displayName() + ")"));
      if (mode == FailoverMode.PASSIVE_BACKUP) {
        rows.put("wait-backup-ack", Boolean.toString(s.waitBackupAck()));
      }
      rows.put("send-lease-updates", Boolean.toString(s.sendLeaseUpdates()));
      rows.put("sync-leases", Boolean.toString(s.syncLeases()));
      rows.put("sync-timeout", Words.duration(s.syncTimeout()));
      rows.put("sync-page-limit", Long.toString(s.syncPageLimit()));
      rows.put("require-client-certs", Boolean.toString(s.requireClientCerts()));
      s.restrictCommands().ifPresent(v -> rows.put("restrict-commands", Boolean.toString(v)));
      s.multiThreading().ifPresent(m -> rows.put("multi-threading", multiThreading(m)));
      for (KeaStatePause p : s.statePauses()) {
        rows.put("state-machine " + p.state().vendorName(), "pause " + p.pause().keaName());
      }
      s.trustAnchor().ifPresent(v -> rows.put("trust-anchor", v));
      s.certFile().ifPresent(v -> rows.put("cert-file", v));
      s.keyFile().ifPresent(v -> rows.put("key-file", v));
      for (KeaPeer p : s.peers()) {
        StringBuilder v = new StringBuilder(p.role().name().toLowerCase(Locale.ROOT)).append(", ").append(p.url())
            .append(", auto-failover ").append(p.autoFailover());
        if (!p.name().equals(p.server().value())) {
          v.append(", on server ").append(p.server());
        }
        p.basicAuthUser().ifPresent(u -> v.append(", basic-auth-user ").append(u));
        p.basicAuthUserFile().ifPresent(u -> v.append(", basic-auth-user-file ").append(u));
        p.basicAuthPasswordFile().ifPresent(u -> v.append(", basic-auth-password-file ").append(u));
        if (p.tlsConfigured()) {
          v.append(", TLS files of its own");
        }
        rows.put("peer " + p.name(), v.toString());
      }
    } else if (settings instanceof WindowsFailoverSettings s) {
      if (mode == FailoverMode.LOAD_BALANCING) {
        rows.put("mode", "load balance");
        int lb = s.loadBalancePercent().orElse(WindowsFailoverSettings.DEFAULT_LOAD_BALANCE_PERCENT);
        rows.put("load balance", lb + " % on the primary");
      } else {
        WindowsServerRole role = s.partnerRole().orElse(WindowsServerRole.STANDBY);
        rows.put("mode", "hot standby, partner " + role.name().toLowerCase(Locale.ROOT));
        rows.put("reserve", s.reservePercent().orElse(WindowsFailoverSettings.DEFAULT_RESERVE_PERCENT) + " %");
      }
      rows.put("MCLT", Words.duration(s.maxClientLeadTime()));
      rows.put("state switchover interval", s.stateSwitchInterval().map(Words::duration).orElse("off"));
      rows.put("message authentication", Words.onOff(s.messageAuthentication())
          + (s.messageAuthentication() ? (s.sharedSecret().isPresent() ? ", shared secret given" : ", shared secret not known here") : ""));
    }
    return rows;
  }

  /** An ISC {@code failover peer} declaration as rows, in dhcpd.conf's keywords. */
  static Map<String, String> rows(IscPeer peer) {
    IscPeerDeclaration d = peer.declaration();
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("role", d.role().name().toLowerCase(Locale.ROOT));
    rows.put("address", d.address() + " port " + d.port());
    rows.put("peer address", d.peerAddress() + " port " + d.peerPort());
    d.mclt().ifPresent(v -> rows.put("mclt", Words.duration(v)));
    rows.put("max-response-delay", Words.duration(d.maxResponseDelay()));
    rows.put("max-unacked-updates", Integer.toString(d.maxUnackedUpdates()));
    d.split().ifPresent(v -> rows.put("split", Integer.toString(v)));
    d.hba().ifPresent(v -> rows.put("hba", v));
    rows.put("load balance max seconds", Integer.toString(d.loadBalanceMaxSeconds()));
    rows.put("auto-partner-down", d.autoPartnerDown().isZero() ? "off" : Words.duration(d.autoPartnerDown()));
    rows.put("max-lease-misbalance", d.maxLeaseMisbalance() + " %");
    rows.put("max-lease-ownership", d.maxLeaseOwnership() + " %");
    rows.put("min-balance", Words.duration(d.minBalance()));
    rows.put("max-balance", Words.duration(d.maxBalance()));
    return rows;
  }

  private static String multiThreading(KeaMultiThreading m) {
    return m.enableMultiThreading() ? "on, " + (m.httpDedicatedListener() ? "dedicated listener, " : "")
        + m.httpListenerThreads() + " listener thread(s), " + m.httpClientThreads() + " client thread(s)" : "off";
  }

  /** Rows as an aligned table, each line indented. */
  static String table(Map<String, String> rows, String indent) {
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    rows.forEach((k, v) -> sb.append(indent).append(k).append(" ".repeat(width - k.length() + 2)).append(v).append('\n'));
    return sb.toString();
  }
}
