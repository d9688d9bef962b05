package dev.failover.isc.store;

import dev.failover.FailoverStyle;
import dev.failover.isc.conf.IscConfig;
import org.immutables.value.Value;

/** A configuration as read, with the fingerprint a later write must name to replace it. */
@Value.Immutable
@FailoverStyle
public interface IscConfigSnapshot {

  /** {@return the parsed configuration, the main file and its includes} */
  @Value.Parameter
  IscConfig config();

  /** {@return SHA-256 (lower-case hex) of the bytes read, see {@link IscConfigStore#fingerprint}} */
  @Value.Parameter
  String fingerprint();

  /**
   * {@return a snapshot}
   *
   * @param config the parsed configuration
   * @param fingerprint SHA-256 of the bytes it was parsed from
   */
  static IscConfigSnapshot of(IscConfig config, String fingerprint) {
    return ImmutableIscConfigSnapshot.of(config, fingerprint);
  }
}
