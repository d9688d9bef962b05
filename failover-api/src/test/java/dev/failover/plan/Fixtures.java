package dev.failover.plan;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.net.URI;
import java.util.List;

/** Servers, scopes and relationships the plan tests share. */
public final class Fixtures {

  public static final ServerId ISC_A = ServerId.of("isc-a");
  public static final ServerId ISC_B = ServerId.of("isc-b");
  public static final ServerId WIN_A = ServerId.of("win-a");
  public static final ServerId WIN_B = ServerId.of("win-b");
  public static final ServerId KEA_A = ServerId.of("kea-a");
  public static final ServerId KEA_B = ServerId.of("kea-b");

  public static final Inventory INVENTORY = Inventory.of(
      Server.of("isc-a", Vendor.ISC, "192.0.2.1", URI.create("file:///etc/dhcp/a/dhcpd.conf")),
      Server.of("isc-b", Vendor.ISC, "192.0.2.2", URI.create("file:///etc/dhcp/b/dhcpd.conf")),
      Server.of("win-a", Vendor.WINDOWS, "dhcp1.example.org", URI.create("ssh://admin@127.0.0.1:2201")),
      Server.of("win-b", Vendor.WINDOWS, "dhcp2.example.org", URI.create("ssh://admin@127.0.0.1:2202")),
      Server.of("kea-a", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18001/")),
      Server.of("kea-b", Vendor.KEA, "127.0.0.1", URI.create("http://127.0.0.1:18002/")));

  private Fixtures() {}

  public static Scope office() {
    return Scope.builder().subnet(Subnet.parse("10.1.0.0/24"))
        .addPool(Pool.of("10.1.0.100", "10.1.0.200"))
        .addOption(OptionValue.of(3, "10.1.0.1"))
        .addReservation(Reservation.of("00:16:3e:00:00:01", "10.1.0.10"))
        .build();
  }

  public static Scope lab() {
    return Scope.builder().subnet(Subnet.parse("10.2.0.0/24"))
        .addPool(Pool.of("10.2.0.50", "10.2.0.99"))
        .addPool(Pool.of("10.2.0.150", "10.2.0.199"))
        .build();
  }

  public static ImmutableServerState state(ServerId id, Vendor vendor, Scope... scopes) {
    return ServerState.builder().server(id).vendor(vendor).fingerprint("fp-" + id + "-0").addScopes(scopes).build();
  }

  public static Relationship iscPair(String... scopes) {
    Relationship.Builder b = Relationship.builder().name("fo1").mode(FailoverMode.LOAD_BALANCING)
        .primary("isc-a").secondary("isc-b").settings(IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2"));
    for (String s : scopes) {
      b.addScope(s);
    }
    return b.build();
  }

  public static Relationship windowsPair(String... scopes) {
    Relationship.Builder b = Relationship.builder().name("win-pair").mode(FailoverMode.HOT_STANDBY)
        .primary("win-a").secondary("win-b").settings(WindowsFailoverSettings.defaults());
    for (String s : scopes) {
      b.addScope(s);
    }
    return b.build();
  }

  public static Relationship keaPair(String... scopes) {
    Relationship.Builder b = Relationship.builder().name("kea-pair").mode(FailoverMode.HOT_STANDBY)
        .primary("kea-a").secondary("kea-b").settings(KeaHaSettings.forPair(FailoverMode.HOT_STANDBY, KEA_A,
            URI.create("http://127.0.0.1:18001/"), KEA_B, URI.create("http://127.0.0.1:18002/")));
    for (String s : scopes) {
      b.addScope(s);
    }
    return b.build();
  }

  /**
   * The Windows pair {@code win-pair} over office and lab, in memory, with win-b's office holding
   * one reservation more than win-a's (a drift to replicate).
   */
  public static MemoryBackend driftedWindowsPair() {
    Relationship pair = windowsPair("10.1.0.0/24", "10.2.0.0/24");
    Scope drifted = Scope.builder().from(office()).reservations(List.of(Reservation.of("00:16:3e:00:00:09",
        "10.1.0.19"))).build();
    return new MemoryBackend(Vendor.WINDOWS, state(WIN_A, Vendor.WINDOWS, office(), lab()).withRelationships(pair),
        state(WIN_B, Vendor.WINDOWS, drifted, lab()).withRelationships(pair));
  }
}
