package dev.failover.ssh;

import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.errors.Violations;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSessionImpl;
import org.apache.sshd.client.session.SessionFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.logging.SimplifiedLog;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * How the SDK logs in to a server over SSH (Apache MINA SSHD), for every backend that reaches its
 * servers that way (Windows OpenSSH, ISC dhcpd hosts):
 *
 * <ul>
 *   <li>the server's host key must match the {@link HostKeyPolicy} (a pinned key or its
 *       fingerprint); an unknown or different key is refused before any credential is sent
 *       ({@link BackendException.Kind#TRANSPORT}, reason {@code host-key});</li>
 *   <li>login with a key pair or a password ({@link Secret}), nothing else is tried; a refused login
 *       is a {@link BackendException.Kind#CREDENTIALS} error;</li>
 *   <li>the connect and login timeouts bound every wait;</li>
 *   <li>sessions never dump packets (MINA writes every packet, in hex, to its TRACE log: a
 *       password or a script with a secret would be in that dump).</li>
 * </ul>
 *
 * <p>One {@link SshClient} is made on first use and kept until {@link #close()}; each
 * {@link #open()} returns a new authenticated session that the caller closes.
 */
public final class SshLogin implements AutoCloseable {

  private final String host;
  private final int port;
  private final String name;
  private final String user;
  private final Secret password;
  private final KeyPair keyPair;
  private final HostKeyPolicy hostKey;
  private final Duration connectTimeout;
  private final Duration authTimeout;
  private final AtomicReference<String> rejectedKey = new AtomicReference<>();
  private SshClient client;
  private boolean closed;

  private SshLogin(Settings<?, ?> b) {
    this.host = b.host;
    this.port = b.port;
    this.name = b.name;
    this.user = b.user;
    this.password = b.password;
    this.keyPair = b.keyPair;
    this.hostKey = b.hostKey;
    this.connectTimeout = b.connectTimeout;
    this.authTimeout = b.authTimeout;
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the {@code host:port} this login talks to} */
  public String target() {
    return host + ":" + port;
  }

  /** {@return the server's name in errors: the inventory id given to the builder, else {@link #target()}} */
  public String server() {
    return name != null ? name : target();
  }

  /** {@return the user that logs in} */
  public String user() {
    return user;
  }

  /** {@return the bound on connecting} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Connects, checks the host key and logs in.
   *
   * @return an authenticated session; the caller closes it
   * @throws BackendException {@code TRANSPORT} when the server cannot be reached or its host key is
   *     not the expected one, {@code CREDENTIALS} when it refuses the login
   */
  public synchronized ClientSession open() {
    if (closed) {
      throw new IllegalStateException("the SSH login to " + target() + " is closed");
    }
    if (client == null) {
      client = SshClient.setUpDefaultClient();
      client.setSessionFactory(new QuietSessions(client));
      // small request/answer packets: without TCP_NODELAY, Nagle and delayed ACKs add tens of ms each
      CoreModuleProperties.TCP_NODELAY.set(client, true);
      client.setServerKeyVerifier((clientSession, remote, key) -> {
        if (hostKey.accepts(key)) {
          return true;
        }
        rejectedKey.set(KeyUtils.getFingerPrint(key));
        return false;
      });
      client.setUserAuthFactoriesNames(keyPair != null ? "publickey" : "password");
      client.start();
    }
    ClientSession s = null;
    boolean connected = false;
    try {
      s = client.connect(user, host, port).verify(connectTimeout).getSession();
      if (keyPair != null) {
        s.addPublicKeyIdentity(keyPair);
      } else {
        s.addPasswordIdentity(password.reveal());
      }
      connected = true;
      s.auth().verify(authTimeout);
      return s;
    } catch (IOException | RuntimeException e) {
      if (s != null) {
        s.close(true);
      }
      String bad = rejectedKey.getAndSet(null);
      if (bad != null) {
        throw new BackendException(BackendException.Kind.TRANSPORT, server(), "host key " + bad
            + " is not the expected one (" + hostKey + "); refusing to log in", "host-key", false, e);
      }
      if (e instanceof RuntimeException && !(e instanceof org.apache.sshd.common.RuntimeSshException)) {
        throw (RuntimeException) e;
      }
      if (connected && rejectedLogin(e)) {
        throw new BackendException(BackendException.Kind.CREDENTIALS, server(), "the SSH server at " + target()
            + " did not accept the login of " + user + " (" + (keyPair != null ? "key" : "password") + ")", "ssh-auth",
            false, e);
      }
      throw BackendException.transport(server(), (connected ? "SSH login to " : "SSH connection to ") + target()
          + " failed: " + dev.failover.spi.Texts.failure(e), e);
    }
  }

  /** Whether the login itself was refused (the server offered no method that accepted the credential). */
  private static boolean rejectedLogin(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("no more authentication methods") || m.contains("authentication failed")
          || m.contains("auth fail")) {
        return true;
      }
    }
    return false;
  }

  /** Stops the client; sessions still open are closed with it. */
  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.stop();
      client = null;
    }
  }

  @Override
  public String toString() {
    return "SshLogin[" + user + "@" + target() + ", " + hostKey + "]";
  }

  /**
   * Sessions that never dump packets. MINA SSHD writes every packet it encodes, in hex and as
   * text, to its session logger at TRACE ({@code encode(…) packet #n}); a script or a password
   * would be in that dump for any application that turns TRACE on. These sessions give the dump a
   * logger that takes nothing at FINER or below, whatever the application's logging configuration;
   * every other log line of the session is unchanged.
   */
  private static final class QuietSessions extends SessionFactory {
    QuietSessions(SshClient client) {
      super(client);
    }

    @Override
    protected ClientSessionImpl doCreateSession(IoSession ioSession) throws Exception {
      return new QuietSession(getClient(), ioSession);
    }
  }

  private static final class QuietSession extends ClientSessionImpl {
    QuietSession(org.apache.sshd.client.ClientFactoryManager client, IoSession ioSession) throws Exception {
      super(client, ioSession);
    }

    @Override
    protected SimplifiedLog getSimplifiedLogger() {
      return new NoPacketDumps(super.getSimplifiedLogger());
    }
  }

  /** A {@link SimplifiedLog} that drops FINER and FINEST (where MINA puts its hex dumps). */
  private static final class NoPacketDumps implements SimplifiedLog {
    private final SimplifiedLog delegate;

    NoPacketDumps(SimplifiedLog delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean isEnabledLevel(Level level) {
      return level.intValue() > Level.FINER.intValue() && delegate.isEnabledLevel(level);
    }

    @Override
    public void log(Level level, Object message, Throwable t) {
      if (isEnabledLevel(level)) {
        delegate.log(level, message, t);
      }
    }
  }

  /**
   * Where and how to log in: the settings that {@link Builder} and the builders of what logs in
   * with them (the Windows backend's shell) share, each setter returning the builder itself.
   *
   * @param <T> what {@link #build()} makes
   * @param <B> the builder
   */
  public abstract static class Settings<T, B extends Settings<T, B>> {
    private String host;
    private int port = 22;
    private String name;
    private String user;
    private Secret password;
    private KeyPair keyPair;
    private HostKeyPolicy hostKey;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration authTimeout = Duration.ofSeconds(15);

    /** For the builders that extend these settings. */
    protected Settings() {}

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /**
     * Sets the server's host name or address (required).
     *
     * @param host the host
     * @return this builder
     */
    public B host(String host) {
      this.host = host;
      return self();
    }

    /**
     * Sets the SSH port (default 22).
     *
     * @param port the port
     * @return this builder
     */
    public B port(int port) {
      this.port = port;
      return self();
    }

    /**
     * The server's name in errors, its inventory id (default {@code host:port}).
     *
     * @param name the server's name
     * @return this builder
     */
    public B name(String name) {
      this.name = name;
      return self();
    }

    /**
     * Sets the user to log in as (required).
     *
     * @param user the user
     * @return this builder
     */
    public B user(String user) {
      this.user = user;
      return self();
    }

    /**
     * Log in with a password.
     *
     * @param password the password
     * @return this builder
     */
    public B password(Secret password) {
      this.password = password;
      return self();
    }

    /**
     * Log in with a key pair.
     *
     * @param keyPair the key pair
     * @return this builder
     */
    public B keyPair(KeyPair keyPair) {
      this.keyPair = keyPair;
      return self();
    }

    /**
     * The host key the server must present (required).
     *
     * @param hostKey the policy
     * @return this builder
     */
    public B hostKey(HostKeyPolicy hostKey) {
      this.hostKey = hostKey;
      return self();
    }

    /**
     * Pins exactly this host key.
     *
     * @param key the server's public key
     * @return this builder
     */
    public B hostKey(PublicKey key) {
      return hostKey(HostKeyPolicy.pinned(key));
    }

    /**
     * Sets the time to connect (default 15 s).
     *
     * @param timeout the connect time-out
     * @return this builder
     */
    public B connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return self();
    }

    /**
     * Sets the time to log in (default 15 s).
     *
     * @param timeout the log-in time-out
     * @return this builder
     */
    public B authTimeout(Duration timeout) {
      this.authTimeout = timeout;
      return self();
    }

    /**
     * {@return what these settings make}
     *
     * @throws dev.failover.errors.ValidationException when a setting is missing or out of range,
     *     every such problem at once
     */
    public abstract T build();

    /**
     * {@return the login, its settings checked}
     *
     * @throws dev.failover.errors.ValidationException when a setting is missing or out of range,
     *     every such problem at once
     */
    protected final SshLogin login() {
      Violations.collect()
          .check(host != null && !host.isBlank(), "host", host, "must be given")
          .check(port > 0 && port < 65536, "port", port, "must be between 1 and 65535")
          .check(name == null || (!name.isBlank() && name.length() <= 256), "name", name, "must be 1 to 256 characters")
          .check(user != null && !user.isBlank(), "user", user, "must be given")
          .check((password == null) != (keyPair == null), "credential", password == null ? "none" : "both",
              "must be exactly one of password or keyPair")
          .check(password == null || !password.isRedacted(), "password", "***",
              "was redacted (read back from JSON); supply it again")
          .check(hostKey != null, "hostKey", "none",
              "must be given: unknown host keys are refused (pin the key or its SHA256 fingerprint)")
          .check(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
              "connectTimeout", connectTimeout, "must be positive")
          .check(authTimeout != null && !authTimeout.isNegative() && !authTimeout.isZero(), "authTimeout",
              authTimeout, "must be positive")
          .throwIfAny("SSH connection settings");
      return new SshLogin(this);
    }
  }

  /** Where and how to log in, for an {@link SshLogin}. */
  public static final class Builder extends Settings<SshLogin, Builder> {

    private Builder() {}

    /** {@return the login, its settings checked} */
    @Override
    public SshLogin build() {
      return login();
    }
  }
}
