package dev.failover.testkit.gen;

import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Exclusion;
import dev.failover.scope.OptionValue;
import dev.failover.scope.Pool;
import dev.failover.scope.Reservation;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Generators of the SDK's values, every one valid (building it does not throw) and drawn from
 * a seeded random source only, so a seed reproduces it anywhere. They lean towards what breaks
 * code: edges of every range (a /30, a scope id of 4294967294, a 126-character relationship
 * name, a heartbeat of 65535 ms), defaults left out as often as set, and names full of quotes,
 * braces, {@code $(…)} and bidirectional controls.
 *
 * <p>Addresses and scopes: {@link #subnets()}, {@link #disjointSubnets}, {@link #scopes()},
 * {@link #scopesOf}, {@link #disjointScopes}, {@link #pools}, {@link #exclusions},
 * {@link #reservations}, {@link #optionValues}, {@link #optionValue()},
 * {@link #scopeProperties()}. Relationships: {@link #relationships(ServerId, ServerId)} and its
 * narrower forms, {@link #iscSettings}, {@link #keaSettings}, {@link #windowsSettings},
 * {@link #relationshipNames()}, {@link #serverIds()}. Hostile text: {@link #hostileText()} (raw:
 * anything at all), {@link #hostilePrintableText}, {@link #hostileScopeNames()},
 * {@link #hostileDescriptions()}, {@link #hostileRelationshipNames()} (valid for the field),
 * {@link #hostileCorpus()}.
 */
public final class Generators {

  /** The most subnets {@link #disjointSubnets} and {@link #disjointScopes} hand out at once. */
  public static final int MAX_DISJOINT = 10_000;

  private static final int DEFAULT_MIN_PREFIX = 16;
  private static final int DEFAULT_MAX_PREFIX = 30;

  private Generators() {}

  // Addresses and scopes -------------------------------------------------------------------------

  /**
   * {@return subnets of prefix length 16 to 30 in private address space (10.0.0.0/8, 172.16.0.0/12,
   * 192.168.0.0/16): a /24 half the time, a /16 or a /30 often}
   */
  public static Generator<Subnet> subnets() {
    return subnets(DEFAULT_MIN_PREFIX, DEFAULT_MAX_PREFIX);
  }

  /**
   * {@return subnets of prefix length {@code minPrefix} to {@code maxPrefix} in private address space, in
   * one of the private blocks that can hold that size}
   *
   * @param minPrefix the shortest prefix length
   * @param maxPrefix the longest prefix length
   * @throws IllegalArgumentException unless {@code 8 <= minPrefix <= maxPrefix <= 30}
   *
   */
  public static Generator<Subnet> subnets(int minPrefix, int maxPrefix) {
    if (minPrefix < 8 || maxPrefix < minPrefix || maxPrefix > 30) {
      throw new IllegalArgumentException("prefix lengths must satisfy 8 <= minPrefix <= maxPrefix <= 30, was "
          + minPrefix + " and " + maxPrefix);
    }
    return random -> Networks.subnet(random, minPrefix, maxPrefix);
  }

  /**
   * {@return lists of {@code minCount} to {@code maxCount} subnets (prefix length 16 to 30, private space)
   * of which no two overlap, in the order drawn: subnets that can be scopes of one server
   * together}
   *
   * @param minCount the fewest subnets
   * @param maxCount the most subnets
   * @throws IllegalArgumentException unless {@code 0 <= minCount <= maxCount <= }{@value #MAX_DISJOINT}
   *
   */
  public static Generator<List<Subnet>> disjointSubnets(int minCount, int maxCount) {
    counts(minCount, maxCount, MAX_DISJOINT);
    return random -> List.copyOf(Networks.disjoint(random, Draw.uniform(random, minCount, maxCount),
        DEFAULT_MIN_PREFIX, DEFAULT_MAX_PREFIX));
  }

  /** {@return scopes of {@link #subnets()}, with contents as {@link #scopesOf(Subnet)} draws them} */
  public static Generator<Scope> scopes() {
    return scopes(subnets());
  }

  /**
   * {@return scopes of the subnets {@code subnets} draws, with contents as {@link #scopesOf(Subnet)} draws them}
   *
   * @param subnets draws the subnets
   */
  public static Generator<Scope> scopes(Generator<Subnet> subnets) {
    Objects.requireNonNull(subnets, "subnets");
    return random -> content(random, subnets.next(random));
  }

  /**
   * {@return scopes of that subnet: properties as {@link #scopeProperties()} draws them; up to 4 pools
   * and up to 3 exclusions inside the subnet's host addresses, no two pools and no two
   * exclusions overlapping (an exclusion may lie across a pool, as on Windows); up to 8
   * reservations with distinct identifiers, host names and addresses, none on the network or
   * broadcast address; up to 6 option values of distinct identity} Pools name no ISC failover
   * peer and no Kea client class (add them with {@code ImmutablePool.withFailoverPeer} where a
   * test has the peer).
   *
   * @param subnet the subnet
   */
  public static Generator<Scope> scopesOf(Subnet subnet) {
    Objects.requireNonNull(subnet, "subnet");
    return random -> content(random, subnet);
  }

  /**
   * {@return lists of {@code minCount} to {@code maxCount} scopes as one server holds them: subnets that
   * do not overlap ({@link #disjointSubnets}) and scope ids that differ where set}
   *
   * @param minCount the fewest scopes
   * @param maxCount the most scopes
   * @throws IllegalArgumentException unless {@code 0 <= minCount <= maxCount <= }{@value #MAX_DISJOINT}
   *
   */
  public static Generator<List<Scope>> disjointScopes(int minCount, int maxCount) {
    counts(minCount, maxCount, MAX_DISJOINT);
    return random -> List.copyOf(Scopes.disjointScopes(random, Draw.uniform(random, minCount, maxCount)));
  }

  /**
   * {@return lists of 0 to {@code maxCount} pools inside the subnet's host addresses, no two
   * overlapping, in address order (fewer when the subnet has fewer addresses)}
   *
   * @param subnet the subnet
   * @param maxCount the most pools
   * @throws IllegalArgumentException if {@code maxCount} is negative
   *
   */
  public static Generator<List<Pool>> pools(Subnet subnet, int maxCount) {
    Objects.requireNonNull(subnet, "subnet");
    counts(0, maxCount, Integer.MAX_VALUE);
    return random -> List.copyOf(Scopes.pools(random, subnet, Draw.uniform(random, 0, maxCount)));
  }

  /**
   * {@return lists of 0 to {@code maxCount} exclusions inside the subnet's host addresses, no two
   * overlapping, in address order}
   *
   * @param subnet the subnet
   * @param maxCount the most exclusions
   * @throws IllegalArgumentException if {@code maxCount} is negative
   *
   */
  public static Generator<List<Exclusion>> exclusions(Subnet subnet, int maxCount) {
    Objects.requireNonNull(subnet, "subnet");
    counts(0, maxCount, Integer.MAX_VALUE);
    return random -> List.copyOf(Scopes.exclusions(random, subnet, Draw.uniform(random, 0, maxCount)));
  }

  /**
   * {@return lists of 0 to {@code maxCount} reservations in the subnet: distinct addresses (never the
   * network or broadcast address), distinct client identifiers (hardware addresses mostly, every
   * identifier type sometimes, lengths up to each type's limit), distinct host names where set;
   * names and descriptions plain or hostile; now and then option values of their own}
   *
   * @param subnet the subnet
   * @param maxCount the most reservations
   * @throws IllegalArgumentException if {@code maxCount} is negative
   *
   */
  public static Generator<List<Reservation>> reservations(Subnet subnet, int maxCount) {
    Objects.requireNonNull(subnet, "subnet");
    counts(0, maxCount, Integer.MAX_VALUE);
    return random -> List.copyOf(Scopes.reservations(random, subnet, Draw.uniform(random, 0, maxCount)));
  }

  /**
   * {@return lists of 0 to {@code maxCount} option values, no two of the same identity (space, code, user
   * class, vendor class)}
   *
   * @param maxCount the most option values
   * @throws IllegalArgumentException unless {@code 0 <= maxCount <= 1000}
   *
   */
  public static Generator<List<OptionValue>> optionValues(int maxCount) {
    counts(0, maxCount, 1000);
    return random -> List.copyOf(Scopes.options(random, Draw.uniform(random, 0, maxCount)));
  }

  /**
   * {@return option values: mostly a well-known option (routers, DNS servers, domain name and search
   * list, NTP and NetBIOS servers, TFTP server and boot file) with a value of its shape, list
   * items separated by {@code ", "}; a quarter a site-specific code (224 to 254) with hostile
   * text, which Kea accepts only with an option definition; a fifth for a user class and an
   * eighth for a vendor class (which Windows accepts only once the class is defined)}
   */
  public static Generator<OptionValue> optionValue() {
    return Scopes::option;
  }

  /**
   * {@return scope properties: names and descriptions left out, plain or hostile (up to their limits of
   * 256 and 1024 characters), lease times from 1 second to 999 days or none, enabled or not,
   * ids from 1 to 4294967294 (both edges often) or none}
   */
  public static Generator<ScopeProperties> scopeProperties() {
    return Scopes::properties;
  }

  // Servers and relationships --------------------------------------------------------------------

  /**
   * Server ids: {@code dhcp-<n>} mostly, sometimes any allowed shape up to the full 64 characters.
   *
   * @return a generator of server ids
   */
  public static Generator<ServerId> serverIds() {
    return random -> {
      if (!Draw.oneIn(random, 3)) {
        return ServerId.of("dhcp-" + Draw.uniform(random, 1, 9999));
      }
      String first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      String rest = first + "._-";
      int length = Draw.number(random, 1, 64, 8);
      StringBuilder b = new StringBuilder(length).append(first.charAt(random.nextInt(first.length())));
      for (int i = 1; i < length; i++) {
        b.append(rest.charAt(random.nextInt(rest.length())));
      }
      return ServerId.of(b.toString());
    };
  }

  /** {@return relationship names: plain mostly, hostile a third of the time, now and then the full 126 characters} */
  public static Generator<RelationshipName> relationshipNames() {
    return Relationships::name;
  }

  /**
   * {@return relationships between the two servers, of any vendor in any mode it has (ISC and Windows:
   * load balancing and hot standby; Kea: those and passive backup), with valid settings and zero
   * to four disjoint subnets as scopes}
   *
   * @param primary the primary's id
   * @param secondary the secondary's id
   * @throws IllegalArgumentException if the two servers are the same
   *
   */
  public static Generator<Relationship> relationships(ServerId primary, ServerId secondary) {
    List<Generator<Relationship>> all = new ArrayList<>();
    for (Vendor vendor : Vendor.values()) {
      all.add(relationships(vendor, primary, secondary));
    }
    return Generator.anyOf(all);
  }

  /**
   * {@return relationships of that vendor between the two servers, in every mode the vendor has (each
   * equally likely)}
   *
   * @param vendor the vendor
   * @param primary the primary's id
   * @param secondary the secondary's id
   * @throws IllegalArgumentException if the two servers are the same
   *
   */
  public static Generator<Relationship> relationships(Vendor vendor, ServerId primary, ServerId secondary) {
    Objects.requireNonNull(vendor, "vendor");
    List<Generator<Relationship>> modes = new ArrayList<>();
    for (FailoverMode mode : FailoverMode.values()) {
      if (mode.supportedBy(vendor)) {
        modes.add(relationships(vendor, mode, primary, secondary));
      }
    }
    return Generator.anyOf(modes);
  }

  /**
   * {@return relationships of that vendor and mode between the two servers: the settings of
   * {@link #iscSettings}, {@link #keaSettings} (without backups) or {@link #windowsSettings}, a
   * name of {@link #relationshipNames()}, zero to four disjoint subnets as scopes}
   *
   * @param vendor the vendor
   * @param mode the mode
   * @param primary the primary's id
   * @param secondary the secondary's id
   * @throws IllegalArgumentException if the vendor lacks the mode or the two servers are the same
   *
   */
  public static Generator<Relationship> relationships(Vendor vendor, FailoverMode mode, ServerId primary,
      ServerId secondary) {
    Objects.requireNonNull(vendor, "vendor");
    mode(vendor, mode);
    servers(primary, secondary, List.of());
    return random -> Relationships.relationship(random, vendor, mode, primary, secondary, List.of());
  }

  /**
   * {@return Kea relationships of that mode between the two servers, each with a random subset of
   * {@code backups} as further peers in the backup role (Kea allows any number of backups in
   * every mode)}
   *
   * @param mode the mode
   * @param primary the primary's id
   * @param secondary the secondary's id
   * @param backups the servers that may be backups
   * @throws IllegalArgumentException if two of the servers are the same
   *
   */
  public static Generator<Relationship> keaRelationships(FailoverMode mode, ServerId primary, ServerId secondary,
      List<ServerId> backups) {
    mode(Vendor.KEA, mode);
    List<ServerId> others = servers(primary, secondary, backups);
    return random -> Relationships.relationship(random, Vendor.KEA, mode, primary, secondary, others);
  }

  /**
   * {@return ISC dhcpd settings for the mode} Load balancing: split 1 to 255 (128, or left to its default,
   * half the time) or an hba with 1 to 255 buckets set; hot standby: split 256 or 0, or an
   * all-ones or all-zeros hba; hba bytes written lower case, upper case or with one digit where
   * dhcpd reads that. Addresses IPv4 literals or host names, the same address now and then with
   * different ports; every time in whole seconds within a C int, every percentage 1 to 100; each
   * parameter left to its default a third of the time or more. {@code mclt}, split and hba go
   * into the primary's declaration only ({@link IscFailoverSettings#declarationFor}).
   *
   * @param mode the mode
   * @throws IllegalArgumentException for passive backup, which dhcpd does not have
   *
   */
  public static Generator<IscFailoverSettings> iscSettings(FailoverMode mode) {
    mode(Vendor.ISC, mode);
    return random -> Relationships.isc(random, mode);
  }

  /**
   * {@return Kea HA settings for the mode: a primary peer on {@code primary}, a peer on {@code partner} in
   * the role the mode gives it (secondary, standby, backup), a random subset of {@code backups}
   * as backup peers, in random order; peer names the server id or a custom (sometimes hostile)
   * name, all distinct; URLs with IPv4 or bracketed IPv6 literal hosts, distinct host and port,
   * {@code https} only where the peer or the relationship has TLS files; heartbeat, response and
   * ack delays in whole milliseconds from 0 to 65535; {@code delayed-updates-limit} only in load
   * balancing (elsewhere 0 or left out); {@code wait-backup-ack} true only in passive backup;
   * basic auth by value or by file; multi-threading and state-machine pauses now and then}
   *
   * @param mode the mode
   * @param primary the primary's id
   * @param partner the partner's id
   * @param backups the servers that may be backups
   * @throws IllegalArgumentException if two of the servers are the same
   *
   */
  public static Generator<KeaHaSettings> keaSettings(FailoverMode mode, ServerId primary, ServerId partner,
      List<ServerId> backups) {
    mode(Vendor.KEA, mode);
    List<ServerId> others = servers(primary, partner, backups);
    return random -> Relationships.kea(random, mode, primary, partner, others);
  }

  /**
   * {@return Windows settings for the mode: in load balancing a load balance percentage (0 to 100) or the
   * default, in hot standby a reserve percentage and a partner role or their defaults, never the
   * other mode's; MCLT and state switchover interval in whole seconds from 1 to 4294967295 (the
   * interval left out half the time); a shared secret (plain or hostile), message
   * authentication on without a secret (as read from a server), or neither}
   *
   * @param mode the mode
   * @throws IllegalArgumentException for passive backup, which Windows does not have
   *
   */
  public static Generator<WindowsFailoverSettings> windowsSettings(FailoverMode mode) {
    mode(Vendor.WINDOWS, mode);
    return random -> Relationships.windows(random, mode);
  }

  // Hostile text ---------------------------------------------------------------------------------

  /**
   * Raw hostile text, for input that must be refused or escaped: pieces of quoting (including
   * {@code ’ ‘ ‚ ‛}), dhcpd.conf, JSON, shell and PowerShell syntax ({@code ; { } $( ` | # <#}),
   * non-ASCII letters and emoji, bidirectional controls and invisible characters, mixed with
   * plain words; half the time also newlines, carriage returns, NUL, escape sequences, other
   * control characters or lone surrogate halves; sometimes a whole {@linkplain #hostileCorpus()
   * corpus} string (the empty string among them), now and then a text of thousands of characters.
   *
   * @return a generator of hostile text
   */
  public static Generator<String> hostileText() {
    return Hostile::rawText;
  }

  /**
   * {@return hostile text that every "text without control characters" field accepts: {@code minLength}
   * to {@code maxLength} characters (UTF-16 units; surrogate pairs never split), always holding
   * at least one hostile piece (a quote, a piece of syntax, a non-ASCII letter, a bidirectional
   * control or an invisible character), never a control character, a line break or a lone
   * surrogate; now and then exactly {@code maxLength} long}
   *
   * @param minLength the shortest length
   * @param maxLength the longest length
   * @throws IllegalArgumentException unless {@code 0 <= minLength <= maxLength} and {@code maxLength >= 1}
   *
   */
  public static Generator<String> hostilePrintableText(int minLength, int maxLength) {
    if (minLength < 0 || maxLength < Math.max(1, minLength)) {
      throw new IllegalArgumentException("lengths must satisfy 0 <= minLength <= maxLength and maxLength >= 1, was "
          + minLength + " and " + maxLength);
    }
    return random -> Hostile.printableText(random, minLength, maxLength, false);
  }

  /**
   * {@return hostile scope names that {@link ScopeProperties} accepts: 1 to 256 characters without control characters}
   */
  public static Generator<String> hostileScopeNames() {
    return hostilePrintableText(1, 256);
  }

  /**
   * {@return hostile descriptions that scope properties and reservations accept: up to 1024 characters without control characters}
   */
  public static Generator<String> hostileDescriptions() {
    return hostilePrintableText(0, 1024);
  }

  /**
   * {@return hostile relationship names: 1 to 126 characters without control characters, neither starting
   * nor ending with whitespace (also valid Kea peer names)}
   */
  public static Generator<RelationshipName> hostileRelationshipNames() {
    return random -> RelationshipName.of(Hostile.printableText(random, 1, RelationshipName.MAX_LENGTH, true));
  }

  /**
   * {@return fixed strings known to break naive code (injection into PowerShell, dhcpd.conf and Kea JSON, line breaks, bidi, lengths just over the limits), each worth a test as it is}
   */
  public static List<String> hostileCorpus() {
    return Hostile.CORPUS;
  }

  // ------------------------------------------------------------------------------------------------

  private static Scope content(java.util.random.RandomGenerator random, Subnet subnet) {
    return Scopes.scope(random, subnet, 4, 3, 8, 6);
  }

  private static void counts(int min, int max, int limit) {
    if (min < 0 || max < min || max > limit) {
      throw new IllegalArgumentException("counts must satisfy 0 <= min <= max <= " + limit + ", was " + min + " and "
          + max);
    }
  }

  private static void mode(Vendor vendor, FailoverMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (!mode.supportedBy(vendor)) {
      throw new IllegalArgumentException("mode must be one " + vendor.displayName() + " has, was " + mode);
    }
  }

  /** Checks that the servers are all different; answers the backups. */
  private static List<ServerId> servers(ServerId primary, ServerId secondary, List<ServerId> backups) {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(secondary, "secondary");
    List<ServerId> others = List.copyOf(backups);
    Set<ServerId> seen = new HashSet<>(Arrays.asList(primary, secondary));
    if (seen.size() < 2) {
      throw new IllegalArgumentException("secondary must differ from the primary, both were " + primary);
    }
    for (ServerId backup : others) {
      if (!seen.add(backup)) {
        throw new IllegalArgumentException("backups must differ from each other and from the two servers, "
            + backup + " is there twice");
      }
    }
    return others;
  }
}
