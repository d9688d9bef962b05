package dev.failover.isc.conf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The sample configurations under src/test/resources, read as dhcpd reads them (bytes). */
final class Resources {

  private Resources() {}

  static String text(String name) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return IscConfig.decode(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IncludeResolver includes() {
    return name -> Resources.class.getResource(name) == null ? Optional.empty() : Optional.of(text(name));
  }

  static IscConfig parse(String name) {
    return IscConfig.parse(name, text(name), includes());
  }
}
