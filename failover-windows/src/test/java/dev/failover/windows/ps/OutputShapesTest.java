package dev.failover.windows.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every shape of windows-output-shapes.md, read by {@link PsJson} and the typed readers. */
@DisplayName("ConvertTo-Json output is read in every documented shape")
class OutputShapesTest {

  private static final String ADDR_192_168_10_0 = "{\"Address\":698560,\"AddressFamily\":2,\"ScopeId\":null,"
      + "\"IsIPv6Multicast\":false,\"IsIPv6LinkLocal\":false,\"IsIPv6SiteLocal\":false,\"IsIPv6Teredo\":false,"
      + "\"IsIPv4MappedToIPv6\":false";
  private static final String HOUR = "{\"Ticks\":36000000000,\"Days\":0,\"Hours\":1,\"Milliseconds\":0,\"Minutes\":0,"
      + "\"Seconds\":0,\"TotalDays\":0.041666666666666664,\"TotalHours\":1,\"TotalMilliseconds\":3600000,"
      + "\"TotalMinutes\":60,\"TotalSeconds\":3600}";

  /** The load-balance relationship of windows-output-shapes.md, as Windows PowerShell 5.1 prints it. */
  static final String FAILOVER = "{\"ScopeId\":{\"value\":[" + ADDR_192_168_10_0 + "},"
      + "{\"Address\":1353920,\"AddressFamily\":2,\"ScopeId\":null,\"IsIPv6Multicast\":false,"
      + "\"IsIPv6LinkLocal\":false,\"IsIPv6SiteLocal\":false,\"IsIPv6Teredo\":false,\"IsIPv4MappedToIPv6\":false}],"
      + "\"Count\":2},"
      + "\"PrimaryServerIP\":{\"Address\":17213632,\"AddressFamily\":2,\"ScopeId\":null,\"IsIPv6Multicast\":false,"
      + "\"IsIPv6LinkLocal\":false,\"IsIPv6SiteLocal\":false,\"IsIPv6Teredo\":false,\"IsIPv4MappedToIPv6\":false,"
      + "\"IPAddressToString\":\"192.168.5.1\"},"
      + "\"SecondaryServerIP\":{\"Address\":33990848,\"AddressFamily\":2,\"ScopeId\":null,\"IsIPv6Multicast\":false,"
      + "\"IsIPv6LinkLocal\":false,\"IsIPv6SiteLocal\":false,\"IsIPv6Teredo\":false,\"IsIPv4MappedToIPv6\":false,"
      + "\"IPAddressToString\":\"192.168.5.2\"},"
      + "\"AutoStateTransition\":false,\"EnableAuth\":true,\"LoadBalancePercent\":50,\"MaxClientLeadTime\":" + HOUR + ","
      + "\"Mode\":\"LoadBalance\",\"Name\":\"dhcp-a\\u003c--\\u003edhcp-b\",\"PartnerServer\":\"dhcp-b.example.net\","
      + "\"PrimaryServerName\":\"DHCP-A\",\"ReservePercent\":null,\"SecondaryServerName\":\"dhcp-b.example.net\","
      + "\"ServerRole\":null,\"ServerType\":\"PrimaryServer\",\"State\":\"Normal\",\"StateSwitchInterval\":null,"
      + "\"PSComputerName\":null}";

  static final String SCOPE = "{\"ScopeId\":" + ADDR_192_168_10_0 + ",\"IPAddressToString\":\"192.168.10.0\"},"
      + "\"SubnetMask\":{\"Address\":16777215,\"AddressFamily\":2,\"IPAddressToString\":\"255.255.255.0\"},"
      + "\"StartRange\":{\"Address\":84584640,\"AddressFamily\":2,\"IPAddressToString\":\"192.168.10.5\"},"
      + "\"EndRange\":{\"Address\":168470720,\"AddressFamily\":2,\"IPAddressToString\":\"192.168.10.10\"},"
      + "\"ActivatePolicies\":true,\"Delay\":0,\"Description\":\"Test description\",\"LeaseDuration\":{\"Ticks\":"
      + "6912000000000,\"Days\":8,\"Hours\":0,\"Milliseconds\":0,\"Minutes\":0,\"Seconds\":0,\"TotalDays\":8,"
      + "\"TotalHours\":192,\"TotalMilliseconds\":691200000,\"TotalMinutes\":11520,\"TotalSeconds\":691200},"
      + "\"MaxBootpClients\":4294967295,\"Name\":\"test\",\"NapEnable\":false,\"NapProfile\":\"\",\"State\":\"InActive\","
      + "\"SuperscopeName\":\"\",\"Type\":\"Dhcp\",\"PSComputerName\":null}";

