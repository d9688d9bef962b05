package dev.failover.isc.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code dhcpd -t -cf} on texts, in a directory of the test's own. */
final class Dhcpd {

  static final Path BINARY = Path.of(System.getProperty("failover.dhcpd", "/usr/sbin/dhcpd"));

  /** dhcpd's verdict: exit status and output. */
  record Verdict(int exit, String output) {
    boolean accepted() {
      return exit == 0;
    }
  }

  private Dhcpd() {}

  /** Checks {@code files} (name to text; the first is the main file) written into {@code dir}. */
  static Verdict check(Path dir, Map<String, String> files) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run scripts/ensure-dhcp-servers.sh as root");
    }
    Path main = null;
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.write(p, IscConfig.encode(f.getValue()));
      if (main == null) {
        main = p;
      }
    }
    Path out = dir.resolve("dhcpd-output.txt");
    Process process = new ProcessBuilder(BINARY.toString(), "-t", "-cf", main.toString()).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("dhcpd -t did not finish in 30 s");
    }
    return new Verdict(process.exitValue(), Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  static Verdict check(Path dir, String text) throws IOException, InterruptedException {
    return check(dir, Map.of("dhcpd.conf", text));
  }
}
