package dev.failover.windows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.BackendException;
import dev.failover.json.FailoverJson;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.server.ServerId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where relationships without scopes wait for their first scope: Windows has no such thing
 * ({@code Add-DhcpServerv4Failover} requires a scope), so the SDK keeps them in a JSON file named
 * by each server's {@code pending-file} option, under that server's id:
 *
 * <pre>
 * {"format":"dev.failover.windows.pending/1","servers":{"dhcp-a":[{relationship…}],"dhcp-b":[…]}}
 * </pre>
 *
 * Both servers of a pair may name the same file. A relationship is stored as the API's JSON
 * writes it; a pending relationship never holds a shared secret (the backend refuses one). Every
 * change is made under a lock (within this JVM, and a {@code .lock} file beside it across
 * processes) and written atomically: a new file beside the old one, moved over it.
 */
final class PendingStore {

  static final String FORMAT = "dev.failover.windows.pending/1";

  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private PendingStore() {}

  /** The relationships pending for the server; none when the file does not exist yet. */
  static List<Relationship> read(Path file, ServerId server) {
    synchronized (lock(file)) {
      return relationships(load(file, server), server, file);
    }
  }

  /** Records the relationship as pending on the server, replacing one of the same name. */
  static void put(Path file, ServerId server, Relationship relationship) {
    if (relationship.settings() instanceof WindowsFailoverSettings w && w.sharedSecret().isPresent()) {
      throw new IllegalArgumentException("a pending relationship never holds a shared secret");
    }
    update(file, server, list -> {
      list.removeIf(r -> r.name().equals(relationship.name()));
      list.add(relationship);
    });
  }

  /** Forgets the pending relationship of that name on the server (nothing if there is none). */
  static void remove(Path file, ServerId server, RelationshipName name) {
    update(file, server, list -> list.removeIf(r -> r.name().equals(name)));
  }

  private interface Edit {
    void apply(List<Relationship> list);
  }

  private static void update(Path file, ServerId server, Edit edit) {
    synchronized (lock(file)) {
      try {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock()) {
          ObjectNode root = load(file, server);
          List<Relationship> list = relationships(root, server, file);
          edit.apply(list);
          ObjectNode servers = (ObjectNode) root.get("servers");
          ObjectMapper mapper = FailoverJson.mapper();
          if (list.isEmpty()) {
            servers.remove(server.value());
          } else {
            ArrayNode array = servers.putArray(server.value());
            list.forEach(r -> array.add(mapper.valueToTree(r)));
          }
          write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        }
      } catch (IOException e) {
        throw new BackendException(BackendException.Kind.TRANSPORT, server.value(),
            "cannot update the pending-relationship file " + file + ": " + e.getMessage(), "pending-file", false, e);
      }
    }
  }

  private static Object lock(Path file) {
    return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
  }

  private static ObjectNode load(Path file, ServerId server) {
    ObjectMapper mapper = FailoverJson.mapper();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      ObjectNode root = mapper.createObjectNode();
      root.put("format", FORMAT);
      root.putObject("servers");
      return root;
    } catch (IOException e) {
      throw new BackendException(BackendException.Kind.TRANSPORT, server.value(),
          "cannot read the pending-relationship file " + file + ": " + e.getMessage(), "pending-file", false, e);
    }
    try {
      JsonNode root = mapper.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
          || !root.path("servers").isObject()) {
        throw corrupt(file, server, "it is not a " + FORMAT + " document", null);
      }
      return (ObjectNode) root;
    } catch (JsonProcessingException e) {
      throw corrupt(file, server, e.getOriginalMessage(), e);
    }
  }

  private static List<Relationship> relationships(ObjectNode root, ServerId server, Path file) {
    List<Relationship> out = new ArrayList<>();
    JsonNode list = root.path("servers").path(server.value());
    if (list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw corrupt(file, server, "the entry of " + server + " is not a list", null);
    }
    for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
      JsonNode node = it.next();
      try {
        out.add(FailoverJson.read(node.toString(), Relationship.class));
      } catch (dev.failover.errors.ValidationException e) {
        throw corrupt(file, server, e.getMessage(), e);
      }
    }
    return out;
  }

  private static BackendException corrupt(Path file, ServerId server, String why, Throwable cause) {
    return new BackendException(BackendException.Kind.REJECTED, server.value(),
        "the pending-relationship file " + file + " cannot be read: " + why, "pending-file", false, cause);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(java.nio.ByteBuffer.wrap(bytes));
        out.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
