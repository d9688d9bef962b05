package dev.failover.windows;

import dev.failover.errors.Violation;
import dev.failover.errors.Violations;
import dev.failover.plan.Change;
import dev.failover.plan.ItemChanged;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.ServerState;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.scope.Subnet;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.windows.ps.WindowsFailoverInfo;
import java.util.List;
import java.util.Optional;

/**
 * The Windows rules a server's part of a plan must keep, checked before anything runs
 * (vendor-facts §1), all reported together:
 * <ul>
 *   <li>what the part newly breaks of the rules across the server's relationships, from their
 *       one home ({@link Relationship#violationsOn}: at most 31, pending ones included since they
 *       become real; names unique without regard to case; a scope in one relationship only),
 *       checked again here because Windows refuses them only part way through a script, with no
 *       transaction to undo the cmdlets before; a name is at most 126 characters
 *       ({@link RelationshipName} already holds that);</li>
 *   <li>every scope of a relationship present on the server;</li>
 *   <li>a relationship created on Windows: its scopes are on the primary and absent on the
 *       secondary, which receives Windows' copy; scopes joining an existing relationship are
 *       absent on the partner that receives them, and the relationship is in NORMAL state;</li>
 *   <li>a relationship without scopes (kept pending): the server names a {@code pending-file},
 *       and there is no shared secret;</li>
 *   <li>settings Windows can hold and reports back the same way: the mode's values set
 *       explicitly, the shared secret present (not redacted) whenever it must be sent, no
 *       change of the server roles of a hot-standby relationship (Windows has no cmdlet for
 *       that: go through load balancing, or re-create it);</li>
 *   <li>every scope the server writes can be held by Windows ({@link WindowsScopes}).</li>
 * </ul>
 */
final class Preconditions {

  private Preconditions() {}

  /**
   * @param base the server as the part was planned from (with Windows' failover states)
   * @param expected the server after the part
   * @param actions what the server would run (their problems are included)
   */
  static List<Violation> of(Server server, Snapshot base, ServerState expected, ServerPlan part,
      WindowsPartRenderer.Actions actions, boolean pendingStore) {
    ServerId self = server.id();
    Violations v = Violations.collect();
    // Windows' limits across the server's relationships (31, names without case, one relationship
    // per scope) are the API's rules across one server's relationships, stated once: what the part
    // newly breaks of them is refused here too, since Windows would refuse it only part way
    List<Violation> already = Relationship.violationsOn(server, base.state().relationships());
    Relationship.violationsOn(server, expected.relationships()).stream().filter(x -> !already.contains(x))
        .forEach(v::add);
    for (Relationship r : expected.relationships()) {
      for (Subnet x : r.scopes()) {
        v.check(expected.scope(x).isPresent(), "scopes", x, "must exist on " + self + " while relationship "
            + quoted(r.name()) + " covers it");
      }
    }
    for (RelationshipName n : Expectation.relationshipsChanged(part)) {
      Optional<Relationship> want = expected.relationship(n);
      if (want.isPresent()) {
        relationship(v, self, base, want.get(), part, pendingStore);
      }
    }
    v.addAll("", actions.problems());
    return v.list();
  }

