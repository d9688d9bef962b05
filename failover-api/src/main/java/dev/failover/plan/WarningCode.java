package dev.failover.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a {@link Warning} is about, for programs: each code has a stable text ({@link #code()},
 * for example {@code peer-deleted}), which is what a plan's JSON form carries.
 */
public enum WarningCode {
  /** Removing a relationship deletes the partner's copies of its scopes. */
  SCOPES_DELETED("scopes-deleted"),
  /** Removing a relationship disables the partner's copies of its scopes. */
  SCOPES_DISABLED("scopes-disabled"),
  /** A scope is deleted on a server. */
  SCOPE_DELETED("scope-deleted"),
  /** A scope is disabled on a server. */
  SCOPE_DISABLED("scope-disabled"),
  /** A replication creates a scope the destination did not hold. */
  SCOPE_CREATED("scope-created"),
  /** An ISC failover peer is declared on a server. */
  PEER_DECLARED("peer-declared"),
  /** The first ISC failover peer of a server governs every pool of it. */
  FIRST_PEER("first-peer"),
  /** Deleting an ISC peer moves its pools to another peer. */
  POOLS_REWIRED("pools-rewired"),
  /** Deleting a server's last ISC peer removes every pool's reference to it. */
  POOL_REFERENCES_REMOVED("pool-references-removed"),
  /** Moving an ISC peer's last pool away deletes the peer. */
  PEER_DELETED("peer-deleted"),
  /** An ISC shared network holds pools of other subnets besides the scope. */
  SHARED_SUBNET("shared-subnet"),
  /** Windows' own replication would not copy what this replication copies. */
  WINDOWS_NOT_REPLICATED("windows-not-replicated"),
  /** Windows' replication also copies what the plan does not show. */
  WINDOWS_REPLICATES_UNSEEN("windows-replicates-unseen"),
  /** A replication overwrites what the destination holds. */
  OVERWRITES("overwrites"),
  /** Kea's load-balancing splits a scope's pools between the partners. */
  POOLS_SPLIT("pools-split"),
  /** Leaving Kea's load-balancing merges a scope's split pools again. */
  POOLS_MERGED("pools-merged"),
  /** A setting is off the vendor's recommendation. */
  ADVICE("advice"),
  /** The server's Kea version ignores a parameter the relationship sets. */
  KEA_IGNORES_PARAMETER("kea-ignores-parameter"),
  /** Kea's HA hook reads files (certificates, keys) that must exist on the server. */
  KEA_HOOK_READS_FILES("kea-hook-reads-files"),
  /** A backend's review found that the server reads a file the plan relies on. */
  READS_FILES("reads-files");

  private final String code;

  WarningCode(String code) {
    this.code = code;
  }

  /** {@return the stable text of the code, for example {@code peer-deleted}} */
  @JsonValue
  public String code() {
    return code;
  }

  /**
   * {@return the code with this stable text}
   *
   * @param code the stable text, for example {@code peer-deleted}
   * @throws IllegalArgumentException naming the known codes when there is none with that text
   */
  @JsonCreator
  public static WarningCode of(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("warning code \"" + code + "\" is unknown: it must be one of "
            + Arrays.stream(values()).map(WarningCode::code).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return code;
  }
}