  @Test
  @DisplayName("a load-balance relationship with wrapped address array, TimeSpan object and escaped name")
  void failover() {
    WindowsFailoverInfo f = WindowsFailoverInfo.fromJson(PsJson.parse(FAILOVER));
    assertThat(f.name()).isEqualTo("dhcp-a<-->dhcp-b");
    assertThat(f.scopeIds()).containsExactly(Ipv4Address.parse("192.168.10.0"), Ipv4Address.parse("192.168.20.0"));
    assertThat(f.primaryServerIp()).contains(Ipv4Address.parse("192.168.5.1"));
    assertThat(f.secondaryServerIp()).contains(Ipv4Address.parse("192.168.5.2"));
    assertThat(f.mode()).isEqualTo(CmdletFailoverMode.LOAD_BALANCE);
    assertThat(f.loadBalancePercent()).hasValue(50);
    assertThat(f.reservePercent()).isEmpty();
    assertThat(f.serverRole()).isEmpty();
    assertThat(f.maxClientLeadTime()).isEqualTo(Duration.ofHours(1));
    assertThat(f.stateSwitchInterval()).isEmpty();
    assertThat(f.enableAuth()).isTrue();
    assertThat(f.autoStateTransition()).isFalse();
    assertThat(f.state()).contains(CmdletFailoverState.NORMAL);
    assertThat(f.serverType()).contains("PrimaryServer");
    assertThat(f.partnerServer()).isEqualTo("dhcp-b.example.net");
  }

  @Test
  @DisplayName("one object and an array of objects both read as a list (the ConvertTo-Json quirk); nothing is empty")
  void oneVersusArray() {
    assertThat(PsJson.items(PsJson.parse(FAILOVER))).hasSize(1);
    assertThat(PsJson.items(PsJson.parse("[" + FAILOVER + "," + FAILOVER + "]"))).hasSize(2);
    assertThat(PsJson.items(PsJson.parse(null))).isEmpty();
    assertThat(PsJson.items(PsJson.parse(""))).isEmpty();
    assertThat(new StepOutput("[" + SCOPE + "," + SCOPE + "]").as(WindowsScopeInfo::fromJson)).hasSize(2);
    assertThat(new StepOutput(SCOPE).as(WindowsScopeInfo::fromJson)).hasSize(1);
    assertThat(new StepOutput(null).isEmpty()).isTrue();
  }

  @Test
  @DisplayName("a scope, state InActive in any case, lease as TimeSpan")
  void scope() {
    WindowsScopeInfo s = WindowsScopeInfo.fromJson(PsJson.parse(SCOPE));
    assertThat(s.scopeId()).isEqualTo(Ipv4Address.parse("192.168.10.0"));
    assertThat(s.subnet().toString()).isEqualTo("192.168.10.0/24");
    assertThat(s.range().toString()).isEqualTo("192.168.10.5-192.168.10.10");
    assertThat(s.state()).isEqualTo(ScopeState.INACTIVE);
    assertThat(s.leaseDuration()).contains(Duration.ofDays(8));
    assertThat(ScopeState.parse("Inactive")).contains(ScopeState.INACTIVE);
    assertThat(s.description()).isEqualTo("Test description");
  }

