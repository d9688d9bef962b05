package dev.failover.windows.transport;

import dev.failover.BackendException;
import dev.failover.Secret;
import dev.failover.Violations;
import dev.failover.windows.ps.PowerShellScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSessionImpl;
import org.apache.sshd.client.session.SessionFactory;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.logging.SimplifiedLog;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts on a Windows server over SSH (Windows OpenSSH), with Apache MINA SSHD.
 *
 * <ul>
 *   <li>The server's host key must match the {@link HostKeyPolicy} (a pinned key or its
 *       fingerprint); an unknown or different key is refused before any credential is sent.</li>
 *   <li>Login with a key pair or a password ({@link Secret}); nothing else is tried.</li>
 *   <li>Each {@link #run} is one exec channel on one session (opened on first use and kept),
 *       with the fixed {@link PowerShellLauncher#COMMAND_LINE} and the script on standard
 *       input; the connect, login and run timeouts bound every wait.</li>
 * </ul>
 *
 * <pre>{@code
 * try (RemoteShell shell = SshRemoteShell.builder()
 *     .host("dc1.example.net").user("EXAMPLE\\dhcpadmin").password(Secret.of(pw))
 *     .hostKey(HostKeyPolicy.fingerprint("SHA256:…")).build()) {
 *   ScriptReport report = shell.run(script, Duration.ofMinutes(2)).report("dc1", script).throwIfFailed();
 * }
 * }</pre>
 */
public final class SshRemoteShell implements RemoteShell {

  private static final Logger LOG = LoggerFactory.getLogger(SshRemoteShell.class);
  private static final int MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

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
  private ClientSession session;
  private boolean closed;

  private SshRemoteShell(Builder b) {
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

  /** {@return a builder for a shell} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the {@code host:port} this shell talks to} */
  public String target() {
    return host + ":" + port;
  }

  /** {@return the server's name in errors: the inventory id given to the builder, else {@link #target()}} */
  public String server() {
    return name != null ? name : target();
  }

  @Override
  public synchronized ShellResult run(PowerShellScript script, Duration timeout) {
    Objects.requireNonNull(script, "script");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (closed) {
      throw new IllegalStateException("the shell to " + target() + " is closed");
    }
    long started = System.nanoTime();
    ClientSession s = session();
    LOG.debug("running a script of {} steps on {}:\n{}", script.steps().size(), target(), script);
    byte[] stdin = PowerShellLauncher.stdin(script);
    BoundedBuffer out = new BoundedBuffer();
    BoundedBuffer err = new BoundedBuffer();
    Thread writer = null;
    try (ChannelExec channel = s.createExecChannel(PowerShellLauncher.COMMAND_LINE)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(remaining(started, timeout));
      // the script goes in on its own thread: a server that does not read it (a full SSH window)
      // must not hold this call past its deadline
      CompletableFuture<Void> sent = new CompletableFuture<>();
      OutputStream in = channel.getInvertedIn();
      writer = new Thread(() -> {
        try (OutputStream stream = in) {
          stream.write(stdin);
          stream.flush();
          sent.complete(null);
        } catch (IOException | RuntimeException e) {
          sent.completeExceptionally(e);
        } finally {
          Arrays.fill(stdin, (byte) 0);
        }
      }, "failover-ssh-stdin-" + target());
      writer.setDaemon(true);
      writer.start();
      try {
        sent.get(remaining(started, timeout).toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        channel.close(true);
        throw new BackendException(BackendException.Kind.TRANSPORT, server(), "the server did not take the script ("
            + stdin.length + " bytes) within " + timeout + "; the connection was closed. The script may have run"
            + " in part, so read the server's state before trying again", "timeout", false, null);
      } catch (ExecutionException e) {
        throw BackendException.transport(server(), "SSH run failed while sending the script: "
            + dev.failover.spi.Texts.failure(e.getCause()), e.getCause());
      } catch (InterruptedException e) {
        channel.close(true);
        Thread.currentThread().interrupt();
        throw BackendException.transport(server(), "interrupted while sending the script", e);
      }
      Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
          remaining(started, timeout));
      if (!events.contains(ClientChannelEvent.CLOSED)) {
        channel.close(true);
        throw new BackendException(BackendException.Kind.TRANSPORT, server(), "no answer within " + timeout
            + "; the script may still have run in part, so read the server's state before trying again",
            "timeout", false, null);
      }
      if (out.overflowed() || err.overflowed()) {
        throw new BackendException(BackendException.Kind.TRANSPORT, server(), "the answer was larger than the limit of "
            + MAX_OUTPUT_BYTES + " bytes; it was not read further", "answer too large", false, null);
      }
      Integer status = channel.getExitStatus();
      if (status == null) {
        throw BackendException.transport(server(), "the channel closed without an exit status", null);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      LOG.debug("script on {} ended with exit status {} after {} ms", target(), status, elapsed.toMillis());
      return new ShellResult(status, out.text(), err.text(), elapsed);
    } catch (IOException e) {
      throw BackendException.transport(server(), "SSH run on " + target() + " failed: "
          + dev.failover.spi.Texts.failure(e), e);
    } finally {
      if (writer == null) {
        Arrays.fill(stdin, (byte) 0);
      }
    }
  }

  private Duration remaining(long started, Duration timeout) {
    Duration left = timeout.minusNanos(System.nanoTime() - started);
    if (left.isNegative() || left.isZero()) {
      throw new BackendException(BackendException.Kind.TRANSPORT, server(), "no answer within " + timeout,
          "timeout", false, null);
    }
    return left;
  }

  private ClientSession session() {
    if (session != null && session.isOpen() && session.isAuthenticated()) {
      return session;
    }
    closeSession();
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
      session = s;
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

  private void closeSession() {
    if (session != null) {
      session.close(true);
      session = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeSession();
    if (client != null) {
      client.stop();
      client = null;
    }
  }

  @Override
  public String toString() {
    return "SshRemoteShell[" + user + "@" + target() + ", " + hostKey + "]";
  }

  /**
   * Sessions that never dump packets. MINA SSHD writes every packet it encodes, in hex and as
   * text, to its session logger at TRACE ({@code encode(…) packet #n}); a script carrying a shared
   * secret would be in that dump for any application that turns TRACE on. These sessions give the
   * dump a logger that takes nothing at FINER or below, whatever the application's logging
   * configuration; every other log line of the session is unchanged.
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

  /** Collects a stream's bytes up to a bound. */
  private static final class BoundedBuffer extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) throws IOException {
      check(1);
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      check(len);
      bytes.write(b, off, len);
    }

    private boolean overflowed;

    private void check(int more) throws IOException {
      if (bytes.size() + more > MAX_OUTPUT_BYTES) {
        overflowed = true;
        throw new IOException("more than " + MAX_OUTPUT_BYTES + " bytes of output");
      }
    }

    synchronized boolean overflowed() {
      return overflowed;
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Where and how to connect. */
  public static final class Builder {
    private String host;
    private int port = 22;
    private String name;
    private String user;
    private Secret password;
    private KeyPair keyPair;
    private HostKeyPolicy hostKey;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration authTimeout = Duration.ofSeconds(15);

    private Builder() {}

    /**
     * Sets the server's host name or address (required).
     *
     * @param host the host
     * @return this builder
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * Sets the SSH port (default 22).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The server's name in errors, its inventory id (default {@code host:port}).
     *
     * @param name the server's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the user to log in as (required).
     *
     * @param user the user
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Log in with a password.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(Secret password) {
      this.password = password;
      return this;
    }

    /**
     * Log in with a key pair.
     *
     * @param keyPair the key pair
     * @return this builder
     */
    public Builder keyPair(KeyPair keyPair) {
      this.keyPair = keyPair;
      return this;
    }

    /**
     * The host key the server must present (required).
     *
     * @param hostKey the policy
     * @return this builder
     */
    public Builder hostKey(HostKeyPolicy hostKey) {
      this.hostKey = hostKey;
      return this;
    }

    /**
     * Pins exactly this host key.
     *
     * @param key the server's public key
     * @return this builder
     */
    public Builder hostKey(PublicKey key) {
      return hostKey(HostKeyPolicy.pinned(key));
    }

    /**
     * Sets the time to connect (default 15 s).
     *
     * @param timeout the connect time-out
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Sets the time to log in (default 15 s).
     *
     * @param timeout the log-in time-out
     * @return this builder
     */
    public Builder authTimeout(Duration timeout) {
      this.authTimeout = timeout;
      return this;
    }

    /** {@return the shell} */
    public SshRemoteShell build() {
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
      return new SshRemoteShell(this);
    }
  }
}
