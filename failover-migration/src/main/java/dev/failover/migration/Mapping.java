package dev.failover.migration;

import org.immutables.value.Value;

/**
 * One named translation the plan made: the ISC statement or parameter, the Kea parameter it
 * became (or {@code (none)} when Kea has no counterpart and nothing is lost), and a note.
 */
@Value.Immutable
public interface Mapping {

  /** {@return the ISC side, for example {@code max-response-delay 30}} */
  String isc();

  /** {@return the Kea side, for example {@code high-availability max-response-delay 30000}} */
  String kea();

  /** {@return why this is the nearest Kea parameter, or why none is needed} */
  String note();

  /**
   * {@return a mapping}
   *
   * @param isc the ISC side
   * @param kea the Kea side
   * @param note the note
   */
  static Mapping of(String isc, String kea, String note) {
    return ImmutableMapping.builder().isc(isc).kea(kea).note(note).build();
  }
}
