package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.relationship.RelationshipName;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Replicate failover scopes from a source server to its partners: the source's contents replace
 * the destination's entire scope contents. Three reaches:
 *
 * <pre>{@code
 * Replicate.scope("10.1.0.0/24").from("dhcp-a")
 * Replicate.relationship("pair-1").from("dhcp-a")
 * Replicate.server("dhcp-a")                        // every failover scope of dhcp-a
 * }</pre>
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableReplicate.class)
@JsonDeserialize(as = ImmutableReplicate.class)
public non-sealed interface Replicate extends Operation {

  /** How far a replication reaches. */
  enum Reach {
    /** One scope, onto its partner. */
    SCOPE,
    /** Every scope of one relationship, onto the partner. */
    RELATIONSHIP,
    /** Every failover scope of the server, each onto its partner. */
    SERVER
  }

  /** {@return how far the replication reaches} */
  Reach reach();

  /** {@return the server whose copies are copied onto the partners} */
  ServerId source();

  /** {@return the scope, for {@link Reach#SCOPE}} */
  Optional<Subnet> subnet();

  /** {@return the relationship, for {@link Reach#RELATIONSHIP}} */
  Optional<RelationshipName> relationship();

  /**
   * Starts a one-scope replication: {@code Replicate.scope("10.1.0.0/24").from("dhcp-a")}.
   *
   * @param subnet the scope's subnet, for example {@code 10.1.0.0/24}
   * @return the replication, still waiting for its source server
   */
  static Source scope(String subnet) {
    return source -> ImmutableReplicate.builder().reach(Reach.SCOPE).subnet(Subnet.parse(subnet))
        .source(ServerId.of(source)).build();
  }

  /**
   * Starts a relationship replication: {@code Replicate.relationship("pair-1").from("dhcp-a")}.
   *
   * @param name the relationship's name
   * @return the replication, still waiting for its source server
   */
  static Source relationship(String name) {
    return source -> ImmutableReplicate.builder().reach(Reach.RELATIONSHIP).relationship(RelationshipName.of(name))
        .source(ServerId.of(source)).build();
  }

  /**
   * {@return every failover scope of the server, onto each scope's partner}
   *
   * @param source the server's inventory id
   */
  static Replicate server(String source) {
    return ImmutableReplicate.builder().reach(Reach.SERVER).source(ServerId.of(source)).build();
  }

  /** The second half of the fluent start. */
  @FunctionalInterface
  interface Source {
    /**
     * {@return the replication from that server}
     *
     * @param server the source server's inventory id
     */
    Replicate from(String server);
  }

  @Override
  default String describe() {
    return switch (reach()) {
      case SCOPE -> "replicate scope " + subnet().map(Subnet::toString).orElse("?") + " from " + source();
      case RELATIONSHIP -> "replicate relationship " + relationship().map(RelationshipName::toString).orElse("?")
          + " from " + source();
      case SERVER -> "replicate every failover scope of " + source();
    };
  }

  @Override
  default String doing() {
    return switch (reach()) {
      case SCOPE -> "replicating scope " + subnet().map(Subnet::toString).orElse("?") + " from " + source();
      case RELATIONSHIP -> "replicating relationship " + relationship().map(RelationshipName::toString).orElse("?")
          + " from " + source();
      case SERVER -> "replicating every failover scope of " + source();
    };
  }

  /** Checks that the scope or relationship is named exactly when the reach needs it. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(reach() != Reach.SCOPE || subnet().isPresent(), "subnet", "none", "is needed to replicate one scope")
        .check(reach() != Reach.RELATIONSHIP || relationship().isPresent(), "relationship", "none",
            "is needed to replicate a relationship")
        .check(reach() == Reach.SCOPE || subnet().isEmpty(), "subnet", subnet().orElse(null),
            "is only for replicating one scope")
        .check(reach() == Reach.RELATIONSHIP || relationship().isEmpty(), "relationship",
            relationship().orElse(null), "is only for replicating a relationship")
        .throwIfAny("replication");
  }
}
