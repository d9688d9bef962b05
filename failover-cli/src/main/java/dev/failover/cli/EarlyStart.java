package dev.failover.cli;

import dev.failover.cli.inventory.InventoryFile;
import dev.failover.cli.sandbox.Sandbox;
import dev.failover.spi.Backends;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What a run will need first, started in a thread of its own while picocli builds and parses the
 * command line, so that on an idle two-core machine the run waits for the longer of the two
 * instead of their sum: the sandbox (its fake servers started and re-seeded) for {@code --sandbox},
 * or the inventory file read and the backends found for {@code --inventory FILE} (or
 * {@code $FAILOVER_INVENTORY}). Started only when the command line plainly asks for it: a command
 * named, and none of help, version, {@code --sandbox-reset} (a command line that turns out wrong
 * must not reset the sandbox) or both {@code --sandbox} and {@code --inventory} (an error). The
 * run takes it ({@link #take}) when the parsed options name the same directory or file; otherwise
 * it is dropped ({@link #discard}; a sandbox is stopped, nothing saved). A failure to start is
 * thrown by {@link #take}, as it would have been without the early start.
 *
 * @param <T> what is started
 */
final class EarlyStart<T> {

  /** The inventory file read and the backends found on the class path. */
  record Inventory(InventoryFile file, Backends backends) {}

  private final Path key;
  private final CompletableFuture<T> work;
  private final Consumer<T> unused;
  private boolean taken;

  private EarlyStart(Path key, CompletableFuture<T> work, Consumer<T> unused) {
    this.key = key;
    this.work = work;
    this.unused = unused;
  }

  /** What the command line plainly asks for, found without picocli. */
  private record Asked(boolean sandbox, Path sandboxDir, Path inventory) {}

  /**
   * Starts the sandbox the command line asks for, if it plainly asks for one.
   *
   * @param args the command line
   * @return the starting sandbox, or null
   */
  static EarlyStart<Sandbox> sandbox(String[] args) {
    Asked asked = scan(args);
    if (asked == null || !asked.sandbox() || asked.inventory() != null) {
      return null;
    }
    Path dir = asked.sandboxDir() != null ? asked.sandboxDir() : Sandbox.defaultDirectory();
    return new EarlyStart<>(dir, async(() -> Sandbox.open(dir, false)), Sandbox::close);
  }

  /**
   * Reads the inventory file the command line (or {@code $FAILOVER_INVENTORY}) names, if it plainly names one.
   *
   * @param args the command line
   * @param env the environment
   * @return the inventory being read, or null
   */
  static EarlyStart<Inventory> inventory(String[] args, Map<String, String> env) {
    Asked asked = scan(args);
    if (asked == null || asked.sandbox() || asked.sandboxDir() != null) {
      return null;
    }
    Path file = asked.inventory();
    if (file == null) {
      String named = env.get(FailoverCli.INVENTORY_ENV);
      if (named == null || named.isEmpty()) {
        return null;
      }
      try {
        file = Path.of(named);
      } catch (InvalidPathException e) {
        return null;
      }
    }
    Path read = file;
    return new EarlyStart<>(read, async(() -> new Inventory(InventoryFile.read(read, env),
        Backends.discover(Session.class.getClassLoader()))), i -> { });
  }

  private static Asked scan(String[] args) {
    boolean sandbox = false;
    Path dir = null;
    Path inventory = null;
    for (int i = 0; args != null && i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--sandbox")) {
        sandbox = true;
      } else if (a.equals("--sandbox-dir") || a.startsWith("--sandbox-dir=")
          || a.equals("-i") || a.equals("--inventory") || a.startsWith("--inventory=")) {
        int eq = a.indexOf('=');
        String value = eq < 0 ? (i + 1 < args.length ? args[++i] : null) : a.substring(eq + 1);
        if (value == null || value.isEmpty()) {
          return null;
        }
        try {
          if (a.startsWith("--sandbox-dir")) {
            dir = Path.of(value);
          } else {
            inventory = Path.of(value);
          }
        } catch (InvalidPathException e) {
          return null;
        }
      } else if (a.startsWith("-i") || a.startsWith("--inventory") || a.startsWith("--sandbox-reset")
          || a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return null;
      } else if (FailoverCli.takesValue(a)) {
        i++;
      }
    }
    return namesCommand(FailoverCli.commandWord(args)) ? new Asked(sandbox, dir, inventory) : null;
  }

  private static boolean namesCommand(String word) {
    return word != null && FailoverCli.COMMAND_NAMES.contains(word);
  }

  private static <T> CompletableFuture<T> async(java.util.function.Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, r -> {
      Thread t = new Thread(r, "failover-early-start");
      t.setDaemon(true);
      t.start();
    });
  }

  /**
   * {@return what was started, if it was started for {@code wanted}; else null (it is then dropped by {@link #discard})}
   *
   * @param wanted the sandbox directory or inventory file the parsed command line names
   */
  T take(Path wanted) {
    if (taken || !key.equals(wanted)) {
      return null;
    }
    taken = true;
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Drops what was started if the run did not take it (once it is done: a sandbox's faces are then stopped). */
  void discard() {
    if (taken) {
      return;
    }
    taken = true;
    try {
      unused.accept(work.join());
    } catch (RuntimeException e) {
      // it failed to start or to stop, and the run did not use it: nothing to report
    }
  }
}
