package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A DHCP option value: code, option space and the value as text (comma-separated for lists,
 * {@code 10.0.0.1, 10.0.0.2}). The same code may be set once per user class and vendor class,
 * so both are part of the option's identity (Windows replication tools that forgot the vendor
 * class lost options, see vendor-facts.md §4).
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableOptionValue.class)
@JsonDeserialize(as = ImmutableOptionValue.class)
public interface OptionValue extends ScopeItem {

  /** {@return the option code, 1 to 254} */
  int code();

  /** {@return the option space; {@code dhcp4} for the standard options} */
  @Value.Default
  default String space() {
    return "dhcp4";
  }

  /** {@return the value as text} */
  String value();

  /** {@return the option's name where the server reports one ({@code routers}); not part of its identity} */
  Optional<String> name();

  /** {@return the user class the value is set for; empty for every client} */
  Optional<String> userClass();

  /** {@return the vendor class the value is set for; empty for every client} */
  Optional<String> vendorClass();

  /**
   * {@return a standard ({@code dhcp4}) option for every client}
   *
   * @param code the option code, 1 to 254
   * @param value the value as text, for example {@code 10.1.0.1}
   */
  static OptionValue of(int code, String value) {
    return ImmutableOptionValue.builder().code(code).value(value).build();
  }

  /** {@return a builder for an option value} */
  static ImmutableOptionValue.Builder builder() {
    return ImmutableOptionValue.builder();
  }

  @Override
  default ItemKind kind() {
    return ItemKind.OPTION;
  }

  @Override
  default String key() {
    return space() + "/" + code() + userClass().map(c -> "/user:" + c).orElse("")
        + vendorClass().map(c -> "/vendor:" + c).orElse("");
  }

  /** Checks the code, space, value and classes, all together, when the value is built. */
  @Value.Check
  default void check() {
    Violations.collect()
        .check(code() >= 1 && code() <= 254, "code", code(), "must be between 1 and 254 (0 and 255 are pad and end)")
        .check(!space().isEmpty() && Texts.printable(space()), "space", Texts.quoted(space()),
            "must be non-empty text without control characters")
        .check(value().length() <= 65535 && Texts.printable(value()), "value", Texts.quoted(value()),
            "must be text without control characters")
        .check(!value().isEmpty(), "value", "\"\"", "must not be empty: a DHCP option carries at least one value"
            + " (remove the option instead)")
        .check(userClass().map(Texts::printable).orElse(true), "userClass", userClass().orElse(""),
            "must be text without control characters")
        .check(vendorClass().map(Texts::printable).orElse(true), "vendorClass", vendorClass().orElse(""),
            "must be text without control characters")
        .throwIfAny("option " + code());
  }
}
