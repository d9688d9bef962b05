package dev.failover.windows.ps;

import dev.failover.errors.Violations;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds every DhcpServer command the Windows backend runs. Each method validates its input
 * (all problems reported together) and returns a {@link PsCommand} whose values are typed: text
 * becomes one single-quoted literal, numbers and booleans are written as such, intervals as a
 * {@code [TimeSpan]} cast of a literal. Commands that change the server carry
 * {@code -Confirm:$false} (and {@code -Force} where the cmdlet has it) so that nothing waits for
 * a prompt in a non-interactive session. Add {@code -ComputerName} with
 * {@link PsCommand#onComputer(String)}.
 */
public final class DhcpCommands {

  private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

  private DhcpCommands() {}

  // ---------------------------------------------------------------- failover relationships

  /**
   * {@return {@code Add-DhcpServerv4Failover} in the LoadBalance or HotStandby parameter set}
   *
   * @param a the arguments
   */
  public static PsCommand addFailover(AddFailover a) {
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.ADD_FAILOVER)
        .text("Name", a.name())
        .text("PartnerServer", a.partnerServer())
        .texts("ScopeId", addresses(a.scopeIds()));
    if (a.mode() == CmdletFailoverMode.LOAD_BALANCE) {
      a.loadBalancePercent().ifPresent(p -> b.number("LoadBalancePercent", p));
    } else {
      // -ServerRole is always given so that PowerShell binds the HotStandby parameter set
      b.text("ServerRole", a.serverRole().orElse(CmdletServerRole.ACTIVE).psName());
      a.reservePercent().ifPresent(p -> b.number("ReservePercent", p));
    }
    a.maxClientLeadTime().ifPresent(d -> b.add("MaxClientLeadTime", new PsValue.Span(d)));
    a.autoStateTransition().ifPresent(t -> b.bool("AutoStateTransition", t));
    a.stateSwitchInterval().ifPresent(d -> b.add("StateSwitchInterval", new PsValue.Span(d)));
    if (a.sharedSecret().isPresent()) {
      b.add("SharedSecret", PsValue.SecretText.of(a.sharedSecret().get()));
    }
    // -Force skips the clear-text shared secret confirmation
    b.flag("Force");
    if (a.passThru()) {
      b.flag("PassThru");
    }
    return b.noConfirm().build();
  }

  /**
   * {@return {@code Set-DhcpServerv4Failover}, including {@code -PartnerDown} and {@code -SharedSecret $null}}
   *
   * @param s the arguments
   */
  public static PsCommand setFailover(SetFailover s) {
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.SET_FAILOVER).text("Name", s.name());
    s.mode().ifPresent(m -> b.text("Mode", m.psName()));
    s.loadBalancePercent().ifPresent(p -> b.number("LoadBalancePercent", p));
    s.reservePercent().ifPresent(p -> b.number("ReservePercent", p));
    s.maxClientLeadTime().ifPresent(d -> b.add("MaxClientLeadTime", new PsValue.Span(d)));
    s.autoStateTransition().ifPresent(t -> b.bool("AutoStateTransition", t));
    s.stateSwitchInterval().ifPresent(d -> b.add("StateSwitchInterval", new PsValue.Span(d)));
    if (s.sharedSecret().isPresent()) {
      b.add("SharedSecret", PsValue.SecretText.of(s.sharedSecret().get()));
    } else if (s.disableAuthentication()) {
      b.add("SharedSecret", new PsValue.Null());
    }
    if (s.partnerDown()) {
      b.flag("PartnerDown");
    }
    b.flag("Force");
    if (s.passThru()) {
      b.flag("PassThru");
    }
    return b.noConfirm().build();
  }

  /** {@return {@code Get-DhcpServerv4Failover} for every relationship of the server} */
  public static PsCommand getFailovers() {
    return PsCommand.builder(DhcpCmdlet.GET_FAILOVER).build();
  }

  /**
   * {@return {@code Get-DhcpServerv4Failover -Name …}}
   *
   * @param names the relationships' names; none for every relationship
   */
  public static PsCommand getFailover(String... names) {
    Violations v = Violations.collect();
    v.check(names.length > 0, "names", "[]", "must name at least one relationship");
    for (String n : names) {
      checkRelationshipName(v, "name", n);
    }
    v.throwIfAny("Get-DhcpServerv4Failover arguments");
    return PsCommand.builder(DhcpCmdlet.GET_FAILOVER).texts("Name", Arrays.asList(names)).build();
  }

  /**
   * {@return {@code Get-DhcpServerv4Failover -ScopeId …}: the relationship each failover scope belongs to}
   *
   * @param scopeIds the scopes' ids
   */
  public static PsCommand getFailoverByScope(Ipv4Address... scopeIds) {
    requireSome("scopeIds", scopeIds);
    return PsCommand.builder(DhcpCmdlet.GET_FAILOVER).texts("ScopeId", addresses(Arrays.asList(scopeIds))).build();
  }

  /**
   * {@return {@code Remove-DhcpServerv4Failover}: removes the relationships from both servers}
   *
   * @param names the relationships' names
   */
  public static PsCommand removeFailover(String... names) {
    Violations v = Violations.collect();
    v.check(names.length > 0, "names", "[]", "must name at least one relationship");
    for (String n : names) {
      checkRelationshipName(v, "name", n);
    }
    v.throwIfAny("Remove-DhcpServerv4Failover arguments");
    return PsCommand.builder(DhcpCmdlet.REMOVE_FAILOVER).texts("Name", Arrays.asList(names)).flag("Force")
        .noConfirm().build();
  }

  /**
   * {@return {@code Add-DhcpServerv4FailoverScope}: the scopes must exist here, not on the partner, and the relationship be NORMAL}
   *
   * @param name the relationship's name
   * @param scopeIds the scopes' ids
   */
  public static PsCommand addFailoverScope(String name, List<Ipv4Address> scopeIds) {
    Violations v = Violations.collect();
    checkRelationshipName(v, "name", name);
    v.check(!scopeIds.isEmpty(), "scopeIds", "[]", "must name at least one scope");
    v.throwIfAny("Add-DhcpServerv4FailoverScope arguments");
    return PsCommand.builder(DhcpCmdlet.ADD_FAILOVER_SCOPE).text("Name", name).texts("ScopeId", addresses(scopeIds))
        .flag("PassThru").noConfirm().build();
  }

  /**
   * {@return {@code Remove-DhcpServerv4FailoverScope}: keeps the scopes on this server and deletes the partner's copies}
   *
   * @param name the relationship's name
   * @param scopeIds the scopes' ids
   */
  public static PsCommand removeFailoverScope(String name, List<Ipv4Address> scopeIds) {
    Violations v = Violations.collect();
    checkRelationshipName(v, "name", name);
    v.check(!scopeIds.isEmpty(), "scopeIds", "[]", "must name at least one scope");
    v.throwIfAny("Remove-DhcpServerv4FailoverScope arguments");
    return PsCommand.builder(DhcpCmdlet.REMOVE_FAILOVER_SCOPE).text("Name", name).texts("ScopeId", addresses(scopeIds))
        .flag("Force").flag("PassThru").noConfirm().build();
  }

  /** {@return {@code Invoke-DhcpServerv4FailoverReplication} with no arguments: every failover scope of the server} */
  public static PsCommand replicateServer() {
    return PsCommand.builder(DhcpCmdlet.INVOKE_FAILOVER_REPLICATION).flag("Force").noConfirm().build();
  }

  /**
   * {@return {@code Invoke-DhcpServerv4FailoverReplication -Name …}: every scope of the relationships}
   *
   * @param names the relationships' names
   */
  public static PsCommand replicateRelationships(String... names) {
    Violations v = Violations.collect();
    v.check(names.length > 0, "names", "[]", "must name at least one relationship");
    for (String n : names) {
      checkRelationshipName(v, "name", n);
    }
    v.throwIfAny("Invoke-DhcpServerv4FailoverReplication arguments");
    return PsCommand.builder(DhcpCmdlet.INVOKE_FAILOVER_REPLICATION).texts("Name", Arrays.asList(names)).flag("Force")
        .noConfirm().build();
  }

  /**
   * {@return {@code Invoke-DhcpServerv4FailoverReplication -ScopeId …}: those scopes only}
   *
   * @param scopeIds the scopes' ids
   */
  public static PsCommand replicateScopes(Ipv4Address... scopeIds) {
    requireSome("scopeIds", scopeIds);
    return PsCommand.builder(DhcpCmdlet.INVOKE_FAILOVER_REPLICATION).texts("ScopeId", addresses(Arrays.asList(scopeIds)))
        .flag("Force").noConfirm().build();
  }

  // ---------------------------------------------------------------- scopes

  /** {@return {@code Get-DhcpServerv4Scope}: every scope of the server} */
  public static PsCommand getScopes() {
    return PsCommand.builder(DhcpCmdlet.GET_SCOPE).build();
  }

  /**
   * {@return {@code Get-DhcpServerv4Scope -ScopeId …}}
   *
   * @param scopeId the scope's id
   */
  public static PsCommand getScope(Ipv4Address scopeId) {
    return PsCommand.builder(DhcpCmdlet.GET_SCOPE).text("ScopeId", scopeId.toString()).build();
  }

  /**
   * {@return {@code Add-DhcpServerv4Scope}}
   *
   * @param a the arguments
   */
  public static PsCommand addScope(AddScopeCmdlet a) {
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.ADD_SCOPE)
        .text("Name", a.name())
        .text("StartRange", a.startRange().toString())
        .text("EndRange", a.endRange().toString())
        .text("SubnetMask", a.subnetMask().toString());
    a.description().ifPresent(d -> b.text("Description", d));
    b.text("State", a.state().psName());
    a.leaseDuration().ifPresent(d -> b.add("LeaseDuration", new PsValue.Span(d)));
    if (a.passThru()) {
      b.flag("PassThru");
    }
    return b.noConfirm().build();
  }

  /**
   * {@return {@code Set-DhcpServerv4Scope}}
   *
   * @param s the arguments
   */
  public static PsCommand setScope(SetScope s) {
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.SET_SCOPE).text("ScopeId", s.scopeId().toString());
    s.name().ifPresent(n -> b.text("Name", n));
    s.description().ifPresent(d -> b.text("Description", d));
    s.state().ifPresent(st -> b.text("State", st.psName()));
    s.leaseDuration().ifPresent(d -> b.add("LeaseDuration", new PsValue.Span(d)));
    s.range().ifPresent(r -> b.text("StartRange", r.start().toString()).text("EndRange", r.end().toString()));
    return b.flag("PassThru").noConfirm().build();
  }

  /**
   * {@return the command that disables a scope ({@code Set-DhcpServerv4Scope -State InActive}): it keeps its contents and answers no one}
   *
   * @param scopeId the scope's id
   */
  public static PsCommand disableScope(Ipv4Address scopeId) {
    return setScope(SetScope.builder().scopeId(scopeId).state(ScopeState.INACTIVE).build());
  }

  /**
   * {@return the command that enables a scope ({@code -State Active})}
   *
   * @param scopeId the scope's id
   */
  public static PsCommand enableScope(Ipv4Address scopeId) {
    return setScope(SetScope.builder().scopeId(scopeId).state(ScopeState.ACTIVE).build());
  }

  /**
   * {@return {@code Remove-DhcpServerv4Scope -Force}: deletes the scope even if it has leases}
   *
   * @param scopeId the scope's id
   */
  public static PsCommand removeScope(Ipv4Address scopeId) {
    return PsCommand.builder(DhcpCmdlet.REMOVE_SCOPE).text("ScopeId", scopeId.toString()).flag("Force").noConfirm()
        .build();
  }

  // ---------------------------------------------------------------- reservations

  /**
   * {@return {@code Get-DhcpServerv4Reservation -ScopeId …}}
   *
   * @param scopeId the scope's id
   */
  public static PsCommand getReservations(Ipv4Address scopeId) {
    return PsCommand.builder(DhcpCmdlet.GET_RESERVATION).text("ScopeId", scopeId.toString()).build();
  }

  /**
   * {@return {@code Add-DhcpServerv4Reservation}}
   *
   * @param a the arguments
   */
  public static PsCommand addReservation(AddReservation a) {
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.ADD_RESERVATION)
        .text("ScopeId", a.scopeId().toString())
        .text("IPAddress", a.ipAddress().toString())
        .text("ClientId", a.clientIdText());
    a.name().ifPresent(n -> b.text("Name", n));
    a.description().ifPresent(d -> b.text("Description", d));
    a.type().ifPresent(t -> b.text("Type", t.psName()));
    return b.flag("PassThru").noConfirm().build();
  }

  /**
   * {@return {@code Remove-DhcpServerv4Reservation -ScopeId … -ClientId …}}
   *
   * @param scopeId the scope's id
   * @param clientId the client's id
   */
  public static PsCommand removeReservation(Ipv4Address scopeId, String clientId) {
    String text = clientIdText(clientId);
    Violations.collect()
        .check(text != null, "clientId", clientId, "must be hexadecimal bytes separated by '-' or ':'")
        .throwIfAny("Remove-DhcpServerv4Reservation arguments");
    return PsCommand.builder(DhcpCmdlet.REMOVE_RESERVATION).text("ScopeId", scopeId.toString()).text("ClientId", text)
        .noConfirm().build();
  }

  /**
   * {@return {@code Remove-DhcpServerv4Reservation -IPAddress …}}
   *
   * @param ipAddress the reserved address
   */
  public static PsCommand removeReservation(Ipv4Address ipAddress) {
    return PsCommand.builder(DhcpCmdlet.REMOVE_RESERVATION).text("IPAddress", ipAddress.toString()).noConfirm().build();
  }

  // ---------------------------------------------------------------- exclusions

  /** {@return {@code Get-DhcpServerv4ExclusionRange} without a scope: the exclusion ranges of every scope} */
  public static PsCommand getAllExclusions() {
    return PsCommand.builder(DhcpCmdlet.GET_EXCLUSION_RANGE).build();
  }

  /**
   * {@return {@code Get-DhcpServerv4ExclusionRange -ScopeId …}}
   *
   * @param scopeId the scope's id
   */
  public static PsCommand getExclusions(Ipv4Address scopeId) {
    return PsCommand.builder(DhcpCmdlet.GET_EXCLUSION_RANGE).text("ScopeId", scopeId.toString()).build();
  }

  /**
   * {@return {@code Add-DhcpServerv4ExclusionRange}}
   *
   * @param scopeId the scope's id
   * @param range the excluded range
   */
  public static PsCommand addExclusion(Ipv4Address scopeId, AddressRange range) {
    return PsCommand.builder(DhcpCmdlet.ADD_EXCLUSION_RANGE).text("ScopeId", scopeId.toString())
        .text("StartRange", range.start().toString()).text("EndRange", range.end().toString()).flag("PassThru")
        .noConfirm().build();
  }

  /**
   * {@return {@code Remove-DhcpServerv4ExclusionRange}}
   *
   * @param scopeId the scope's id
   * @param range the excluded range
   */
  public static PsCommand removeExclusion(Ipv4Address scopeId, AddressRange range) {
    return PsCommand.builder(DhcpCmdlet.REMOVE_EXCLUSION_RANGE).text("ScopeId", scopeId.toString())
        .text("StartRange", range.start().toString()).text("EndRange", range.end().toString()).noConfirm().build();
  }

  // ---------------------------------------------------------------- option values

  /**
   * {@return {@code Get-DhcpServerv4OptionValue -All}: every option of the target, for every user and vendor class}
   *
   * @param target a scope or a reservation
   */
  public static PsCommand getOptionValues(OptionTarget target) {
    return PsCommand.builder(DhcpCmdlet.GET_OPTION_VALUE).text(target.parameterName(), target.address().toString())
        .flag("All").build();
  }

  /**
   * {@return {@code Get-DhcpServerv4OptionValue -OptionId …} for one option identity}
   *
   * @param target a scope or a reservation
   * @param optionId the option code
   * @param userClass the user class; empty for none
   * @param vendorClass the vendor class; empty for none
   */
  public static PsCommand getOptionValue(OptionTarget target, int optionId, Optional<String> userClass,
      Optional<String> vendorClass) {
    checkOption(optionId, Optional.empty(), userClass, vendorClass);
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.GET_OPTION_VALUE)
        .text(target.parameterName(), target.address().toString()).number("OptionId", optionId);
    userClass.ifPresent(c -> b.text("UserClass", c));
    vendorClass.ifPresent(c -> b.text("VendorClass", c));
    return b.build();
  }

  /**
   * {@return {@code Set-DhcpServerv4OptionValue}; {@code -Force} skips the DNS server reachability check
   * Windows makes for option 6, which would reject a configuration replicated from elsewhere}
   *
   * @param target a scope or a reservation
   * @param optionId the option code
   * @param values the values, in order
   * @param userClass the user class; empty for none
   * @param vendorClass the vendor class; empty for none
   */
  public static PsCommand setOptionValue(OptionTarget target, int optionId, List<String> values,
      Optional<String> userClass, Optional<String> vendorClass) {
    checkOption(optionId, Optional.of(values), userClass, vendorClass);
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.SET_OPTION_VALUE)
        .text(target.parameterName(), target.address().toString()).number("OptionId", optionId)
        .texts("Value", values);
    userClass.ifPresent(c -> b.text("UserClass", c));
    vendorClass.ifPresent(c -> b.text("VendorClass", c));
    return b.flag("Force").flag("PassThru").noConfirm().build();
  }

  /**
   * {@return {@code Remove-DhcpServerv4OptionValue}}
   *
   * @param target a scope or a reservation
   * @param optionId the option code
   * @param userClass the user class; empty for none
   * @param vendorClass the vendor class; empty for none
   */
  public static PsCommand removeOptionValue(OptionTarget target, int optionId, Optional<String> userClass,
      Optional<String> vendorClass) {
    checkOption(optionId, Optional.empty(), userClass, vendorClass);
    PsCommand.Builder b = PsCommand.builder(DhcpCmdlet.REMOVE_OPTION_VALUE)
        .text(target.parameterName(), target.address().toString()).number("OptionId", optionId);
    userClass.ifPresent(c -> b.text("UserClass", c));
    vendorClass.ifPresent(c -> b.text("VendorClass", c));
    return b.noConfirm().build();
  }

  // ---------------------------------------------------------------- shared checks

  static List<String> addresses(List<Ipv4Address> list) {
    return list.stream().map(Ipv4Address::toString).collect(Collectors.toList());
  }

  private static void requireSome(String field, Object[] values) {
    Violations.collect().check(values.length > 0, field, "[]", "must name at least one").throwIfAny("arguments");
  }

  private static void checkOption(int optionId, Optional<List<String>> values, Optional<String> userClass,
      Optional<String> vendorClass) {
    Violations v = Violations.collect();
    v.check(optionId >= 1 && optionId <= 254, "optionId", optionId, "must be between 1 and 254");
    values.ifPresent(list -> {
      v.check(!list.isEmpty(), "value", "[]", "must have at least one element");
      list.forEach(s -> checkText(v, "value", s, false));
    });
    userClass.ifPresent(c -> checkText(v, "userClass", c, true));
    vendorClass.ifPresent(c -> checkText(v, "vendorClass", c, true));
    v.throwIfAny("option " + optionId + " arguments");
  }

  /** Relationship names: 1 to 126 UTF-16 code units (what Windows counts), no NUL. */
  static void checkRelationshipName(Violations v, String field, String name) {
    v.check(!name.isEmpty(), field, "\"\"", "must not be empty");
    v.check(name.length() <= AddFailover.MAX_NAME_LENGTH, field, shorten(name),
        () -> "must be at most " + AddFailover.MAX_NAME_LENGTH + " characters (Windows answers"
            + " ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG, vendor-facts.md §1), has " + name.length());
    v.check(name.indexOf('\0') < 0, field, shorten(name), "must not contain NUL (Windows strings end at the first NUL)");
    v.check(wellFormed(name), field, shorten(name), "must be valid Unicode (no unpaired surrogate)");
  }

  /** Free text: no NUL (Windows strings end at the first NUL); names must not be empty either. */
  static void checkText(Violations v, String field, String text, boolean nonEmpty) {
    v.check(!nonEmpty || !text.isEmpty(), field, "\"\"", "must not be empty");
    v.check(text.indexOf('\0') < 0, field, shorten(text), "must not contain NUL (Windows strings end at the first NUL)");
    v.check(wellFormed(text), field, shorten(text), "must be valid Unicode (no unpaired surrogate)");
  }

  /** Whether every surrogate is paired: only such text survives the trip as UTF-8. */
  static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static void checkPercent(Violations v, String field, OptionalInt value) {
    v.check(value.isEmpty() || (value.getAsInt() >= 0 && value.getAsInt() <= 100), field, value,
        "must be between 0 and 100");
  }

  static void checkInterval(Violations v, String field, Optional<Duration> value, String why) {
    value.ifPresent(d -> {
      v.check(!d.isNegative() && !d.isZero(), field, d, ("must be greater than zero " + why).trim());
      v.check(d.getNano() == 0, field, d, "must be whole seconds (Windows keeps it in seconds)");
      v.check(d.getSeconds() <= 0xffffffffL, field, d, "must fit in 32 bits of seconds");
    });
  }

  /** An IPv4 literal or a DNS / NetBIOS host name. */
  static void checkHost(Violations v, String field, String host) {
    v.check(isHost(host), field, shorten(host), "must be an IPv4 address or a host name (letters, digits, '-', '_', '.')");
  }

  static void requireHost(String field, String host) {
    Violations v = Violations.collect();
    v.check(isHost(host) || isIpv6(host), field, shorten(host), "must be an IP address or a host name");
    v.throwIfAny(field);
  }

  static boolean isHost(String host) {
    if (Ipv4Address.isValid(host)) {
      return true;
    }
    if (host.isEmpty() || host.length() > 253 || host.matches("[0-9.]+")) {
      return false;
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : h.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String host) {
    return host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]{2,45}");
  }

  /** Hex bytes in the form Windows prints a client id, {@code 00-11-22-aa-bb-cc}; null if not hex bytes. */
  static String clientIdText(String id) {
    String[] parts = id.split("[:-]", -1);
    if (parts.length == 1 && id.length() % 2 == 0 && id.length() >= 2) {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < id.length(); i += 2) {
        pairs.add(id.substring(i, i + 2));
      }
      parts = pairs.toArray(new String[0]);
    }
    if (parts.length == 0 || parts.length > 255) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String p : parts) {
      if (!p.matches("[0-9A-Fa-f]{1,2}")) {
        return null;
      }
      if (out.length() > 0) {
        out.append('-');
      }
      out.append(p.length() == 1 ? "0" + p : p);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static String shorten(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    StringBuilder b = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c)
          : String.valueOf(c));
    }
    return b.append('"').toString();
  }
}
