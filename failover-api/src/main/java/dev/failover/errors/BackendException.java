package dev.failover.errors;

import java.util.Optional;

/**
 * A server could not be reached or understood ({@link Kind#TRANSPORT}), it did not accept the
 * credential ({@link Kind#CREDENTIALS}), or it answered and refused the request
 * ({@link Kind#REJECTED}). The server's own message and code are kept
 * verbatim, so an operator can search for them in the vendor's documentation.
 */
public class BackendException extends FailoverException {

  private static final long serialVersionUID = 1L;

  /** Whether the server was reached. */
  public enum Kind {
    /** The server could not be reached, or its answer could not be understood. */
    TRANSPORT,
    /** The server answered and said no. */
    REJECTED,
    /**
     * The server was reached and did not accept the credential (an HTTP 401 or 403, an SSH login
     * refused, an OMAPI key refused): the user or the secret is wrong, not the connection.
     */
    CREDENTIALS
  }

  /** Whether the server was reached. */
  private final Kind kind;
  /** The inventory id of the server. */
  private final String server;
  /** The server's own text, unchanged. */
  private final String serverMessage;
  /** The server's own code, or null. */
  private final String serverCode;
  /** Whether trying again later may succeed. */
  private final boolean retryable;

  /**
   * A failure of one server; {@link #rejected} and {@link #transport} cover the usual cases.
   *
   * @param kind whether the server was reached
   * @param server the server's inventory id
   * @param serverMessage the server's own text, unchanged
   * @param serverCode the server's own code, or null when it gave none
   * @param retryable whether trying the same call again later may succeed
   * @param cause the underlying failure, or null
   */
  public BackendException(Kind kind, String server, String serverMessage, String serverCode, boolean retryable,
      Throwable cause) {
    super(render(kind, server, serverMessage, serverCode), cause);
    this.kind = kind;
    this.server = server;
    this.serverMessage = serverMessage;
    this.serverCode = serverCode;
    this.retryable = retryable;
  }

  /**
   * The server refused: its message and code as it gave them; not retryable.
   *
   * @param server the server's inventory id
   * @param serverMessage the server's own text, unchanged
   * @param serverCode the server's own code, or null when it gave none
   * @return the exception to throw
   */
  public static BackendException rejected(String server, String serverMessage, String serverCode) {
    return new BackendException(Kind.REJECTED, server, serverMessage, serverCode, false, null);
  }

  /**
   * The server did not accept the credential; not worth retrying as is.
   *
   * @param server the server's inventory id
   * @param serverMessage the server's own text, unchanged
   * @param serverCode the server's own code, or null when it gave none
   * @return the exception to throw
   */
  public static BackendException credentials(String server, String serverMessage, String serverCode) {
    return new BackendException(Kind.CREDENTIALS, server, serverMessage, serverCode, false, null);
  }

  /**
   * The server could not be reached or understood; usually worth retrying later.
   *
   * @param server the server's inventory id
   * @param message what went wrong, in operator words
   * @param cause the underlying failure
   * @return the exception to throw
   */
  public static BackendException transport(String server, String message, Throwable cause) {
    return new BackendException(Kind.TRANSPORT, server, message, null, true, cause);
  }

  /** {@return whether the server was reached ({@link Kind#REJECTED}) or not ({@link Kind#TRANSPORT})} */
  public Kind kind() {
    return kind;
  }

  /** {@return the inventory id of the server that failed} */
  public String server() {
    return server;
  }

  /** {@return the server's own text, unchanged} */
  public String serverMessage() {
    return serverMessage;
  }

  /** {@return the server's own code (Kea result, Windows error name, dhcpd exit status) when it gave one} */
  public Optional<String> serverCode() {
    return Optional.ofNullable(serverCode);
  }

  @Override
  public boolean retryable() {
    return retryable;
  }

  private static String render(Kind kind, String server, String message, String code) {
    String what = kind == Kind.TRANSPORT ? "could not talk to server " : "server ";
    String verb = switch (kind) {
      case TRANSPORT -> ": ";
      case CREDENTIALS -> " did not accept the credential (check the user and the secret): ";
      case REJECTED -> " refused: ";
    };
    return what + server + verb + message + (code == null ? "" : " [" + code + "]");
  }
}
