package dev.failover.migration;

import java.util.List;
import org.immutables.value.Value;

/**
 * The leases of an ISC pair, merged and made Kea's: what is loaded into each Kea server, and
 * every lease that is not, with the reason.
 */
@Value.Immutable
public interface LeaseMove {

  /** {@return the leases to load into both Kea servers} */
  List<KeaLease> leases();

  /** {@return the active leases that are not carried, each with where it is and why} */
  List<UntranslatableItem> skipped();
}
