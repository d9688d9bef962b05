package dev.failover.isc.omapi;

import dev.failover.FailoverStyle;
import dev.failover.errors.Violations;
import dev.failover.spi.Texts;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where and how to reach one dhcpd's OMAPI listener: host, port ({@code omapi-port}, 7911 by
 * convention), connect and read time-outs, and the key when the server sets {@code omapi-key}.
 *
 * <pre>{@code
 * OmapiEndpoint endpoint = OmapiEndpoint.builder()
 *     .host("127.0.0.1").port(7911)
 *     .key(OmapiKey.hmacMd5("omapi-admin", Secret.of(base64)))
 *     .build();
 * }</pre>
 *
 * <p>Rules: the host is a host name or an IP address literal; the port is 1 to 65535; both
 * time-outs are more than zero and at most ten minutes.
 */
@Value.Immutable
@FailoverStyle
public abstract class OmapiEndpoint {

  /** The port dhcpd examples and this SDK's tests use for {@code omapi-port}. */
  public static final int DEFAULT_PORT = 7911;

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** {@return the host name or IP address of the server} */
  public abstract String host();

  /** {@return the TCP port of the OMAPI listener; {@value #DEFAULT_PORT} unless set} */
  @Value.Default
  public int port() {
    return DEFAULT_PORT;
  }

  /** {@return how long to wait for the TCP connection; 5 seconds unless set} */
  @Value.Default
  public Duration connectTimeout() {
    return Duration.ofSeconds(5);
  }

  /**
   * {@return the deadline of each exchange with the server, from sending a request to the last byte of its
   * reply (a reply dripped slowly ends there too); 10 seconds unless set}
   */
  @Value.Default
  public Duration readTimeout() {
    return Duration.ofSeconds(10);
  }

  /** {@return the key to sign with, when the server requires one ({@code omapi-key})} */
  public abstract Optional<OmapiKey> key();

  /** {@return how errors name the server; {@code host:port} unless set} */
  @Value.Default
  public String serverName() {
    return host() + ":" + port();
  }

  /**
   * {@return an endpoint without a key and with the default time-outs}
   *
   * @param host the server's address
   * @param port the OMAPI port ({@code omapi-port}, usually 7911)
   */
  public static OmapiEndpoint of(String host, int port) {
    return builder().host(host).port(port).build();
  }

  /** {@return a builder; {@code host} is required, everything else has a default} */
  public static ImmutableOmapiEndpoint.Builder builder() {
    return ImmutableOmapiEndpoint.builder();
  }

  /** Checks the host and port when the endpoint is built. */
  @Value.Check
  protected void check() {
    String host = host();
    Violations.collect()
        .check(Texts.hostName(host) || ipLiteral(host), "host", Texts.quoted(host),
            "must be a host name or an IP address literal")
        .check(port() >= 1 && port() <= 65535, "port", port(), "must be between 1 and 65535")
        .check(positiveAndAtMost(connectTimeout()), "connectTimeout", connectTimeout(),
            "must be more than zero and at most " + MAX_TIMEOUT)
        .check(positiveAndAtMost(readTimeout()), "readTimeout", readTimeout(),
            "must be more than zero and at most " + MAX_TIMEOUT)
        .check(!serverName().isEmpty() && Texts.printable(serverName()), "serverName", Texts.quoted(serverName()),
            "must be non-empty printable text")
        .throwIfAny("OMAPI endpoint");
  }

  private static boolean positiveAndAtMost(Duration d) {
    return !d.isNegative() && !d.isZero() && d.compareTo(MAX_TIMEOUT) <= 0;
  }

  private static boolean ipLiteral(String host) {
    if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String part : host.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    return host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+");
  }
}
