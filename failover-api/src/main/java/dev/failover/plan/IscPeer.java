package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import dev.failover.relationship.IscPeerDeclaration;
import org.immutables.value.Value;

/**
 * One {@code failover peer "name" { … }} declaration in one ISC server's configuration: its name
 * (the name pools refer to) and what it declares.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableIscPeer.class)
@JsonDeserialize(as = ImmutableIscPeer.class)
public interface IscPeer {

  /** {@return the peer's name, as in {@code failover peer "name"}} */
  @Value.Parameter
  String name();

  /** {@return the declaration's parameters} */
  @Value.Parameter
  IscPeerDeclaration declaration();

  /**
   * {@return a peer}
   *
   * @param name the peer's name
   * @param declaration the declaration's parameters
   */
  static IscPeer of(String name, IscPeerDeclaration declaration) {
    return ImmutableIscPeer.of(name, declaration);
  }

  /** Checks the peer's name when it is built. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(!name().isEmpty() && name().length() <= 126 && Texts.printable(name()), "name", Texts.quoted(name()),
            "must be 1 to 126 characters without control characters")
        .throwIfAny("ISC failover peer");
  }
}
