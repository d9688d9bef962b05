package dev.failover;

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

  private final Kind kind;
  private final String server;
  private final String serverMessage;
  private final String serverCode;
  private final boolean retryable;

  public BackendException(Kind kind, String server, String serverMessage, String serverCode, boolean retryable,
      Throwable cause) {
    super(render(kind, server, serverMessage, serverCode), cause);
    this.kind = kind;
    this.server = server;
    this.serverMessage = serverMessage;
    this.serverCode = serverCode;
    this.retryable = retryable;
  }

  /** The server refused: its message and code as it gave them. */
  public static BackendException rejected(String server, String serverMessage, String serverCode) {
    return new BackendException(Kind.REJECTED, server, serverMessage, serverCode, false, null);
  }

  /** The server did not accept the credential: its message and code as it gave them; not worth retrying as is. */
  public static BackendException credentials(String server, String serverMessage, String serverCode) {
    return new BackendException(Kind.CREDENTIALS, server, serverMessage, serverCode, false, null);
  }

  /** The server could not be reached or understood; usually worth retrying later. */
  public static BackendException transport(String server, String message, Throwable cause) {
    return new BackendException(Kind.TRANSPORT, server, message, null, true, cause);
  }

  public Kind kind() {
    return kind;
  }

  public String server() {
    return server;
  }

  /** The server's own text, unchanged. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The server's own code (Kea result, Windows error name, dhcpd exit status) when it gave one. */
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
