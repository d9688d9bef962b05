package dev.failover.cli;

import dev.failover.Secret;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableIscFailoverSettings;
import dev.failover.relationship.ImmutableKeaHaSettings;
import dev.failover.relationship.ImmutableKeaPeer;
import dev.failover.relationship.ImmutableWindowsFailoverSettings;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.VendorSettings;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import dev.failover.server.Server;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The relationship settings a command line can set, per vendor; what is not given keeps the
 * vendor's default ({@code create}) or the relationship's current value ({@code modify}).
 */
final class SettingsOptions {

  @Option(names = "--mclt", paramLabel = "DURATION",
      description = "Maximum client lead time (ISC mclt, Windows MaxClientLeadTime): 3600, 90s, 15m, 1h or PT1H.")
  Duration mclt;

  @Option(names = "--split", paramLabel = "0..256", description = "ISC: the primary's share of the 256 hash buckets.")
  Integer split;

  @Option(names = "--load-balance-percent", paramLabel = "0..100",
      description = "Windows load balancing: the primary's percentage of clients.")
  Integer loadBalancePercent;

  @Option(names = "--reserve-percent", paramLabel = "0..100",
      description = "Windows hot standby: the percentage of free addresses the standby keeps.")
  Integer reservePercent;

  @Option(names = "--state-switch-interval", paramLabel = "DURATION",
      description = "Windows: automatic switch from COMMUNICATION INTERRUPTED to PARTNER DOWN after this long.")
  Duration stateSwitchInterval;

  @Option(names = "--shared-secret-env", paramLabel = "VARIABLE",
      description = "Windows: message authentication with the shared secret in this environment variable.")
  String sharedSecretEnv;

  @Option(names = "--shared-secret-file", paramLabel = "FILE",
      description = "Windows: message authentication with the shared secret in this file.")
  Path sharedSecretFile;

  @Option(names = "--no-message-authentication",
      description = "Windows: turn message authentication off (and forget the shared secret).")
  boolean noMessageAuthentication;

  @Option(names = "--primary-url", paramLabel = "URL",
      description = "Kea: the primary's HA peer URL (default: its endpoint).")
  URI primaryUrl;

  @Option(names = "--secondary-url", paramLabel = "URL",
      description = "Kea: the partner's HA peer URL (default: its endpoint).")
  URI secondaryUrl;

  /** Whether any setting was given. */
  boolean any() {
    return mclt != null || split != null || loadBalancePercent != null || reservePercent != null
        || stateSwitchInterval != null || sharedSecretEnv != null || sharedSecretFile != null || noMessageAuthentication
        || primaryUrl != null
        || secondaryUrl != null;
  }

  /** The settings of a new relationship between the two servers in that mode. */
  VendorSettings create(FailoverMode mode, Server primary, Server secondary, Map<String, String> env) {
    Vendor vendor = primary.vendor();
    refuseOthers(vendor);
    return switch (vendor) {
      case ISC -> {
        ImmutableIscFailoverSettings.Builder b = IscFailoverSettings.builder().primaryAddress(primary.address())
            .secondaryAddress(secondary.address())
            .split(split != null ? split : mode == FailoverMode.HOT_STANDBY
                ? IscFailoverSettings.HOT_STANDBY_SPLIT : IscFailoverSettings.LOAD_BALANCING_SPLIT);
        if (mclt != null) {
          b.mclt(mclt);
        }
        yield b.build();
      }
      case KEA -> KeaHaSettings.forPair(mode, primary.id(), primaryUrl != null ? primaryUrl : primary.endpoint(),
          secondary.id(), secondaryUrl != null ? secondaryUrl : secondary.endpoint());
      case WINDOWS -> {
        ImmutableWindowsFailoverSettings.Builder b = WindowsFailoverSettings.builder();
        if (mode == FailoverMode.HOT_STANDBY) {
          b.partnerRole(WindowsServerRole.STANDBY);
        }
        windows(b, env);
        yield b.build();
      }
    };
  }

