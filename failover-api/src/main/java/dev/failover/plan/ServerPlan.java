package dev.failover.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.FailoverStyle;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.immutables.value.Value;

/**
 * One server's part of a plan: the changes, in order, and the fingerprint of the state they
 * were planned from. A backend applies it only while the server still has that fingerprint.
 */
@Value.Immutable
@FailoverStyle
@JsonSerialize(as = ImmutableServerPlan.class)
@JsonDeserialize(as = ImmutableServerPlan.class)
public abstract class ServerPlan {

  /** {@return the server this part changes} */
  public abstract ServerId server();

  /** {@return the server's vendor} */
  public abstract Vendor vendor();

  /** {@return the fingerprint of the state the changes were planned from} */
  public abstract String fingerprint();

  /** {@return the changes, in the order they are applied} */
  public abstract List<Change> changes();

  /**
   * {@return the {@link Replicate} operation (its source and reach) on a destination's part of such a
   * plan; empty on every other part, and on an {@link #inverse}} The changes stay the item-by-item
   * dry run of what the destination undergoes; a backend whose server replicates with its own
   * command (Windows: {@code Invoke-DhcpServerv4FailoverReplication}) uses this to run it, and
   * must still apply the part only while both servers hold what the plan was made from.
   */
  public abstract Optional<Replicate> replication();

  /**
   * {@return the part that undoes this one, for a server whose state now has {@code fingerprint}}
   *
   * @param fingerprint the fingerprint of the server's state now
   */
  public ServerPlan inverse(String fingerprint) {
    List<Change> out = new ArrayList<>(changes().size());
    for (int i = changes().size() - 1; i >= 0; i--) {
      out.add(changes().get(i).inverse());
    }
    return ImmutableServerPlan.builder().server(server()).vendor(vendor()).fingerprint(fingerprint).changes(out).build();
  }

  /** {@return the subnets this part touches, in order} */
  public Set<dev.failover.scope.Subnet> subnets() {
    Set<dev.failover.scope.Subnet> out = new TreeSet<>();
    for (Change c : changes()) {
      if (c instanceof ItemChanged ic) {
        out.add(ic.item().subnet());
      } else if (c instanceof ScopeChange sc) {
        out.add(sc.subnet());
      }
    }
    return out;
  }
}
