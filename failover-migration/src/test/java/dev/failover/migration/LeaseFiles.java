package dev.failover.migration;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** dhcpd.leases records written as dhcpd writes them, with times relative to a moment. */
final class LeaseFiles {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("e yyyy/MM/dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private LeaseFiles() {}

  /** dhcpd's time: weekday (0 = Sunday), date and time in UTC. */
  static String time(Instant t) {
    String s = TIME.format(t);
    int weekday = Integer.parseInt(s.substring(0, 1)) % 7;
    return weekday + s.substring(1);
  }

  /** A lease record: address, state, starts/ends/cltt relative to {@code now} in seconds, hardware, optional uid and tsfp. */
  static String lease(String address, String state, Instant now, long starts, long ends, String hardware, String uid) {
    StringBuilder out = new StringBuilder("lease ").append(address).append(" {\n")
        .append("  starts ").append(time(now.plusSeconds(starts))).append(";\n")
        .append("  ends ").append(time(now.plusSeconds(ends))).append(";\n")
        .append("  tstp ").append(time(now.plusSeconds(ends))).append(";\n")
        .append("  tsfp ").append(time(now.plusSeconds(ends))).append(";\n")
        .append("  atsfp ").append(time(now.plusSeconds(ends))).append(";\n")
        .append("  cltt ").append(time(now.plusSeconds(starts))).append(";\n")
        .append("  binding state ").append(state).append(";\n")
        .append("  next binding state expired;\n")
        .append("  rewind binding state free;\n");
    if (hardware != null) {
      out.append("  hardware ethernet ").append(hardware).append(";\n");
    }
    if (uid != null) {
      out.append("  uid ").append(uid).append(";\n");
    }
    return out.append("  client-hostname \"host-").append(address.replace('.', '-')).append("\";\n}\n").toString();
  }
}
