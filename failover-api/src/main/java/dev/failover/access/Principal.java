package dev.failover.access;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/**
 * Who asks: a user or service with built-in roles and explicit access bits on servers and
 * scopes. Bits add up; nothing here takes a permission away.
 *
 * <pre>{@code
 * Principal bob = Principal.named("bob")
 *     .addScopeGrant(ScopeGrant.of("dhcp-a", "10.1.0.0/24", ScopeAccessBit.EDIT_RESERVATIONS))
 *     .build();
 * }</pre>
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutablePrincipal.class)
@JsonDeserialize(as = ImmutablePrincipal.class)
public abstract class Principal {

  /** {@return the principal's name, as audit events show it} */
  public abstract String name();

  /** {@return the built-in roles the principal holds} */
  public abstract Set<BuiltInRole> roles();

  /** {@return the server-level bits granted on single servers} */
  public abstract List<ServerGrant> serverGrants();

  /** {@return the scope-level bits granted on single scopes} */
  public abstract List<ScopeGrant> scopeGrants();

  /**
   * {@return a builder for a principal with that name}
   *
   * @param name the principal's name
   */
  public static ImmutablePrincipal.Builder named(String name) {
    return ImmutablePrincipal.builder().name(name);
  }

  /**
   * {@return a principal holding only the given built-in roles}
   *
   * @param name the principal's name
   * @param roles the roles
   */
  public static Principal withRoles(String name, BuiltInRole... roles) {
    return named(name).addRoles(roles).build();
  }

  /** {@return whether a built-in role makes this principal a DHCP administrator} */
  public boolean isDhcpAdministrator() {
    return roles().stream().anyMatch(BuiltInRole::dhcpAdministrator);
  }

  /**
   * {@return the server-level bits held on the server, from roles and grants}
   *
   * @param server the server's inventory id
   */
  public Set<ServerAccessBit> serverBits(ServerId server) {
    if (isDhcpAdministrator()) {
      return EnumSet.allOf(ServerAccessBit.class);
    }
    EnumSet<ServerAccessBit> out = EnumSet.noneOf(ServerAccessBit.class);
    serverGrants().stream().filter(g -> g.server().equals(server)).forEach(g -> out.addAll(g.bits()));
    return out;
  }

  /**
   * {@return the scope-level bits held on the scope, from roles and grants (never from server bits)}
   *
   * @param server the server's inventory id
   * @param subnet the scope's subnet
   */
  public Set<ScopeAccessBit> scopeBits(ServerId server, Subnet subnet) {
    if (roles().stream().anyMatch(BuiltInRole::allScopeBits)) {
      return EnumSet.allOf(ScopeAccessBit.class);
    }
    EnumSet<ScopeAccessBit> out = EnumSet.noneOf(ScopeAccessBit.class);
    scopeGrants().stream().filter(g -> g.server().equals(server) && g.subnet().equals(subnet))
        .forEach(g -> out.addAll(g.bits()));
    return out;
  }

  /**
   * Checks the name when a principal is built.
   */
  @Value.Check
  protected void check() {
    Violations.collect()
        .check(!name().isBlank() && name().length() <= 256 && Texts.printable(name()), "name", Texts.quoted(name()),
            "must be 1 to 256 characters without control characters")
        .throwIfAny("principal");
  }

  @Override
  public String toString() {
    return "Principal{" + name() + (roles().isEmpty() ? "" : ", roles " + roles()) + "}";
  }
}
