package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failover.FailoverStyle;
import dev.failover.scope.OptionValue;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An option value as {@code Get-DhcpServerv4OptionValue} reports it. An empty
 * {@code UserClass} / {@code VendorClass} means the default class.
 */
@Value.Immutable
@FailoverStyle
public abstract class WindowsOptionValueInfo {

  /** {@return the option code} */
  public abstract int optionId();

  /** {@return the option's name, for example {@code Router}} */
  public abstract Optional<String> name();

  /** {@return the option's data type, {@code IPv4Address}, {@code String}, …} */
  public abstract Optional<String> type();

  /** {@return the values, in order} */
  public abstract List<String> values();

  /** {@return the user class the value is set for; empty for every client} */
  public abstract Optional<String> userClass();

  /** {@return the vendor class the value is set for; empty for every client} */
  public abstract Optional<String> vendorClass();

  /** {@return the policy the value belongs to; empty outside policies} */
  public abstract Optional<String> policyName();

  /** {@return the value in the API's terms: list elements joined by {@code ", "}} */
  public OptionValue toOptionValue() {
    var b = OptionValue.builder().code(optionId()).value(String.join(", ", values())).name(name());
    userClass().ifPresent(b::userClass);
    vendorClass().ifPresent(b::vendorClass);
    return b.build();
  }

  /**
   * Reads one {@code DhcpServerv4OptionValue} object.
   *
   * @param o the object as {@code ConvertTo-Json} printed it
   * @return the option value
   */
  public static WindowsOptionValueInfo fromJson(JsonNode o) {
    return ImmutableWindowsOptionValueInfo.builder()
        .optionId(PsJson.integer(o, "OptionId").orElseThrow(() -> new IllegalArgumentException("OptionId missing in " + o)))
        .name(PsJson.nonEmptyText(o, "Name"))
        .type(PsJson.enumText(o, "Type"))
        .values(PsJson.texts(o.get("Value")))
        .userClass(PsJson.nonEmptyText(o, "UserClass"))
        .vendorClass(PsJson.nonEmptyText(o, "VendorClass"))
        .policyName(PsJson.nonEmptyText(o, "PolicyName"))
        .build();
  }
}
