package dev.failover.testkit.kea;

import dev.failover.Secret;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violations;
import dev.failover.scope.Subnet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two fake Kea servers in one HA relationship, each with its own HTTP face and port, configured
 * like the recorded pair: the same subnets, an HA hook entry on each whose peers' URLs are the two
 * fakes' own URLs, and {@code this-server-name} set per server. Their HA hooks reach each other
 * in process, so cutting one off moves the other's state on the shared clock.
 *
 * <pre>{@code
 * try (FakeKeaPair pair = FakeKeaPair.hotStandby().withScope("10.1.0.0/24").start()) {
 *   pair.secondary().disconnect();
 *   pair.advance(Duration.ofSeconds(6));
 *   assertThat(pair.primary().haState()).isEqualTo(KeaHaState.PARTNER_DOWN);
 * }
 * }</pre>
 *
 * <p>Defaults are the recorded pair's: names {@code server1} (primary) and {@code server2}
 * (standby, or secondary in load balancing), {@code heartbeat-delay} 2000 ms,
 * {@code max-response-delay} 6000 ms, {@code max-ack-delay} 5000 ms, {@code max-unacked-clients}
 * 0, a {@link ManualClock}. Both start in normal operation, in touch with each other.
 */
public final class FakeKeaPair implements AutoCloseable {

  private final FakeKeaServer primary;
  private final FakeKeaServer secondary;
  private final Clock clock;

  private FakeKeaPair(FakeKeaServer primary, FakeKeaServer secondary, Clock clock) {
    this.primary = primary;
    this.secondary = secondary;
    this.clock = clock;
  }

  /** {@return a pair in hot-standby mode: primary and standby} */
  public static Builder hotStandby() {
    return new Builder(HaSettings.Mode.HOT_STANDBY);
  }

  /** {@return a pair in load-balancing mode: primary and secondary} */
  public static Builder loadBalancing() {
    return new Builder(HaSettings.Mode.LOAD_BALANCING);
  }

  /** {@return the primary server} */
  public FakeKeaServer primary() {
    return primary;
  }

  /** {@return the other server: the standby in hot-standby mode, the secondary in load balancing} */
  public FakeKeaServer secondary() {
    return secondary;
  }

  /** {@return both servers, primary first} */
  public List<FakeKeaServer> servers() {
    return List.of(primary, secondary);
  }

  /** {@return the clock both servers run on} */
  public Clock clock() {
    return clock;
  }

  /**
   * Moves the shared clock forward.
   *
   * @param step how far
   * @return this pair
   * @throws IllegalStateException if the pair was given a clock that is not a {@link ManualClock}
   */
  public FakeKeaPair advance(Duration step) {
    if (!(clock instanceof ManualClock)) {
      throw new IllegalStateException("the pair runs on " + clock + ", which a test moves itself");
    }
    ((ManualClock) clock).advance(step);
    return this;
  }

  /** Stops both HTTP faces. */
  @Override
  public void close() {
    try {
      primary.close();
    } finally {
      secondary.close();
    }
  }

  @Override
  public String toString() {
    return "FakeKeaPair[" + primary + ", " + secondary + "]";
  }

  /** Builds a pair; nothing listens before {@link #start()}. */
  public static final class Builder {
    private final HaSettings.Mode mode;
    private final List<KeaConfigs.ScopeSpec> scopes = new ArrayList<>();
    private final FakeKeaServer.Builder servers = FakeKeaServer.builder();
    private Clock clock;
    private int primaryPort;
    private int secondaryPort;
    private String primaryName = "server1";
    private String secondaryName = "server2";
    private long heartbeatDelay = KeaConfigs.Timers.RECORDED.heartbeatDelay();
    private long maxResponseDelay = KeaConfigs.Timers.RECORDED.maxResponseDelay();
    private long maxAckDelay = KeaConfigs.Timers.RECORDED.maxAckDelay();
    private long maxUnackedClients = KeaConfigs.Timers.RECORDED.maxUnackedClients();

    private Builder(HaSettings.Mode mode) {
      this.mode = mode;
    }

    /**
     * Adds a subnet to both servers, with the next subnet id (1, 2, …) and optional pools
     * ({@code "10.1.0.100-10.1.0.200"} or {@code "10.1.0.128/25"}).
     *
     * @param subnet the subnet, for example {@code 10.1.0.0/24}
     * @param pools the pools
     * @return this builder
     */
    public Builder withScope(String subnet, String... pools) {
      Objects.requireNonNull(subnet, "subnet");
      Subnet.parse(subnet);
      List<String> poolList = List.of(pools);
      scopes.add(new KeaConfigs.ScopeSpec(subnet, scopes.size() + 1L, poolList));
      return this;
    }

    /**
     * The two {@code this-server-name} values (default {@code server1}, {@code server2}).
     *
     * @param primary the primary's name
     * @param secondary the secondary's name
     * @return this builder
     */
    public Builder serverNames(String primary, String secondary) {
      Objects.requireNonNull(primary, "primary");
      Objects.requireNonNull(secondary, "secondary");
      Violations.collect()
          .check(!primary.isBlank(), "primary", primary, "must not be blank (Kea trims names)")
          .check(!secondary.isBlank(), "secondary", secondary,
              "must not be blank (Kea trims names)")
          .check(!primary.strip().equals(secondary.strip()), "secondary", secondary,
              "must differ from the primary's name")
          .throwIfAny("fake Kea pair");
      this.primaryName = primary.strip();
      this.secondaryName = secondary.strip();
      return this;
    }

