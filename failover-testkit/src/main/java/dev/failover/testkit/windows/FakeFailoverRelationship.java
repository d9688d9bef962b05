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
    WindowsFailoverState state,
    String serverType,
    String primaryServerName,
    String secondaryServerName,
    Ipv4Address primaryServerIp,
    Ipv4Address secondaryServerIp) {

  public FakeFailoverRelationship {
    scopeIds = List.copyOf(scopeIds);
  }
}