  @Test
  @DisplayName("IPv4 addresses: with and without IPAddressToString, as text, little-endian Address")
  void addresses() {
    assertThat(PsJson.address(PsJson.parse(ADDR_192_168_10_0 + "}"))).contains(Ipv4Address.parse("192.168.10.0"));
    assertThat(PsJson.address(PsJson.parse("{\"Address\":16777215,\"AddressFamily\":2}")))
        .contains(Ipv4Address.parse("255.255.255.0"));
    assertThat(PsJson.address(PsJson.parse("{\"Address\":4294967295}"))).contains(Ipv4Address.parse("255.255.255.255"));
    assertThat(PsJson.address(PsJson.parse("\"10.0.0.1\""))).contains(Ipv4Address.parse("10.0.0.1"));
    assertThat(PsJson.address(PsJson.parse("null"))).isEmpty();
    assertThat(PsJson.addresses(PsJson.parse("[\"10.0.0.1\",{\"Address\":16777226}]")))
        .containsExactly(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.1"));
    assertThat(PsJson.addresses(PsJson.parse("\"10.0.0.9\""))).containsExactly(Ipv4Address.parse("10.0.0.9"));
    assertThatThrownBy(() -> PsJson.address(PsJson.parse("{\"Address\":1,\"AddressFamily\":23}")))
        .hasMessageContaining("AddressFamily");
  }

  @Test
  @DisplayName("TimeSpans: object, c-format text with days and fractions, ISO, ticks, null")
  void timeSpans() {
    assertThat(PsJson.timeSpan(PsJson.parse(HOUR))).contains(Duration.ofHours(1));
    assertThat(PsJson.timeSpan(PsJson.parse("\"1.02:03:04\""))).contains(Duration.parse("P1DT2H3M4S"));
    assertThat(PsJson.timeSpan(PsJson.parse("\"00:00:01.5\""))).contains(Duration.ofMillis(1500));
    assertThat(PsJson.timeSpan(PsJson.parse("\"-00:01:00\""))).contains(Duration.ofMinutes(-1));
    assertThat(PsJson.timeSpan(PsJson.parse("\"PT90M\""))).contains(Duration.ofMinutes(90));
    assertThat(PsJson.timeSpan(PsJson.parse("600000000"))).contains(Duration.ofMinutes(1));
    assertThat(PsJson.timeSpan(PsJson.parse("null"))).isEmpty();
    assertThatThrownBy(() -> PsJson.timeSpan(PsJson.parse("\"soon\""))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("DateTimes: /Date(ms)/, with offset, the object form, ISO with and without offset")
  void dateTimes() {
    Instant t = Instant.parse("2023-11-14T22:13:20Z");
    assertThat(PsJson.dateTime(PsJson.parse("\"\\/Date(1700000000000)\\/\""))).contains(t);
    assertThat(PsJson.dateTime(PsJson.parse("\"/Date(1700000000000+0100)/\""))).contains(t);
    assertThat(PsJson.dateTime(PsJson.parse(
        "{\"value\":\"\\/Date(1700000000000)\\/\",\"DisplayHint\":2,\"DateTime\":\"Tuesday, November 14, 2023\"}")))
        .contains(t);
    assertThat(PsJson.dateTime(PsJson.parse("\"2023-11-14T23:13:20+01:00\""))).contains(t);
    assertThat(PsJson.dateTime(PsJson.parse("\"2023-11-14T22:13:20\""))).contains(t);
    assertThat(PsJson.dateTime(PsJson.parse("null"))).isEmpty();
  }

  @Test
  @DisplayName("enums as names or numbers: mode, role, failover state")
  void enums() {
    assertThat(CmdletFailoverMode.parse("1")).contains(CmdletFailoverMode.HOT_STANDBY);
    assertThat(CmdletFailoverMode.parse("hotstandby")).contains(CmdletFailoverMode.HOT_STANDBY);
    assertThat(CmdletServerRole.parse("1")).contains(CmdletServerRole.STANDBY);
    assertThat(CmdletFailoverState.parse("CommunicationInterrupted")).contains(CmdletFailoverState.COMMUNICATION_INT);
    assertThat(CmdletFailoverState.parse("COMMUNICATION_INT")).contains(CmdletFailoverState.COMMUNICATION_INT);
    assertThat(CmdletFailoverState.parse("Partner Down")).contains(CmdletFailoverState.PARTNER_DOWN);
    assertThat(CmdletFailoverState.parse("5")).contains(CmdletFailoverState.PARTNER_DOWN);
    assertThat(CmdletFailoverState.parse("RecoverWait")).contains(CmdletFailoverState.RECOVER_WAIT);
    assertThat(CmdletFailoverState.parse("Elsewhere")).isEmpty();
    JsonNode hs = PsJson.parse(FAILOVER.replace("\"Mode\":\"LoadBalance\"", "\"Mode\":1")
        .replace("\"ServerRole\":null", "\"ServerRole\":\"Standby\"").replace("\"ReservePercent\":null", "\"ReservePercent\":5")
        .replace("\"LoadBalancePercent\":50", "\"LoadBalancePercent\":null").replace("\"State\":\"Normal\"", "\"State\":4")
        .replace("\"StateSwitchInterval\":null", "\"StateSwitchInterval\":\"00:30:00\""));
    WindowsFailoverInfo f = WindowsFailoverInfo.fromJson(hs);
    assertThat(f.mode()).isEqualTo(CmdletFailoverMode.HOT_STANDBY);
    assertThat(f.serverRole()).contains(CmdletServerRole.STANDBY);
    assertThat(f.reservePercent()).hasValue(5);
    assertThat(f.loadBalancePercent()).isEmpty();
    assertThat(f.state()).contains(CmdletFailoverState.COMMUNICATION_INT);
    assertThat(f.stateSwitchInterval()).contains(Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("reservations, exclusions and option values (bare and wrapped value arrays, empty classes)")
  void contents() {
    String res = "{\"IPAddress\":{\"Address\":84584640,\"IPAddressToString\":\"192.168.10.5\"},\"ScopeId\":"
        + ADDR_192_168_10_0 + ",\"IPAddressToString\":\"192.168.10.0\"},\"AddressState\":\"InactiveReservation\","
        + "\"ClientId\":\"00-11-22-aa-bb-cc\",\"Description\":\"\",\"Name\":\"printer\",\"Type\":\"Both\","
        + "\"PSComputerName\":null}";
    WindowsReservationInfo r = WindowsReservationInfo.fromJson(PsJson.parse(res));
    assertThat(r.ipAddress()).isEqualTo(Ipv4Address.parse("192.168.10.5"));
    assertThat(r.clientId()).isEqualTo("00-11-22-aa-bb-cc");
    assertThat(r.description()).isEmpty();
    assertThat(r.name()).contains("printer");
    String ex = "{\"ScopeId\":\"192.168.10.0\",\"StartRange\":\"192.168.10.20\",\"EndRange\":\"192.168.10.29\"}";
    assertThat(WindowsExclusionInfo.fromJson(PsJson.parse(ex)).range().size()).isEqualTo(10);
    String opt = "{\"Name\":\"DNS Servers\",\"OptionId\":6,\"PolicyName\":null,\"Type\":\"IPv4Address\","
        + "\"UserClass\":\"\",\"Value\":[\"10.0.0.1\",\"10.0.0.2\"],\"VendorClass\":\"\",\"PSComputerName\":null}";
    WindowsOptionValueInfo o = WindowsOptionValueInfo.fromJson(PsJson.parse(opt));
    assertThat(o.values()).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(o.userClass()).isEmpty();
    assertThat(o.toOptionValue().value()).isEqualTo("10.0.0.1, 10.0.0.2");
    WindowsOptionValueInfo wrapped = WindowsOptionValueInfo.fromJson(PsJson.parse(
        opt.replace("[\"10.0.0.1\",\"10.0.0.2\"]", "{\"value\":[\"10.0.0.1\"],\"Count\":1}")
            .replace("\"VendorClass\":\"\"", "\"VendorClass\":\"Microsoft Options\"")));
    assertThat(wrapped.values()).containsExactly("10.0.0.1");
    assertThat(wrapped.vendorClass()).contains("Microsoft Options");
    assertThat(WindowsOptionValueInfo.fromJson(PsJson.parse(opt.replace("[\"10.0.0.1\",\"10.0.0.2\"]", "\"x\"")))
        .values()).isEqualTo(List.of("x"));
  }

  @Test
  @DisplayName("the fake answers in the same shapes the typed readers read")
  void fakeAgreesWithReaders() {
    WindowsFixture f = new WindowsFixture();
    f.pair("p", 1, 2);
    ScriptReport r = WindowsFixture.run(f.a, DhcpCommands.getFailovers(), DhcpCommands.getScopes(),
        DhcpCommands.getScope(WindowsFixture.scopeId(1))).throwIfFailed();
    String json = r.output(0).json();
    assertThat(json).startsWith("{\"ScopeId\":{\"value\":[{\"Address\":").contains("\"Count\":2}")
        .doesNotContain("\"value\":[{\"Address\":65546,\"AddressFamily\":2,\"ScopeId\":null,\"IsIPv6Multicast\":false,"
            + "\"IsIPv6LinkLocal\":false,\"IsIPv6SiteLocal\":false,\"IsIPv6Teredo\":false,\"IsIPv4MappedToIPv6\":false,"
            + "\"IPAddressToString\"")
        .contains("\"MaxClientLeadTime\":" + HOUR).endsWith("\"PSComputerName\":null}");
    assertThat(r.output(1).json()).startsWith("[");
    assertThat(r.output(2).json()).startsWith("{");
    assertThat(r.output(1).as(WindowsScopeInfo::fromJson)).extracting(WindowsScopeInfo::scopeId)
        .containsExactly(WindowsFixture.scopeId(1), WindowsFixture.scopeId(2));
  }
}
