package dev.failover;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How far applying a plan has come: on which server, in which phase, how many of its steps are
 * done (a step is a scope, or a change outside scopes), and which scope was last worked on.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableProgress.class)
@JsonDeserialize(as = ImmutableProgress.class)
public interface Progress {

  /** The phases of applying a plan, in order; {@code ROLLBACK} only after a failure. */
  enum Phase {
    /** Asking each server whether it accepts its part. */
    CHECK,
    /** Writing each server's part. */
    APPLY,
    /** Reading each server back and comparing it with the plan. */
    VERIFY,
    /** Restoring servers already changed, after a failure. */
    ROLLBACK,
    /** Finished on this server. */
    DONE
  }

  /** {@return the server being worked on} */
  ServerId server();

  /** {@return the phase on that server} */
  Phase phase();

  /** {@return the number of steps done on this server in this phase} */
  int done();

  /** {@return the number of steps this server has in this phase} */
  int total();

  /** {@return the scope last worked on, when the step was a scope} */
  Optional<Subnet> subnet();

  /**
   * {@return the progress of a step outside any scope}
   *
   * @param server the server being worked on
   * @param phase the phase
   * @param done steps done
   * @param total steps in the phase
   */
  static Progress of(ServerId server, Phase phase, int done, int total) {
    return ImmutableProgress.builder().server(server).phase(phase).done(done).total(total).build();
  }
}
