package dev.failover.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.FailoverException;
import dev.failover.plan.MemoryBackend;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backends are found with ServiceLoader; two for one vendor are an error, never a silent pick. */
class BackendsTest {

  /** A provider of an in-memory Kea backend, as a backend module would list it. */
  public static final class KeaProvider implements BackendProvider {
    @Override
    public Vendor vendor() {
      return Vendor.KEA;
    }

    @Override
    public FailoverBackend create() {
      return new MemoryBackend(Vendor.KEA);
    }
  }

  /** A second provider for the same vendor. */
  public static final class OtherKeaProvider implements BackendProvider {
    @Override
    public Vendor vendor() {
      return Vendor.KEA;
    }

    @Override
    public FailoverBackend create() {
      return new MemoryBackend(Vendor.KEA);
    }
  }

  private static ClassLoader listing(Path dir, String... providers) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(BackendProvider.class.getName()), String.join("\n", providers) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, BackendsTest.class.getClassLoader());
  }

  @Test
  void aListedProviderIsFound(@TempDir Path dir) throws IOException {
    Backends backends = Backends.discover(listing(dir, KeaProvider.class.getName()));
    assertThat(backends.vendors()).containsExactly(Vendor.KEA);
    assertThat(backends.require(Vendor.KEA)).isInstanceOf(MemoryBackend.class);
    assertThatThrownBy(() -> backends.require(Vendor.ISC)).isInstanceOf(FailoverException.class)
        .hasMessage("no backend for ISC dhcpd servers: add the dev.failover:failover-isc dependency");
  }

  @Test
  void twoProvidersForOneVendorAreAnError(@TempDir Path dir) throws IOException {
    ClassLoader loader = listing(dir, KeaProvider.class.getName(), OtherKeaProvider.class.getName());
    assertThatThrownBy(() -> Backends.discover(loader)).isInstanceOf(FailoverException.class)
        .hasMessageContaining("two backends for Kea").hasMessageContaining(KeaProvider.class.getName())
        .hasMessageContaining(OtherKeaProvider.class.getName());
    assertThatThrownBy(() -> Backends.of(java.util.List.of(new MemoryBackend(Vendor.KEA), new MemoryBackend(Vendor.KEA))))
        .isInstanceOf(FailoverException.class);
  }
}
