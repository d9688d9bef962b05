package dev.failover;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.access.AccessDecision;
import dev.failover.server.ServerId;
import java.util.Map;
import org.immutables.value.Value;

/** What applying a plan did: the plan's digest, the decision that allowed it, each server's new fingerprint. */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableApplyResult.class)
@JsonDeserialize(as = ImmutableApplyResult.class)
public interface ApplyResult {

  /** {@return the digest of the plan that was applied ({@link dev.failover.plan.Plan#digest()})} */
  String planDigest();

  /** {@return the access decision that allowed the plan} */
  AccessDecision decision();

  /** {@return the fingerprint of each changed server's state after the plan} */
  Map<ServerId, String> fingerprints();
}
