package dev.failover.diff;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.scope.ItemKind;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeItem;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * Drift between two partners: for each scope they should share, whether both have it and which
 * items differ. Computed the same way both ways round: {@code between(b, a)} is
 * {@code between(a, b).mirrored()}. Empty when the partners agree.
 *
 * <pre>{@code
 * DriftReport drift = DriftReport.between(a, scopesOnA, b, scopesOnB);
 * drift.scopes().forEach(System.out::println);   // scope 10.1.0.0/24: 2 item(s) differ
 * }</pre>
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableDriftReport.class)
@JsonDeserialize(as = ImmutableDriftReport.class)
public abstract class DriftReport {

  /** {@return the first server compared} */
  public abstract ServerId first();

  /** {@return the second server compared} */
  public abstract ServerId second();

  /** {@return the scopes that differ, by subnet; scopes that agree are not listed} */
  public abstract List<ScopeDrift> scopes();

  /**
   * {@return the drift between {@link #first()} and each further server of the relationship (a Kea
   * backup server), one report per server whose copy differs; backups that agree are not listed}
   * Empty for a relationship of two servers.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public abstract List<DriftReport> backups();

  /**
   * Compares the two servers' copies of the given scopes (each collection holds the scopes of one
   * server that belong to the relationship; a subnet missing on one side is reported as such).
   *
   * @param first the first server's inventory id
   * @param onFirst the first server's scopes of the relationship
   * @param second the second server's inventory id
   * @param onSecond the second server's scopes of the relationship
   * @return the report; empty when the copies agree
   */
  public static DriftReport between(ServerId first, Collection<Scope> onFirst, ServerId second,
      Collection<Scope> onSecond) {
    Map<Subnet, Scope> a = bySubnet(onFirst);
    Map<Subnet, Scope> b = bySubnet(onSecond);
    TreeSet<Subnet> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    List<ScopeDrift> out = new ArrayList<>();
    for (Subnet subnet : all) {
      Scope sa = a.get(subnet);
      Scope sb = b.get(subnet);
      if (sa == null || sb == null) {
        out.add(ImmutableScopeDrift.builder().subnet(subnet)
            .presence(sa == null ? ScopeDrift.Presence.ONLY_SECOND : ScopeDrift.Presence.ONLY_FIRST).build());
      } else if (!sa.equals(sb)) {
        List<ItemDifference> items = items(sa, sb);
        if (!items.isEmpty()) {
          out.add(ImmutableScopeDrift.builder().subnet(subnet).presence(ScopeDrift.Presence.BOTH)
              .items(items).build());
        }
      }
    }
    return ImmutableDriftReport.builder().first(first).second(second).scopes(out).build();
  }

  private static List<ItemDifference> items(Scope a, Scope b) {
    Map<ItemKind, Map<String, ScopeItem>> ia = ScopeDiff.index(a);
    Map<ItemKind, Map<String, ScopeItem>> ib = ScopeDiff.index(b);
    List<ItemDifference> out = new ArrayList<>();
    for (ItemKind kind : ItemKind.values()) {
      Map<String, ScopeItem> ka = ia.get(kind);
      Map<String, ScopeItem> kb = ib.get(kind);
      TreeSet<String> keys = new TreeSet<>(ka.keySet());
      keys.addAll(kb.keySet());
      for (String key : keys) {
        ScopeItem x = ka.get(key);
        ScopeItem y = kb.get(key);
        if (x == null || !x.equals(y)) {
          out.add(ImmutableItemDifference.builder().kind(kind).key(key).first(Optional.ofNullable(x))
              .second(Optional.ofNullable(y)).build());
        }
      }
    }
    return out;
  }

  private static Map<Subnet, Scope> bySubnet(Collection<Scope> scopes) {
    return scopes.stream().collect(Collectors.toMap(Scope::subnet, Function.identity(), (x, y) -> {
      throw new IllegalArgumentException("scope " + x.subnet() + " listed twice");
    }, TreeMap::new));
  }

  /**
   * {@return the same report with the drift of each further server whose copy differs from the
   * first server's}
   *
   * @param reports the drift between the first server and each further server
   */
  public DriftReport withBackupDrift(Collection<DriftReport> reports) {
    return ImmutableDriftReport.builder().from(this).backups(reports.stream().filter(r -> !r.isEmpty()).toList())
        .build();
  }

  /** {@return the same report seen from the second server (the backups' reports stay as they are: seen from the first)} */
  public DriftReport mirrored() {
    return ImmutableDriftReport.builder().first(second()).second(first())
        .scopes(scopes().stream().map(ScopeDrift::mirrored).toList()).backups(backups()).build();
  }

  /** {@return whether every server's copy agrees: the two partners' and each backup's} */
  @JsonIgnore
  public boolean isEmpty() {
    return scopes().isEmpty() && backups().stream().allMatch(DriftReport::isEmpty);
  }

  /** {@return how many items differ in all scopes, plus one per scope missing on a side, backups included} */
  @JsonIgnore
  public int differenceCount() {
    return scopes().stream().mapToInt(s -> s.presence() == ScopeDrift.Presence.BOTH ? s.items().size() : 1).sum()
        + backups().stream().mapToInt(DriftReport::differenceCount).sum();
  }

  /** {@return a readable account, one line per scope and item, then the same for each backup that differs} */
  public String summary() {
    if (isEmpty()) {
      return "no drift between " + first() + " and " + second();
    }
    if (!backups().isEmpty()) {
      StringBuilder sb = new StringBuilder(ImmutableDriftReport.builder().from(this).backups(List.of()).build()
          .summary());
      for (DriftReport b : backups()) {
        sb.append(sb.charAt(sb.length() - 1) == '\n' ? "" : "\n").append(b.summary());
      }
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder("drift between ").append(first()).append(" and ").append(second())
        .append(": ").append(scopes().size()).append(" scope(s)\n");
    for (ScopeDrift s : scopes()) {
      switch (s.presence()) {
        case ONLY_FIRST -> sb.append("  scope ").append(s.subnet()).append(": only on ").append(first()).append('\n');
        case ONLY_SECOND -> sb.append("  scope ").append(s.subnet()).append(": only on ").append(second()).append('\n');
        case BOTH -> {
          sb.append("  scope ").append(s.subnet()).append(":\n");
          for (ItemDifference d : s.items()) {
            String where = d.onlyOnFirst() ? "only on " + first() : d.onlyOnSecond() ? "only on " + second() : "differs";
            sb.append("    ").append(d.kind().word()).append(' ').append(d.key()).append(": ").append(where).append('\n');
          }
        }
      }
    }
    return sb.toString();
  }
}
