package dev.failover.windows;

import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import java.util.List;

/**
 * What a scope must look like for a Windows server to hold it, so that writing it and reading it
 * back gives the same scope (the facade verifies every plan that way): one address range (one
 * pool, without an ISC peer or a Kea client class), a name (the cmdlet requires one), a lease
 * duration (Windows always has one), no numeric scope id (a Kea notion), reservations without a
 * host name (Windows keeps none) whose client id reads back as the same kind (a hardware
 * address up to 20 bytes, a client id beyond), option values in the standard option space.
 * (An option value is written as its elements: the text split at {@code ", "}, the separator it
 * was read with.)
 */
final class WindowsScopes {

  private WindowsScopes() {}

  static List<Violation> violations(Scope scope) {
    String f = "scopes[" + scope.subnet() + "]";
    Violations v = Violations.collect();
    v.check(scope.pools().size() == 1, f + ".pools", scope.pools().size(),
        "must be exactly one on Windows (a Windows scope has one address range)");
    for (Pool p : scope.pools()) {
      v.check(p.failoverPeer().isEmpty(), f + ".pools.failoverPeer", p.failoverPeer().orElse(""),
          "must not be set on Windows (an ISC notion)");
      v.check(p.clientClass().isEmpty(), f + ".pools.clientClass", p.clientClass().orElse(""),
          "must not be set on Windows (a Windows range has no client class)");
      v.check(p.iscStatements().isEmpty(), f + ".pools.iscStatements", p.iscStatements(),
          "must be empty on Windows (ISC dhcpd pool statements such as permits; a Windows range has none)");
      v.check(!p.dynamicBootp(), f + ".pools.dynamicBootp", true,
          "must be off on Windows (an ISC dhcpd range dynamic-bootp; Windows sets BOOTP per scope)");
    }
    v.check(!scope.name().isEmpty(), f + ".properties.name", "\"\"", "must not be empty on Windows "
        + "(Add-DhcpServerv4Scope requires a name)");
    v.check(scope.properties().leaseTime().isPresent(), f + ".properties.leaseTime", "none",
        "must be set on Windows (every Windows scope has a lease duration)");
    v.check(scope.properties().iscStatements().isEmpty(), f + ".properties.iscStatements",
        scope.properties().iscStatements(), "must be empty on Windows (ISC dhcpd subnet statements such as"
            + " max-lease-time or filename; a Windows scope has none)");
    v.check(scope.properties().id().isEmpty(), f + ".properties.id",
        scope.properties().id().isPresent() ? scope.properties().id().getAsLong() : "",
        "must not be set on Windows (a Kea subnet id)");
    for (Reservation r : scope.reservations()) {
      v.check(r.hostname().isEmpty(), f + ".reservations.hostname", r.hostname().orElse(""),
          "must not be set on Windows (a Windows reservation has no host name)");
      Reservation.IdentifierType type = WindowsStateReader.identifierType(r.identifier());
      v.check(r.identifierType() == type, f + ".reservations.identifierType", r.key(),
          "must be " + type + " on Windows: a Windows reservation has a client id, read back as a hardware address "
              + "up to 20 bytes and as a client id beyond");
      r.options().forEach(o -> option(v, f + ".reservations.options", o));
      v.check(r.iscStatements().isEmpty(), f + ".reservations.iscStatements", r.iscStatements(),
          "must be empty on Windows (ISC dhcpd host statements such as filename or next-server; a Windows"
              + " reservation has none)");
    }
    scope.options().forEach(o -> option(v, f + ".options", o));
    return v.list();
  }

  private static void option(Violations v, String field, OptionValue o) {
    v.check(o.space().equals("dhcp4"), field + ".space", o.space(), "must be dhcp4 on Windows");
  }
}
