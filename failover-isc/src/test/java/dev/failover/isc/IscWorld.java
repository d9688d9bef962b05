package dev.failover.isc;

import dev.failover.Failover;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.plan.Operation;
import dev.failover.plan.Plan;
import dev.failover.plan.ServerState;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ISC servers as dhcpd.conf files in a test's directory, behind a facade with the ISC backend.
 * Without a dhcpd binary (option {@code dhcpd} pointing at a missing file) unless one is given.
 */
final class IscWorld {

  static final Principal ADMIN = Principal.withRoles("isc-admin", BuiltInRole.DHCP_ADMINISTRATORS);

  private final Path dir;
  private final Map<String, Server> servers = new LinkedHashMap<>();
  private final List<Path> reloaded = new ArrayList<>();
  private Path dhcpd;
  final IscBackend backend;

  IscWorld(Path dir) {
    this.dir = dir;
    this.dhcpd = dir.resolve("no-dhcpd");
    this.backend = new IscBackend(path -> {
      synchronized (reloaded) {
        reloaded.add(path);
      }
    });
  }

  /** Checks every write with this dhcpd binary from now on (for servers added afterwards). */
  IscWorld dhcpd(Path binary) {
    this.dhcpd = binary;
    return this;
  }

  /** Adds a server whose dhcpd.conf holds {@code text}. */
  IscWorld server(String id, String address, String text) {
    try {
      Path conf = dir.resolve(id).resolve("dhcpd.conf");
      Files.createDirectories(conf.getParent());
      Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
      servers.put(id, Server.builder().id(ServerId.of(id)).vendor(Vendor.ISC).address(address).endpoint(conf.toUri())
          .putOption("dhcpd", dhcpd.toString()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Points the server's OMAPI options at a listener, with an optional key. */
  IscWorld omapi(String id, String host, int port, java.util.Optional<dev.failover.server.Credential> key) {
    Server s = servers.get(id);
    servers.put(id, Server.builder().from(s).putOption("omapi-host", host).putOption("omapi-port", String.valueOf(port))
        .credential(key).build());
    return this;
  }

  Inventory inventory() {
    return Inventory.of(List.copyOf(servers.values()));
  }

  Failover failover() {
    return Failover.builder().inventory(inventory()).backends(backend).build();
  }

  Server server(String id) {
    return servers.get(id);
  }

  Path file(String id) {
    return dir.resolve(id).resolve("dhcpd.conf");
  }

  String text(String id) {
    try {
      return Files.readString(file(id), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String id, String text) {
    try {
      Files.writeString(file(id), text, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ServerState state(String id) {
    return backend.read(servers.get(id), inventory());
  }

  /** Plans and applies the operation as a DHCP administrator; returns the plan. */
  Plan apply(Operation op) {
    Failover f = failover();
    Plan plan = f.plan(op);
    f.apply(plan, ADMIN);
    return plan;
  }

  List<Path> reloaded() {
    synchronized (reloaded) {
      return List.copyOf(reloaded);
    }
  }
}
