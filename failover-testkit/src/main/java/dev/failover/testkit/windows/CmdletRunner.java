package dev.failover.testkit.windows;

import dev.failover.scope.AddressRange;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Subnet;
import dev.failover.testkit.windows.FakeWindowsDhcpServer.OptionKey;
import dev.failover.testkit.windows.FakeWindowsDhcpServer.ReservationRecord;
import dev.failover.testkit.windows.FakeWindowsDhcpServer.ScopeRecord;
import dev.failover.testkit.windows.FakeWindowsDhcpServer.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


/**
 * What each cmdlet does to the fake, with the Windows rules of vendor-facts.md §1 checked before
 * anything changes (a failing cmdlet changes nothing), and the objects it returns. Runs under
 * the network's lock. Not API.
 */
final class CmdletRunner {

  private static final String OBJECT_NOT_FOUND = "ObjectNotFound";
  private static final String RESOURCE_EXISTS = "ResourceExists";
  private static final String INVALID_ARGUMENT = "InvalidArgument";
  private static final String INVALID_DATA = "InvalidData";
  private static final String INVALID_OPERATION = "InvalidOperation";
  private static final String LIMITS_EXCEEDED = "LimitsExceeded";
  private static final String CONNECTION_ERROR = "ConnectionError";
  private static final String NOT_SPECIFIED = "NotSpecified";
  /** PowerShell's own text when a command asks for confirmation in a -NonInteractive session. */
  static final String NON_INTERACTIVE =
      "Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.";

  private final FakeWindowsDhcpServer local;

  CmdletRunner(FakeWindowsDhcpServer local) {
    this.local = local;
  }

  List<Object> run(CmdletCatalog.Bound b) {
    Optional<String> computerName = b.string("ComputerName");
    FakeWindowsDhcpServer target = computerName.map(n -> local.network.find(n).orElseThrow(
        () -> CmdletFailure.dhcp(WinError.RPC_SERVER_UNAVAILABLE, CONNECTION_ERROR, "connect", n))).orElse(local);
    if (target != local && !local.network.reachable(local, target)) {
      throw CmdletFailure.dhcp(WinError.RPC_SERVER_UNAVAILABLE, CONNECTION_ERROR, "connect", computerName.get());
    }
    boolean write = !b.cmdlet().startsWith("Get-");
    if (write && b.flag("WhatIf")) {
      return List.of();
    }
    if (write && target.failNextWrite) {
      target.failNextWrite = false;
      CmdletFailure f = CmdletFailure.dhcp(WinError.JET_ERROR, NOT_SPECIFIED, "update the DHCP server database",
          target.name());
      record(target, b, Optional.of(f.errorId()));
      throw f;
    }
    try {
      List<Object> out = new Target(target).dispatch(b);
      if (write) {
        record(target, b, Optional.empty());
      }
      // objects read through a CIM session to another computer name it (windows-output-shapes.md)
      computerName.ifPresent(n -> out.forEach(o -> {
        if (o instanceof Map<?, ?> m && m.containsKey("PSComputerName")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> object = (Map<String, Object>) m;
          object.put("PSComputerName", n);
        }
      }));
      return out;
    } catch (CmdletFailure f) {
      if (write) {
        record(target, b, Optional.of(f.errorId()));
      }
      throw f;
    }
  }

  private static void record(FakeWindowsDhcpServer s, CmdletCatalog.Bound b, Optional<String> failure) {
    s.writes.add(new FakeWrite(s.network.now(), s.name(), b.cmdlet(), b.display(), failure));
  }

  /** The cmdlets, run against one server. */
  private static final class Target {
    private final FakeWindowsDhcpServer s;
    private final String host;

    Target(FakeWindowsDhcpServer s) {
      this.s = s;
      this.host = s.name();
    }

    List<Object> dispatch(CmdletCatalog.Bound b) {
      switch (b.cmdlet()) {
        case "Add-DhcpServerv4Failover":
          return addFailover(b);
        case "Set-DhcpServerv4Failover":
          return setFailover(b);
        case "Get-DhcpServerv4Failover":
          return getFailover(b);
        case "Remove-DhcpServerv4Failover":
          return removeFailover(b);
        case "Add-DhcpServerv4FailoverScope":
          return addFailoverScope(b);
        case "Remove-DhcpServerv4FailoverScope":
          return removeFailoverScope(b);
        case "Invoke-DhcpServerv4FailoverReplication":
          return replicate(b);
        case "Get-DhcpServerv4Scope":
          return getScope(b);
        case "Add-DhcpServerv4Scope":
          return addScope(b);
        case "Set-DhcpServerv4Scope":
          return setScope(b);
        case "Remove-DhcpServerv4Scope":
          return removeScope(b);
        case "Get-DhcpServerv4Reservation":
          return getReservation(b);
        case "Add-DhcpServerv4Reservation":
          return addReservation(b);
        case "Remove-DhcpServerv4Reservation":
          return removeReservation(b);
        case "Get-DhcpServerv4ExclusionRange":
          return getExclusions(b);
        case "Add-DhcpServerv4ExclusionRange":
          return addExclusion(b);
        case "Remove-DhcpServerv4ExclusionRange":
          return removeExclusion(b);
        case "Get-DhcpServerv4OptionValue":
          return getOptions(b);
        case "Set-DhcpServerv4OptionValue":
          return setOption(b);
        case "Remove-DhcpServerv4OptionValue":
          return removeOption(b);
        default:
          throw new IllegalStateException(b.cmdlet());
      }
    }

