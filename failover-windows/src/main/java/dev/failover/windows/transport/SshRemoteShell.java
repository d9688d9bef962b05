package dev.failover.windows.transport;

import dev.failover.spi.Texts;
import dev.failover.errors.BackendException;
import dev.failover.Secret;
import dev.failover.ssh.HostKeyPolicy;
import dev.failover.ssh.SshLogin;
import dev.failover.windows.ps.PowerShellScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts on a Windows server over SSH (Windows OpenSSH), with Apache MINA SSHD.
 *
 * <p>The login ({@link SshLogin}, shared with the other backends that use SSH):
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

  private final SshLogin login;
  private ClientSession session;
  private boolean closed;

  private SshRemoteShell(SshLogin login) {
    this.login = login;
  }

  /** {@return a builder for a shell} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the {@code host:port} this shell talks to} */
  public String target() {
    return login.target();
  }

  /** {@return the server's name in errors: the inventory id given to the builder, else {@link #target()}} */
  public String server() {
    return login.server();
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
            + stdin.length + " bytes) within " + Texts.duration(timeout) + "; the connection was closed. The script may have run"
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
    session = login.open();
    return session;
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
    login.close();
  }

  @Override
  public String toString() {
    return "SshRemoteShell[" + login + "]";
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

  /** Where and how to connect: {@link SshLogin}'s settings, making a shell. */
  public static final class Builder extends SshLogin.Settings<SshRemoteShell, Builder> {

    private Builder() {}

    /** {@return the shell} */
    @Override
    public SshRemoteShell build() {
      return new SshRemoteShell(login());
    }
  }
}
