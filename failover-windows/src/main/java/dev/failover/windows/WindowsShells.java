package dev.failover.windows;

import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptReport;
import dev.failover.windows.transport.RemoteShell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Windows backend keeps per server (as {@code KeaClients} does for Kea): one open shell
 * (until {@link #close()}, or until its transport fails), every server of the inventories it was
 * shown (a partner's address is needed to create a relationship, and {@code check} and
 * {@code apply} are given no inventory), and the last few snapshots read of each server, by
 * fingerprint (a part whose partner's cmdlets already changed this server is checked against
 * the state it was planned from). Thread-safe.
 */
final class WindowsShells implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WindowsShells.class);
  private static final int STATES_KEPT_PER_SERVER = 8;

  private final Function<Server, RemoteShell> shells;
  private final Map<ServerId, Server> known = new ConcurrentHashMap<>();
  private final Map<ServerId, OpenShell> open = new HashMap<>();
  private final Map<ServerId, LinkedHashMap<String, Snapshot>> states = new HashMap<>();
  private final Map<ServerId, Object> opening = new ConcurrentHashMap<>();
  private boolean closed;

  private record OpenShell(Server server, RemoteShell shell) {}

  WindowsShells(Function<Server, RemoteShell> shells) {
    this.shells = shells;
  }

  /** Remembers every server of the inventory, and {@code server} itself. */
  void know(Server server, Inventory inventory) {
    inventory.servers().forEach(s -> known.put(s.id(), s));
    known.put(server.id(), server);
  }

  /** Remembers {@code server} unless a server of that id is already known. */
  void know(Server server) {
    known.putIfAbsent(server.id(), server);
  }

  Optional<Server> known(ServerId id) {
    return Optional.ofNullable(known.get(id));
  }

  List<Server> knownServers() {
    return new ArrayList<>(known.values());
  }

  /** The relationships the server's pending store holds (none without a store). */
  List<Relationship> pending(Server server) {
    return WindowsServerOptions.of(server).pendingFile().map(f -> PendingStore.read(f, server.id())).orElse(List.of());
  }

  /** Whether the relationship is only kept in the server's pending store. */
  boolean pending(Server server, RelationshipName name) {
    return pending(server).stream().anyMatch(r -> r.name().equals(name));
  }

  /** Runs the script on the server and reads its report (secrets already redacted from it). */
  ScriptReport run(Server server, PowerShellScript script) {
    RemoteShell shell = shell(server);
    try {
      return shell.run(script, WindowsServerOptions.of(server).runTimeout()).report(server.id().value(), script);
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.TRANSPORT) {
        forget(server.id(), shell);
      }
      throw e;
    }
  }

  void remember(ServerId id, Snapshot s) {
    synchronized (states) {
      LinkedHashMap<String, Snapshot> kept = states.computeIfAbsent(id, k -> new LinkedHashMap<>(16, 0.75f, true));
      kept.put(s.fingerprint(), s);
      while (kept.size() > STATES_KEPT_PER_SERVER) {
        kept.remove(kept.keySet().iterator().next());
      }
    }
  }

  /** The snapshot of the server read last with this fingerprint, if it is still kept. */
  Optional<Snapshot> remembered(ServerId id, String fingerprint) {
    synchronized (states) {
      LinkedHashMap<String, Snapshot> kept = states.get(id);
      return Optional.ofNullable(kept == null ? null : kept.get(fingerprint));
    }
  }

  /** Closes every shell opened; none is opened afterwards. */
  @Override
  public void close() {
    List<OpenShell> toClose;
    synchronized (open) {
      closed = true;
      toClose = new ArrayList<>(open.values());
      open.clear();
    }
    toClose.forEach(o -> closeQuietly(o.shell()));
  }

  @Override
  public String toString() {
    return shells.toString();
  }

  /**
   * The server's open shell, opened if needed. Opening (an SSH connection and login) happens under
   * that server's own lock, never under the lock every server shares: one server that hangs while
   * connecting holds up no other server.
   */
  private RemoteShell shell(Server server) {
    synchronized (opening.computeIfAbsent(server.id(), id -> new Object())) {
      OpenShell stale;
      synchronized (open) {
        requireOpen();
        OpenShell o = open.get(server.id());
        if (o != null && o.server().equals(server)) {
          return o.shell();
        }
        stale = o == null ? null : open.remove(server.id());
      }
      if (stale != null) {
        closeQuietly(stale.shell());
      }
      RemoteShell s = shells.apply(server);
      synchronized (open) {
        if (closed) {
          closeQuietly(s);
          requireOpen();
        }
        open.put(server.id(), new OpenShell(server, s));
      }
      return s;
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new FailoverException("the Windows DHCP backend is closed: connect again to reach Windows servers");
    }
  }

  private void forget(ServerId id, RemoteShell shell) {
    synchronized (open) {
      OpenShell o = open.get(id);
      if (o != null && o.shell() == shell) {
        open.remove(id);
        closeQuietly(shell);
      }
    }
  }

  private static void closeQuietly(RemoteShell shell) {
    try {
      shell.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a shell failed: {}", e.toString());
    }
  }
}
