package dev.failover.fleet;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a {@link Fleet} survey found: every server asked (its answer or its problem, in inventory
 * order) and every relationship selected (statuses and drift, by name). A survey never fails as a
 * whole because servers are down: their problems are here.
 *
 * <pre>{@code
 * FleetReport report = fleet.survey();
 * report.servers().stream().filter(s -> !s.answered())
 *     .forEach(s -> log.warn("{}: {}", s.server(), s.problem().get().message()));
 * report.relationships().forEach(r -> log.info("{}: drift {}", r.name(), r.driftCount()));
 * }</pre>
 */
@Value.Immutable
@JsonSerialize(as = ImmutableFleetReport.class)
@JsonDeserialize(as = ImmutableFleetReport.class)
public interface FleetReport {

  /** {@return when the survey started} */
  Instant startedAt();

  /** {@return how long the survey took, wall time} */
  Duration elapsed();

  /** {@return every server asked, in inventory order} */
  List<ServerAnswer> servers();

  /** {@return every relationship selected, by name} */
  List<RelationshipReport> relationships();

  /**
   * {@return the answer of one server, if it was asked}
   *
   * @param server the server
   */
  default Optional<ServerAnswer> server(ServerId server) {
    return servers().stream().filter(s -> s.server().equals(server)).findFirst();
  }

  /**
   * {@return the report of one relationship, if it was selected and found}
   *
   * @param name the relationship's name
   */
  default Optional<RelationshipReport> relationship(String name) {
    RelationshipName n = RelationshipName.of(name);
    return relationships().stream().filter(r -> r.name().equals(n)).findFirst();
  }
}
