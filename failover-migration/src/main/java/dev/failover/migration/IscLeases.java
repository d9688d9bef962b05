package dev.failover.migration;

import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.scope.Ipv4Address;
import dev.failover.scope.Subnet;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads dhcpd.leases files and merges the two partners' views of each address the way dhcpd's
 * failover does, into the leases Kea takes ({@link #move}).
 *
 * <p><b>One file.</b> dhcpd appends a record each time a lease changes and, reading the file,
 * lets a later record of an address replace an earlier one; so does {@link #parse}.
 *
 * <p><b>Two partners.</b> When the partners disagree about an address, dhcpd (server/failover.c,
 * {@code conflict_binding_state_transition_check}) keeps a lease it holds active against a
 * partner that says free or backup; against a partner that says expired it keeps it only while
 * its own end is more than 65 seconds away (60 s of clock skew and some fudge); and a partner
 * that says released, reset or abandoned "has information about this lease that we did not
 * witness" and wins. A file holds no message order, so here the released, reset or abandoned
 * record wins when its last transaction ({@code cltt}, else {@code starts}) is not older than
 * the active one's. When both say active, the client holds the later {@code ends} (a partner can
 * lag by up to the MCLT: it acknowledged {@code tsfp}, not the end the client was given), so
 * that record is taken. Only a merged lease that is active and ends in the future is carried.
 */
public final class IscLeases {

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/M/d H:m:s");
  /** dhcpd's allowance for clock skew when a partner says expired (server/failover.c: "65 should allow for max clock skew (60) plus some fudge"). */
  static final Duration SKEW = Duration.ofSeconds(65);

  private IscLeases() {}

  /**
   * {@return the lease records of a dhcpd.leases text, the last record of each address, by address}
   *
   * @param file the file's name, for locations
   * @param text the file's text
   * @throws ValidationException naming the line when the text is not a lease file dhcpd writes
   */
  public static List<IscLease> parse(String file, String text) {
    Lexer lx = new Lexer(file, text);
    Map<Ipv4Address, IscLease> byAddress = new TreeMap<>();
    while (lx.peek() != null) {
      int line = lx.line;
      List<String> head = lx.statementHead();
      if (head == null) {
        continue;
      }
      boolean block = lx.lastWasBlock;
      if (block && head.size() == 2 && head.get(0).equals("lease") && Ipv4Address.isValid(head.get(1))) {
        IscLease lease = lease(lx, Ipv4Address.parse(head.get(1)), file + ":" + line);
        byAddress.put(lease.address(), lease);
      } else if (block) {
        lx.skipBlock();
      }
    }
    return new ArrayList<>(byAddress.values());
  }

  private static IscLease lease(Lexer lx, Ipv4Address address, String location) {
    ImmutableIscLease.Builder b = ImmutableIscLease.builder().address(address).location(location).bindingState("free");
    while (true) {
      if ("}".equals(lx.peek())) {
        lx.next();
        return b.build();
      }
      int line = lx.line;
      List<String> st = lx.statementHead();
      if (st == null) {
        throw lx.error(line, "expected the lease record of " + address + " to end with '}'");
      }
      if (lx.lastWasBlock) {
        lx.skipBlock();
        continue;
      }
      String k = st.isEmpty() ? "" : st.get(0);
      switch (k) {
        case "starts" -> time(st, lx, line).ifPresent(b::starts);
        case "ends" -> time(st, lx, line).ifPresent(b::ends);
        case "cltt" -> time(st, lx, line).ifPresent(b::cltt);
        case "tsfp" -> time(st, lx, line).ifPresent(b::tsfp);
        case "binding" -> {
          if (st.size() == 3 && st.get(1).equals("state")) {
            b.bindingState(st.get(2));
          }
        }
        case "hardware" -> {
          if (st.size() == 3 && st.get(1).equals("ethernet")) {
            b.hardware(hex(st.get(2)));
          }
        }
        case "uid" -> {
          if (st.size() == 2) {
            b.uid(st.get(1).startsWith("\"") ? bytesHex(st.get(1)) : hex(st.get(1)));
          }
        }
        case "client-hostname" -> {
          if (st.size() == 2 && st.get(1).startsWith("\"")) {
            b.clientHostname(unescape(st.get(1)));
          }
        }
        default -> { }
      }
    }
  }

  private static Optional<Instant> time(List<String> st, Lexer lx, int line) {
    if (st.size() == 2 && st.get(1).equals("never")) {
      return Optional.empty();
    }
    if (st.size() == 3 && st.get(1).equals("epoch") && st.get(2).matches("[0-9]{1,12}")) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(st.get(2))));
    }
    if (st.size() == 4 && st.get(1).matches("[0-6]")) {
      try {
        return Optional.of(LocalDateTime.parse(st.get(2) + " " + st.get(3), DATE).toInstant(ZoneOffset.UTC));
      } catch (RuntimeException e) {
        throw lx.error(line, "expected a time such as \"3 2026/12/07 10:00:00\", was " + String.join(" ", st));
      }
    }
    throw lx.error(line, "expected a time such as \"3 2026/12/07 10:00:00\", was " + String.join(" ", st));
  }

  private static String hex(String text) {
    StringBuilder out = new StringBuilder();
    for (String part : text.split(":")) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(part.length() == 1 ? "0" + part : part);
    }
    return out.toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** A dhcpd string token's bytes ({@code \ooo} octal escapes, {@code \"}, {@code \\}) as colon-separated hexadecimal. */
  private static String bytesHex(String token) {
    StringBuilder out = new StringBuilder();
    for (byte x : bytes(token)) {
      if (out.length() > 0) {
        out.append(':');
      }
      out.append(String.format("%02x", x & 0xff));
    }
    return out.toString();
  }

  private static byte[] bytes(String token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String s = token.substring(1, token.length() - 1);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n >= '0' && n <= '7' && i + 3 < s.length() + 0 && s.substring(i + 1, Math.min(i + 4, s.length()))
            .matches("[0-7]{3}")) {
          out.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        }
        out.write(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
        i++;
        continue;
      }
      out.write(c & 0xff);
    }
    return out.toByteArray();
  }

  private static String unescape(String token) {
    return new String(bytes(token), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * {@return the leases both partners' files agree a client holds now, merged as the class
   * comment says, by address}
   *
   * @param primary the primary's records
   * @param secondary the secondary's records
   * @param now the time of the move
   */
  public static List<IscLease> merge(List<IscLease> primary, List<IscLease> secondary, Instant now) {
    Map<Ipv4Address, IscLease> a = new TreeMap<>();
    primary.forEach(l -> a.put(l.address(), l));
    Map<Ipv4Address, IscLease> b = new TreeMap<>();
    secondary.forEach(l -> b.put(l.address(), l));
    java.util.Set<Ipv4Address> all = new java.util.TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    List<IscLease> out = new ArrayList<>();
    for (Ipv4Address address : all) {
      IscLease x = a.get(address);
      IscLease y = b.get(address);
      IscLease merged = x == null ? y : y == null ? x : merge(x, y, now);
      if (merged != null && merged.bindingState().equals("active")
          && merged.ends().map(e -> e.isAfter(now)).orElse(true)) {
        out.add(merged);
      }
    }
    return out;
  }

  private static IscLease merge(IscLease x, IscLease y, Instant now) {
    boolean xa = x.bindingState().equals("active");
    boolean ya = y.bindingState().equals("active");
    if (xa && ya) {
      Instant xe = x.ends().orElse(Instant.MAX);
      Instant ye = y.ends().orElse(Instant.MAX);
      return ye.isAfter(xe) ? y : x;
    }
    if (!xa && !ya) {
      return null;
    }
    IscLease active = xa ? x : y;
    IscLease other = xa ? y : x;
    switch (other.bindingState()) {
      case "free", "backup" -> {
        return active;
      }
      case "expired" -> {
        return active.ends().map(e -> e.minus(SKEW).isAfter(now)).orElse(true) ? active : null;
      }
      default -> {
        Instant otherTime = other.cltt().or(other::starts).orElse(Instant.MIN);
        Instant activeTime = active.cltt().or(active::starts).orElse(Instant.MIN);
        return otherTime.isBefore(activeTime) ? active : null;
      }
    }
  }

  /**
   * {@return the leases Kea takes, from both partners' dhcpd.leases merged: each with the Kea
   * subnet id the plan gave its subnet, its end as dhcpd set it and its length; a lease without a
   * hardware address, or outside every subnet of the plan, is skipped with the reason}
   *
   * @param plan the migration plan (its subnet ids)
   * @param primary the primary's lease records
   * @param secondary the secondary's lease records
   * @param now the time of the move
   */
  public static LeaseMove move(MigrationPlan plan, List<IscLease> primary, List<IscLease> secondary, Instant now) {
    ImmutableLeaseMove.Builder out = ImmutableLeaseMove.builder();
    for (IscLease l : merge(primary, secondary, now)) {
      Optional<Map.Entry<Subnet, Long>> subnet = plan.subnetIds().entrySet().stream()
          .filter(e -> e.getKey().contains(l.address())).findFirst();
      if (subnet.isEmpty()) {
        out.addSkipped(UntranslatableItem.of(l.location(), "lease " + l.address(), "in no subnet the plan moves"));
        continue;
      }
      if (l.hardware().isEmpty()) {
        out.addSkipped(UntranslatableItem.of(l.location(), "lease " + l.address(), "has no hardware address, which"
            + " Kea requires of a DHCPv4 lease"));
        continue;
      }
      Instant ends = l.ends().orElse(Instant.ofEpochSecond(now.getEpochSecond() + 4294967294L - 1));
      Instant from = l.cltt().or(l::starts).orElse(now);
      long length = Math.max(1, Math.min(4294967294L, ends.getEpochSecond() - from.getEpochSecond()));
      ImmutableKeaLease.Builder k = ImmutableKeaLease.builder().address(l.address()).hwAddress(l.hardware().get())
          .subnetId(subnet.get().getValue()).validLifetime(length).expire(ends).clientId(l.uid());
      l.clientHostname().filter(h -> h.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")).ifPresent(k::hostname);
      out.addLeases(k.build());
    }
    return out.build();
  }

  /** dhcpd.leases' tokens: strings with escapes, braces, semicolons, words; comments to the line end. */
  private static final class Lexer {
    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private String peeked;
    private int peekedLine;
    private boolean lastWasBlock;

    Lexer(String file, String text) {
      this.file = file;
      this.text = text;
    }

    String peek() {
      if (peeked == null) {
        peeked = read();
      }
      return peeked;
    }

    String next() {
      String t = peek();
      peeked = null;
      return t;
    }

    private String read() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\n') {
          line++;
          pos++;
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else if (c == '#') {
          while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
          }
        } else {
          break;
        }
      }
      if (pos >= text.length()) {
        return null;
      }
      peekedLine = line;
      char c = text.charAt(pos);
      if (c == '{' || c == '}' || c == ';') {
        pos++;
        return String.valueOf(c);
      }
      int start = pos;
      if (c == '"') {
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
          if (text.charAt(pos) == '\\') {
            pos++;
          }
          if (pos < text.length() && text.charAt(pos) == '\n') {
            line++;
          }
          pos++;
        }
        if (pos >= text.length()) {
          throw error(peekedLine, "expected the string to end with '\"'");
        }
        pos++;
        return text.substring(start, pos);
      }
      while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "{};\"".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      return text.substring(start, pos);
    }

    /** The tokens of a statement up to its ';' or '{' (then {@link #lastWasBlock}); null at a stray '}'. */
    List<String> statementHead() {
      List<String> tokens = new ArrayList<>();
      while (true) {
        String t = next();
        if (t == null) {
          throw error(line, "expected ';' or '{' after " + String.join(" ", tokens));
        }
        if (t.equals(";")) {
          lastWasBlock = false;
          return tokens;
        }
        if (t.equals("{")) {
          lastWasBlock = true;
          return tokens;
        }
        if (t.equals("}")) {
          if (tokens.isEmpty()) {
            return null;
          }
          throw error(line, "expected ';' after " + String.join(" ", tokens));
        }
        tokens.add(t);
      }
    }

    void skipBlock() {
      int depth = 1;
      while (depth > 0) {
        String t = next();
        if (t == null) {
          throw error(line, "expected '}' to close the block");
        }
        if (t.equals("{")) {
          depth++;
        } else if (t.equals("}")) {
          depth--;
        }
      }
    }

    ValidationException error(int at, String rule) {
      return new ValidationException("lease file", List.of(new Violation(file + ":" + at, "(line " + at + ")", rule)));
    }
  }
}
