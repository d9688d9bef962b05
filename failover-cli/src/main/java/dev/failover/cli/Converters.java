package dev.failover.cli;

import dev.failover.errors.ValidationException;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How command-line words become the SDK's values. A malformed word is a usage error (exit code 2)
 * carrying the SDK's own validation message.
 */
final class Converters {

  private Converters() {}

  static void register(CommandLine cmd) {
    cmd.registerConverter(ServerId.class, sdk(ServerId::of));
    cmd.registerConverter(Subnet.class, sdk(Subnet::parse));
    cmd.registerConverter(AddressRange.class, sdk(Converters::range));
    cmd.registerConverter(FailoverMode.class, word(FailoverMode.class, "hot-standby, load-balancing, passive-backup"));
    cmd.registerConverter(ScopeFate.class, word(ScopeFate.class, "delete, disable"));
    cmd.registerConverter(ServerRole.class, word(ServerRole.class, "primary, secondary"));
    cmd.registerConverter(Duration.class, Converters::duration);
  }

  /** A pool range: {@code 10.1.0.100-10.1.0.200}. */
  private static AddressRange range(String text) {
    return AddressRange.parse(text);
  }

  private static <T> ITypeConverter<T> sdk(Function<String, T> parse) {
    return text -> {
      try {
        return parse.apply(text);
      } catch (ValidationException e) {
        throw new TypeConversionException(Output.clean("'" + text + "': " + e.getMessage()));
      }
    };
  }

  private static <E extends Enum<E>> ITypeConverter<E> word(Class<E> type, String known) {
    return text -> {
      String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      throw new TypeConversionException(Output.clean("'" + text + "' is not one of " + known));
    };
  }

  /** {@code 3600}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}). */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
      String digits = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
      long n = Long.parseLong(digits);
      return switch (unit) {
        case 'd' -> Duration.ofDays(n);
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        case 's' -> Duration.ofSeconds(n);
        default -> {
          if (Character.isDigit(unit)) {
            yield Duration.ofSeconds(n);
          }
          throw new NumberFormatException(t);
        }
      };
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new TypeConversionException(Output.clean("'" + text + "' is not a duration (3600, 90s, 15m, 1h, 2d or PT1H)"));
    }
  }
}
