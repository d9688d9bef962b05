package dev.failover.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.isc.it.RealDhcpdPair;
import dev.failover.isc.it.RealDhcpdPair.Side;
import dev.failover.kea.it.RealKeaPair;
import dev.failover.serving.LoadBalanceHash;
import dev.failover.testkit.probe.DhcpClient;
import dev.failover.testkit.probe.DhcpMessage;
import dev.failover.testkit.probe.DhcpMessageType;
import dev.failover.testkit.probe.DhcpProbe;
import dev.failover.testkit.probe.ProbeResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DHCP-level proof of the move, with real packets on both sides: a real dhcpd 4.4 pair
 * ({@code pairs/dhcp}: load balancing with split 128, hot standby with 256) in network namespaces gives clients their leases
 * by a real relayed DISCOVER/OFFER/REQUEST/ACK; then the plan made with both partners'
 * dhcpd.leases merged (in load balancing each pool split between the Kea servers' HA classes around
 * those leases) and the cutover by the SDK's four steps ({@link #cutOver}: the plan loaded into a
 * real Kea 2.2 pair while dhcpd serves, the merged leases added to both servers, dhcpd stopped on
 * one side then the other, each side's Kea server checked); then the same clients (same hardware address and
 * client identifier) ask the Kea pair and must get the addresses dhcpd gave them, the reserved
 * hosts (declared in a group) their fixed addresses, a new client an address nobody holds, and a
 * client outside the class of a class-limited pool nothing from it.
 *
 * <p>dhcpd serves only in its namespaces (it does not serve on loopback); Kea answers on loopback
 * (RealKeaPair's {@code dhcpOnLoopback}); both are reached as a relay agent would reach them, with
 * option 118 naming the client's subnet, so what identifies a client to both servers is the same.
 */
@DisplayName("after the cutover, real DHCP clients get from a real Kea 2.2 pair the addresses a real dhcpd pair gave them, and their reservations")
class CutoverDhcpIT {

  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
  /** RealDhcpdPair's secondary: the relay address the ISC clients send from, in its namespace (dhcpd hears no packet from its own). */
  private static final String NS_RELAY = "192.0.2.2";
  /** RealDhcpdPair's primary, which serves its share of the clients (load balancing) and every reservation. */
  private static final String NS_PRIMARY = "192.0.2.1:67";
  private static final String CAMPUS = "192.0.2.0";
  private static final String VOIP = "10.40.0.0";
  private static final String PRINTER = "02:00:00:00:aa:01";
  private static final String PHONE = "02:00:00:00:aa:02/01:02:00:00:00:aa:02";

  /**
   * Clients the ISC primary serves: with split 128 those whose RFC 3074 bucket (of the client
   * identifier when sent, else of the hardware address) is below 128, with split 256 every one;
   * plain ones, every other one with a client identifier, or VoIP phones.
   */
  private static List<String> primarys(String kind, int count, int split) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= 255 && out.size() < count; i++) {
      String mac = String.format("02:00:00:%s:00:%02x", kind.equals("voip") ? "02" : "01", i);
      String spec = kind.equals("voip") ? mac + "@VOIP-phone" : out.size() % 2 == 0 ? mac + "/01:" + mac : mac;
      if (LoadBalanceHash.bucket(DoraMain.client(spec).identity().hashedBytes()) < split) {
        out.add(spec);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "split {0}")
  @ValueSource(ints = {128, 256})
  @DisplayName("load balancing (split 128, each pool split between the Kea servers' HA classes around the carried leases) and hot standby (split 256): each client keeps its address across the cutover (merged leases, lease4-add), the reserved hosts get their reservations, a new client gets a free address, the VoIP pool stays the phones'")
  void clientsKeepTheirAddresses(int split) throws Exception {
    long started = System.nanoTime();
    try (RealDhcpdPair isc = RealDhcpdPair.create(Optional.empty())) {
      for (Side side : Side.values()) {
        Files.writeString(isc.config(side), RealPairs.text(side == Side.PRIMARY ? "primary" : "secondary", split),
            StandardCharsets.ISO_8859_1);
        assertThat(isc.checkConfig(side).exitCode()).as("dhcpd -t of the %s", side).isZero();
      }
      isc.start();
      try (RealKeaPair kea = RealKeaPair.builder().dhcpOnLoopback().start()) {
        isc.awaitBothNormal(0, 0, Duration.ofSeconds(60));
        long normal = System.nanoTime();

        // real leases from the real dhcpd primary: DISCOVER, OFFER, REQUEST, ACK
        List<String> plain = primarys("plain", 4, split);
        List<String> phones = primarys("voip", 2, split);
        // only the dynamic clients ask dhcpd: the reserved hosts are carried from the configuration,
        // not from leases. (Asked too, dhcpd 4.4.3 at times offered them their fixed address and left
        // every REQUEST unanswered, right after the pair reached normal: a flaky precondition that
        // said nothing about the move; the reservations are checked on Kea below.)
        Map<String, String> fromIsc = dora(isc, Map.of(CAMPUS, plain, VOIP, phones));
        Map<String, String> held = new LinkedHashMap<>(fromIsc);
        assertThat(held).as("the dhcpd primary leases an address to each client of its buckets")
            .doesNotContainValue(null).containsOnlyKeys(Stream.concat(plain.stream(), phones.stream()).toList());
        held.forEach((client, address) -> assertThat(address).as(client)
            .startsWith(client.contains("@") ? "10.40.0." : "10.30.0."));

        long leased = System.nanoTime();
        // the leases as dhcpd wrote them (before each ACK), read while both dhcpd still serve: the
        // plan is made with them and the cutover's own steps stop dhcpd later
        List<IscLease> primaryLeases = leases(isc, Side.PRIMARY);
        List<IscLease> secondaryLeases = leases(isc, Side.SECONDARY);
        Instant now = Instant.now();
        MigrationPlan plan = RealPairs.plan(kea, split, IscLeases.merge(primaryLeases, secondaryLeases, now));
        assertThat(plan.mode()).isEqualTo(split == 128 ? "load-balancing" : "hot-standby");
        if (split == 128) {
          // the campus pool split around the carried leases, and clients of both Kea servers among them
          List<String> parts = new ArrayList<>();
          var dhcp4 = plan.config("server1").path("Dhcp4");
          List<com.fasterxml.jackson.databind.JsonNode> subnets = new ArrayList<>();
          dhcp4.path("subnet4").forEach(subnets::add);
          dhcp4.path("shared-networks").forEach(n -> n.path("subnet4").forEach(subnets::add));
          subnets.forEach(s -> s.path("pools").forEach(p ->
              parts.add(p.path("pool").asText() + " " + p.path("client-class").asText())));
          assertThat(parts).as("pools of the plan").anySatisfy(p -> assertThat(p).startsWith("10.30.0.").endsWith(" HA_server1"))
              .anySatisfy(p -> assertThat(p).startsWith("10.30.0.").endsWith(" HA_server2"));
          assertThat(plain.stream().map(c -> IscToKea.keaServerOf(DoraMain.client(c).identity().hardwareAddressText(),
              DoraMain.client(c).identity().clientIdentifierText())).distinct())
              .as("the Kea servers of the campus clients holding leases: each server has some").containsExactlyInAnyOrder(0, 1);
          // a pool halved without regard to the leases (server1 10.30.0.100-124, server2 125-149) would refuse one of them
          assertThat(plain).as("campus clients whose address lies in the other server's half of a plain halving")
              .anySatisfy(c -> assertThat(Integer.parseInt(held.get(c).substring("10.30.0.".length())) < 125 ? 0 : 1)
                  .isNotEqualTo(IscToKea.keaServerOf(DoraMain.client(c).identity().hardwareAddressText(),
                      DoraMain.client(c).identity().clientIdentifierText())));
        }
        LeaseMove move = IscLeases.move(plan, primaryLeases, secondaryLeases, now);
        cutOver(isc, kea, plan, move);
        long cut = System.nanoTime();
        assertThat(move.leases()).extracting(l -> l.address().toString())
            .containsExactlyInAnyOrderElementsOf(held.values());

        // the same clients ask the Kea pair
        Map<String, String> fromKea = new LinkedHashMap<>();
        List<String> campusAgain = new ArrayList<>(plain);
        campusAgain.add(PRINTER);
        String stranger = "02:00:00:03:00:01";
        campusAgain.add(stranger);
        fromKea.putAll(doraKea(kea, CAMPUS, campusAgain, Set.of()));
        List<String> phonesAgain = new ArrayList<>(phones);
        phonesAgain.add(PHONE);
        String notAPhone = "02:00:00:03:00:02";
        phonesAgain.add(notAPhone);
        fromKea.putAll(doraKea(kea, VOIP, phonesAgain, Set.of(notAPhone)));

        assertThat(fromKea).as("the addresses Kea gives the clients that held addresses from dhcpd (client=address)")
            .containsAllEntriesOf(held);
        assertThat(fromKea.get(PRINTER)).as("Kea gives the printer its reservation").isEqualTo("10.30.0.20");
        assertThat(fromKea.get(PHONE)).as("Kea gives the phone its reservation").isEqualTo("10.40.0.20");
        assertThat(fromKea.get(stranger)).as("a new client").startsWith("10.30.0.").isNotIn(held.values());
        assertThat(fromKea.get(notAPhone)).as("a client outside the voip class, in the VoIP pool's subnet").isNull();
        System.out.printf("CutoverDhcpIT, split " + split + ": dhcpd pair normal %d ms, leases from dhcpd %d ms, cutover %d ms, Kea's answers %d ms%n",
            millis(normal - started), millis(leased - normal), millis(cut - leased), millis(System.nanoTime() - cut));
      }
    }
    System.out.printf("CutoverDhcpIT, split %d: %d ms%n", split, millis(System.nanoTime() - started));
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /**
   * The cutover by the SDK's own steps ({@link Cutover#runAll}): both Kea servers given the plan by
   * {@code config-set} and in their HA state while dhcpd still serves; the merged leases added to
   * both with {@code lease4-add}; then dhcpd stopped on one side (by its PID, the operator's
   * action here) and that side's Kea server checked, then the other side.
   */
  private static void cutOver(RealDhcpdPair isc, RealKeaPair kea, MigrationPlan plan, LeaseMove move) {
    Cutover cutover = Cutover.builder().plan(plan).leases(move)
        .principal(dev.failover.access.Principal.withRoles("ops", dev.failover.access.BuiltInRole.DHCP_ADMINISTRATORS))
        .kea("server1", kea.client(1))
        .kea("server2", kea.client(2)).iscPrimary(side(isc, Side.PRIMARY)).iscSecondary(side(isc, Side.SECONDARY))
        .timing(CutoverTiming.of(RealKeaPair.STATE_TIMEOUT)).build();
    CutoverOutcome all = cutover.runAll();
    assertThat(all.succeeded()).as(all.summary()).isTrue();
    assertThat(all.done()).containsExactly(1, 2, 3, 4);
    for (Side side : Side.values()) {
      assertThat(isc.pid(side)).as("dhcpd of the %s after the cutover", side)
          .satisfies(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }
  }

  /** The operator's actions for one side: stop dhcpd by its PID (and check it is gone); start it again. */
  private static IscSide side(RealDhcpdPair isc, Side side) {
    return IscSide.of("dhcpd-" + side.name().toLowerCase(), () -> {
      long pid = isc.pid(side);
      isc.stop(side);
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IllegalStateException("dhcpd (PID " + pid + ") still runs");
      }
    }, () -> isc.start(side));
  }

  private static List<IscLease> leases(RealDhcpdPair isc, Side side) throws IOException {
    Path file = isc.directory().resolve(side.name().toLowerCase() + ".leases");
    return IscLeases.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
  }

  /**
   * DORA against the real dhcpd primary, from the secondary's namespace as relay 192.0.2.2
   * ({@link DoraMain} in one child JVM under {@code ip netns exec}), each subnet's clients with
   * option 118 naming it: client to the address it was acknowledged, or null. A client without an
   * acknowledgement is asked again, at most twice, with more time (a loaded machine delays dhcpd's
   * answers).
   */
  private static Map<String, String> dora(RealDhcpdPair isc, Map<String, List<String>> bySubnet) throws Exception {
    Map<String, String> acked = new LinkedHashMap<>(dora(isc, bySubnet, 2500));
    for (int round = 0; round < 2 && acked.containsValue(null); round++) {
      Map<String, List<String>> again = new LinkedHashMap<>();
      bySubnet.forEach((subnet, clients) -> {
        List<String> missing = clients.stream().filter(c -> acked.get(c) == null).toList();
        if (!missing.isEmpty()) {
          again.put(subnet, missing);
        }
      });
      acked.putAll(dora(isc, again, 5000));
    }
    return acked;
  }

  private static Map<String, String> dora(RealDhcpdPair isc, Map<String, List<String>> bySubnet, int answerMs)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", isc.namespace(Side.SECONDARY),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        DoraMain.class.getName(), NS_RELAY, NS_PRIMARY, String.valueOf(answerMs)));
    List<String> clients = new ArrayList<>();
    bySubnet.forEach((subnet, list) -> {
      command.add("--subnet");
      command.add(subnet);
      command.addAll(list);
      clients.addAll(list);
    });
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the DHCP client in " + isc.namespace(Side.SECONDARY) + " did not finish within "
          + CHILD_TIMEOUT);
    }
    assertThat(p.exitValue()).as("the DHCP client in the namespace:\n%s", out).isZero();
    Map<String, String> acked = new LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      String[] f = line.split(" ");
      if (f.length >= 2 && f[0].matches("\\d+")) {
        acked.put(clients.get(Integer.parseInt(f[0])), f[1].equals("acked") ? f[2] : null);
      }
    }
    assertThat(acked).as("a line for every client:\n%s", out).hasSize(clients.size());
    return acked;
  }

  /**
   * DORA against both Kea servers on loopback, relayed from a 127/8 address: each client must be
   * answered by at most one server (load balancing: the one of its bucket; hot standby: the primary); client to the address acknowledged, or null
   * when no server offered. A client not in {@code unanswered} (the ones expected to get nothing)
   * that got no offer asks once more (a loaded machine delays Kea's answers).
   */
  private static Map<String, String> doraKea(RealKeaPair kea, String subnet, List<String> clients,
      Set<String> unanswered) {
    SplittableRandom r = new SplittableRandom(System.nanoTime());
    String relay = "127." + (1 + r.nextInt(254)) + "." + (1 + r.nextInt(254)) + "." + (2 + r.nextInt(253));
    Map<String, String> acked = new LinkedHashMap<>();
    try (DhcpProbe probe = DhcpProbe.builder().relayAgent(relay)
        .server(new InetSocketAddress("127.0.0.1", kea.dhcpPort(1)))
        .server(new InetSocketAddress("127.0.0.1", kea.dhcpPort(2))).subnetSelection(subnet)
        .answerWait(Duration.ofMillis(2500)).lateWait(Duration.ofMillis(200)).build()) {
      for (String spec : clients) {
        DhcpClient client = DoraMain.client(spec);
        ProbeResult result = probe.discover(client);
        if (result.offers().isEmpty() && !unanswered.contains(spec)) {
          result = probe.discover(client);
        }
        assertThat(result.offers()).as("offers to %s", spec).hasSizeLessThanOrEqualTo(1);
        if (result.offers().isEmpty()) {
          acked.put(spec, null);
          continue;
        }
        Optional<DhcpMessage> answer = probe.request(result, result.offers().get(0));
        assertThat(answer.flatMap(DhcpMessage::type)).as("the answer to %s's request: %s", spec, answer)
            .contains(DhcpMessageType.ACK);
        assertThat(answer.get().yiaddr()).as("%s's acknowledged address", spec)
            .isEqualTo(result.offers().get(0).offeredAddress());
        acked.put(spec, answer.get().yiaddr().toString());
      }
    }
    return acked;
  }
}
