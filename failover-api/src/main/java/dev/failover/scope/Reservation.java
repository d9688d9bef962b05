package dev.failover.scope;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A reservation: a client, known by its identifier, always gets the same address. The
 * identifier is hexadecimal bytes, written lower-case and colon-separated
 * ({@code 00:11:22:aa:bb:cc}); input with dashes or upper case is normalised.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableReservation.class)
@JsonDeserialize(as = ImmutableReservation.class)
public abstract class Reservation implements ScopeItem {

  /** How the client is identified. */
  public enum IdentifierType {
    /** The hardware (MAC) address, {@code hw-address} on Kea, {@code hardware ethernet} on ISC. */
    HW_ADDRESS,
    /** The DHCP client identifier, option 61. */
    CLIENT_ID,
    /** The relay agent circuit id. */
    CIRCUIT_ID,
    /** A DUID. */
    DUID,
    /** Kea's flexible identifier. */
    FLEX_ID
  }

  /** {@return how the client is identified; {@link IdentifierType#HW_ADDRESS} when not set} */
  @Value.Default
  public IdentifierType identifierType() {
    return IdentifierType.HW_ADDRESS;
  }

  /** {@return the client's identifier, lower-case hex bytes separated by colons} */
  public abstract String identifier();

  /** {@return the address the client always gets} */
  public abstract Ipv4Address address();

  /** {@return the host name handed to the client} */
  public abstract Optional<String> hostname();

  /** {@return the reservation's name (ISC {@code host} name, Windows reservation name)} */
  public abstract Optional<String> name();

  /** {@return a free-text description (Windows reservation description), at most 1024 characters} */
  public abstract Optional<String> description();

  /** {@return option values that apply to this client only} */
  public abstract List<OptionValue> options();

  /**
   * {@return ISC dhcpd only: the host's own statements besides its identifier, its fixed address and its
   * options, in file order, each as dhcpd's tokens separated by single spaces, without the closing
   * semicolon (for example {@code filename "pxelinux.0"}, {@code next-server 10.0.0.9},
   * {@code ddns-hostname "pxe1"}); a block is its head, then its body's statements each with its
   * semicolon, in braces ({@code if exists user-class { option domain-name "x"; }}). They travel
   * verbatim: replication copies them, drift compares them; Kea and Windows refuse a reservation
   * that has any}
   */
  public abstract List<String> iscStatements();

  /** {@return a builder for a reservation} */
  public static ImmutableReservation.Builder builder() {
    return ImmutableReservation.builder();
  }

  /**
   * {@return a reservation of {@code address} for the client with hardware address {@code mac}}
   *
   * @param mac the client's hardware address, for example {@code 00:11:22:aa:bb:cc}
   * @param address the address, for example {@code 10.1.0.50}
   */
  public static Reservation of(String mac, String address) {
    return builder().identifier(mac).address(Ipv4Address.parse(address)).build();
  }

  @Override
  public ItemKind kind() {
    return ItemKind.RESERVATION;
  }

  /** The start of {@link #key()} for each identifier type: its name in lower case with '-' for '_', and ':'. */
  private static final String[] KEY_PREFIX = new String[IdentifierType.values().length];

  static {
    for (IdentifierType type : IdentifierType.values()) {
      KEY_PREFIX[type.ordinal()] = type.name().toLowerCase(Locale.ROOT).replace('_', '-') + ":";
    }
  }

  @Override
  public String key() {
    return KEY_PREFIX[identifierType().ordinal()] + identifier();
  }

