import dev.failover.server.Vendor;
import dev.failover.spi.Backends;
import dev.failover.spi.FailoverBackend;

/**
 * Run by check-modules.sh on the module path: the API's own ServiceLoader call (Backends.discover)
 * finds each named backend module's provider through its "provides", not META-INF/services.
 */
public class ServiceCheck {
  public static void main(String[] args) {
    Backends found = Backends.discover(ClassLoader.getSystemClassLoader());
    int failures = 0;
    for (String expected : args) {
      String[] vm = expected.split("=");
      Vendor vendor = Vendor.valueOf(vm[0]);
      FailoverBackend b = found.find(vendor).orElse(null);
      String module = b == null ? "none" : String.valueOf(b.getClass().getModule().getName());
      boolean ok = b != null && module.equals(vm[1]);
      System.out.println("modules check: ServiceLoader on the module path: " + vendor + " -> "
          + (b == null ? "no backend" : b.getClass().getName() + " in module " + module) + (ok ? "" : "  <-- WRONG"));
      failures += ok ? 0 : 1;
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
