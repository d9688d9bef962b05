package dev.failover.relationship;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import org.immutables.value.Value;

/**
 * The HA hook's {@code multi-threading} map (vendor-facts §3.2). Defaults are Kea 3.x's; Kea
 * 2.2 defaulted both switches to false, so {@link KeaHaSettings#multiThreading()} is optional
 * and the map is left out when it is empty. HA multi-threading is switched off automatically
 * when the Kea core runs single-threaded.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableKeaMultiThreading.class)
@JsonDeserialize(as = ImmutableKeaMultiThreading.class)
public interface KeaMultiThreading {

  /** {@return {@code enable-multi-threading}} */
  @Value.Default
  default boolean enableMultiThreading() {
    return true;
  }

  /**
   * {@return {@code http-dedicated-listener}: the HA hook listens on the peer URL itself instead of the control agent}
   */
  @Value.Default
  default boolean httpDedicatedListener() {
    return true;
  }

  /** {@return {@code http-listener-threads}: 0 means as many as the DHCP service's threads} */
  @Value.Default
  default long httpListenerThreads() {
    return 0;
  }

  /** {@return {@code http-client-threads}: 0 means as many as the DHCP service's threads} */
  @Value.Default
  default long httpClientThreads() {
    return 0;
  }

  /** {@return a builder starting from Kea's defaults} */
  static ImmutableKeaMultiThreading.Builder builder() {
    return ImmutableKeaMultiThreading.builder();
  }

  /** {@return Kea 3.x's defaults: multi-threaded with a dedicated listener} */
  static KeaMultiThreading defaults() {
    return builder().build();
  }

  /** {@return whether the HA hook runs its own HTTP listener on the peer URLs} */
  default boolean dedicatedListenerInUse() {
    return enableMultiThreading() && httpDedicatedListener();
  }

  /** Checks that the thread counts fit in uint32 when the settings are built. */
  @Value.Check
  default void check() {
    Violations v = Violations.collect();
    Checks.range(v, "httpListenerThreads", httpListenerThreads(), 0, Checks.UINT32_MAX, "uint32");
    Checks.range(v, "httpClientThreads", httpClientThreads(), 0, Checks.UINT32_MAX, "uint32");
    v.throwIfAny("Kea HA multi-threading");
  }
}
