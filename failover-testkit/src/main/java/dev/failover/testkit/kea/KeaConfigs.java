package dev.failover.testkit.kea;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Configurations shaped like the recorded Kea 2.2 server's ({@code config-get.response.json}):
 * the same global parameters and HA hook entry, with per-server paths, names and URLs. Paths are
 * strings only; the fake never touches a file system.
 */
final class KeaConfigs {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String HOOKS_DIR = "/usr/lib/x86_64-linux-gnu/kea/hooks/";
  static final String FILES_DIR = "/tmp/kea-fake/";

  private KeaConfigs() {
  }

  /** One HA peer. */
  record PeerSpec(String name, String role, String url) {
  }

  /** One subnet: prefix, id and pools ({@code a-b} or {@code prefix/len}). */
  record ScopeSpec(String subnet, long id, List<String> pools) {
  }

  /** The HA timers and thresholds. */
  record Timers(long heartbeatDelay, long maxResponseDelay, long maxAckDelay,
      long maxUnackedClients) {
    /** The values of the recorded pair. */
    static final Timers RECORDED = new Timers(2000, 6000, 5000, 0);
  }

  /**
   * A {@code {"Dhcp4": …}} configuration for server number {@code index} (used in file names),
   * named {@code thisServerName} in an HA relationship of {@code mode} with {@code peers}.
   */
  static ObjectNode server(int index, String thisServerName, HaSettings.Mode mode,
      List<PeerSpec> peers, Timers timers, List<ScopeSpec> scopes) {
    ObjectNode d = NODES.objectNode();
    d.put("authoritative", false);
    d.put("boot-file-name", "");
    d.put("calculate-tee-times", false);
    ObjectNode socket = d.putObject("control-socket");
    socket.put("socket-name", FILES_DIR + "kea" + index + ".sock");
    socket.put("socket-type", "unix");
    d.put("ddns-generated-prefix", "myhost");
    d.put("ddns-override-client-update", false);
    d.put("ddns-override-no-update", false);
    d.put("ddns-qualifying-suffix", "");
    d.put("ddns-replace-client-name", "never");
    d.put("ddns-send-updates", true);
    d.put("ddns-update-on-renew", false);
    d.put("ddns-use-conflict-resolution", true);
    d.put("decline-probation-period", 86400);
    ObjectNode ddns = d.putObject("dhcp-ddns");
    ddns.put("enable-updates", false);
    ddns.put("max-queue-size", 1024);
    ddns.put("ncr-format", "JSON");
    ddns.put("ncr-protocol", "UDP");
    ddns.put("sender-ip", "0.0.0.0");
    ddns.put("sender-port", 0);
    ddns.put("server-ip", "127.0.0.1");
    ddns.put("server-port", 53001);
    ObjectNode queue = d.putObject("dhcp-queue-control");
    queue.put("capacity", 64);
    queue.put("enable-queue", false);
    queue.put("queue-type", "kea-ring4");
    d.put("dhcp4o6-port", 0);
    d.put("early-global-reservations-lookup", false);
    d.put("echo-client-id", true);
    ObjectNode expired = d.putObject("expired-leases-processing");
    expired.put("flush-reclaimed-timer-wait-time", 25);
    expired.put("hold-reclaimed-time", 3600);
    expired.put("max-reclaim-leases", 100);
    expired.put("max-reclaim-time", 250);
    expired.put("reclaim-timer-wait-time", 10);
    expired.put("unwarned-reclaim-cycles", 5);
    ArrayNode hooks = d.putArray("hooks-libraries");
    hooks.addObject().put("library", HOOKS_DIR + FakeDhcp4Config.LEASE_CMDS_LIBRARY);
    if (mode != null) {
      ObjectNode ha = hooks.addObject();
      ha.put("library", HOOKS_DIR + FakeDhcp4Config.HA_LIBRARY);
      ObjectNode rel = ha.putObject("parameters").putArray("high-availability").addObject();
      rel.put("delayed-updates-limit", mode == HaSettings.Mode.LOAD_BALANCING ? 100 : 0);
      rel.put("heartbeat-delay", timers.heartbeatDelay());
      rel.put("max-ack-delay", timers.maxAckDelay());
      rel.put("max-response-delay", timers.maxResponseDelay());
      rel.put("max-unacked-clients", timers.maxUnackedClients());
      rel.put("mode", mode.wireName());
      ObjectNode mt = rel.putObject("multi-threading");
      mt.put("enable-multi-threading", false);
      mt.put("http-client-threads", 0);
      mt.put("http-dedicated-listener", false);
      mt.put("http-listener-threads", 0);
      ArrayNode list = rel.putArray("peers");
      for (PeerSpec p : peers) {
        ObjectNode peer = list.addObject();
        peer.put("auto-failover", true);
        peer.put("name", p.name());
        peer.put("role", p.role());
        peer.put("url", p.url());
      }
      rel.put("require-client-certs", true);
      rel.put("restrict-commands", false);
      rel.put("send-lease-updates", true);
      rel.put("sync-leases", true);
      rel.put("sync-page-limit", 10000);
      rel.put("sync-timeout", 60000);
      rel.put("this-server-name", thisServerName);
      rel.put("wait-backup-ack", false);
    }
    ArrayNode ids = d.putArray("host-reservation-identifiers");
    ids.add("hw-address").add("duid").add("circuit-id").add("client-id");
    d.put("hostname-char-replacement", "");
    d.put("hostname-char-set", "[^A-Za-z0-9.-]");
    ObjectNode ifaces = d.putObject("interfaces-config");
    ifaces.putArray("interfaces");
    ifaces.put("re-detect", true);
    d.put("ip-reservations-unique", true);
    ObjectNode leases = d.putObject("lease-database");
    leases.put("name", FILES_DIR + "leases" + index + ".csv");
    leases.put("persist", true);
    leases.put("type", "memfile");
    ObjectNode logger = d.putArray("loggers").addObject();
    logger.put("debuglevel", 0);
    logger.put("name", "kea-dhcp4");
    ObjectNode output = logger.putArray("output_options").addObject();
    output.put("flush", true);
    output.put("maxsize", 10240000);
    output.put("maxver", 1);
    output.put("output", FILES_DIR + "kea" + index + ".log");
    output.put("pattern", "");
    logger.put("severity", "INFO");
    d.put("match-client-id", true);
    ObjectNode mt = d.putObject("multi-threading");
    mt.put("enable-multi-threading", false);
    mt.put("packet-queue-size", 64);
    mt.put("thread-pool-size", 0);
    d.put("next-server", "0.0.0.0");
    d.putArray("option-data");
    d.putArray("option-def");
    d.put("parked-packet-limit", 256);
    d.put("reservations-global", false);
    d.put("reservations-in-subnet", true);
    d.put("reservations-lookup-first", false);
    d.put("reservations-out-of-pool", false);
    d.putObject("sanity-checks").put("lease-checks", "warn");
    d.put("server-hostname", "");
    d.put("server-tag", "");
    d.putArray("shared-networks");
    d.put("statistic-default-sample-age", 0);
    d.put("statistic-default-sample-count", 20);
    d.put("store-extended-info", false);
    ArrayNode subnets = d.putArray("subnet4");
    for (ScopeSpec s : scopes) {
      ObjectNode subnet = subnets.addObject();
      subnet.put("id", s.id());
      subnet.put("subnet", s.subnet());
      ArrayNode pools = subnet.putArray("pools");
      for (String pool : s.pools()) {
        pools.addObject().put("pool", pool);
      }
    }
    d.put("t1-percent", 0.5);
    d.put("t2-percent", 0.875);
    d.put("valid-lifetime", 7200);
    ObjectNode root = NODES.objectNode();
    root.set("Dhcp4", FakeDhcp4Config.normalize(d));
    return root;
  }
}
