package dev.failover.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.Violations;
import dev.failover.diff.DriftReport;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * One relationship in a fleet survey: its servers, each server's failover status (or why it gave
 * none), and the drift between the partners, or why it could not be computed (a partner that gave
 * no answer).
 *
 * <p>Rules: one status answer per server of the relationship, in its order; exactly one of
 * {@link #drift()} and {@link #driftProblem()} is present.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRelationshipReport.class)
@JsonDeserialize(as = ImmutableRelationshipReport.class)
public interface RelationshipReport {

  /** {@return the relationship's name} */
  RelationshipName name();

  /** {@return the relationship's vendor} */
  Vendor vendor();

  /** {@return the relationship's mode} */
  FailoverMode mode();

  /** {@return the relationship's servers: primary, secondary, then any further (Kea backups)} */
  List<ServerId> servers();

  /** {@return each server's failover status, or why it gave none, in the order of {@link #servers()}} */
  List<StatusAnswer> statuses();

  /** {@return the drift between the partners, when both answered} */
  Optional<DriftReport> drift();

  /** {@return why the drift could not be computed, when it could not} */
  Optional<Problem> driftProblem();

  /** {@return how many items differ between the partners, when known} */
  @JsonIgnore
  default OptionalInt driftCount() {
    return drift().map(d -> OptionalInt.of(d.differenceCount())).orElse(OptionalInt.empty());
  }

  /**
   * {@return the status answer of one server of the relationship}
   *
   * @param server the server
   */
  default Optional<StatusAnswer> status(ServerId server) {
    return statuses().stream().filter(s -> s.server().equals(server)).findFirst();
  }

  /** Checks one status per server and exactly one of drift and its problem. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(statuses().stream().map(StatusAnswer::server).toList().equals(servers()), "statuses",
            statuses().stream().map(StatusAnswer::server).toList(), "must hold one answer per server, in order " + servers())
        .check(drift().isPresent() != driftProblem().isPresent(), "drift/driftProblem",
            drift().isPresent() ? "both" : "neither", "the drift is either known or has a problem")
        .throwIfAny("report of relationship " + name());
  }
}
