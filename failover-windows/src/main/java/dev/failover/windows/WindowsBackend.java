package dev.failover.windows;

import dev.failover.ProgressListener;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.FailoverStatus;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.transport.RemoteShell;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The Windows Server DHCP backend: reads and changes failover relationships and scopes through
 * the {@code DhcpServer} PowerShell module, one composed script per remote invocation
 * ({@link ScriptComposer}), over SSH by default ({@link SshShellFactory}).
 *
 * <pre>{@code
 * Failover failover = Failover.builder().inventory(inventory).backends(new WindowsBackend()).build();
 * }</pre>
 *
 * <p>Its parts, one per role as in every backend (docs/architecture.md):
 * {@code WindowsServerOptions} (the options below), {@code WindowsStateReader} (the snapshot
 * script into a {@link ServerState}; relationships without scopes, which Windows cannot hold,
 * from the pending store, option {@value #OPTION_PENDING_FILE}), {@code WindowsPartRenderer}
 * (a part into cmdlets, and which of the two servers runs each failover cmdlet),
 * {@code WindowsCommitter} ({@code Preconditions} on a fresh read, then one script per part under
 * the fingerprint guard: a part whose server changed meanwhile is a
 * {@link dev.failover.errors.ConflictException}), {@code WindowsStatusReader}
 * ({@code Get-DhcpServerv4Failover}, partner-down), and {@code WindowsShells} (one open shell per
 * server until {@link #close()}, the servers of the inventories it read, the last few states of
 * each). failover-windows/README.md describes what each does on the server. Thread-safe.
 */
public final class WindowsBackend implements FailoverBackend, AutoCloseable {

  /** Server option: the SSH host key's {@code SHA256:…} fingerprint. */
  public static final String OPTION_HOST_FINGERPRINT = WindowsServerOptions.HOST_FINGERPRINT;
  /** Server option: the absolute path of the file that keeps relationships without scopes. */
  public static final String OPTION_PENDING_FILE = WindowsServerOptions.PENDING_FILE;
  /** Server option: SSH connect and login timeout, seconds or ISO-8601 (default 15 s). */
  public static final String OPTION_CONNECT_TIMEOUT = WindowsServerOptions.CONNECT_TIMEOUT;
  /** Server option: how long one script may run, seconds or ISO-8601 (default 2 min). */
  public static final String OPTION_RUN_TIMEOUT = WindowsServerOptions.RUN_TIMEOUT;

  private final WindowsShells shells;
  private final WindowsStateReader reader;
  private final WindowsCommitter committer;
  private final WindowsStatusReader statuses;
  private final Map<ServerId, ReentrantLock> applying = new ConcurrentHashMap<>();

  /** A backend that reaches each server over SSH ({@link SshShellFactory}). */
  public WindowsBackend() {
    this(new SshShellFactory());
  }

  /**
   * A backend that reaches each server through the shell the function opens (for example an in-process fake).
   *
   * @param shells opens the shell for a server
   */
  public WindowsBackend(Function<Server, RemoteShell> shells) {
    this(shells, Clock.systemUTC());
  }

  /**
   * As {@link #WindowsBackend(Function)}, with the clock that stamps {@link FailoverStatus#observedAt()}.
   *
   * @param shells opens the shell for a server
   * @param clock stamps status reads
   */
  public WindowsBackend(Function<Server, RemoteShell> shells, Clock clock) {
    this.shells = new WindowsShells(Objects.requireNonNull(shells, "shells"));
    this.reader = new WindowsStateReader(this.shells);
    this.committer = new WindowsCommitter(this.shells, reader);
    this.statuses = new WindowsStatusReader(this.shells, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public Vendor vendor() {
    return Vendor.WINDOWS;
  }

  @Override
  public ServerState read(Server server, Inventory inventory) {
    requireWindows(server);
    return reader.read(server, inventory);
  }

  /**
   * Checks the part against the Windows rules ({@code Preconditions}) on a fresh read of the
   * server, and, for scopes this server would put into a relationship, reads the partner too:
   * Windows refuses to add a scope the partner already has.
   */
  @Override
  public void check(Server server, ServerPlan part) {
    requirePart(server, part);
    committer.check(server, part);
  }

  /**
   * Commits the part under the fingerprint guard ({@code WindowsCommitter}) and this server's apply
   * lock (one apply per server at a time in this backend, from the read that guards the
   * fingerprint to the read-back: Windows has no compare-and-set), so of two applies planned from
   * the same state the second finds the first's change and fails with a conflict; returns the
   * fingerprint read back.
   */
  @Override
  public String apply(Server server, ServerPlan part, ProgressListener progress) {
    requirePart(server, part);
    ReentrantLock lock = applying.computeIfAbsent(server.id(), id -> new ReentrantLock());
    lock.lock();
    try {
      return committer.apply(server, part, progress);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FailoverStatus status(Server server, Relationship relationship) {
    requireWindows(server);
    return statuses.status(server, relationship);
  }

  @Override
  public void partnerDown(Server server, Relationship relationship) {
    requireWindows(server);
    statuses.partnerDown(server, relationship);
  }

  /** Closes every shell this backend opened. */
  @Override
  public void close() {
    shells.close();
  }

  @Override
  public String toString() {
    return "WindowsBackend[" + shells + "]";
  }

  private static void requireWindows(Server server) {
    if (server.vendor() != Vendor.WINDOWS) {
      throw new ValidationException("server " + server.id(), List.of(new Violation("vendor", server.vendor().name(),
          "must be WINDOWS for the Windows backend")));
    }
  }

  private static void requirePart(Server server, ServerPlan part) {
    requireWindows(server);
    if (!part.server().equals(server.id()) || part.vendor() != Vendor.WINDOWS) {
      throw new ValidationException("part of a plan", List.of(new Violation("server", part.server().value(),
          "must be the Windows server " + server.id() + " it is applied to")));
    }
  }
}
