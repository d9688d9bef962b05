package dev.failover.testkit.windows;

/**
 * The Windows errors the fake answers with, by their dhcpsapi.h numbers (MS-DHCPM's tables are
 * off by one for some failover codes; the header is what the cmdlets report). The cmdlets'
 * messages do not carry the error's text: captured Windows Server 2022 output reads
 * {@code Failed to get scope information for scope 10.20.30.0 on DHCP server HOST.} with the
 * code only in {@code FullyQualifiedErrorId : DHCP 20005,Get-DhcpServerv4Scope}. Not API.
 */
enum WinError {
  JET_ERROR(20013),
  SUBNET_NOT_PRESENT(20005),
  OPTION_NOT_PRESENT(20010),
  NOT_RESERVED_CLIENT(20018),
  RESERVEDIP_EXISTS(20022),
  INVALID_RANGE(20023),
  CLIENT_EXISTS(20014),
  CLASS_NOT_FOUND(20044),
  SUBNET_EXISTS(20052),
  FO_SCOPE_ALREADY_IN_RELATIONSHIP(20113),
  FO_RELATIONSHIP_EXISTS(20114),
  FO_RELATIONSHIP_DOES_NOT_EXIST(20115),
  FO_SCOPE_NOT_IN_RELATIONSHIP(20116),
  FO_STATE_NOT_NORMAL(20120),
  SERVER_NOT_REACHABLE(20122),
  SERVER_NAME_NOT_RESOLVED(20124),
  FO_RELATIONSHIP_NAME_TOO_LONG(20125),
  FO_MAX_RELATIONSHIPS(20128),
  FO_MAX_ADD_SCOPES(20130),
  INVALID_PARAMETER(87),
  RPC_SERVER_UNAVAILABLE(1722);

  private final int code;

  WinError(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }
}
