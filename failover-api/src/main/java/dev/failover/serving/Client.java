package dev.failover.serving;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DHCPv4 client as the servers' load balancing sees it: its hardware address ({@code chaddr},
 * 1 to 16 bytes, Ethernet's 6 by default) and, when it sends one, its client identifier (option
 * 61, 2 to 255 bytes, the type byte included, as on the wire). Written in hex, bytes separated by
 * {@code :} or {@code -} ({@code 02:00:5e:00:00:01}); the Cisco form {@code 0200.5e00.0001} is
 * read too.
 */
public final class Client {

  private static final HexFormat HEX = HexFormat.ofDelimiter(":");

  private final byte[] hardwareAddress;
  private final byte[] clientIdentifier;

  private Client(byte[] hardwareAddress, byte[] clientIdentifier) {
    this.hardwareAddress = hardwareAddress;
    this.clientIdentifier = clientIdentifier;
  }

  /**
   * A client known by its hardware address only (it sends no client identifier).
   *
   * @param text the hardware address in hex ({@code 02:00:5e:00:00:01})
   * @return the client
   * @throws ValidationException naming the address when it is not 1 to 16 hex bytes
   */
  public static Client hardwareAddress(String text) {
    return of(text, null);
  }

  /**
   * A client with a hardware address and a client identifier.
   *
   * @param hardwareAddress the {@code chaddr}
   * @param clientIdentifier option 61's bytes (type byte first), or null when it sends none
   * @return the client
   * @throws ValidationException naming each value that is not hex bytes of the allowed length
   */
  @JsonCreator
  public static Client of(@JsonProperty("hardwareAddress") String hardwareAddress,
      @JsonProperty("clientIdentifier") String clientIdentifier) {
    List<Violation> v = new ArrayList<>();
    byte[] hw = bytes(v, "hardwareAddress", hardwareAddress, 1, 16);
    byte[] id = clientIdentifier == null ? null : bytes(v, "clientIdentifier", clientIdentifier, 2, 255);
    if (!v.isEmpty()) {
      throw new ValidationException("DHCP client", v);
    }
    return new Client(hw, id);
  }

  /**
   * This client, sending a client identifier.
   *
   * @param text option 61's bytes in hex, type byte first
   * @return a client with this one's hardware address and that identifier
   * @throws ValidationException naming the identifier when it is not 2 to 255 hex bytes
   */
  public Client withClientIdentifier(String text) {
    return of(hardwareAddressText(), text);
  }

  private static byte[] bytes(List<Violation> v, String field, String text, int min, int max) {
    if (text == null) {
      v.add(new Violation(field, "", "must be given"));
      return new byte[0];
    }
    String t = text.strip();
    String hex;
    if (t.matches("[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4})+")) {
      hex = t.replace(".", "");
    } else if (t.matches("[0-9A-Fa-f]{1,2}([:-][0-9A-Fa-f]{1,2})*")) {
      StringBuilder sb = new StringBuilder();
      for (String part : t.split("[:-]")) {
        sb.append(part.length() == 1 ? "0" + part : part);
      }
      hex = sb.toString();
    } else {
      v.add(new Violation(field, "\"" + text + "\"", "must be hex bytes separated by ':' or '-' (02:00:5e:00:00:01)"));
      return new byte[0];
    }
    byte[] b = HexFormat.of().parseHex(hex);
    if (b.length < min || b.length > max) {
      v.add(new Violation(field, "\"" + text + "\" (" + b.length + " bytes)", "must be " + min + " to " + max + " bytes"));
    }
    return b;
  }

  /** {@return the hardware address's bytes (a copy)} */
  @JsonIgnore
  public byte[] hardwareAddressBytes() {
    return hardwareAddress.clone();
  }

  /** {@return the client identifier's bytes (a copy), when the client sends one} */
  @JsonIgnore
  public Optional<byte[]> clientIdentifierBytes() {
    return Optional.ofNullable(clientIdentifier).map(byte[]::clone);
  }

  /** {@return the hardware address in hex, {@code 02:00:5e:00:00:01}} */
  @JsonProperty("hardwareAddress")
  public String hardwareAddressText() {
    return HEX.formatHex(hardwareAddress);
  }

  /** {@return the client identifier in hex, when the client sends one} */
  @JsonProperty("clientIdentifier")
  public Optional<String> clientIdentifierText() {
    return Optional.ofNullable(clientIdentifier).map(HEX::formatHex);
  }

  /**
   * What ISC dhcpd and Kea hash to load-balance this client: the client identifier's bytes when
   * it sends one (both servers: option 61's data, type byte included), else the hardware address
   * ({@code chaddr}, {@code hlen} bytes; the hardware type is not hashed).
   *
   * @return a copy of the hashed bytes
   */
  @JsonIgnore
  public byte[] hashedBytes() {
    return (clientIdentifier != null ? clientIdentifier : hardwareAddress).clone();
  }

  /** {@return which identity {@link #hashedBytes()} takes: "client identifier" or "hardware address"} */
  @JsonIgnore
  public String hashedIdentity() {
    return clientIdentifier != null ? "client identifier" : "hardware address";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Client c && Arrays.equals(hardwareAddress, c.hardwareAddress)
        && Arrays.equals(clientIdentifier, c.clientIdentifier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(hardwareAddress), Arrays.hashCode(clientIdentifier));
  }

  @Override
  public String toString() {
    return hardwareAddressText() + clientIdentifierText().map(id -> " (client identifier " + id + ")").orElse("");
  }
}
