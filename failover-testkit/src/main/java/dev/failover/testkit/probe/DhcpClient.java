package dev.failover.testkit.probe;

import dev.failover.errors.Violations;
import dev.failover.serving.Client;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A client the probe pretends to be: its identity ({@link Client}: hardware address and, when
 * set, client identifier, option 61), and optionally a vendor class (option 60) and a user class
 * (option 77, one RFC 3004 instance), plus any further options a check needs.
 *
 * <pre>{@code
 * DhcpClient phone = DhcpClient.of("02:00:5e:00:00:01").withVendorClass("MSFT 5.0");
 * }</pre>
 */
@Value.Immutable
public abstract class DhcpClient {

  /** {@return who the client is: hardware address and client identifier} */
  public abstract Client identity();

  /** {@return option 60, as text} */
  public abstract Optional<String> vendorClass();

  /** {@return option 77's one user class, as text (sent as RFC 3004's length-prefixed instance)} */
  public abstract Optional<String> userClass();

  /** {@return further options sent in every request of this client (after 53, 61, 60, 77)} */
  public abstract List<DhcpOption> extraOptions();

  /**
   * A client known by its hardware address only.
   *
   * @param hardwareAddress the hardware address in hex ({@code 02:00:5e:00:00:01})
   * @return the client, sending no client identifier, class or further option
   */
  public static DhcpClient of(String hardwareAddress) {
    return of(Client.hardwareAddress(hardwareAddress));
  }

  /**
   * A client with an identity and nothing else.
   *
   * @param identity its hardware address and, when set, client identifier
   * @return the client, sending no class or further option
   */
  public static DhcpClient of(Client identity) {
    return ImmutableDhcpClient.builder().identity(identity).build();
  }

  /** {@return a builder of a client; its identity must be set} */
  public static ImmutableDhcpClient.Builder builder() {
    return ImmutableDhcpClient.builder();
  }

  /**
   * This client, sending a vendor class.
   *
   * @param text option 60, 1 to 255 ASCII characters
   * @return a client like this one that sends that vendor class
   */
  public DhcpClient withVendorClass(String text) {
    return ImmutableDhcpClient.copyOf(this).withVendorClass(text);
  }

  /**
   * This client, sending a user class.
   *
   * @param text option 77's one user class, 1 to 254 ASCII characters
   * @return a client like this one that sends that user class
   */
  public DhcpClient withUserClass(String text) {
    return ImmutableDhcpClient.copyOf(this).withUserClass(text);
  }

  /** The options this client sends after the message type (client identifier, classes, extras). */
  List<DhcpOption> identityOptions() {
    List<DhcpOption> out = new ArrayList<>();
    identity().clientIdentifierBytes().ifPresent(id -> out.add(DhcpOption.of(DhcpOption.CLIENT_IDENTIFIER, id)));
    vendorClass().ifPresent(v -> out.add(DhcpOption.text(DhcpOption.VENDOR_CLASS, v)));
    userClass().ifPresent(u -> {
      byte[] text = u.getBytes(StandardCharsets.US_ASCII);
      byte[] data = new byte[text.length + 1];
      data[0] = (byte) text.length;
      System.arraycopy(text, 0, data, 1, text.length);
      out.add(DhcpOption.of(DhcpOption.USER_CLASS, data));
    });
    out.addAll(extraOptions());
    return out;
  }

  /** Checks the value's own rules, naming each one it breaks. */
  @Value.Check
  protected void check() {
    Violations v = Violations.collect();
    vendorClass().ifPresent(s -> v.check(!s.isEmpty() && s.length() <= 255 && ascii(s), "vendorClass", s,
        "must be 1 to 255 ASCII characters"));
    userClass().ifPresent(s -> v.check(!s.isEmpty() && s.length() <= 254 && ascii(s), "userClass", s,
        "must be 1 to 254 ASCII characters"));
    for (DhcpOption o : extraOptions()) {
      v.check(o.code() != DhcpOption.MESSAGE_TYPE && o.code() != DhcpOption.CLIENT_IDENTIFIER, "extraOptions",
          o.code(), "must not be 53 or 61 (the probe writes the message type, the identity gives option 61)");
    }
    v.throwIfAny("DHCP client " + identity());
  }

  private static boolean ascii(String s) {
    return StandardCharsets.US_ASCII.newEncoder().canEncode(s);
  }

  @Override
  public String toString() {
    return "client " + identity() + vendorClass().map(c -> ", vendor class " + c).orElse("")
        + userClass().map(c -> ", user class " + c).orElse("");
  }
}
