package dev.failover.isc.conf;

import java.util.Optional;

/**
 * Finds the text of a file named by an {@code include "file";} statement. dhcpd itself opens the
 * name relative to its working directory; {@link IscConfig#read(java.nio.file.Path)} resolves a
 * relative name against the main file's directory instead, which is what a service started from
 * that directory sees.
 */
@FunctionalInterface
public interface IncludeResolver {

  /**
   * {@return the file's text (each byte as one ISO-8859-1 char), or empty when there is no such file}
   *
   * @param includeName the file's name as the {@code include} statement writes it
   */
  Optional<String> read(String includeName);

  /** {@return a resolver that finds nothing: an include statement then fails to parse} */
  static IncludeResolver none() {
    return name -> Optional.empty();
  }
}
