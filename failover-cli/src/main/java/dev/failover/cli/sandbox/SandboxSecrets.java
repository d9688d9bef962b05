package dev.failover.cli.sandbox;

import dev.failover.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sandbox's generated secrets, one file each in {@code secrets/} of the sandbox directory
 * (owner-only where the file system has POSIX permissions): the Kea basic-auth password, the
 * Windows login password, the Windows relationships' shared secret and the ISC OMAPI key. They are
 * made once, when the directory is first used, and never printed: the generated inventory names
 * the files ({@code passwordFile}), not the values.
 */
final class SandboxSecrets {

  static final String KEA = "kea.password";
  static final String WINDOWS = "windows.password";
  static final String WINDOWS_SHARED = "windows.shared-secret";
  static final String OMAPI_KEY = "omapi.key";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  SandboxSecrets(Path dir) {
    this.dir = dir;
  }

  /** The file holding a secret, made (random, owner-only) if it does not exist yet. */
  Path file(String name) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.exists(f)) {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
      }
      byte[] raw = new byte[name.equals(OMAPI_KEY) ? 16 : 24];
      RANDOM.nextBytes(raw);
      String value = name.equals(OMAPI_KEY) ? Base64.getEncoder().encodeToString(raw)
          : Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      try {
        Files.createFile(f);
      } catch (FileAlreadyExistsException e) {
        return f;
      }
      restrict(f, "rw-------");
      Files.writeString(f, value, StandardCharsets.US_ASCII);
    }
    return f;
  }

  /** The secret kept in a file (made first if needed). */
  Secret secret(String name) throws IOException {
    return Secret.of(Files.readString(file(name), StandardCharsets.US_ASCII).strip());
  }

  private static void restrict(Path p, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's own protection applies
    }
  }
}
