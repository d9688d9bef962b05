package dev.failover.kea.ha;

import dev.failover.FailoverStyle;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.RelationshipName;
import org.immutables.value.Value;

/**
 * What one entry of the HA hook's {@code high-availability} list holds, in the SDK's terms (see
 * {@link KeaHaMapping}).
 */
@Value.Immutable
@FailoverStyle
public interface KeaHaEntry {

  /** {@return {@code this-server-name}: the name of the peer that is the server holding the entry} */
  String thisServerName();

  /** {@return {@code mode}} */
  FailoverMode mode();

  /** {@return every other parameter} */
  KeaHaSettings settings();

  /**
   * {@return the relationship's name: the one the SDK wrote into the entry's {@code user-context}, or, for
   * an entry written by hand, the name of its primary peer (the same on every server of the
   * relationship)}
   */
  RelationshipName name();

  /**
   * {@return whether the SDK wrote the entry (its {@code user-context} carries
   * {@value KeaHaMapping#CONTEXT}): the subnets of the relationship are then those that name
   * it in {@code user-context.ha-server-name}}
   */
  boolean managed();

  /** {@return a builder for an entry} */
  static ImmutableKeaHaEntry.Builder builder() {
    return ImmutableKeaHaEntry.builder();
  }
}