  /** The relationship with its mode and the given settings changed. */
  Relationship modify(Relationship current, FailoverMode newMode, Map<String, String> env) {
    FailoverMode mode = newMode != null ? newMode : current.mode();
    boolean modeChanged = mode != current.mode();
    refuseOthers(current.vendor());
    VendorSettings settings = current.settings();
    VendorSettings next;
    if (settings instanceof IscFailoverSettings isc) {
      ImmutableIscFailoverSettings.Builder b = ImmutableIscFailoverSettings.builder().from(isc);
      if (split != null) {
        b.split(split);
      } else if (modeChanged) {
        b.split(mode == FailoverMode.HOT_STANDBY ? IscFailoverSettings.HOT_STANDBY_SPLIT
            : IscFailoverSettings.LOAD_BALANCING_SPLIT);
        b.hba(java.util.Optional.empty());
      }
      if (mclt != null) {
        b.mclt(mclt);
      }
      next = b.build();
    } else if (settings instanceof KeaHaSettings kea) {
      List<KeaPeer> peers = new ArrayList<>();
      for (KeaPeer p : kea.peers()) {
        ImmutableKeaPeer q = ImmutableKeaPeer.copyOf(p);
        if (p.server().equals(current.primary()) && primaryUrl != null) {
          q = q.withUrl(primaryUrl);
        }
        if (p.server().equals(current.secondary())) {
          if (secondaryUrl != null) {
            q = q.withUrl(secondaryUrl);
          }
          if (modeChanged) {
            q = q.withRole(KeaHaSettings.partnerRole(mode));
          }
        }
        peers.add(q);
      }
      next = ImmutableKeaHaSettings.builder().from(kea).peers(peers).build();
    } else {
      WindowsFailoverSettings win = (WindowsFailoverSettings) settings;
      ImmutableWindowsFailoverSettings.Builder b = ImmutableWindowsFailoverSettings.builder().from(win);
      if (modeChanged) {
        b.loadBalancePercent(OptionalInt.empty()).reservePercent(OptionalInt.empty())
            .partnerRole(java.util.Optional.empty());
        if (mode == FailoverMode.HOT_STANDBY) {
          b.partnerRole(WindowsServerRole.STANDBY);
        }
      }
      windows(b, env);
      next = b.build();
    }
    return Relationship.builder().from(current).mode(mode).settings(next).build();
  }

  private void windows(ImmutableWindowsFailoverSettings.Builder b, Map<String, String> env) {
    if (loadBalancePercent != null) {
      b.loadBalancePercent(loadBalancePercent);
    }
    if (reservePercent != null) {
      b.reservePercent(reservePercent);
    }
    if (mclt != null) {
      b.maxClientLeadTime(mclt);
    }
    if (stateSwitchInterval != null) {
      b.stateSwitchInterval(stateSwitchInterval);
    }
    if (sharedSecretEnv != null && sharedSecretFile != null) {
      throw new UsageException("give the shared secret once: --shared-secret-env or --shared-secret-file");
    }
    if (noMessageAuthentication && (sharedSecretEnv != null || sharedSecretFile != null)) {
      throw new UsageException("--no-message-authentication turns the shared secret off: give it without "
          + "--shared-secret-env or --shared-secret-file");
    }
    if (noMessageAuthentication) {
      b.sharedSecret(java.util.Optional.empty()).messageAuthentication(false);
    }
    if (sharedSecretEnv != null) {
      String value = env.get(sharedSecretEnv);
      if (value == null || value.isEmpty()) {
        throw new UsageException(Output.clean("--shared-secret-env names the environment variable \"" + sharedSecretEnv
            + "\", which is not set or empty"));
      }
      b.sharedSecret(Secret.of(value)).messageAuthentication(true);
    }
    if (sharedSecretFile != null) {
      try {
        String value = Files.readString(sharedSecretFile, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
          throw new UsageException("--shared-secret-file " + sharedSecretFile + " is empty");
        }
        b.sharedSecret(Secret.of(value)).messageAuthentication(true);
      } catch (IOException e) {
        throw new UsageException("--shared-secret-file " + sharedSecretFile + " cannot be read ("
            + dev.failover.spi.Texts.failure(e) + ")");
      }
    }
  }

  /** Options that belong to another vendor are a usage error, never silently dropped. */
  private void refuseOthers(Vendor vendor) {
    List<String> wrong = new ArrayList<>();
    if (vendor != Vendor.ISC && split != null) {
      wrong.add("--split (ISC)");
    }
    if (vendor != Vendor.WINDOWS) {
      if (loadBalancePercent != null) {
        wrong.add("--load-balance-percent (Windows)");
      }
      if (reservePercent != null) {
        wrong.add("--reserve-percent (Windows)");
      }
      if (stateSwitchInterval != null) {
        wrong.add("--state-switch-interval (Windows)");
      }
      if (sharedSecretEnv != null || sharedSecretFile != null) {
        wrong.add("--shared-secret-env/--shared-secret-file (Windows)");
      }
      if (noMessageAuthentication) {
        wrong.add("--no-message-authentication (Windows)");
      }
    }
    if (vendor != Vendor.KEA && (primaryUrl != null || secondaryUrl != null)) {
      wrong.add("--primary-url/--secondary-url (Kea)");
    }
    if (vendor == Vendor.KEA && mclt != null) {
      wrong.add("--mclt (ISC and Windows)");
    }
    if (!wrong.isEmpty()) {
      throw new UsageException("not for a " + vendor.displayName() + " relationship: " + String.join(", ", wrong));
    }
  }
}
