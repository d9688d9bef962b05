package dev.failover.testkit.contract;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.relationship.Relationship;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Pool;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.state.CommonState;
import dev.failover.state.ServerStatus;
import dev.failover.testkit.probe.DhcpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the {@link FailoverServiceContract} needs from a pair under test besides a
 * {@link ContractFixture}: how to ask which server answers a client, how to stop and start a
 * server, and which pools limited to a client class the vendor holds. A real pair answers with
 * packets (the testkit's {@link dev.failover.testkit.probe.DhcpProbe}); a pair of fakes or
 * in-memory servers answers through the model ({@link #model(StateFixture, BiFunction)}, over a
 * {@link ServingOracle}).
 */
public interface ServiceFixture extends ContractFixture {

  /**
   * Asks, for each client, which servers offer it an address when its DHCPDISCOVER is relayed
   * into the subnet (every server of the pair is asked).
   *
   * @param failover the facade over the pair (a model fixture reads the servers' states through it)
   * @param subnet the subnet the client is in
   * @param clients the clients
   * @return for each client, in order, the servers that offered, each with the address offered
   */
  List<Map<ServerId, Ipv4Address>> answers(Failover failover, Subnet subnet, List<DhcpClient> clients);

  /**
   * Returns once the servers serve as their configuration says after a change (a real pair: both
   * in their healthy failover state again, as a configuration change restarts Kea's HA state
   * machine); nothing to wait for by default.
   *
   * @param failover the facade over the pair
   * @param relationship the relationship, or empty when the pair has none any more
   */
  default void settle(Failover failover, Optional<Relationship> relationship) {}

  /**
   * Stops the server (it answers nobody) and returns once its partner is in partner-down, by
   * itself or by the operator's {@link Failover#partnerDown}.
   *
   * @param failover the facade over the pair
   * @param relationship the relationship
   * @param server the server to stop
   */
  void stop(Failover failover, Relationship relationship, ServerId server);

  /**
   * Starts the stopped server again and returns once both servers of the relationship are in
   * their normal state.
   *
   * @param failover the facade over the pair
   * @param relationship the relationship
   * @param server the server to start
   */
  void start(Failover failover, Relationship relationship, ServerId server);

  /**
   * {@return a pool of the range limited to the clients sending vendor class identifier
   * (option 60) {@code vendorClass}, as the vendor writes it; empty when the vendor has no pools
   * limited to a class (Windows)} Kea: {@code client-class "VENDOR_CLASS_<vendorClass>"};
   * ISC: {@code allow members of "<vendorClass>"} with that class declared on the servers.
   *
   * @param range the pool's addresses
   * @param vendorClass the vendor class identifier
   */
  Optional<Pool> classPool(AddressRange range, String vendorClass);

  /** {@return how many generated clients each step asks about: {@code failover.service.clients}, else 24} */
  default int clients() {
    return Integer.getInteger("failover.service.clients", 24);
  }

  /**
   * {@return a service fixture over fakes or in-memory servers: they answer through the model
   * ({@link ServingOracle}); stopping a server cuts the pair's link, counts it as stopped and
   * moves the clock (or asks the operator) until its partner is in partner-down; starting it
   * restores the link and moves the clock until both are normal}
   *
   * @param fixture the pair of fakes with its controls
   * @param classPool the vendor's pool limited to a vendor class (range, vendor class), or a
   *     function answering empty
   */
  static ServiceFixture model(StateFixture fixture, BiFunction<AddressRange, String, Optional<Pool>> classPool) {
    ServingOracle oracle = ServingOracle.of(fixture);
    Principal admin = Principal.withRoles("service-admin", BuiltInRole.DHCP_ADMINISTRATORS);
    final class Model extends ForwardingContractFixture implements ServiceFixture {
      Model() {
        super(fixture);
      }

      @Override
      public List<Map<ServerId, Ipv4Address>> answers(Failover failover, Subnet subnet, List<DhcpClient> clients) {
        return oracle.answers(failover, subnet, clients);
      }

      @Override
      public void stop(Failover failover, Relationship relationship, ServerId server) {
        ServerId partner = relationship.partnerOf(server);
        fixture.controls().cutLink();
        oracle.stopped(server, true);
        Duration limit = fixture.controls().automaticPartnerDown().map(d -> d.multipliedBy(2))
            .orElse(Duration.ZERO);
        Duration step = limit.dividedBy(12).plusMillis(1);
        for (Duration waited = Duration.ZERO; waited.compareTo(limit) <= 0 && !partnerDown(failover, relationship,
            partner); waited = waited.plus(step)) {
          fixture.controls().advance(step);
        }
        if (!partnerDown(failover, relationship, partner)) {
          failover.partnerDown(relationship.name().value(), partner.value(), admin);
        }
      }

      private boolean partnerDown(Failover failover, Relationship relationship, ServerId server) {
        return failover.statuses(relationship.name().value()).stream().filter(s -> s.server().equals(server))
            .map(ServerStatus::status).flatMap(Optional::stream)
            .anyMatch(s -> s.localCommon() == CommonState.PARTNER_DOWN);
      }

      @Override
      public void start(Failover failover, Relationship relationship, ServerId server) {
        fixture.controls().restoreLink();
        oracle.stopped(server, false);
        awaitNormal(failover, relationship, server + " started again");
      }

      @Override
      public void settle(Failover failover, Optional<Relationship> relationship) {
        relationship.ifPresent(r -> awaitNormal(failover, r, "the change"));
      }

      /** Moves the pair's clock until both servers are normal, for at most twice the recovery time. */
      private void awaitNormal(Failover failover, Relationship relationship, String after) {
        Duration limit = fixture.controls().recovery().multipliedBy(2);
        Duration step = fixture.controls().recovery().dividedBy(12).plusMillis(1);
        for (Duration waited = Duration.ZERO; waited.compareTo(limit) <= 0; waited = waited.plus(step)) {
          if (failover.statuses(relationship.name().value()).stream().allMatch(s -> s.status()
              .map(st -> st.localCommon() == CommonState.NORMAL).orElse(false))) {
            return;
          }
          fixture.controls().advance(step);
        }
        throw new AssertionError("both servers of " + relationship.name() + " normal within " + limit
            + " of the pair's clock after " + after + ": " + failover.statuses(relationship.name().value()));
      }

      @Override
      public Optional<Pool> classPool(AddressRange range, String vendorClass) {
        return classPool.apply(range, vendorClass);
      }
    }
    return new Model();
  }

  /**
   * {@return Kea's pool limited to a vendor class: {@code client-class "VENDOR_CLASS_<vendorClass>"}}
   *
   * @param range the pool's addresses
   * @param vendorClass the vendor class identifier
   */
  static Optional<Pool> keaClassPool(AddressRange range, String vendorClass) {
    return Optional.of(dev.failover.scope.ImmutablePool.builder().range(range).clientClass("VENDOR_CLASS_" + vendorClass).build());
  }

  /**
   * {@return ISC's pool limited to a vendor class: {@code allow members of "<vendorClass>"}, the
   * class declared on the servers as {@code class "<vendorClass>" { match if option
   * vendor-class-identifier = "<vendorClass>"; }}}
   *
   * @param range the pool's addresses
   * @param vendorClass the vendor class identifier
   */
  static Optional<Pool> iscClassPool(AddressRange range, String vendorClass) {
    return Optional.of(dev.failover.scope.ImmutablePool.builder().range(range).addIscStatements("allow members of \"" + vendorClass + "\"")
        .build());
  }
}