    /**
     * The shared clock (default a new {@link ManualClock}).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      servers.clock(clock);
      return this;
    }

    /**
     * The control channel both HTTP faces imitate.
     *
     * @param flavour the channel
     * @return this builder
     */
    public Builder flavour(FakeKeaFlavour flavour) {
      servers.flavour(flavour);
      return this;
    }

    /**
     * Requires HTTP basic authentication on both servers.
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, Secret password) {
      servers.basicAuth(user, password);
      return this;
    }

    /**
     * {@code heartbeat-delay} (Kea takes 0 to 65535 ms).
     *
     * @param delay the delay
     * @return this builder
     */
    public Builder heartbeatDelay(Duration delay) {
      this.heartbeatDelay = millis("heartbeatDelay", delay);
      return this;
    }

    /**
     * {@code max-response-delay} (Kea takes 0 to 65535 ms).
     *
     * @param delay the delay
     * @return this builder
     */
    public Builder maxResponseDelay(Duration delay) {
      this.maxResponseDelay = millis("maxResponseDelay", delay);
      return this;
    }

    /**
     * {@code max-ack-delay} (Kea takes 0 to 65535 ms).
     *
     * @param delay the delay
     * @return this builder
     */
    public Builder maxAckDelay(Duration delay) {
      this.maxAckDelay = millis("maxAckDelay", delay);
      return this;
    }

    /**
     * {@code max-unacked-clients} (0: partner-down as soon as communication is interrupted).
     *
     * @param count the count
     * @return this builder
     */
    public Builder maxUnackedClients(long count) {
      Violations.collect()
          .check(count >= 0, "maxUnackedClients", count, "must not be negative")
          .throwIfAny("fake Kea pair");
      this.maxUnackedClients = count;
      return this;
    }

    private static long millis(String field, Duration delay) {
      Objects.requireNonNull(delay, field);
      Violations.collect()
          .check(!delay.isNegative(), field, delay, "must not be negative")
          .throwIfAny("fake Kea pair");
      return delay.toMillis();
    }

    /**
     * The 127.0.0.1 ports of the two HTTP faces (0, the default: an ephemeral one), for a test
     * or a sandbox that wants the same URLs, and so the same configurations and fingerprints,
     * from run to run. Starting fails when a port is taken.
     *
     * @param primary the primary's port; 0 for an ephemeral one
     * @param secondary the secondary's port; 0 for an ephemeral one
     * @return this builder
     */
    public Builder ports(int primary, int secondary) {
      dev.failover.errors.Violations.collect()
          .check(primary >= 0 && primary <= 65535, "primary port", primary, "must be 0 (ephemeral) to 65535")
          .check(secondary >= 0 && secondary <= 65535, "secondary port", secondary, "must be 0 (ephemeral) to 65535")
          .check(primary == 0 || primary != secondary, "secondary port", secondary, "must differ from the primary's")
          .throwIfAny("fake Kea pair");
      this.primaryPort = primary;
      this.secondaryPort = secondary;
      return this;
    }

    /**
     * Starts both servers, each on its own port of 127.0.0.1 (ephemeral unless {@link #ports} named one).
     *
     * @return the running pair; close it to stop both
     * @throws ValidationException if Kea would refuse the resulting configuration (the message
     *     carries Kea's text, e.g. for a timer above 65535 ms)
     */
    public FakeKeaPair start() {
      Clock c = clock != null ? clock : ManualClock.create();
      servers.clock(c);
      KeaHttpFace primaryFace = KeaHttpFace.bind(primaryPort);
      KeaHttpFace secondaryFace = null;
      try {
        secondaryFace = KeaHttpFace.bind(secondaryPort);
        String otherRole = mode == HaSettings.Mode.HOT_STANDBY ? "standby" : "secondary";
        List<KeaConfigs.PeerSpec> peers = List.of(
            new KeaConfigs.PeerSpec(primaryName, "primary", primaryFace.url().toString()),
            new KeaConfigs.PeerSpec(secondaryName, otherRole, secondaryFace.url().toString()));
        KeaConfigs.Timers timers = new KeaConfigs.Timers(heartbeatDelay, maxResponseDelay,
            maxAckDelay, maxUnackedClients);
        KeaHaNetwork network = new KeaHaNetwork(c);
        FakeKeaServer first = servers.label(primaryName).pid(8987).buildMember(network,
            KeaConfigs.server(1, primaryName, mode, peers, timers, scopes), true, false);
        FakeKeaServer second = servers.label(secondaryName).pid(8988).buildMember(network,
            KeaConfigs.server(2, secondaryName, mode, peers, timers, scopes), true, false);
        first.attachFace(primaryFace);
        second.attachFace(secondaryFace);
        return new FakeKeaPair(first, second, c);
      } catch (RuntimeException e) {
        primaryFace.close();
        if (secondaryFace != null) {
          secondaryFace.close();
        }
        throw e;
      }
    }
  }
}
