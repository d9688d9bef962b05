package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.FailoverStyle;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A failover relationship as {@code Get-DhcpServerv4Failover} reports it on one server. The
 * per-side values ({@link #loadBalancePercent()}, {@link #serverRole()}) are that server's.
 * The shared secret is never reported; {@link #enableAuth()} says whether one is set.
 */
@Value.Immutable
@FailoverStyle
public abstract class WindowsFailoverInfo {

  public abstract String name();

  public abstract String partnerServer();

  public abstract FailoverMode mode();

  public abstract Optional<ServerRole> serverRole();

  public abstract OptionalInt loadBalancePercent();

  public abstract OptionalInt reservePercent();

  public abstract Duration maxClientLeadTime();

  public abstract boolean autoStateTransition();

  public abstract Optional<Duration> stateSwitchInterval();

  /** The state as printed, for states this SDK does not know. */
  public abstract String stateText();

  public abstract Optional<WindowsFailoverState> state();

  public abstract boolean enableAuth();

  public abstract List<Ipv4Address> scopeIds();

  /** {@code PrimaryServer} on the server the relationship was created on, else {@code SecondaryServer}. */
  public abstract Optional<String> serverType();

  public abstract Optional<String> primaryServerName();

  public abstract Optional<String> secondaryServerName();

  public abstract Optional<Ipv4Address> primaryServerIp();

  public abstract Optional<Ipv4Address> secondaryServerIp();

  public static ImmutableWindowsFailoverInfo.Builder builder() {
    return ImmutableWindowsFailoverInfo.builder();
  }

  /** Reads one {@code DhcpServerv4Failover} object. */
  public static WindowsFailoverInfo fromJson(JsonNode o) {
    String state = PsJson.enumText(o, "State").orElse("");
    return builder()
        .name(PsJson.text(o, "Name").orElseThrow(() -> new IllegalArgumentException("relationship without Name: " + o)))
        .partnerServer(PsJson.text(o, "PartnerServer").orElse(""))
        .mode(PsJson.enumText(o, "Mode").flatMap(FailoverMode::parse)
            .orElseThrow(() -> new IllegalArgumentException("relationship without a known Mode: " + o.get("Mode"))))
        .serverRole(PsJson.enumText(o, "ServerRole").flatMap(ServerRole::parse))
        .loadBalancePercent(PsJson.integer(o, "LoadBalancePercent"))
        .reservePercent(PsJson.integer(o, "ReservePercent"))
        .maxClientLeadTime(PsJson.timeSpan(o.get("MaxClientLeadTime")).orElse(Duration.ofHours(1)))
        .autoStateTransition(PsJson.bool(o, "AutoStateTransition").orElse(false))
        .stateSwitchInterval(PsJson.timeSpan(o.get("StateSwitchInterval")))
        .stateText(state)
        .state(WindowsFailoverState.parse(state))
        .enableAuth(PsJson.bool(o, "EnableAuth").orElse(false))
        .scopeIds(PsJson.addresses(o.get("ScopeId")))
        .serverType(PsJson.enumText(o, "ServerType"))
        .primaryServerName(PsJson.nonEmptyText(o, "PrimaryServerName"))
        .secondaryServerName(PsJson.nonEmptyText(o, "SecondaryServerName"))
        .primaryServerIp(PsJson.address(o.get("PrimaryServerIP")))
        .secondaryServerIp(PsJson.address(o.get("SecondaryServerIP")))
        .build();
  }
}
