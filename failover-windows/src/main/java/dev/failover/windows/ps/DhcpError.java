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
  /** Win32 error 5: "Access is denied." */
  ERROR_ACCESS_DENIED(5, "Access is denied.", null),
  /** Win32 error 87: "The parameter is incorrect." */
  ERROR_INVALID_PARAMETER(87, "The parameter is incorrect.", null),
  /** Win32 error 1722: "The RPC server is unavailable." */
  RPC_S_SERVER_UNAVAILABLE(1722, "The RPC server is unavailable.", null),
  /** Win32 error 20004: "The specified subnet already exists on the DHCP server." */
  ERROR_DHCP_SUBNET_EXITS(20004, "The specified subnet already exists on the DHCP server.", null),
  /** Win32 error 20005: "The specified subnet does not exist on the DHCP server." */
  ERROR_DHCP_SUBNET_NOT_PRESENT(20005, "The specified subnet does not exist on the DHCP server.", "scope"),
  /** Win32 error 20007: "The specified DHCP element has been used by a client and cannot be removed." */
  ERROR_DHCP_ELEMENT_CANT_REMOVE(20007, "The specified DHCP element has been used by a client and cannot be removed.", null),
  /** Win32 error 20009: "The specified option already exists on the DHCP server." */
  ERROR_DHCP_OPTION_EXITS(20009, "The specified option already exists on the DHCP server.", null),
  /** Win32 error 20010: "The specified option does not exist on the DHCP server." */
  ERROR_DHCP_OPTION_NOT_PRESENT(20010, "The specified option does not exist on the DHCP server.", "option"),
  /** Win32 error 20011: "The specified IP address is not available." */
  ERROR_DHCP_ADDRESS_NOT_AVAILABLE(20011, "The specified IP address is not available.", null),
  /** Win32 error 20012: "The specified IP address range is full." */
  ERROR_DHCP_RANGE_FULL(20012, "The specified IP address range is full.", null),
  /** Win32 error 20013: "An error occurred while accessing the DHCP server database." */
  ERROR_DHCP_JET_ERROR(20013, "An error occurred while accessing the DHCP server database.", null),
  /** Win32 error 20014: "The specified client already exists in the database." */
  ERROR_DHCP_CLIENT_EXISTS(20014, "The specified client already exists in the database.", null),
  /** Win32 error 20018: "The specified DHCP client is not a reserved client." */
  ERROR_DHCP_NOT_RESERVED_CLIENT(20018, "The specified DHCP client is not a reserved client.", "reservation"),
  /** Win32 error 20019: "The specified DHCP client is a reserved client." */
  ERROR_DHCP_RESERVED_CLIENT(20019, "The specified DHCP client is a reserved client.", null),
  /** Win32 error 20021: "The specified IP range already exists." */
  ERROR_DHCP_IPRANGE_EXITS(20021, "The specified IP range already exists.", null),
  /** Win32 error 20022: "The specified IP address is already reserved." */
  ERROR_DHCP_RESERVEDIP_EXITS(20022, "The specified IP address is already reserved.", null),
  /** Win32 error 20023: "The specified IP address range is not valid or overlaps an existing range." */
  ERROR_DHCP_INVALID_RANGE(20023, "The specified IP address range is not valid or overlaps an existing range.", null),
  /** Win32 error 20044: "The class name being used is unknown or incorrect." */
  ERROR_DHCP_CLASS_NOT_FOUND(20044, "The class name being used is unknown or incorrect.", null),
  /** Win32 error 20045: "The class name is already in use." */
  ERROR_DHCP_CLASS_ALREADY_EXISTS(20045, "The class name is already in use.", null),
  /** Win32 error 20046: "The scope name is too long." */
  ERROR_DHCP_SCOPE_NAME_TOO_LONG(20046, "The scope name is too long.", null),
  /** Win32 error 20052: "The specified subnet already exists on the DHCP server." */
  ERROR_DHCP_SUBNET_EXISTS(20052, "The specified subnet already exists on the DHCP server.", null),
  /** Win32 error 20091: "The subnet prefix is not valid." */
  ERROR_DHCP_INVALID_SUBNET_PREFIX(20091, "The subnet prefix is not valid.", null),
  /** Win32 error 20111: "The specified policy name does not exist." */
  ERROR_DHCP_POLICY_NOT_FOUND(20111, "The specified policy name does not exist.", null),
  /** Win32 error 20113: "IPv4 scope is already part of another failover relationship." */
  ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP(20113, "IPv4 scope is already part of another failover relationship.", null),
  /** Win32 error 20114: "A failover relationship with the same name already exists on the DHCPv4 server." */
  ERROR_DHCP_FO_RELATIONSHIP_EXISTS(20114, "A failover relationship with the same name already exists on the DHCPv4 server.", null),
  /** Win32 error 20115: "Failover relationship doesn't exist." */
  ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST(20115, "Failover relationship doesn't exist.", "relationship"),
  /** Win32 error 20116: "IPv4 subnet is not part of the failover relationship." */
  ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP(20116, "IPv4 subnet is not part of the failover relationship.", null),
  /** Win32 error 20117: "The failover relationship is a secondary relationship." */
  ERROR_DHCP_FO_RELATION_IS_SECONDARY(20117, "The failover relationship is a secondary relationship.", null),
  /** Win32 error 20118: "Failover is not supported." */
  ERROR_DHCP_FO_NOT_SUPPORTED(20118, "Failover is not supported.", null),
  /** Win32 error 20119: "The time on the failover partners is not synchronized." */
  ERROR_DHCP_FO_TIME_OUT_OF_SYNC(20119, "The time on the failover partners is not synchronized.", null),
  /** Win32 error 20120: "The failover relationship is not in the NORMAL state." */
  ERROR_DHCP_FO_STATE_NOT_NORMAL(20120, "The failover relationship is not in the NORMAL state.", null),
  /** Win32 error 20121: "The caller is not a member of DHCP Administrators on the partner server." */
  ERROR_DHCP_NO_ADMIN_PERMISSION(20121, "The caller is not a member of DHCP Administrators on the partner server.", null),
  /** Win32 error 20122: "The partner DHCP server is not reachable." */
  ERROR_DHCP_SERVER_NOT_REACHABLE(20122, "The partner DHCP server is not reachable.", null),
  /** Win32 error 20123: "The DHCP service is not running on the partner server." */
  ERROR_DHCP_SERVER_NOT_RUNNING(20123, "The DHCP service is not running on the partner server.", null),
  /** Win32 error 20124: "The partner DHCP server's name could not be resolved." */
  ERROR_DHCP_SERVER_NAME_NOT_RESOLVED(20124, "The partner DHCP server's name could not be resolved.", null),
  /** Win32 error 20125: "The failover relationship name is longer than the expected length." */
  ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG(20125, "The failover relationship name is longer than the expected length.", null),
  /** Win32 error 20126: "The end of the selection was reached." */
  ERROR_DHCP_REACHED_END_OF_SELECTION(20126, "The end of the selection was reached.", null),
  /** Win32 error 20127: "The leases of the scope being added are not synchronized." */
  ERROR_DHCP_FO_ADDSCOPE_LEASES_NOT_SYNCED(20127, "The leases of the scope being added are not synchronized.", null),
  /** Win32 error 20128: "The maximum number of allowed failover relationships (31) on the DHCP server has been exceeded." */
  ERROR_DHCP_FO_MAX_RELATIONSHIPS(20128, "The maximum number of allowed failover relationships (31) on the DHCP server has been exceeded.", null),
  /** Win32 error 20129: "The IP range type of a failover scope cannot be changed." */
  ERROR_DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL(20129, "The IP range type of a failover scope cannot be changed.", null),
  /** Win32 error 20130: "Too many scopes are being added to the failover relationship at one time." */
  ERROR_DHCP_FO_MAX_ADD_SCOPES(20130, "Too many scopes are being added to the failover relationship at one time.", null),
  /** Win32 error 20131: "BOOTP scopes are not supported in failover." */
  ERROR_DHCP_FO_BOOT_NOT_SUPPORTED(20131, "BOOTP scopes are not supported in failover.", null),
  /** Win32 error 20132: "The IP range is part of a failover relationship." */
  ERROR_DHCP_FO_RANGE_PART_OF_REL(20132, "The IP range is part of a failover relationship.", null),
  /** Win32 error 20133: "Failover relationship is being re-integrated with the failover partner server." */
  ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS(20133, "Failover relationship is being re-integrated with the failover partner server.", null),
  /** Win32 error 20134: "The feature is not supported with failover." */
  ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED(20134, "The feature is not supported with failover.", null);

  private final int code;
  private final String description;
  private final String missingKind;

  DhcpError(int code, String description, String missingKind) {
    this.code = code;
    this.description = description;
    this.missingKind = missingKind;
  }

  /** {@return the Win32 error number} */
  public int code() {
    return code;
  }

  /** {@return what Microsoft's documentation says the error means} */
  public String description() {
    return description;
  }

  /** {@return whether the error says that something the command named does not exist ("scope", "relationship", …)} */
  public Optional<String> missingKind() {
    return Optional.ofNullable(missingKind);
  }

  /** {@return whether trying again later may succeed (the partner or the service was unreachable)} */
  public boolean retryable() {
    return this == RPC_S_SERVER_UNAVAILABLE || this == ERROR_DHCP_SERVER_NOT_REACHABLE
        || this == ERROR_DHCP_SERVER_NOT_RUNNING || this == ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS
        || this == ERROR_DHCP_JET_ERROR;
  }

  /**
   * {@return the error with that Win32 number, if this SDK knows it}
   *
   * @param code the Win32 error number
   */
  public static Optional<DhcpError> byCode(int code) {
    for (DhcpError e : values()) {
      if (e.code == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * {@return the error with that name, if this SDK knows it}
   *
   * @param name the error's name, for example {@code ERROR_DHCP_FO_STATE_NOT_NORMAL}
   */
  public static Optional<DhcpError> byName(String name) {
    for (DhcpError e : values()) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
