package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.Failover;
import dev.failover.errors.FailoverException;
import dev.failover.access.Principal;
import dev.failover.audit.AuditListener;
import dev.failover.audit.JsonLinesAuditListener;
import dev.failover.cli.inventory.InventoryFile;
import dev.failover.cli.sandbox.Sandbox;
import dev.failover.plan.ServerState;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.spi.FailoverBackend;
import dev.failover.state.ServerStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What one run of the tool works on: the inventory (a file, or the sandbox's sample), the
 * {@link Failover} facade over it, and the principal commands act for.
 *
 * <p>With an inventory file the backends are those on the class path, found with
 * {@link java.util.ServiceLoader} exactly as {@link Failover#connect} finds them; a command that
 * needs a server whose vendor has no backend fails with the SDK's own error (which names the module
 * to add). In the sandbox, the backends are the SDK's real ones, reaching the sandbox's fake
 * servers over their wire faces; what the servers hold is kept in the sandbox directory, and the
 * faces are stopped, when the run ends.
 *
 * <p>Every attempt to change a server is appended to the audit log, when there is one
 * ({@code --audit-log FILE}, else the inventory file's {@code auditLog}): the file is opened (and
 * created) when the session starts, so a log that cannot be written stops the run before anything
 * is attempted.
 */
final class Session implements AutoCloseable {

  private final InventoryFile inventory;
  private final Failover failover;
  private final Backends backends;
  private final Sandbox sandbox;
  private final String as;
  private boolean changed;
  private final Map<ServerId, String> unreadable = new LinkedHashMap<>();
  private final AuditListener audit;

  private Session(InventoryFile inventory, Backends backends, Sandbox sandbox, String as, AuditListener audit) {
    this.audit = audit;
    this.inventory = inventory;
    this.backends = backends;
    this.sandbox = sandbox;
    this.as = as;
    this.failover = Failover.builder().inventory(inventory.inventory()).backends(backends).audit(audit).build();
  }

  /**
   * A session on the sandbox kept in {@code directory}.
   *
   * @param auditLog the audit log to append to; null: none
   */
  static Session sandbox(Path directory, boolean reset, String as, Path auditLog) {
    return sandbox(directory, reset, as, auditLog, null);
  }

  /**
   * A session on the sandbox kept in {@code directory}, started already (while the command line
   * was parsed) or, when {@code started} is null, now.
   *
   * @param auditLog the audit log to append to; null: none
   * @param started the sandbox, opened on {@code directory} without a reset; null: open it here
   */
  static Session sandbox(Path directory, boolean reset, String as, Path auditLog, Sandbox started) {
    AuditListener audit;
    try {
      audit = auditLog == null ? AuditListener.NONE : JsonLinesAuditListener.open(auditLog);
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      throw e;
    }
    Sandbox sandbox = started != null ? started : Sandbox.open(directory, reset);
    return new Session(sandbox.inventory(), Backends.of(sandbox.backends()), sandbox, as, audit);
  }

  /**
   * A session on an inventory file, with the backends on the class path.
   *
   * @param auditLog the audit log to append to; null: the file's {@code auditLog}, if any
   */
  static Session inventory(Path file, Map<String, String> env, String as, Path auditLog) {
    return inventory(file, env, as, auditLog, null);
  }

  /**
   * A session on an inventory file, read already (while the command line was parsed) or, when
   * {@code read} is null, now.
   *
   * @param auditLog the audit log to append to; null: the file's {@code auditLog}, if any
   * @param read the file read and the backends found; null: read and find them here
   */
  static Session inventory(Path file, Map<String, String> env, String as, Path auditLog, EarlyStart.Inventory read) {
    InventoryFile inventory = read != null ? read.file() : InventoryFile.read(file, env);
    Path log = auditLog != null ? auditLog : inventory.auditLog().orElse(null);
    AuditListener audit = log == null ? AuditListener.NONE : JsonLinesAuditListener.open(log);
    return new Session(inventory, read != null ? read.backends() : Backends.discover(Session.class.getClassLoader()),
        null, as, audit);
  }

  InventoryFile inventoryFile() {
    return inventory;
  }

  /** The audit log's listener ({@code --audit-log}, else the inventory's), for changes made outside the facade. */
  AuditListener audit() {
    return audit;
  }

  /** The facade's access policy, for changes made outside the facade (no backend needed to read it). */
  dev.failover.access.AccessPolicy policy() {
    return failover.policy();
  }

  Optional<Sandbox> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  /**
   * The facade, once every vendor of the inventory has a backend.
   *
   * @throws dev.failover.errors.FailoverException the SDK's "no backend for … servers: add …" otherwise
   */
  Failover failover() {
    Set<Vendor> vendors = EnumSet.noneOf(Vendor.class);
    inventory.inventory().servers().forEach(s -> vendors.add(s.vendor()));
    vendors.forEach(backends::require);
    return failover;
  }

  /** The backend of a vendor, if one is on the class path (or in the sandbox). */
  Optional<FailoverBackend> backend(Vendor vendor) {
    return backends.find(vendor);
  }

  /** The principal named with {@code --as}, else the inventory's default principal, if any. */
  Optional<Principal> principal() {
    if (as != null) {
      return Optional.of(inventory.principal(as));
    }
    return inventory.defaultPrincipal().map(inventory::principal);
  }

  /** The principal to apply a plan for; without one, a usage error naming the choices. */
  Principal requirePrincipal() {
    return principal().orElseThrow(() -> new UsageException("name the principal to act for with --as "
        + "(the inventory lists " + inventory.principals().keySet() + " and sets no defaultPrincipal)"));
  }

  /** Every server's state, in inventory order. */
  List<ServerState> states() {
    Failover f = failover();
    List<ServerState> out = new ArrayList<>();
    for (Server s : inventory.inventory().servers()) {
      out.add(f.state(s.id()));
    }
    return out;
  }

  /**
   * Every relationship of the inventory, by name, as its primary holds it (as its partner holds
   * it when the primary cannot be read). A server that cannot be read is passed over and
   * remembered in {@link #unreadable()}: one silent server never hides the others. When no server
   * can be read, the first one's error is thrown.
   *
   * <p>Each server is asked for its relationships alone ({@link FailoverBackend#relationships}):
   * a backend may read less for them than for the whole state (Kea maps no scope and computes no
   * fingerprint), which is most of what a {@code status} run spends against real Kea servers.
   */
  List<Relationship> relationships() {
    Map<RelationshipName, Relationship> byName = new TreeMap<>();
    List<Server> answered = new ArrayList<>();
    List<List<Relationship>> held = new ArrayList<>();
    FailoverException first = null;
    failover();
    Inventory all = inventory.inventory();
    List<Server> servers = all.servers();
    List<Object> read = perVendor(servers, Server::vendor, s -> {
      try {
        return backends.require(s.vendor()).relationships(s, all);
      } catch (FailoverException e) {
        return e;
      }
    });
    for (int i = 0; i < servers.size(); i++) {
      if (read.get(i) instanceof FailoverException e) {
        unreadable.putIfAbsent(servers.get(i).id(), e.getMessage());
        first = first == null ? e : first;
      } else {
        answered.add(servers.get(i));
        @SuppressWarnings("unchecked")
        List<Relationship> list = (List<Relationship>) read.get(i);
        held.add(list);
      }
    }
    if (answered.isEmpty() && first != null) {
      // nothing answered at all: that is an error, not a partial answer
      throw first;
    }
    for (int i = 0; i < answered.size(); i++) {
      for (Relationship r : held.get(i)) {
        if (r.primary().equals(answered.get(i).id()) || !byName.containsKey(r.name())) {
          byName.put(r.name(), r);
        }
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * The failover state each server of each relationship reports, as {@link Failover#statuses}
   * reads it (a server that does not answer is silent, with why), for relationships already read:
   * nothing is read again to find them.
   */
  List<List<ServerStatus>> statuses(List<Relationship> relationships) {
    failover();
    return perVendor(relationships, Relationship::vendor, r -> {
      List<ServerStatus> out = new ArrayList<>();
      for (ServerId id : r.servers()) {
        try {
          Server s = inventory.inventory().require(id);
          out.add(ServerStatus.of(backends.require(s.vendor()).status(s, r)));
        } catch (FailoverException e) {
          out.add(ServerStatus.silent(r.name(), id, e.getMessage()));
        }
      }
      return out;
    });
  }

  /**
   * {@code work} done for every item: one vendor's items one after the other, each vendor's in a
   * thread of its own, so a backend is never used by two threads at once while the three vendors'
   * servers are read at the same time. The results are in the items' order; a failure is thrown
   * once every item is done.
   */
  static <T, R> List<R> perVendor(List<T> items, Function<T, Vendor> vendorOf, Function<T, R> work) {
    Map<Vendor, List<Integer>> byVendor = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      byVendor.computeIfAbsent(vendorOf.apply(items.get(i)), v -> new ArrayList<>()).add(i);
    }
    Object[] results = new Object[items.size()];
    RuntimeException[] failures = new RuntimeException[items.size()];
    List<Runnable> jobs = new ArrayList<>();
    for (List<Integer> group : byVendor.values()) {
      jobs.add(() -> {
        for (int i : group) {
          try {
            results[i] = work.apply(items.get(i));
          } catch (RuntimeException e) {
            failures[i] = e;
          }
        }
      });
    }
    // the first vendor's items in this thread, the others' each in a thread of their own
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (Runnable job : jobs.subList(Math.min(1, jobs.size()), jobs.size())) {
      others.add(CompletableFuture.runAsync(job, Session::daemon));
    }
    if (!jobs.isEmpty()) {
      jobs.get(0).run();
    }
    others.forEach(CompletableFuture::join); // join: what the threads wrote is visible from here on
    List<R> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (failures[i] != null) {
        throw failures[i];
      }
      @SuppressWarnings("unchecked")
      R r = (R) results[i];
      out.add(r);
    }
    return out;
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "failover-read");
    t.setDaemon(true);
    t.start();
  }

  /** The relationships named, or every relationship when none is named. */
  List<Relationship> relationships(List<String> names) {
    if (names == null || names.isEmpty()) {
      return relationships();
    }
    List<Relationship> out = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names)) {
      out.add(failover().relationship(name));
    }
    return out;
  }

  /** The servers this run could not read, with why, in the order met. */
  Map<ServerId, String> unreadable() {
    return Collections.unmodifiableMap(unreadable);
  }

  /** Notes a server this run could not read or that did not answer. */
  void unreadable(ServerId server, String problem) {
    unreadable.putIfAbsent(server, problem);
  }

  /**
   * Adds what the run could not read to a command's answer: an {@code unreadable} array (server,
   * problem) and {@code partial} in the document, one line per server in the text.
   *
   * @return whether the answer is partial
   */
  boolean reportUnreadable(ObjectNode doc, StringBuilder text) {
    com.fasterxml.jackson.databind.node.ArrayNode list = doc.putArray("unreadable");
    unreadable.forEach((server, problem) -> {
      list.addObject().put("server", server.value()).put("problem", problem);
      text.append("server ").append(server).append(" could not be read: ").append(Output.clean(problem)).append('\n');
    });
    doc.put("partial", !unreadable.isEmpty());
    return !unreadable.isEmpty();
  }

  /** Notes that the run changed a server (the sandbox then saves its state). */
  void changed() {
    changed = true;
  }

  /**
   * Closes the facade (its backends' connections and sessions), keeps what the sandbox's servers
   * hold for the next run (when the run changed them) and stops its faces.
   */
  @Override
  public void close() {
    try {
      failover.close();
    } finally {
      closeSandbox();
    }
  }

  private void closeSandbox() {
    if (sandbox != null) {
      try {
        if (changed) {
          sandbox.save();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep the sandbox in " + sandbox.directory() + ": "
            + e.getMessage(), e);
      } finally {
        sandbox.close();
      }
    }
  }
}