  /**
   * Checks and normalises the identifier and checks the names, all together.
   *
   * @return this reservation, with its identifier normalised
   */
  @Value.Check
  protected Reservation check() {
    String normal = normalise(identifier());
    // the rules are decided first and their texts written only when one is broken: a scope read
    // from a server builds tens of thousands of reservations
    boolean identifierOk = normal != null;
    boolean lengthOk = normal == null || identifierType() != IdentifierType.HW_ADDRESS || normal.length() <= 20 * 3 - 1;
    boolean hostnameOk = hostname().map(Texts::hostName).orElse(true);
    boolean nameOk = name().map(n -> !n.isEmpty() && n.length() <= 256 && Texts.printable(n)).orElse(true);
    boolean descriptionOk = description().map(n -> n.length() <= 1024 && Texts.printable(n)).orElse(true);
    boolean statementsOk = iscStatements().isEmpty() || iscStatements().stream().allMatch(Reservation::oneStatement);
    if (!(identifierOk && lengthOk && hostnameOk && nameOk && descriptionOk && statementsOk)) {
      Violations.collect()
          .check(identifierOk, "identifier", Texts.quoted(identifier()),
              "must be 1 to 128 hexadecimal bytes separated by ':' or '-' (for example 00:11:22:aa:bb:cc)")
          .check(lengthOk, "identifier", identifier(), "must be at most 20 bytes for a hardware address")
          .check(hostnameOk, "hostname", hostname().map(Texts::quoted).orElse(""), "must be an RFC 1123 host name")
          .check(nameOk, "name", name().map(Texts::quoted).orElse(""),
              "must be 1 to 256 characters without control characters")
          .check(descriptionOk, "description", description().map(Texts::quoted).orElse(""),
              "must be at most 1024 characters without control characters")
          .check(statementsOk, "iscStatements",
              iscStatements().stream().filter(st -> !oneStatement(st)).findFirst().map(Texts::quoted).orElse(""),
              "must each be one dhcpd statement of 1 to 4096 characters without control characters and without"
              + " its closing semicolon")
          .throwIfAny("reservation " + Texts.quoted(identifier()));
    }
    return normal.equals(identifier()) ? this : ImmutableReservation.copyOf(this).withIdentifier(normal);
  }

  private static boolean oneStatement(String st) {
    return !st.isBlank() && st.length() <= 4096 && Texts.printable(st) && !st.endsWith(";");
  }

  /** Lower-case, colon-separated hex bytes; null when the text is not hex bytes. */
  static String normalise(String text) {
    if (normal(text)) {
      // already lower-case two-digit bytes joined by ':': itself, nothing built
      return text;
    }
    boolean separated = text.indexOf(':') >= 0 || text.indexOf('-') >= 0;
    StringBuilder out = new StringBuilder(text.length() + 8);
    int bytes = 0;
    if (!separated) {
      if (text.isEmpty() || text.length() % 2 != 0) {
        return null;
      }
      for (int i = 0; i < text.length(); i += 2) {
        if (!hex(text.charAt(i)) || !hex(text.charAt(i + 1))) {
          return null;
        }
        if (i > 0) {
          out.append(':');
        }
        out.append(Character.toLowerCase(text.charAt(i))).append(Character.toLowerCase(text.charAt(i + 1)));
        bytes++;
      }
      return bytes <= 128 ? out.toString() : null;
    }
    int start = 0;
    while (start <= text.length()) {
      int end = start;
      while (end < text.length() && text.charAt(end) != ':' && text.charAt(end) != '-') {
        end++;
      }
      int len = end - start;
      if (len < 1 || len > 2 || !hex(text.charAt(start)) || (len == 2 && !hex(text.charAt(start + 1)))) {
        return null;
      }
      if (bytes > 0) {
        out.append(':');
      }
      if (len == 1) {
        out.append('0');
      }
      for (int i = start; i < end; i++) {
        out.append(Character.toLowerCase(text.charAt(i)));
      }
      if (++bytes > 128) {
        return null;
      }
      start = end + 1;
    }
    return out.toString();
  }

  /** Whether the text is 1 to 128 lower-case two-digit hex bytes joined by ':', what {@link #normalise} gives. */
  private static boolean normal(String text) {
    int n = text.length();
    if (n < 2 || n > 128 * 3 - 1 || n % 3 != 2) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

}