  private static void relationship(Violations v, ServerId self, Snapshot base, Relationship r, ServerPlan part,
      boolean pendingStore) {
    Optional<Relationship> c = base.onWindows(r.name());
    Optional<Relationship> pending = base.pendingOnly(r.name());
    WindowsFailoverSettings w = (WindowsFailoverSettings) r.settings();
    boolean written = c.isEmpty() ? !pending.equals(Optional.of(r)) : !sameButScopes(c.get(), r);
    if (written) {
      settings(v, r, w, c);
    }
    if (c.isEmpty() && r.scopes().isEmpty()) {
      v.check(pendingStore, "options." + WindowsServerOptions.PENDING_FILE, self, "must name a file: Windows cannot hold "
          + "relationship " + quoted(r.name()) + " without scopes (Add-DhcpServerv4Failover needs one), so the SDK "
          + "keeps it there until its first scope is added");
      v.check(w.sharedSecret().isEmpty() && !w.messageAuthentication(), "settings.sharedSecret", "***",
          "must not be set on relationship " + quoted(r.name()) + " while it has no scopes: Windows creates it with its"
              + " first scope and the SDK stores no secret until then (create it with its first scope, or set the"
              + " secret with ModifyRelationship once a scope is in)");
      return;
    }
    if (c.isEmpty()) {
      if (!self.equals(r.primary())) {
        for (Subnet x : r.scopes()) {
          v.check(base.state().scope(x).isEmpty(), "scopes", x, "must be absent on " + self + ", the partner of "
              + r.primary() + ": Add-DhcpServerv4Failover copies the primary's scope here and fails when one exists"
              + " (ERROR_DHCP_SUBNET_EXISTS); delete this copy first");
        }
      }
      return;
    }
    List<Subnet> joining = r.scopes().stream().filter(x -> !c.get().scopes().contains(x)).toList();
    if (!joining.isEmpty()) {
      Optional<WindowsFailoverInfo> info = base.info(r.name());
      String state = info.map(WindowsFailoverInfo::stateText).orElse("");
      v.check(info.flatMap(WindowsFailoverInfo::state).map(s -> s == dev.failover.windows.ps.CmdletFailoverState.NORMAL)
          .orElse(false), "state", r.name() + " on " + self + ": " + state, "must be NORMAL to add scopes "
              + joining + " (ERROR_DHCP_FO_STATE_NOT_NORMAL)");
      for (Subnet x : joining) {
        v.check(!changesItems(part, x), "scopes", x, "must be absent on one of the partners: both hold it, and "
            + "Windows adds a failover scope only where the partner lacks it (delete one copy first)");
      }
    }
  }

  private static void settings(Violations v, Relationship r, WindowsFailoverSettings w, Optional<Relationship> c) {
    String why = ": a Windows server always reports it, and each plan is verified against what the server reports";
    if (r.mode() == FailoverMode.LOAD_BALANCING) {
      v.check(w.loadBalancePercent().isPresent(), "settings.loadBalancePercent", "unset",
          "must be set explicitly (for example " + WindowsFailoverSettings.DEFAULT_LOAD_BALANCE_PERCENT + ")" + why);
    } else {
      v.check(w.reservePercent().isPresent(), "settings.reservePercent", "unset",
          "must be set explicitly (for example " + WindowsFailoverSettings.DEFAULT_RESERVE_PERCENT + ")" + why);
      v.check(w.partnerRole().isPresent(), "settings.partnerRole", "unset",
          "must be set explicitly (STANDBY for an active primary)" + why);
    }
    v.check(w.sharedSecret().map(s -> !s.isRedacted()).orElse(true), "settings.sharedSecret", "***",
        "was redacted (read back from JSON); supply it again");
    boolean authWas = c.map(x -> ((WindowsFailoverSettings) x.settings()).messageAuthentication()).orElse(false);
    v.check(!w.messageAuthentication() || w.sharedSecret().isPresent() || authWas, "settings.sharedSecret", "none",
        "must be given to turn message authentication on (Windows never returns it)");
    if (c.isPresent() && c.get().mode() == FailoverMode.HOT_STANDBY && r.mode() == FailoverMode.HOT_STANDBY) {
      WindowsFailoverSettings was = (WindowsFailoverSettings) c.get().settings();
      v.check(was.effectivePartnerRole() == w.effectivePartnerRole(), "settings.partnerRole", w.effectivePartnerRole(),
          "must stay " + was.effectivePartnerRole() + ": Windows cannot swap the active and standby servers of a"
              + " hot-standby relationship (change to load balancing and back, with the new roles, or re-create it)");
    }
  }

  private static boolean changesItems(ServerPlan part, Subnet x) {
    for (Change c : part.changes()) {
      if (c instanceof ItemChanged ic && ic.item().subnet().equals(x)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameButScopes(Relationship c, Relationship e) {
    return ImmutableRelationship.copyOf(c).withScopes(e.scopes()).equals(e);
  }

  private static String quoted(RelationshipName name) {
    return "\"" + name.value() + "\"";
  }
}
