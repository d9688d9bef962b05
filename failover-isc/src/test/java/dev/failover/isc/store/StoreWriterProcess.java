package dev.failover.isc.store;

import dev.failover.errors.ConflictException;
import dev.failover.isc.conf.IscConfig;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One writer of {@code LocalFileConfigStoreCrossProcessIT}, run as its own JVM:
 * {@code StoreWriterProcess <dhcpd.conf> <subnet>}. For each "read" line on stdin it reads the
 * configuration and answers "ready"; for the following "go" line it writes the configuration
 * with {@code <subnet>} added (guarded by the fingerprint it read) and answers "applied",
 * "conflict" or "error <message>". It ends on "quit" or at the end of its input.
 */
public final class StoreWriterProcess {

  private StoreWriterProcess() {
  }

  public static void main(String[] args) throws Exception {
    Path main = Path.of(args[0]);
    Subnet subnet = Subnet.parse(args[1]);
    Scope scope = Scope.builder().subnet(subnet)
        .addPool(Pool.of(subnet.network().plus(10).toString(), subnet.network().plus(20).toString())).build();
    LocalFileConfigStore store = LocalFileConfigStore.builder(main).server("writer-" + args[1]).build();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    IscConfigSnapshot snap = null;
    for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
      if (line.equals("read")) {
        snap = store.read();
        answer("ready");
      } else if (line.equals("go")) {
        IscConfig next = snap.config().withSubnet(scope);
        try {
          store.write(next, snap.fingerprint());
          answer("applied");
        } catch (ConflictException e) {
          answer("conflict");
        } catch (RuntimeException e) {
          answer("error " + e.getMessage().replace('\n', ' '));
        }
      }
    }
  }

  private static void answer(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
