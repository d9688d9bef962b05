package dev.failover.testkit.windows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A Windows OpenSSH server in process: Apache MINA SSHD on 127.0.0.1 and an ephemeral port, with
 * a host key generated in memory ({@link #hostKey()}, {@link #hostKeyFingerprint()}, so clients
 * can pin it), password and public-key authentication as configured, and a command handler that
 * does what {@code powershell.exe} does with the Windows backend's launcher: it accepts exactly
 * the command line
 * {@code powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <launcher>},
 * reads standard input to the end (the script, base64 of UTF-8), runs it through
 * {@link WindowsScriptInterpreter} against the fake, and answers with the script's standard
 * output, standard error and exit code. Any other command line gets cmd.exe's "is not
 * recognized" on standard error and exit code 1.
 *
 * <pre>{@code
 * try (FakeWindowsSshServer ssh = FakeWindowsSshServer.builder(server).password("admin", "pw").start()) {
 *   … connect to ssh.host():ssh.port(), pin ssh.hostKey() …
 * }
 * }</pre>
 */
public final class FakeWindowsSshServer implements AutoCloseable {

  /**
   * The launcher the backend sends as {@code -EncodedCommand}: it reads the script from
   * standard input as base64 of UTF-8 (so no character of the script depends on a console code
   * page or on cmd.exe quoting) and runs it as one script block.
   */
  public static final String LAUNCHER = "$ErrorActionPreference = 'Stop'\n"
      + "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false\n"
      + "$failoverScript = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd()))\n"
      + "& ([ScriptBlock]::Create($failoverScript))\n";

  private static final Pattern COMMAND = Pattern.compile(
      "powershell(?:\\.exe)? -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ([A-Za-z0-9+/=]+)");
  private static final int MAX_SCRIPT_BYTES = 16 * 1024 * 1024;

  private final FakeWindowsDhcpServer server;
  private final SshServer sshd;
  private final KeyPair hostKeys;
  private final ExecutorService workers;
  private final List<String> commandLines = new ArrayList<>();
  private final Object stallLock = new Object();
  private CountDownLatch stall;
  private CountDownLatch deaf;

  private FakeWindowsSshServer(Builder b) throws IOException {
    this.server = b.server;
    this.hostKeys = generateHostKeys();
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-windows-ssh-command");
      t.setDaemon(true);
      return t;
    });
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
    Map<String, String> passwords = new HashMap<>(b.passwords);
    Map<String, List<PublicKey>> keys = new HashMap<>(b.keys);
    sshd.setPasswordAuthenticator((user, password, session) -> {
      String expected = passwords.get(user);
      return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
          password.getBytes(StandardCharsets.UTF_8));
    });
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setPublickeyAuthenticator((user, key, session) ->
        keys.getOrDefault(user, List.of()).stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    sshd.setCommandFactory((channel, command) -> new PowerShellCommand(command));
    sshd.start();
  }

  /**
   * {@return a server for the fake; add at least one way to log in, then {@link Builder#start()}}
   *
   * @param server the fake DHCP server behind the shell
   */
  public static Builder builder(FakeWindowsDhcpServer server) {
    return new Builder(server);
  }

  /** {@return the address the fake listens on: 127.0.0.1} */
  public String host() {
    return "127.0.0.1";
  }

  /** {@return the port the fake listens on} */
  public int port() {
    return sshd.getPort();
  }

  /** {@return the server's host key, for a client to pin} */
  public PublicKey hostKey() {
    return hostKeys.getPublic();
  }

  /** {@return the host key's OpenSSH fingerprint, {@code SHA256:…}} */
  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(hostKeys.getPublic());
  }

  /** {@return the fake DHCP server behind the shell} */
  public FakeWindowsDhcpServer server() {
    return server;
  }

  /** {@return how many SSH sessions (logged-in connections) are open now} */
  public int activeSessions() {
    return sshd.getActiveSessions().size();
  }

  /** {@return every command line received, in order (one per remote invocation)} */
  public List<String> commandLines() {
    synchronized (commandLines) {
      return List.copyOf(commandLines);
    }
  }

  /**
   * While stalled, scripts are received but not answered (until {@link #resume()}, the server
   * closes, or a minute passes): for testing a client's timeout.
   */
  public void stall() {
    synchronized (stallLock) {
      if (stall == null) {
        stall = new CountDownLatch(1);
      }
    }
  }

  /**
   * From now on, scripts are not read at all (standard input is left in the SSH window until it
   * is full) and not answered, until {@link #resume()}, the server closes, or a minute passes: a
   * peer that never reads, for testing that a client's deadline covers sending the script.
   */
  public void neverRead() {
    synchronized (stallLock) {
      if (deaf == null) {
        deaf = new CountDownLatch(1);
      }
    }
  }

  /** Ends {@link #stall()} and {@link #neverRead()}. */
  public void resume() {
    synchronized (stallLock) {
      if (stall != null) {
        stall.countDown();
        stall = null;
      }
      if (deaf != null) {
        deaf.countDown();
        deaf = null;
      }
    }
  }

  @Override
  public void close() throws IOException {
    resume();
    try {
      sshd.stop(true);
    } finally {
      workers.shutdownNow();
    }
  }

  private static KeyPair generateHostKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no EC P-256", e);
    }
  }

  /** How clients may log in. */
  public static final class Builder {
    private final FakeWindowsDhcpServer server;
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, List<PublicKey>> keys = new HashMap<>();

    private Builder(FakeWindowsDhcpServer server) {
      this.server = server;
    }

    /**
     * Lets {@code user} log in with {@code password}.
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder password(String user, String password) {
      passwords.put(user, password);
      return this;
    }

    /**
     * Lets {@code user} log in with the key pair of {@code key}.
     *
     * @param user the user
     * @param key the public key
     * @return this builder
     */
    public Builder authorizedKey(String user, PublicKey key) {
      keys.computeIfAbsent(user, u -> new ArrayList<>()).add(key);
      return this;
    }

    /**
     * Starts listening on 127.0.0.1 and an ephemeral port.
     *
     * @return the running fake; close it to stop it
     * @throws IOException when the port cannot be opened
     */
    public FakeWindowsSshServer start() throws IOException {
      if (passwords.isEmpty() && keys.isEmpty()) {
        throw new IllegalStateException("give a password or an authorized key, or no one can log in");
      }
      return new FakeWindowsSshServer(this);
    }
  }

  /** One exec request. */
  private final class PowerShellCommand implements Command {
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    PowerShellCommand(String commandLine) {
      this.commandLine = commandLine;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      synchronized (commandLines) {
        commandLines.add(commandLine);
      }
      workers.submit(this::handle);
    }

    private void handle() {
      int code;
      try {
        code = answer();
      } catch (IOException | RuntimeException e) {
        code = 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        code = 1;
      }
      exit.onExit(code);
    }

    private int answer() throws IOException, InterruptedException {
      Matcher m = COMMAND.matcher(commandLine);
      if (!m.matches()) {
        String word = commandLine.trim().split("\\s+", 2)[0];
        write(err, "'" + word + "' is not recognized as an internal or external command,\r\n"
            + "operable program or batch file.\r\n");
        return 1;
      }
      String launcher = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_16LE);
      if (!launcher.equals(LAUNCHER)) {
        write(err, "The fake Windows server runs only the backend's launcher script.\r\n");
        return 1;
      }
      CountDownLatch notReading;
      synchronized (stallLock) {
        notReading = deaf;
      }
      if (notReading != null) {
        notReading.await(1, TimeUnit.MINUTES);
        return 1;
      }
      byte[] stdin = readAll(in);
      CountDownLatch wait;
      synchronized (stallLock) {
        wait = stall;
      }
      if (wait != null) {
        wait.await(1, TimeUnit.MINUTES);
      }
      String script;
      try {
        script = new String(Base64.getMimeDecoder().decode(stdin), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        write(err, "Exception calling \"FromBase64String\" with \"1\" argument(s): \"The input is not a valid"
            + " Base-64 string.\"\r\n");
        return 1;
      }
      ScriptRun run = server.run(script);
      write(out, run.stdout());
      write(err, run.stderr());
      return run.exitCode();
    }

    @Override
    public void destroy(ChannelSession channel) {
      // the worker ends with the exit callback; nothing else to release
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      buffer.write(chunk, 0, n);
      if (buffer.size() > MAX_SCRIPT_BYTES) {
        throw new IOException("script larger than " + MAX_SCRIPT_BYTES + " bytes");
      }
    }
    return buffer.toByteArray();
  }

  private static void write(OutputStream stream, String text) throws IOException {
    if (!text.isEmpty()) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
      stream.flush();
    }
  }

}
