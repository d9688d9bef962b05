package dev.failover.relationship;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.failover.errors.Violation;
import dev.failover.server.Vendor;
import java.util.List;

/**
 * A vendor's own settings of a failover relationship. Each implementation validates its own
 * values when built (ranges, formats, rules that hold in every mode); the rules that depend on
 * the {@link FailoverMode} are answered by {@link #violationsIn(FailoverMode)} and checked by
 * {@link Relationship} when it is built.
 *
 * <p>JSON: an object with a {@code "vendor"} property of {@code "isc"}, {@code "kea"} or
 * {@code "windows"} beside the settings' own fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "vendor")
@JsonSubTypes({
    @JsonSubTypes.Type(value = IscFailoverSettings.class, name = "isc"),
    @JsonSubTypes.Type(value = KeaHaSettings.class, name = "kea"),
    @JsonSubTypes.Type(value = WindowsFailoverSettings.class, name = "windows")})
public sealed interface VendorSettings permits IscFailoverSettings, KeaHaSettings, WindowsFailoverSettings {

  /** {@return the vendor these settings belong to} */
  Vendor vendor();

  /**
   * {@return the rules these settings break in that mode (empty when none), for example a Windows reserve
   * percentage in a load-balancing relationship or a Kea {@code delayed-updates-limit} in hot
   * standby} Fields are named as in the settings; {@link Relationship} prefixes them with
   * {@code settings.}.
   *
   * @param mode the relationship's mode
   */
  List<Violation> violationsIn(FailoverMode mode);

  /**
   * {@return human-readable warnings where values are legal but off the vendor's own recommendations, or
   * have a consequence worth knowing (for example, a Windows relationship without a state
   * switchover interval never leaves COMMUNICATION INTERRUPTED by itself)}
   *
   * @param mode the relationship's mode
   */
  List<String> advisories(FailoverMode mode);
}
