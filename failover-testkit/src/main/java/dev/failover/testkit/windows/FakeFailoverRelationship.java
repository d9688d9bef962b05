package dev.failover.testkit.windows;

import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One server's view of a failover relationship, as {@code Get-DhcpServerv4Failover} reports it
 * there. The shared secret is never part of it; {@link #enableAuth()} says whether there is one
 * (check its value with {@link FakeWindowsDhcpServer#sharedSecretMatches(String, String)}).
 *
 * @param loadBalancePercent this server's share in load balance mode
 * @param serverRole this server's role in hot standby mode ({@code Active} / {@code Standby})
 * @param serverType {@code PrimaryServer} on the server the relationship was created on, else {@code SecondaryServer}
 */
public record FakeFailoverRelationship(
    String name,
    String partnerServer,
    String mode,
    Optional<String> serverRole,
    OptionalInt loadBalancePercent,
    OptionalInt reservePercent,
    Duration maxClientLeadTime,
    boolean autoStateTransition,
    Optional<Duration> stateSwitchInterval,
    boolean enableAuth,
    List<Ipv4Address> scopeIds,
    FakeWindowsFailoverState state,
    String serverType,
    String primaryServerName,
    String secondaryServerName,
    Ipv4Address primaryServerIp,
    Ipv4Address secondaryServerIp) {

  /**
   * A relationship as one server reports it; the scope list is copied.
   *
   * @param name the relationship's name
   * @param partnerServer the partner's name
   * @param mode {@code LoadBalance} or {@code HotStandby}
   * @param serverRole this server's role in hot standby mode
   * @param loadBalancePercent this server's share in load balance mode
   * @param reservePercent the standby's reserve in hot standby mode
   * @param maxClientLeadTime the maximum client lead time
   * @param autoStateTransition whether COMMUNICATION INTERRUPTED turns into PARTNER DOWN by itself
   * @param stateSwitchInterval how long that takes, when automatic
   * @param enableAuth whether there is a shared secret
   * @param scopeIds the relationship's scopes
   * @param state this server's failover state
   * @param serverType {@code PrimaryServer} or {@code SecondaryServer}
   * @param primaryServerName the primary's name
   * @param secondaryServerName the secondary's name
   * @param primaryServerIp the primary's address
   * @param secondaryServerIp the secondary's address
   */
  public FakeFailoverRelationship {
    scopeIds = List.copyOf(scopeIds);
  }
}
