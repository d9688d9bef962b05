package dev.failover.kea.it;

import dev.failover.Failover;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.testkit.contract.ForwardingContractFixture;
import dev.failover.testkit.contract.ServiceFixture;
import dev.failover.testkit.probe.DhcpClient;
import dev.failover.testkit.probe.DhcpProbe;
import dev.failover.testkit.probe.ProbeResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The service contract's fixture over a real Kea pair answering DHCP on loopback: each client's
 * DHCPDISCOVER goes to both servers from the testkit's probe, relayed (option 118 names the
 * subnet), in {@value #BATCHES} concurrent batches, each a probe of its own on a random 127/8 relay
 * address (so parallel runs do not collide); stopping a server stops its kea-dhcp4 by PID (its
 * partner goes partner-down by itself: max-unacked-clients 0, 5 s max-response-delay, 1 s
 * heartbeats); starting it again runs it on the configuration the SDK wrote. A seeded scope is
 * written to the server's file as well ({@code config-write}), as an operator's lasting edit.
 */
final class RealKeaServiceFixture extends ForwardingContractFixture implements ServiceFixture {

  private static final int BATCHES = 8;
  private static final Duration ANSWER_WAIT = Duration.ofMillis(1000);
  private static final Duration LATE_WAIT = Duration.ofMillis(150);

  private final RealKeaFixture kea;
  private final FailoverMode mode;

  RealKeaServiceFixture(FailoverMode mode, RealKeaPair.Install install) {
    this(mode, new RealKeaFixture(mode, true, install).maxUnackedClients(0));
  }

  private RealKeaServiceFixture(FailoverMode mode, RealKeaFixture kea) {
    super(kea);
    this.mode = mode;
    this.kea = kea;
  }

  private String healthy() {
    return mode == FailoverMode.LOAD_BALANCING ? "load-balancing" : "hot-standby";
  }

  @Override
  public List<Map<ServerId, Ipv4Address>> answers(Failover failover, Subnet subnet, List<DhcpClient> clients) {
    int port1 = kea.pair().dhcpPort(1);
    int port2 = kea.pair().dhcpPort(2);
    ExecutorService pool = Executors.newFixedThreadPool(BATCHES);
    try {
      List<Future<List<ProbeResult>>> batches = new ArrayList<>();
      int size = (clients.size() + BATCHES - 1) / BATCHES;
      for (int from = 0; from < clients.size(); from += size) {
        List<DhcpClient> batch = clients.subList(from, Math.min(clients.size(), from + size));
        batches.add(pool.submit(() -> {
          try (DhcpProbe probe = DhcpProbe.builder().relayAgent(randomRelay())
              .server(new InetSocketAddress("127.0.0.1", port1)).server(new InetSocketAddress("127.0.0.1", port2))
              .subnetSelection(subnet.network().toString()).answerWait(ANSWER_WAIT).lateWait(LATE_WAIT).build()) {
            return probe.discoverAll(batch);
          }
        }));
      }
      List<Map<ServerId, Ipv4Address>> out = new ArrayList<>();
      for (Future<List<ProbeResult>> f : batches) {
        for (ProbeResult r : f.get(2, TimeUnit.MINUTES)) {
          Map<ServerId, Ipv4Address> answered = new LinkedHashMap<>();
          r.offers().forEach(o -> answered.put(o.from().getPort() == port1 ? RealKeaFixture.A
              : o.from().getPort() == port2 ? RealKeaFixture.B : ServerId.of("port-" + o.from().getPort()),
              o.offeredAddress()));
          out.add(answered);
        }
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError("probing " + clients.size() + " clients of " + subnet + " failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String randomRelay() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(2, 255);
  }

  @Override
  public void settle(Failover failover, Optional<Relationship> relationship) {
    if (relationship.isPresent()) {
      kea.pair().awaitState(1, healthy(), RealKeaPair.STATE_TIMEOUT);
      kea.pair().awaitState(2, healthy(), RealKeaPair.STATE_TIMEOUT);
    }
  }

  @Override
  public void stop(Failover failover, Relationship relationship, ServerId server) {
    kea.pair().stopDhcp4(RealKeaFixture.number(server));
    kea.pair().awaitState(RealKeaFixture.number(relationship.partnerOf(server)), "partner-down", Duration.ofSeconds(30));
  }

  @Override
  public void start(Failover failover, Relationship relationship, ServerId server) {
    kea.pair().startDhcp4(RealKeaFixture.number(server));
    settle(failover, Optional.of(relationship));
  }

  @Override
  public Optional<Pool> classPool(AddressRange range, String vendorClass) {
    return ServiceFixture.keaClassPool(range, vendorClass);
  }

  @Override
  public void seed(ServerId server, Scope scope) {
    // an operator's edit that lasts: written to the server's file too, so a stopped server starts with it
    kea.seed(server, scope);
    kea.client(server).configWrite();
  }

  @Override
  public void close() {
    kea.close();
  }
}