    // ------------------------------------------------------------ failover

    private List<Object> addFailover(CmdletCatalog.Bound b) {
      String name = b.string("Name").orElse("");
      String what = "add failover relationship " + name;
      if (name.length() > FakeWindowsDhcpServer.MAX_NAME_LENGTH) {
        throw fail(WinError.FO_RELATIONSHIP_NAME_TOO_LONG, INVALID_ARGUMENT, what);
      }
      if (name.isEmpty()) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_ARGUMENT, what);
      }
      boolean hotStandby = "HotStandby".equals(b.set());
      long lb = b.uint("LoadBalancePercent").orElse(50L);
      long reserve = b.uint("ReservePercent").orElse(5L);
      Duration mclt = b.span("MaxClientLeadTime").orElse(Duration.ofHours(1));
      Optional<Duration> ssi = b.span("StateSwitchInterval");
      if (lb > 100 || reserve > 100 || mclt.isZero() || ssi.map(Duration::isZero).orElse(false)) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_ARGUMENT, what);
      }
      String partnerName = b.string("PartnerServer").orElse("");
      FakeWindowsDhcpServer partner = s.network.find(partnerName)
          .orElseThrow(() -> fail(WinError.SERVER_NAME_NOT_RESOLVED, OBJECT_NOT_FOUND, what));
      if (partner == s) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_ARGUMENT, what);
      }
      requireReachable(partner, what);
      String key = FakeWindowsDhcpServer.key(name);
      if (s.relationships.containsKey(key) || partner.relationships.containsKey(key)) {
        throw fail(WinError.FO_RELATIONSHIP_EXISTS, RESOURCE_EXISTS, what);
      }
      if (s.relationships.size() >= FakeWindowsDhcpServer.MAX_RELATIONSHIPS
          || partner.relationships.size() >= FakeWindowsDhcpServer.MAX_RELATIONSHIPS) {
        throw fail(WinError.FO_MAX_RELATIONSHIPS, LIMITS_EXCEEDED, what);
      }
      List<Ipv4Address> ids = b.ips("ScopeId");
      checkScopesToAdd(ids, partner, name, what);
      Side here = new Side();
      here.name = name;
      here.partnerServer = partnerName;
      here.partner = partner;
      here.mode = hotStandby ? "HotStandby" : "LoadBalance";
      here.serverRole = hotStandby ? b.string("ServerRole").orElse("Active") : null;
      here.loadBalancePercent = hotStandby ? null : (int) lb;
      here.reservePercent = hotStandby ? (int) reserve : null;
      here.mclt = mclt;
      here.stateSwitchInterval = ssi.orElse(null);
      here.autoStateTransition = ssi.isPresent() || b.bool("AutoStateTransition").orElse(false);
      here.secret = b.string("SharedSecret").map(String::toCharArray).orElse(null);
      here.scopeIds.addAll(ids);
      here.since = s.network.now();
      here.primary = true;
      here.primaryServerName = host;
      here.secondaryServerName = partnerName;
      here.primaryServerIp = s.address();
      here.secondaryServerIp = partner.address();
      Side there = new Side();
      there.name = name;
      there.partnerServer = host;
      there.partner = s;
      there.mode = here.mode;
      there.serverRole = here.serverRole == null ? null : ("Active".equals(here.serverRole) ? "Standby" : "Active");
      there.loadBalancePercent = hotStandby ? null : (int) (100 - lb);
      there.reservePercent = here.reservePercent;
      there.mclt = mclt;
      there.stateSwitchInterval = here.stateSwitchInterval;
      there.autoStateTransition = here.autoStateTransition;
      there.secret = here.secret == null ? null : here.secret.clone();
      there.scopeIds.addAll(ids);
      there.since = here.since;
      there.primary = false;
      there.primaryServerName = here.primaryServerName;
      there.secondaryServerName = here.secondaryServerName;
      there.primaryServerIp = here.primaryServerIp;
      there.secondaryServerIp = here.secondaryServerIp;
      s.relationships.put(key, here);
      partner.relationships.put(key, there);
      for (Ipv4Address id : ids) {
        partner.scopes.put(id, s.scopes.get(id).copy());
      }
      return b.flag("PassThru") ? List.of(failoverObject(here)) : List.of();
    }

    /** The Add-DhcpServerv4Failover / Add-DhcpServerv4FailoverScope preconditions on the scopes. */
    private void checkScopesToAdd(List<Ipv4Address> ids, FakeWindowsDhcpServer partner, String name, String what) {
      if (ids.size() > FakeWindowsDhcpServer.MAX_ADD_SCOPES) {
        throw fail(WinError.FO_MAX_ADD_SCOPES, LIMITS_EXCEEDED, what);
      }
      if (new HashSet<>(ids).size() != ids.size()) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_ARGUMENT, what);
      }
      for (Ipv4Address id : ids) {
        if (!s.scopes.containsKey(id)) {
          throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "get scope information for scope " + id);
        }
        if (relationshipOf(s, id).isPresent()) {
          throw fail(WinError.FO_SCOPE_ALREADY_IN_RELATIONSHIP, INVALID_OPERATION,
              "add scope " + id + " to failover relationship " + name);
        }
        if (partner.scopes.containsKey(id)) {
          throw CmdletFailure.dhcp(WinError.SUBNET_EXISTS, RESOURCE_EXISTS,
              "create scope " + id + " for failover relationship " + name, partner.name());
        }
      }
    }

    private List<Object> setFailover(CmdletCatalog.Bound b) {
      String name = b.string("Name").orElse("");
      String what = "set failover relationship " + name;
      Side here = existing(name, what);
      Side there = here.partner.relationships.get(FakeWindowsDhcpServer.key(name));
      String mode = b.string("Mode").orElse(here.mode);
      boolean hs = mode.equals("HotStandby");
      Optional<Long> lb = b.uint("LoadBalancePercent");
      Optional<Long> reserve = b.uint("ReservePercent");
      Optional<Duration> mclt = b.span("MaxClientLeadTime");
      Optional<Duration> ssi = b.span("StateSwitchInterval");
      if ((hs && lb.isPresent()) || (!hs && reserve.isPresent()) || lb.map(p -> p > 100).orElse(false)
          || reserve.map(p -> p > 100).orElse(false) || mclt.map(Duration::isZero).orElse(false)
          || ssi.map(Duration::isZero).orElse(false)) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_ARGUMENT, what);
      }
      if (b.flag("PartnerDown") && here.state != FakeWindowsFailoverState.COMMUNICATION_INT) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_OPERATION, what);
      }
      boolean secretGiven = b.has("SharedSecret");
      Optional<String> secret = b.string("SharedSecret");
      boolean partnerFieldsChange = b.has("Mode") || lb.isPresent() || reserve.isPresent() || mclt.isPresent()
          || ssi.isPresent() || b.has("AutoStateTransition") || secretGiven;
      if (partnerFieldsChange) {
        requireReachable(here.partner, what);
      }
      for (Side side : new Side[] {here, there}) {
        if (side == null) {
          continue;
        }
        boolean isHere = side == here;
        if (!mode.equals(side.mode)) {
          side.mode = mode;
          if (hs) {
            side.serverRole = isHere ? "Active" : "Standby";
            side.loadBalancePercent = null;
            side.reservePercent = 5;
          } else {
            side.serverRole = null;
            side.reservePercent = null;
            side.loadBalancePercent = 50;
          }
        }
        if (lb.isPresent()) {
          side.loadBalancePercent = (int) (isHere ? lb.get() : 100 - lb.get());
        }
        reserve.ifPresent(r -> side.reservePercent = r.intValue());
        mclt.ifPresent(m -> side.mclt = m);
        ssi.ifPresent(d -> {
          side.stateSwitchInterval = d;
          side.autoStateTransition = true;
        });
        b.bool("AutoStateTransition").filter(x -> ssi.isEmpty()).ifPresent(x -> side.autoStateTransition = x);
        if (secretGiven) {
          side.secret = secret.map(String::toCharArray).orElse(null);
        }
      }
      if (b.flag("PartnerDown")) {
        here.state = FakeWindowsFailoverState.PARTNER_DOWN;
        here.since = s.network.now();
      }
      return b.flag("PassThru") ? List.of(failoverObject(here)) : List.of();
    }

    private List<Object> getFailover(CmdletCatalog.Bound b) {
      List<Object> out = new ArrayList<>();
      if ("ScopeId".equals(b.set())) {
        for (Ipv4Address id : b.ips("ScopeId")) {
          Side side = relationshipOf(s, id).orElseThrow(() -> fail(WinError.FO_SCOPE_NOT_IN_RELATIONSHIP,
              OBJECT_NOT_FOUND, "get failover relationship for scope " + id));
          out.add(failoverObject(side));
        }
        return out;
      }
      if (!b.has("Name")) {
        s.relationships.values().forEach(side -> out.add(failoverObject(side)));
        return out;
      }
      for (String n : b.strings("Name")) {
        out.add(failoverObject(existing(n, "get failover relationship " + n)));
      }
      return out;
    }

    private List<Object> removeFailover(CmdletCatalog.Bound b) {
      List<Side> sides = new ArrayList<>();
      for (String n : b.strings("Name")) {
        Side side = existing(n, "delete failover relationship " + n);
        requireReachable(side.partner, "delete failover relationship " + n);
        sides.add(side);
      }
      List<Object> out = new ArrayList<>();
      for (Side side : sides) {
        out.add(failoverObject(side));
        String key = FakeWindowsDhcpServer.key(side.name);
        s.relationships.remove(key);
        side.partner.relationships.remove(key);
        // the cmdlet keeps the scopes where it runs and deletes the partner's copies
        side.scopeIds.forEach(side.partner.scopes::remove);
      }
      return b.flag("PassThru") ? out : List.of();
    }

    private List<Object> addFailoverScope(CmdletCatalog.Bound b) {
      String name = b.string("Name").orElse("");
      List<Ipv4Address> ids = b.ips("ScopeId");
      String what = "add scopes to failover relationship " + name;
      Side here = existing(name, what);
      if (here.state != FakeWindowsFailoverState.NORMAL) {
        throw fail(WinError.FO_STATE_NOT_NORMAL, INVALID_OPERATION, what);
      }
      requireReachable(here.partner, what);
      checkScopesToAdd(ids, here.partner, name, what);
      Side there = here.partner.relationships.get(FakeWindowsDhcpServer.key(name));
      for (Ipv4Address id : ids) {
        here.scopeIds.add(id);
        there.scopeIds.add(id);
        here.partner.scopes.put(id, s.scopes.get(id).copy());
      }
      return b.flag("PassThru") ? List.of(failoverObject(here)) : List.of();
    }

    private List<Object> removeFailoverScope(CmdletCatalog.Bound b) {
      String name = b.string("Name").orElse("");
      List<Ipv4Address> ids = b.ips("ScopeId");
      String what = "remove scopes from failover relationship " + name;
      Side here = existing(name, what);
      for (Ipv4Address id : ids) {
        if (!here.scopeIds.contains(id)) {
          throw fail(WinError.FO_SCOPE_NOT_IN_RELATIONSHIP, OBJECT_NOT_FOUND,
              "remove scope " + id + " from failover relationship " + name);
        }
      }
      requireReachable(here.partner, what);
      Side there = here.partner.relationships.get(FakeWindowsDhcpServer.key(name));
      for (Ipv4Address id : ids) {
        here.scopeIds.remove(id);
        there.scopeIds.remove(id);
        // kept here, deleted on the partner (PS-RemoveScope)
        here.partner.scopes.remove(id);
      }
      return b.flag("PassThru") ? List.of(failoverObject(here)) : List.of();
    }

    private List<Object> replicate(CmdletCatalog.Bound b) {
      if (!b.flag("Force")) {
        // the cmdlet asks before overwriting the partner; a NonInteractive session cannot answer
        throw new CmdletFailure(NON_INTERACTIVE, "PSInvalidOperationException", INVALID_OPERATION,
            "System.Management.Automation.PSInvalidOperationException", null);
      }
      Map<Ipv4Address, Side> work = new LinkedHashMap<>();
      if ("ScopeId".equals(b.set())) {
        for (Ipv4Address id : b.ips("ScopeId")) {
          Side side = relationshipOf(s, id).orElseThrow(() -> fail(WinError.FO_SCOPE_NOT_IN_RELATIONSHIP,
              OBJECT_NOT_FOUND, "replicate scope " + id));
          work.put(id, side);
        }
      } else if (b.has("Name")) {
        for (String n : b.strings("Name")) {
          Side side = existing(n, "replicate failover relationship " + n);
          side.scopeIds.forEach(id -> work.put(id, side));
        }
      } else {
        s.relationships.values().forEach(side -> side.scopeIds.forEach(id -> work.put(id, side)));
      }
      for (Map.Entry<Ipv4Address, Side> e : work.entrySet()) {
        Side side = e.getValue();
        String what = "replicate scope " + e.getKey() + " to " + side.partner.name();
        requireReachable(side.partner, what);
        ScopeRecord source = s.scopes.get(e.getKey());
        if (source == null) {
          throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "get scope information for scope " + e.getKey());
        }
        // class definitions are server objects: the partner must have every class the scope uses
        List<OptionKey> keys = new ArrayList<>(source.options.keySet());
        source.reservations.values().forEach(r -> keys.addAll(r.options.keySet()));
        for (OptionKey k : keys) {
          if ((!k.userClass().isEmpty() && !side.partner.userClasses.contains(k.userClass()))
              || (!k.vendorClass().isEmpty() && !side.partner.vendorClasses.contains(k.vendorClass()))) {
            throw CmdletFailure.dhcp(WinError.CLASS_NOT_FOUND, OBJECT_NOT_FOUND,
                "set option value of " + k.code() + " in scope " + e.getKey(), side.partner.name());
          }
        }
      }
      for (Map.Entry<Ipv4Address, Side> e : work.entrySet()) {
        e.getValue().partner.scopes.put(e.getKey(), s.scopes.get(e.getKey()).copy());
      }
      return List.of();
    }

    private Side existing(String name, String what) {
      Side side = s.relationships.get(FakeWindowsDhcpServer.key(name));
      if (side == null) {
        throw fail(WinError.FO_RELATIONSHIP_DOES_NOT_EXIST, OBJECT_NOT_FOUND, what);
      }
      return side;
    }

    private void requireReachable(FakeWindowsDhcpServer partner, String what) {
      if (!s.network.reachable(s, partner)) {
        throw fail(WinError.SERVER_NOT_REACHABLE, CONNECTION_ERROR, what);
      }
    }

    private static Optional<Side> relationshipOf(FakeWindowsDhcpServer server, Ipv4Address scopeId) {
      return server.relationships.values().stream().filter(r -> r.scopeIds.contains(scopeId)).findFirst();
    }

    private Map<String, Object> failoverObject(Side r) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ScopeId", new PsJsonWriter.IpArray(new ArrayList<>(r.scopeIds)));
      o.put("PrimaryServerIP", new PsJsonWriter.Ip(r.primaryServerIp));
      o.put("SecondaryServerIP", new PsJsonWriter.Ip(r.secondaryServerIp));
      o.put("AutoStateTransition", r.autoStateTransition);
      o.put("EnableAuth", r.secret != null);
      o.put("LoadBalancePercent", r.loadBalancePercent);
      o.put("MaxClientLeadTime", new PsJsonWriter.Span(r.mclt));
      o.put("Mode", r.mode);
      o.put("Name", r.name);
      o.put("PartnerServer", r.partnerServer);
      o.put("PrimaryServerName", r.primaryServerName);
      o.put("ReservePercent", r.reservePercent);
      o.put("SecondaryServerName", r.secondaryServerName);
      o.put("ServerRole", r.serverRole);
      o.put("ServerType", r.primary ? "PrimaryServer" : "SecondaryServer");
      o.put("State", r.state.psName());
      o.put("StateSwitchInterval", r.stateSwitchInterval == null ? null : new PsJsonWriter.Span(r.stateSwitchInterval));
      o.put("PSComputerName", null);
      return o;
    }

    // ------------------------------------------------------------ scopes

    private List<Object> getScope(CmdletCatalog.Bound b) {
      List<Object> out = new ArrayList<>();
      if (!b.has("ScopeId")) {
        s.scopes.values().forEach(r -> out.add(scopeObject(r)));
        return out;
      }
      for (Ipv4Address id : b.ips("ScopeId")) {
        out.add(scopeObject(scope(id)));
      }
      return out;
    }

    private ScopeRecord scope(Ipv4Address id) {
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "get scope information for scope " + id);
      }
      return r;
    }

    private List<Object> addScope(CmdletCatalog.Bound b) {
      Ipv4Address start = b.ip("StartRange").orElseThrow();
      Ipv4Address end = b.ip("EndRange").orElseThrow();
      Ipv4Address mask = b.ip("SubnetMask").orElseThrow();
      int len = Integer.bitCount(mask.bits());
      Ipv4Address id = Ipv4Address.ofBits(start.bits() & mask.bits());
      String what = "add scope " + id;
      if (len == 0 || len == 32 || mask.bits() != (-1 << (32 - len)) || start.compareTo(end) > 0
          || (end.bits() & mask.bits()) != id.bits()) {
        throw fail(WinError.INVALID_RANGE, INVALID_DATA, what);
      }
      Subnet subnet = Subnet.of(id, len);
      for (ScopeRecord other : s.scopes.values()) {
        Subnet o = other.subnet();
        if (o.contains(subnet.network()) || subnet.contains(o.network())) {
          throw fail(WinError.SUBNET_EXISTS, RESOURCE_EXISTS, what);
        }
      }
      ScopeRecord r = new ScopeRecord();
      r.scopeId = id;
      r.mask = mask;
      r.name = b.string("Name").orElse("");
      r.description = b.string("Description").orElse("");
      r.start = start;
      r.end = end;
      r.active = !"InActive".equals(b.string("State").orElse("Active"));
      r.leaseDuration = b.span("LeaseDuration").orElse(FakeWindowsDhcpServer.DEFAULT_LEASE);
      r.type = b.string("Type").orElse("Dhcp");
      s.scopes.put(id, r);
      return b.flag("PassThru") ? List.of(scopeObject(r)) : List.of();
    }

    private List<Object> setScope(CmdletCatalog.Bound b) {
      Ipv4Address id = b.ip("ScopeId").orElseThrow();
      if (b.has("StartRange") != b.has("EndRange")) {
        throw CmdletCatalog.ambiguous();
      }
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "set scope " + id);
      }
      if (b.has("StartRange")) {
        Ipv4Address start = b.ip("StartRange").orElseThrow();
        Ipv4Address end = b.ip("EndRange").orElseThrow();
        if (start.compareTo(end) > 0 || !r.subnet().contains(start) || !r.subnet().contains(end)) {
          throw fail(WinError.INVALID_RANGE, INVALID_DATA, "set IP address range of scope " + id);
        }
        r.start = start;
        r.end = end;
      }
      b.string("Name").ifPresent(n -> r.name = n);
      b.string("Description").ifPresent(d -> r.description = d);
      b.string("State").ifPresent(st -> r.active = !"InActive".equals(st));
      b.span("LeaseDuration").ifPresent(d -> r.leaseDuration = d);
      b.string("Type").ifPresent(t -> r.type = t);
      return b.flag("PassThru") ? List.of(scopeObject(r)) : List.of();
    }

    private List<Object> removeScope(CmdletCatalog.Bound b) {
      List<Ipv4Address> ids = b.ips("ScopeId");
      for (Ipv4Address id : ids) {
        scope(id);
        // the fake refuses to delete a failover scope behind its relationship's back
        Optional<Side> side = relationshipOf(s, id);
        if (side.isPresent()) {
          throw fail(WinError.FO_SCOPE_ALREADY_IN_RELATIONSHIP, INVALID_OPERATION, "delete scope " + id);
        }
      }
      List<Object> out = new ArrayList<>();
      for (Ipv4Address id : ids) {
        out.add(scopeObject(s.scopes.remove(id)));
      }
      return b.flag("PassThru") ? out : List.of();
    }

    private Map<String, Object> scopeObject(ScopeRecord r) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ScopeId", new PsJsonWriter.Ip(r.scopeId));
      o.put("SubnetMask", new PsJsonWriter.Ip(r.mask));
      o.put("StartRange", new PsJsonWriter.Ip(r.start));
      o.put("EndRange", new PsJsonWriter.Ip(r.end));
      o.put("ActivatePolicies", true);
      o.put("Delay", 0);
      o.put("Description", r.description);
      o.put("LeaseDuration", new PsJsonWriter.Span(r.leaseDuration));
      o.put("MaxBootpClients", 4294967295L);
      o.put("Name", r.name);
      o.put("NapEnable", false);
      o.put("NapProfile", "");
      o.put("State", r.active ? "Active" : "InActive");
      o.put("SuperscopeName", "");
      o.put("Type", r.type);
      o.put("PSComputerName", null);
      return o;
    }

    // ------------------------------------------------------------ reservations

    private List<Object> getReservation(CmdletCatalog.Bound b) {
      List<Object> out = new ArrayList<>();
      if (b.has("IPAddress")) {
        for (Ipv4Address ip : b.ips("IPAddress")) {
          Map.Entry<Ipv4Address, ReservationRecord> e = findReservation(ip, "get reservation " + ip);
          out.add(reservationObject(e.getValue(), e.getKey()));
        }
        return out;
      }
      Ipv4Address id = b.ip("ScopeId").orElseThrow(CmdletCatalog::ambiguous);
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "get reservations in scope " + id);
      }
      List<String> wanted = b.strings("ClientId").stream().map(Target::clientId).toList();
      for (ReservationRecord rr : r.reservations.values()) {
        if (wanted.isEmpty() || wanted.contains(rr.clientId)) {
          out.add(reservationObject(rr, id));
        }
      }
      return out;
    }

    private Map.Entry<Ipv4Address, ReservationRecord> findReservation(Ipv4Address ip, String what) {
      for (ScopeRecord r : s.scopes.values()) {
        ReservationRecord rr = r.reservations.get(ip);
        if (rr != null) {
          return Map.entry(r.scopeId, rr);
        }
      }
      throw fail(WinError.NOT_RESERVED_CLIENT, OBJECT_NOT_FOUND, what);
    }

    private List<Object> addReservation(CmdletCatalog.Bound b) {
      Ipv4Address id = b.ip("ScopeId").orElseThrow();
      Ipv4Address ip = b.ip("IPAddress").orElseThrow();
      String what = "add reservation " + ip + " to scope " + id;
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, what);
      }
      String clientId = clientId(b.string("ClientId").orElse(""));
      if (clientId == null) {
        throw fail(WinError.INVALID_PARAMETER, INVALID_ARGUMENT, what);
      }
      if (!r.subnet().contains(ip) || ip.equals(r.scopeId) || ip.equals(r.subnet().broadcast())) {
        throw fail(WinError.INVALID_RANGE, INVALID_DATA, what);
      }
      if (r.reservations.containsKey(ip)) {
        throw fail(WinError.RESERVEDIP_EXISTS, RESOURCE_EXISTS, what);
      }
      if (r.reservations.values().stream().anyMatch(x -> x.clientId.equals(clientId))) {
        throw fail(WinError.CLIENT_EXISTS, RESOURCE_EXISTS, what);
      }
      ReservationRecord rr = new ReservationRecord();
      rr.ip = ip;
      rr.clientId = clientId;
      rr.name = b.string("Name").orElse(null);
      rr.description = b.string("Description").orElse("");
      rr.type = b.string("Type").orElse("Both");
      r.reservations.put(ip, rr);
      return b.flag("PassThru") ? List.of(reservationObject(rr, id)) : List.of();
    }

    private List<Object> removeReservation(CmdletCatalog.Bound b) {
      List<Object> out = new ArrayList<>();
      if (b.has("IPAddress")) {
        List<Map.Entry<Ipv4Address, ReservationRecord>> found = new ArrayList<>();
        for (Ipv4Address ip : b.ips("IPAddress")) {
          found.add(findReservation(ip, "delete reservation " + ip));
        }
        for (Map.Entry<Ipv4Address, ReservationRecord> e : found) {
          s.scopes.get(e.getKey()).reservations.remove(e.getValue().ip);
          out.add(reservationObject(e.getValue(), e.getKey()));
        }
        return b.flag("PassThru") ? out : List.of();
      }
      Ipv4Address id = b.ip("ScopeId").orElseThrow(CmdletCatalog::ambiguous);
      if (!b.has("ClientId")) {
        throw CmdletCatalog.ambiguous();
      }
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "delete reservations in scope " + id);
      }
      List<ReservationRecord> found = new ArrayList<>();
      for (String c : b.strings("ClientId")) {
        String cid = clientId(c);
        found.add(r.reservations.values().stream().filter(x -> x.clientId.equals(cid)).findFirst()
            .orElseThrow(() -> fail(WinError.NOT_RESERVED_CLIENT, OBJECT_NOT_FOUND,
                "delete reservation of client " + c + " in scope " + id)));
      }
      for (ReservationRecord rr : found) {
        r.reservations.remove(rr.ip);
        out.add(reservationObject(rr, id));
      }
      return b.flag("PassThru") ? out : List.of();
    }

    private static Map<String, Object> reservationObject(ReservationRecord rr, Ipv4Address scopeId) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("IPAddress", new PsJsonWriter.Ip(rr.ip));
      o.put("ScopeId", new PsJsonWriter.Ip(scopeId));
      o.put("AddressState", "InactiveReservation");
      o.put("ClientId", rr.clientId);
      o.put("Description", rr.description);
      o.put("Name", rr.name == null ? rr.ip.toString() : rr.name);
      o.put("Type", rr.type);
      o.put("PSComputerName", null);
      return o;
    }

    /** A client id as Windows stores it (lower-case, dash-separated bytes); null if not hex bytes. */
    static String clientId(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT).replace(':', '-');
      return t.matches("[0-9a-f]{2}(-[0-9a-f]{2}){0,254}") ? t : null;
    }

    // ------------------------------------------------------------ exclusions

    private List<Object> getExclusions(CmdletCatalog.Bound b) {
      List<Object> out = new ArrayList<>();
      List<Ipv4Address> ids = b.has("ScopeId") ? b.ips("ScopeId") : new ArrayList<>(s.scopes.keySet());
      for (Ipv4Address id : ids) {
        ScopeRecord r = s.scopes.get(id);
        if (r == null) {
          throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "get exclusion ranges of scope " + id);
        }
        r.exclusions.keySet().forEach(e -> out.add(exclusionObject(id, e)));
      }
      return out;
    }

    private List<Object> addExclusion(CmdletCatalog.Bound b) {
      Ipv4Address id = b.ip("ScopeId").orElseThrow();
      Ipv4Address start = b.ip("StartRange").orElseThrow();
      Ipv4Address end = b.ip("EndRange").orElseThrow();
      String what = "add exclusion range with start range " + start + " and end range " + end + " to scope " + id;
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, what);
      }
      if (start.compareTo(end) > 0 || !r.subnet().contains(start) || !r.subnet().contains(end)) {
        throw fail(WinError.INVALID_RANGE, INVALID_DATA, what);
      }
      AddressRange range = AddressRange.of(start, end);
      if (r.exclusions.keySet().stream().anyMatch(x -> x.overlaps(range))) {
        throw fail(WinError.INVALID_RANGE, INVALID_DATA, what);
      }
      r.exclusions.put(range, range);
      return b.flag("PassThru") ? List.of(exclusionObject(id, range)) : List.of();
    }

    private List<Object> removeExclusion(CmdletCatalog.Bound b) {
      Ipv4Address id = b.ip("ScopeId").orElseThrow();
      if (b.has("StartRange") != b.has("EndRange")) {
        throw CmdletCatalog.ambiguous();
      }
      ScopeRecord r = s.scopes.get(id);
      if (r == null) {
        throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, "delete exclusion ranges of scope " + id);
      }
      List<Object> out = new ArrayList<>();
      if (!b.has("StartRange")) {
        r.exclusions.keySet().forEach(e -> out.add(exclusionObject(id, e)));
        r.exclusions.clear();
      } else {
        AddressRange range;
        try {
          range = AddressRange.of(b.ip("StartRange").orElseThrow(), b.ip("EndRange").orElseThrow());
        } catch (dev.failover.errors.ValidationException e) {
          range = null;
        }
        if (range == null || r.exclusions.remove(range) == null) {
          throw fail(WinError.INVALID_RANGE, INVALID_DATA, "delete exclusion range from scope " + id);
        }
        out.add(exclusionObject(id, range));
      }
      return b.flag("PassThru") ? out : List.of();
    }

    private static Map<String, Object> exclusionObject(Ipv4Address id, AddressRange range) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ScopeId", new PsJsonWriter.Ip(id));
      o.put("StartRange", new PsJsonWriter.Ip(range.start()));
      o.put("EndRange", new PsJsonWriter.Ip(range.end()));
      o.put("PSComputerName", null);
      return o;
    }

    // ------------------------------------------------------------ options

    /** The option map of the target the parameters name: a scope, a reservation, or the server. */
    private Map<OptionKey, List<String>> options(CmdletCatalog.Bound b, String what) {
      if (b.has("ScopeId") && b.has("ReservedIP")) {
        throw CmdletCatalog.ambiguous();
      }
      if (b.has("ScopeId")) {
        Ipv4Address id = b.ip("ScopeId").orElseThrow();
        ScopeRecord r = s.scopes.get(id);
        if (r == null) {
          throw fail(WinError.SUBNET_NOT_PRESENT, OBJECT_NOT_FOUND, what);
        }
        return r.options;
      }
      if (b.has("ReservedIP")) {
        Ipv4Address ip = b.ip("ReservedIP").orElseThrow();
        return findReservation(ip, what).getValue().options;
      }
      return s.serverOptions;
    }

    private List<Object> getOptions(CmdletCatalog.Bound b) {
      Map<OptionKey, List<String>> map = options(b, "get option values");
      String user = b.string("UserClass").orElse("");
      String vendor = b.string("VendorClass").orElse("");
      List<Object> out = new ArrayList<>();
      for (long id : b.uints("OptionId").isEmpty() ? List.<Long>of() : b.uints("OptionId")) {
        Map.Entry<OptionKey, List<String>> e = map.entrySet().stream()
            .filter(x -> x.getKey().matches((int) id, user, vendor)).findFirst()
            .orElseThrow(() -> fail(WinError.OPTION_NOT_PRESENT, OBJECT_NOT_FOUND, "get option value of " + id));
        out.add(optionObject(e.getKey(), e.getValue()));
      }
      if (!b.has("OptionId")) {
        for (Map.Entry<OptionKey, List<String>> e : map.entrySet()) {
          boolean defaultClasses = e.getKey().userClass().isEmpty() && e.getKey().vendorClass().isEmpty();
          boolean classMatch = e.getKey().userClass().equalsIgnoreCase(user)
              && e.getKey().vendorClass().equalsIgnoreCase(vendor);
          if (b.flag("All") || classMatch || (defaultClasses && user.isEmpty() && vendor.isEmpty())) {
            out.add(optionObject(e.getKey(), e.getValue()));
          }
        }
      }
      return out;
    }

    private List<Object> setOption(CmdletCatalog.Bound b) {
      long id = b.uint("OptionId").orElseThrow();
      String what = "set option value of " + id;
      Map<OptionKey, List<String>> map = options(b, what);
      if (id < 1 || id > 254) {
        throw fail(WinError.OPTION_NOT_PRESENT, OBJECT_NOT_FOUND, what);
      }
      String user = b.string("UserClass").orElse("");
      String vendor = b.string("VendorClass").orElse("");
      if ((!user.isEmpty() && !s.userClasses.contains(user)) || (!vendor.isEmpty() && !s.vendorClasses.contains(vendor))) {
        throw fail(WinError.CLASS_NOT_FOUND, OBJECT_NOT_FOUND, what);
      }
      OptionKey key = new OptionKey((int) id, user, vendor);
      map.keySet().removeIf(k -> k.matches((int) id, user, vendor));
      map.put(key, List.copyOf(b.strings("Value")));
      return b.flag("PassThru") ? List.of(optionObject(key, map.get(key))) : List.of();
    }

    private List<Object> removeOption(CmdletCatalog.Bound b) {
      Map<OptionKey, List<String>> map = options(b, "delete option values");
      String user = b.string("UserClass").orElse("");
      String vendor = b.string("VendorClass").orElse("");
      List<OptionKey> found = new ArrayList<>();
      for (long id : b.uints("OptionId")) {
        found.add(map.keySet().stream().filter(k -> k.matches((int) id, user, vendor)).findFirst()
            .orElseThrow(() -> fail(WinError.OPTION_NOT_PRESENT, OBJECT_NOT_FOUND, "delete option value of " + id)));
      }
      List<Object> out = new ArrayList<>();
      for (OptionKey k : found) {
        out.add(optionObject(k, map.remove(k)));
      }
      return b.flag("PassThru") ? out : List.of();
    }

    private static final Map<Integer, String[]> KNOWN_OPTIONS = Map.of(
        3, new String[] {"Router", "IPv4Address"},
        6, new String[] {"DNS Servers", "IPv4Address"},
        15, new String[] {"DNS Domain Name", "String"},
        44, new String[] {"WINS/NBNS Servers", "IPv4Address"},
        46, new String[] {"WINS/NBT Node Type", "Byte"},
        42, new String[] {"NTP Servers", "IPv4Address"},
        66, new String[] {"Boot Server Host Name", "String"},
        67, new String[] {"Bootfile Name", "String"});

    private static Map<String, Object> optionObject(OptionKey k, List<String> values) {
      String[] known = KNOWN_OPTIONS.getOrDefault(k.code(), new String[] {"Option " + k.code(), "String"});
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("Name", known[0]);
      o.put("OptionId", k.code());
      o.put("PolicyName", null);
      o.put("Type", known[1]);
      o.put("UserClass", k.userClass());
      o.put("Value", new ArrayList<Object>(values));
      o.put("VendorClass", k.vendorClass());
      o.put("PSComputerName", null);
      return o;
    }

    private CmdletFailure fail(WinError error, String category, String what) {
      return CmdletFailure.dhcp(error, category, what, host);
    }
  }

}
