package dev.failover.testkit.windows;

import dev.failover.scope.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of each DhcpServer cmdlet the fake knows (names, types, mandatory, parameter
 * sets, allowed values, from Microsoft's cmdlet reference) and PowerShell's parameter binding
 * over them, with PowerShell's binding errors. Parameter names are matched whole, ignoring case
 * (PowerShell also accepts unique prefixes; the backend never sends them). Not API.
 */
final class CmdletCatalog {

  enum Type { STRING, STRING_ARRAY, IP, IP_ARRAY, UINT32, UINT32_ARRAY, BOOL, TIMESPAN, SWITCH }

  record Param(String name, Type type, boolean mandatory, Set<String> sets, List<String> allowed) {}

  record Spec(String name, List<Param> params, List<String> sets, String defaultSet) {}

  /** The bound parameters of one call, typed. */
  static final class Bound {
    private final String cmdlet;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private String set;

    Bound(String cmdlet) {
      this.cmdlet = cmdlet;
    }

    String cmdlet() {
      return cmdlet;
    }

    String set() {
      return set;
    }

    boolean has(String name) {
      return values.containsKey(name);
    }

    Optional<String> string(String name) {
      return Optional.ofNullable((String) values.get(name));
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String name) {
      return (List<String>) values.getOrDefault(name, List.of());
    }

    Optional<Ipv4Address> ip(String name) {
      return Optional.ofNullable((Ipv4Address) values.get(name));
    }

    @SuppressWarnings("unchecked")
    List<Ipv4Address> ips(String name) {
      return (List<Ipv4Address>) values.getOrDefault(name, List.of());
    }

    Optional<Long> uint(String name) {
      return Optional.ofNullable((Long) values.get(name));
    }

    @SuppressWarnings("unchecked")
    List<Long> uints(String name) {
      return (List<Long>) values.getOrDefault(name, List.of());
    }

    Optional<Boolean> bool(String name) {
      return Optional.ofNullable((Boolean) values.get(name));
    }

    Optional<Duration> span(String name) {
      return Optional.ofNullable((Duration) values.get(name));
    }

    boolean flag(String name) {
      return Boolean.TRUE.equals(values.get(name));
    }

    /** The parameters as recorded in the write history (the shared secret masked). */
    Map<String, String> display() {
      Map<String, String> out = new LinkedHashMap<>();
      values.forEach((k, v) -> out.put(k, k.equals("SharedSecret") && v != null ? "***" : String.valueOf(v)));
      return out;
    }
  }

  private static final Pattern PARAM = Pattern.compile("(\\w+):(\\w+)(!)?(?:@(\\w+))?(?:=([\\w|]+))?");
  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();
  private static final List<String> WRITE_COMMON = List.of("ComputerName:STRING", "Confirm:SWITCH", "WhatIf:SWITCH");
  private static final List<String> READ_COMMON = List.of("ComputerName:STRING");

  static {
    spec("Add-DhcpServerv4Failover", List.of("LoadBalance", "HotStandby"), WRITE_COMMON,
        "Name:STRING!", "PartnerServer:STRING!", "ScopeId:IP_ARRAY!", "MaxClientLeadTime:TIMESPAN",
        "AutoStateTransition:BOOL", "StateSwitchInterval:TIMESPAN", "Force:SWITCH", "SharedSecret:STRING",
        "PassThru:SWITCH", "LoadBalancePercent:UINT32@LoadBalance", "ReservePercent:UINT32@HotStandby",
        "ServerRole:STRING@HotStandby=Active|Standby");
    spec("Set-DhcpServerv4Failover", List.of(), WRITE_COMMON,
        "Name:STRING!", "AutoStateTransition:BOOL", "MaxClientLeadTime:TIMESPAN", "SharedSecret:STRING",
        "StateSwitchInterval:TIMESPAN", "PartnerDown:SWITCH", "Force:SWITCH", "LoadBalancePercent:UINT32",
        "ReservePercent:UINT32", "PassThru:SWITCH", "Mode:STRING=LoadBalance|HotStandby");
    spec("Get-DhcpServerv4Failover", List.of("Name", "ScopeId"), READ_COMMON,
        "Name:STRING_ARRAY@Name", "ScopeId:IP_ARRAY!@ScopeId");
    spec("Remove-DhcpServerv4Failover", List.of(), WRITE_COMMON,
        "Name:STRING_ARRAY!", "Force:SWITCH", "PassThru:SWITCH");
    spec("Add-DhcpServerv4FailoverScope", List.of(), WRITE_COMMON,
        "Name:STRING!", "ScopeId:IP_ARRAY!", "PassThru:SWITCH");
    spec("Remove-DhcpServerv4FailoverScope", List.of(), WRITE_COMMON,
        "Name:STRING!", "ScopeId:IP_ARRAY!", "Force:SWITCH", "PassThru:SWITCH");
    spec("Invoke-DhcpServerv4FailoverReplication", List.of("Name", "ScopeId"), WRITE_COMMON,
        "Name:STRING_ARRAY@Name", "ScopeId:IP_ARRAY!@ScopeId", "Force:SWITCH");
    spec("Get-DhcpServerv4Scope", List.of(), READ_COMMON, "ScopeId:IP_ARRAY");
    spec("Add-DhcpServerv4Scope", List.of(), WRITE_COMMON,
        "StartRange:IP!", "EndRange:IP!", "SubnetMask:IP!", "Name:STRING!", "Description:STRING",
        "State:STRING=Active|InActive", "LeaseDuration:TIMESPAN", "Type:STRING=Dhcp|Bootp|Both", "PassThru:SWITCH");
    spec("Set-DhcpServerv4Scope", List.of(), WRITE_COMMON,
        "ScopeId:IP!", "Name:STRING", "Description:STRING", "State:STRING=Active|InActive", "LeaseDuration:TIMESPAN",
        "Type:STRING=Dhcp|Bootp|Both", "StartRange:IP", "EndRange:IP", "PassThru:SWITCH");
    spec("Remove-DhcpServerv4Scope", List.of(), WRITE_COMMON, "ScopeId:IP_ARRAY!", "Force:SWITCH", "PassThru:SWITCH");
    spec("Get-DhcpServerv4Reservation", List.of(), READ_COMMON,
        "ScopeId:IP", "IPAddress:IP_ARRAY", "ClientId:STRING_ARRAY");
    spec("Add-DhcpServerv4Reservation", List.of(), WRITE_COMMON,
        "ScopeId:IP!", "IPAddress:IP!", "ClientId:STRING!", "Name:STRING", "Description:STRING",
        "Type:STRING=Dhcp|Bootp|Both", "PassThru:SWITCH");
    spec("Remove-DhcpServerv4Reservation", List.of(), WRITE_COMMON,
        "ScopeId:IP", "IPAddress:IP_ARRAY", "ClientId:STRING_ARRAY", "PassThru:SWITCH");
    spec("Get-DhcpServerv4ExclusionRange", List.of(), READ_COMMON, "ScopeId:IP_ARRAY");
    spec("Add-DhcpServerv4ExclusionRange", List.of(), WRITE_COMMON,
        "ScopeId:IP!", "StartRange:IP!", "EndRange:IP!", "PassThru:SWITCH");
    spec("Remove-DhcpServerv4ExclusionRange", List.of(), WRITE_COMMON,
        "ScopeId:IP!", "StartRange:IP", "EndRange:IP", "PassThru:SWITCH");
    spec("Get-DhcpServerv4OptionValue", List.of(), READ_COMMON,
        "ScopeId:IP", "ReservedIP:IP", "OptionId:UINT32_ARRAY", "UserClass:STRING", "VendorClass:STRING", "All:SWITCH",
        "Brief:SWITCH");
    spec("Set-DhcpServerv4OptionValue", List.of(), WRITE_COMMON,
        "ScopeId:IP", "ReservedIP:IP", "OptionId:UINT32!", "Value:STRING_ARRAY!", "UserClass:STRING",
        "VendorClass:STRING", "Force:SWITCH", "PassThru:SWITCH");
    spec("Remove-DhcpServerv4OptionValue", List.of(), WRITE_COMMON,
        "OptionId:UINT32_ARRAY!", "ScopeId:IP", "ReservedIP:IP", "UserClass:STRING", "VendorClass:STRING",
        "PassThru:SWITCH");
  }

  private CmdletCatalog() {}

  private static void spec(String name, List<String> sets, List<String> common, String... params) {
    List<Param> list = new ArrayList<>();
    for (String p : common) {
      list.add(param(p));
    }
    for (String p : params) {
      list.add(param(p));
    }
    SPECS.put(name.toLowerCase(Locale.ROOT), new Spec(name, list, sets, sets.isEmpty() ? null : sets.get(0)));
  }

  private static Param param(String text) {
    Matcher m = PARAM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    return new Param(m.group(1), Type.valueOf(m.group(2)), m.group(3) != null,
        m.group(4) == null ? Set.of() : Set.of(m.group(4)),
        m.group(5) == null ? List.of() : Arrays.asList(m.group(5).split("\\|")));
  }

  /** The cmdlet's name as PowerShell spells it, or null if the fake does not know it. */
  static String canonicalName(String word) {
    Spec s = SPECS.get(word.toLowerCase(Locale.ROOT));
    return s == null ? null : s.name();
  }

  /** Binds the arguments of a call, or throws PowerShell's binding error. */
  static Bound bind(ScriptParser.Call call) {
    Spec spec = SPECS.get(call.cmdlet().toLowerCase(Locale.ROOT));
    String cmdlet = spec.name();
    Bound bound = new Bound(cmdlet);
    Set<String> candidates = new LinkedHashSet<>(spec.sets());
    for (ScriptParser.Argument a : call.arguments()) {
      Param p = spec.params().stream().filter(x -> x.name().equalsIgnoreCase(a.name())).findFirst()
          .orElseThrow(() -> CmdletFailure.binding(
              "A parameter cannot be found that matches parameter name '" + a.name() + "'.",
              "NamedParameterNotFound", "InvalidArgument"));
      if (bound.values.containsKey(p.name())) {
        throw CmdletFailure.binding("Cannot bind parameter because parameter '" + p.name()
            + "' is specified more than once. To provide multiple values to parameters that can accept multiple"
            + " values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
            "ParameterAlreadyBound", "InvalidArgument");
      }
      bound.values.put(p.name(), convert(p, a.value()));
      if (!p.sets().isEmpty()) {
        candidates.retainAll(p.sets());
      }
    }
    if (!spec.sets().isEmpty()) {
      if (candidates.isEmpty()) {
        throw ambiguous();
      }
      bound.set = candidates.contains(spec.defaultSet()) ? spec.defaultSet() : candidates.iterator().next();
    }
    List<String> missing = new ArrayList<>();
    for (Param p : spec.params()) {
      boolean inSet = p.sets().isEmpty() || p.sets().contains(bound.set);
      if (p.mandatory() && inSet && !bound.values.containsKey(p.name())) {
        missing.add(p.name());
      }
    }
    if (!missing.isEmpty()) {
      throw CmdletFailure.binding("Cannot process command because of one or more missing mandatory parameters: "
          + String.join(" ", missing) + ".", "MissingMandatoryParameter", "InvalidArgument");
    }
    return bound;
  }

  static CmdletFailure ambiguous() {
    return CmdletFailure.binding("Parameter set cannot be resolved using the specified named parameters.",
        "AmbiguousParameterSet", "InvalidArgument");
  }

  private static Object convert(Param p, ScriptParser.Value v) {
    if (p.type() == Type.SWITCH) {
      if (v instanceof ScriptParser.Switch) {
        return true;
      }
      if (v instanceof ScriptParser.SwitchValue) {
        return ((ScriptParser.SwitchValue) v).value();
      }
      throw CmdletFailure.binding("A positional parameter cannot be found that accepts argument '"
          + shown(v) + "'.", "PositionalParameterNotFound", "InvalidArgument");
    }
    if (v instanceof ScriptParser.Switch || v instanceof ScriptParser.SwitchValue) {
      throw CmdletFailure.binding("Missing an argument for parameter '" + p.name() + "'. Specify a parameter of type '"
          + dotNet(p.type()) + "' and try again.", "MissingArgument", "InvalidArgument");
    }
    switch (p.type()) {
      case STRING: {
        if (v instanceof ScriptParser.Null) {
          return null;
        }
        String s;
        if (v instanceof ScriptParser.Texts && !((ScriptParser.Texts) v).list()) {
          s = ((ScriptParser.Texts) v).items().get(0);
        } else if (v instanceof ScriptParser.Number) {
          s = Long.toString(((ScriptParser.Number) v).value());
        } else {
          throw transform(p, v);
        }
        if (!p.allowed().isEmpty() && p.allowed().stream().noneMatch(a -> a.equalsIgnoreCase(s))) {
          throw CmdletFailure.binding("Cannot validate argument on parameter '" + p.name() + "'. The argument \"" + s
              + "\" does not belong to the set \"" + String.join(",", p.allowed())
              + "\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the"
              + " command again.", "ParameterArgumentValidationError", "InvalidData");
        }
        return p.allowed().stream().filter(a -> a.equalsIgnoreCase(s)).findFirst().orElse(s);
      }
      case STRING_ARRAY:
        if (v instanceof ScriptParser.Texts) {
          return List.copyOf(((ScriptParser.Texts) v).items());
        }
        throw transform(p, v);
      case IP:
        if (v instanceof ScriptParser.Texts && !((ScriptParser.Texts) v).list()) {
          return ip(p, ((ScriptParser.Texts) v).items().get(0));
        }
        throw transform(p, v);
      case IP_ARRAY:
        if (v instanceof ScriptParser.Texts) {
          List<Ipv4Address> out = new ArrayList<>();
          for (String s : ((ScriptParser.Texts) v).items()) {
            out.add(ip(p, s));
          }
          return List.copyOf(out);
        }
        throw transform(p, v);
      case UINT32:
        return uint(p, v);
      case UINT32_ARRAY:
        return List.of(uint(p, v));
      case BOOL:
        if (v instanceof ScriptParser.Bool) {
          return ((ScriptParser.Bool) v).value();
        }
        throw CmdletFailure.binding("Cannot process argument transformation on parameter '" + p.name()
            + "'. Cannot convert value \"" + shown(v) + "\" to type \"System.Boolean\". Boolean parameters accept only"
            + " Boolean values and numbers, such as $True, $False, 1 or 0.", "ParameterArgumentTransformationError",
            "InvalidData");
      case TIMESPAN: {
        String literal;
        if (v instanceof ScriptParser.Span) {
          literal = ((ScriptParser.Span) v).literal();
        } else if (v instanceof ScriptParser.Texts && !((ScriptParser.Texts) v).list()) {
          literal = ((ScriptParser.Texts) v).items().get(0);
        } else {
          throw transform(p, v);
        }
        Duration d = timeSpan(literal);
        if (d == null) {
          throw CmdletFailure.binding("Cannot process argument transformation on parameter '" + p.name()
              + "'. Cannot convert value \"" + literal + "\" to type \"System.TimeSpan\". Error: \"String was not"
              + " recognized as a valid TimeSpan.\"", "ParameterArgumentTransformationError", "InvalidData");
        }
        return d;
      }
      default:
        throw new IllegalStateException(p.type().name());
    }
  }

  private static long uint(Param p, ScriptParser.Value v) {
    if (v instanceof ScriptParser.Number) {
      long n = ((ScriptParser.Number) v).value();
      if (n >= 0 && n <= 0xffffffffL) {
        return n;
      }
    }
    if (v instanceof ScriptParser.Texts && !((ScriptParser.Texts) v).list()
        && ((ScriptParser.Texts) v).items().get(0).matches("[0-9]{1,10}")) {
      long n = Long.parseLong(((ScriptParser.Texts) v).items().get(0));
      if (n <= 0xffffffffL) {
        return n;
      }
    }
    throw transform(p, v);
  }

  private static Ipv4Address ip(Param p, String s) {
    if (Ipv4Address.isValid(s)) {
      return Ipv4Address.parse(s);
    }
    throw CmdletFailure.binding("Cannot process argument transformation on parameter '" + p.name()
        + "'. Cannot convert value \"" + s + "\" to type \"System.Net.IPAddress\". Error: \"An invalid IP address was"
        + " specified.\"", "ParameterArgumentTransformationError", "InvalidData");
  }

  private static CmdletFailure transform(Param p, ScriptParser.Value v) {
    return CmdletFailure.binding("Cannot process argument transformation on parameter '" + p.name()
        + "'. Cannot convert value \"" + shown(v) + "\" to type \"" + dotNet(p.type()) + "\".",
        "ParameterArgumentTransformationError", "InvalidData");
  }

  private static String shown(ScriptParser.Value v) {
    if (v instanceof ScriptParser.Texts) {
      List<String> items = ((ScriptParser.Texts) v).items();
      return items.size() == 1 ? items.get(0) : "System.Object[]";
    }
    if (v instanceof ScriptParser.Number) {
      return Long.toString(((ScriptParser.Number) v).value());
    }
    if (v instanceof ScriptParser.Bool) {
      return ((ScriptParser.Bool) v).value() ? "True" : "False";
    }
    if (v instanceof ScriptParser.Span) {
      return ((ScriptParser.Span) v).literal();
    }
    return "";
  }

  private static String dotNet(Type t) {
    switch (t) {
      case STRING:
        return "System.String";
      case STRING_ARRAY:
        return "System.String[]";
      case IP:
        return "System.Net.IPAddress";
      case IP_ARRAY:
        return "System.Net.IPAddress[]";
      case UINT32:
        return "System.UInt32";
      case UINT32_ARRAY:
        return "System.UInt32[]";
      case BOOL:
        return "System.Boolean";
      case TIMESPAN:
        return "System.TimeSpan";
      default:
        return "System.Management.Automation.SwitchParameter";
    }
  }

  private static final Pattern TIMESPAN = Pattern.compile("(?:(\\d{1,8})\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?");

  /** Parses the invariant "c" TimeSpan format {@code [d.]hh:mm[:ss[.fffffff]]}; null if not one. */
  static Duration timeSpan(String text) {
    Matcher m = TIMESPAN.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    int h = Integer.parseInt(m.group(2));
    int min = Integer.parseInt(m.group(3));
    int s = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    if (h > 23 || min > 59 || s > 59) {
      return null;
    }
    long nanos = 0;
    if (m.group(5) != null) {
      String f = (m.group(5) + "0000000").substring(0, 7);
      nanos = Long.parseLong(f) * 100;
    }
    return Duration.ofDays(days).plusHours(h).plusMinutes(min).plusSeconds(s).plusNanos(nanos);
  }
}
