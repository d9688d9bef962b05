package dev.failover.isc.store;

import java.nio.file.Path;

/**
 * What to do after a new configuration was written, typically asking the service manager to
 * restart dhcpd (dhcpd reads its configuration only at start). The user supplies it; the default
 * does nothing. An exception it throws is reported as a {@link dev.failover.errors.BackendException}
 * that says the file was written but the reload failed.
 */
@FunctionalInterface
public interface ReloadHook {

  /**
   * Called once after every successful write, with the main file's path.
   *
   * @param mainFile the path of the main configuration file
   * @throws Exception any failure: the write stands, and is reported as a transport failure naming the hook
   */
  void reload(Path mainFile) throws Exception;

  /** {@return the hook that does nothing} */
  static ReloadHook none() {
    return path -> { };
  }
}
