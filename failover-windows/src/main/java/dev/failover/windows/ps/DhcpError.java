package dev.failover.windows.ps;

import java.util.Optional;

/**
 * The Windows errors the DhcpServer cmdlets report, by their dhcpsapi.h numbers and names, with a
 * description: quoted from Microsoft's dhcpsapi pages where they give one (the failover codes of
 * vendor-facts.md §1, SUBNET_NOT_PRESENT, CLASS_NOT_FOUND, …), paraphrased from the constant's
 * name otherwise. The cmdlets' own messages do not carry these texts; the SDK adds them. Note that MS-DHCPM's method tables print some failover codes one lower than the
 * header (for example 0x4E90 for ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP); the cmdlets
 * report the header's numbers (20113 = 0x4E91).
 */
public enum DhcpError {
  ERROR_ACCESS_DENIED(5, "Access is denied.", null),
  ERROR_INVALID_PARAMETER(87, "The parameter is incorrect.", null),
  RPC_S_SERVER_UNAVAILABLE(1722, "The RPC server is unavailable.", null),
  ERROR_DHCP_SUBNET_EXITS(20004, "The specified subnet already exists on the DHCP server.", null),
  ERROR_DHCP_SUBNET_NOT_PRESENT(20005, "The specified subnet does not exist on the DHCP server.", "scope"),
  ERROR_DHCP_ELEMENT_CANT_REMOVE(20007, "The specified DHCP element has been used by a client and cannot be removed.", null),
  ERROR_DHCP_OPTION_EXITS(20009, "The specified option already exists on the DHCP server.", null),
  ERROR_DHCP_OPTION_NOT_PRESENT(20010, "The specified option does not exist on the DHCP server.", "option"),
  ERROR_DHCP_ADDRESS_NOT_AVAILABLE(20011, "The specified IP address is not available.", null),
  ERROR_DHCP_RANGE_FULL(20012, "The specified IP address range is full.", null),
  ERROR_DHCP_JET_ERROR(20013, "An error occurred while accessing the DHCP server database.", null),
  ERROR_DHCP_CLIENT_EXISTS(20014, "The specified client already exists in the database.", null),
  ERROR_DHCP_NOT_RESERVED_CLIENT(20018, "The specified DHCP client is not a reserved client.", "reservation"),
  ERROR_DHCP_RESERVED_CLIENT(20019, "The specified DHCP client is a reserved client.", null),
  ERROR_DHCP_IPRANGE_EXITS(20021, "The specified IP range already exists.", null),
  ERROR_DHCP_RESERVEDIP_EXITS(20022, "The specified IP address is already reserved.", null),
  ERROR_DHCP_INVALID_RANGE(20023, "The specified IP address range is not valid or overlaps an existing range.", null),
  ERROR_DHCP_CLASS_NOT_FOUND(20044, "The class name being used is unknown or incorrect.", null),
  ERROR_DHCP_CLASS_ALREADY_EXISTS(20045, "The class name is already in use.", null),
  ERROR_DHCP_SCOPE_NAME_TOO_LONG(20046, "The scope name is too long.", null),
  ERROR_DHCP_SUBNET_EXISTS(20052, "The specified subnet already exists on the DHCP server.", null),
  ERROR_DHCP_INVALID_SUBNET_PREFIX(20091, "The subnet prefix is not valid.", null),
  ERROR_DHCP_POLICY_NOT_FOUND(20111, "The specified policy name does not exist.", null),
  ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP(20113, "IPv4 scope is already part of another failover relationship.", null),
  ERROR_DHCP_FO_RELATIONSHIP_EXISTS(20114, "A failover relationship with the same name already exists on the DHCPv4 server.", null),
  ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST(20115, "Failover relationship doesn't exist.", "relationship"),
  ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP(20116, "IPv4 subnet is not part of the failover relationship.", null),
  ERROR_DHCP_FO_RELATION_IS_SECONDARY(20117, "The failover relationship is a secondary relationship.", null),
  ERROR_DHCP_FO_NOT_SUPPORTED(20118, "Failover is not supported.", null),
  ERROR_DHCP_FO_TIME_OUT_OF_SYNC(20119, "The time on the failover partners is not synchronized.", null),
  ERROR_DHCP_FO_STATE_NOT_NORMAL(20120, "The failover relationship is not in the NORMAL state.", null),
  ERROR_DHCP_NO_ADMIN_PERMISSION(20121, "The caller is not a member of DHCP Administrators on the partner server.", null),
  ERROR_DHCP_SERVER_NOT_REACHABLE(20122, "The partner DHCP server is not reachable.", null),
  ERROR_DHCP_SERVER_NOT_RUNNING(20123, "The DHCP service is not running on the partner server.", null),
  ERROR_DHCP_SERVER_NAME_NOT_RESOLVED(20124, "The partner DHCP server's name could not be resolved.", null),
  ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG(20125, "The failover relationship name is longer than the expected length.", null),
  ERROR_DHCP_REACHED_END_OF_SELECTION(20126, "The end of the selection was reached.", null),
  ERROR_DHCP_FO_ADDSCOPE_LEASES_NOT_SYNCED(20127, "The leases of the scope being added are not synchronized.", null),
  ERROR_DHCP_FO_MAX_RELATIONSHIPS(20128, "The maximum number of allowed failover relationships (31) on the DHCP server has been exceeded.", null),
  ERROR_DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL(20129, "The IP range type of a failover scope cannot be changed.", null),
  ERROR_DHCP_FO_MAX_ADD_SCOPES(20130, "Too many scopes are being added to the failover relationship at one time.", null),
  ERROR_DHCP_FO_BOOT_NOT_SUPPORTED(20131, "BOOTP scopes are not supported in failover.", null),
  ERROR_DHCP_FO_RANGE_PART_OF_REL(20132, "The IP range is part of a failover relationship.", null),
  ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS(20133, "Failover relationship is being re-integrated with the failover partner server.", null),
  ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED(20134, "The feature is not supported with failover.", null);

  private final int code;
  private final String description;
  private final String missingKind;

  DhcpError(int code, String description, String missingKind) {
    this.code = code;
    this.description = description;
    this.missingKind = missingKind;
  }

  /** The Win32 error number. */
  public int code() {
    return code;
  }

  /** What Microsoft's documentation says the error means. */
  public String description() {
    return description;
  }

  /** Whether the error says that something the command named does not exist ("scope", "relationship", …). */
  public Optional<String> missingKind() {
    return Optional.ofNullable(missingKind);
  }

  /** Whether trying again later may succeed (the partner or the service was unreachable). */
  public boolean retryable() {
    return this == RPC_S_SERVER_UNAVAILABLE || this == ERROR_DHCP_SERVER_NOT_REACHABLE
        || this == ERROR_DHCP_SERVER_NOT_RUNNING || this == ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS
        || this == ERROR_DHCP_JET_ERROR;
  }

  public static Optional<DhcpError> byCode(int code) {
    for (DhcpError e : values()) {
      if (e.code == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  public static Optional<DhcpError> byName(String name) {
    for (DhcpError e : values()) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
