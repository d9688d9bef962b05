package dev.failover.audit;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.ServerOutcome;
import dev.failover.server.ServerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The record of one attempt to apply a plan: who, what, which plan (by digest), on which
 * servers, how it ended, when. Emitted once per attempt, whatever the outcome.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableAuditEvent.class)
@JsonDeserialize(as = ImmutableAuditEvent.class)
public interface AuditEvent {

  /** How an attempt ended. */
  enum Outcome {
    /** Applied and verified on every server. */
    SUCCEEDED,
    /** The principal lacked a permission; nothing was touched. */
    DENIED,
    /** The plan broke a rule, or a server's own check rejected it; nothing was touched. */
    INVALID,
    /** A server changed since the plan was made; nothing was touched. */
    CONFLICT,
    /** A server failed part way; the servers already changed were restored. */
    ROLLED_BACK,
    /**
     * A server failed part way (or the read-back after a write failed or differed) and a server
     * could not be restored, or its state is unknown; {@link #serverOutcomes()} says what each
     * server holds.
     */
    FAILED
  }

  /** {@return when the attempt ended} */
  Instant time();

  /** {@return the name of the principal who asked} */
  String principal();

  /** {@return the operation in words} */
  String operation();

  /** {@return the SHA-256 digest of the plan} */
  String planDigest();

  /** {@return the servers the plan touches, in the plan's order} */
  List<ServerId> servers();

  /** {@return how the attempt ended} */
  Outcome outcome();

  /** {@return why it ended so: the denial, the error, the state of each server} */
  String detail();

  /**
   * {@return after a failure part way (ROLLED_BACK, FAILED): what each server of the plan holds now —
   * unchanged, changed, restored or unknown} Empty for attempts that changed nothing.
   */
  Map<ServerId, ServerOutcome> serverOutcomes();
}
