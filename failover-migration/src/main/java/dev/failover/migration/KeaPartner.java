package dev.failover.migration;

import dev.failover.errors.Violations;
import java.net.URI;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One Kea server of the new pair, as the plan needs it: its HA name, the URL its partner reaches
 * its HA listener at (a Control Agent for Kea 2.2 and 2.6, kea-dhcp4's own HTTP socket for 3.0),
 * the directory holding Kea's hook libraries, and the server's own part of the Dhcp4 map
 * (interfaces, control socket, lease database, loggers) that the plan keeps as it is.
 */
@Value.Immutable
public interface KeaPartner {

  /** The hook library directory of Debian's and Ubuntu's Kea packages. */
  String DEBIAN_HOOKS = "/usr/lib/x86_64-linux-gnu/kea/hooks";

  /** {@return the server's HA name ({@code this-server-name}, a {@code peers[].name})} */
  String name();

  /** {@return the URL the partner sends HA commands and lease updates to} */
  URI url();

  /** {@return the directory holding {@code libdhcp_ha.so} and {@code libdhcp_lease_cmds.so}} */
  @Value.Default
  default String hooksDirectory() {
    return DEBIAN_HOOKS;
  }

  /**
   * {@return the server's own Dhcp4 entries as a JSON object text (for example
   * {@code {"interfaces-config": {"interfaces": ["eth0"]}}}); the plan adds its entries to them}
   */
  Optional<String> base();

  /**
   * {@return a partner}
   *
   * @param name the HA name
   * @param url the HA URL
   */
  static KeaPartner of(String name, URI url) {
    return ImmutableKeaPartner.builder().name(name).url(url).build();
  }

  /** Checks the name and the URL (Kea accepts only an IP literal as a peer's host). */
  @Value.Check
  default void check() {
    String host = url().getHost();
    Violations.collect()
        .check(!name().isBlank() && name().length() <= 64 && name().matches("[A-Za-z0-9._-]+"), "name", name(),
            "must be 1 to 64 letters, digits, '.', '_' or '-' (a Kea HA server name)")
        .check("http".equals(url().getScheme()) || "https".equals(url().getScheme()), "url", url(),
            "must be an http or https URL")
        .check(host != null && (host.matches("[0-9.]+") || host.startsWith("[")), "url", url(),
            "must name its host by IP address (Kea refuses host names in HA peer URLs)")
        .throwIfAny("Kea partner");
  }
}
