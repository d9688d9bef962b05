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

  /** {@return the relationship's name} */
  public abstract String name();

  /** {@return the partner as the server names it} */
  public abstract String partnerServer();

  /** {@return the relationship's mode} */
  public abstract CmdletFailoverMode mode();

  /** {@return in hot standby, this server's role} */
  public abstract Optional<CmdletServerRole> serverRole();

  /** {@return in load balancing, this server's share of clients} */
  public abstract OptionalInt loadBalancePercent();

  /** {@return in hot standby, the addresses kept for the standby, in percent} */
  public abstract OptionalInt reservePercent();

  /** {@return the maximum client lead time} */
  public abstract Duration maxClientLeadTime();

  /** {@return whether COMMUNICATION INTERRUPTED turns into PARTNER DOWN by itself} */
  public abstract boolean autoStateTransition();

  /** {@return how long COMMUNICATION INTERRUPTED lasts before PARTNER DOWN, when automatic} */
  public abstract Optional<Duration> stateSwitchInterval();

  /** {@return the state as printed, for states this SDK does not know} */
  public abstract String stateText();

  /** {@return the relationship's state on this server, when this SDK knows the printed state} */
  public abstract Optional<CmdletFailoverState> state();

  /** {@return whether failover messages are authenticated with a shared secret} */
  public abstract boolean enableAuth();

  /** {@return the relationship's scopes} */
  public abstract List<Ipv4Address> scopeIds();

  /** {@return {@code PrimaryServer} on the server the relationship was created on, else {@code SecondaryServer}} */
  public abstract Optional<String> serverType();

  /** {@return the primary server's name, when printed} */
  public abstract Optional<String> primaryServerName();

  /** {@return the secondary server's name, when printed} */
  public abstract Optional<String> secondaryServerName();

  /** {@return the primary server's address, when printed} */
  public abstract Optional<Ipv4Address> primaryServerIp();

  /** {@return the secondary server's address, when printed} */
  public abstract Optional<Ipv4Address> secondaryServerIp();

  /** {@return a builder for a relationship as read} */
  public static ImmutableWindowsFailoverInfo.Builder builder() {
    return ImmutableWindowsFailoverInfo.builder();
  }

  /**
   * Reads one {@code DhcpServerv4Failover} object.
   *
   * @param o the object as {@code ConvertTo-Json} printed it
   * @return the relationship as read
   */
  public static WindowsFailoverInfo fromJson(JsonNode o) {
    String state = PsJson.enumText(o, "State").orElse("");
    return builder()
        .name(PsJson.text(o, "Name").orElseThrow(() -> new IllegalArgumentException("relationship without Name: " + o)))
        .partnerServer(PsJson.text(o, "PartnerServer").orElse(""))
        .mode(PsJson.enumText(o, "Mode").flatMap(CmdletFailoverMode::parse)
            .orElseThrow(() -> new IllegalArgumentException("relationship without a known Mode: " + o.get("Mode"))))
        .serverRole(PsJson.enumText(o, "ServerRole").flatMap(CmdletServerRole::parse))
        .loadBalancePercent(PsJson.integer(o, "LoadBalancePercent"))
        .reservePercent(PsJson.integer(o, "ReservePercent"))
        .maxClientLeadTime(PsJson.timeSpan(o.get("MaxClientLeadTime")).orElse(Duration.ofHours(1)))
        .autoStateTransition(PsJson.bool(o, "AutoStateTransition").orElse(false))
        .stateSwitchInterval(PsJson.timeSpan(o.get("StateSwitchInterval")))
        .stateText(state)
        .state(CmdletFailoverState.parse(state))
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
