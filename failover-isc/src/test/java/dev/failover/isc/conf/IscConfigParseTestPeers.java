package dev.failover.isc.conf;

/** Peer declarations shared by the edit tests. */
final class IscConfigParseTestPeers {

  /** Two declared peers, fo1 and fo2, on lines of their own. */
  static final String TWO = "failover peer \"fo1\" {\n  primary;\n  peer address 192.0.2.2;\n  mclt 3600;\n  split 128;\n}\n"
      + "failover peer \"fo2\" {\n  secondary;\n  peer address 192.0.2.3;\n}\n";

  private IscConfigParseTestPeers() {}
}
