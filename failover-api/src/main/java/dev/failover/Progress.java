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
    CHECK, APPLY, VERIFY, ROLLBACK, DONE
  }

  ServerId server();

  Phase phase();

  /** Steps done on this server in this phase. */
  int done();

  /** Steps this server has in this phase. */
  int total();

  Optional<Subnet> subnet();

  static Progress of(ServerId server, Phase phase, int done, int total) {
    return ImmutableProgress.builder().server(server).phase(phase).done(done).total(total).build();
  }
}
