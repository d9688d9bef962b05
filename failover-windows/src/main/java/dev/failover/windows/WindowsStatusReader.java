package dev.failover.windows;

import dev.failover.errors.BackendException;
import dev.failover.errors.FailoverException;
import dev.failover.errors.NotFoundException;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.RelationshipName;
import dev.failover.server.Server;
import dev.failover.state.FailoverStatus;
import dev.failover.state.ImmutableFailoverStatus;
import dev.failover.state.WindowsFailoverState;
import dev.failover.windows.ps.DhcpCommands;
import dev.failover.windows.ps.PowerShellScript;
import dev.failover.windows.ps.ScriptComposer;
import dev.failover.windows.ps.ScriptReport;
import dev.failover.windows.ps.SetFailover;
import dev.failover.windows.ps.WindowsFailoverInfo;
import java.time.Clock;
import java.util.List;

/**
 * A Windows server's failover state: {@code Get-DhcpServerv4Failover} for the status (a
 * relationship the SDK keeps pending until its first scope is reported as such), and
 * {@code Set-DhcpServerv4Failover -PartnerDown}, which Windows allows only from COMMUNICATION
 * INTERRUPTED.
 */
final class WindowsStatusReader {

  private final WindowsShells shells;
  private final Clock clock;

  WindowsStatusReader(WindowsShells shells, Clock clock) {
    this.shells = shells;
    this.clock = clock;
  }

  FailoverStatus status(Server server, Relationship relationship) {
    RelationshipName name = relationship.name();
    ScriptReport report;
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.getFailover(name.value()))) {
      report = shells.run(server, script);
    }
    if (report.failure().isPresent()) {
      FailoverException e = ScriptReport.toException(server.id().value(), report.failure().get());
      if (e instanceof NotFoundException && shells.pending(server, name)) {
        return FailoverStatus.builder().relationship(name).server(server.id()).local(WindowsFailoverState.NO_STATE)
            .observedAt(clock.instant()).putDetail("pending", "true")
            .putDetail("pending-reason", "kept by the SDK until its first scope is added; Windows does not hold it yet")
            .build();
      }
      throw e;
    }
    report.throwIfFailed();
    List<WindowsFailoverInfo> infos = report.output(0).as(WindowsFailoverInfo::fromJson);
    if (infos.isEmpty()) {
      throw new NotFoundException("relationship", name.value(), "on " + server.id());
    }
    WindowsFailoverInfo info = infos.get(0);
    WindowsFailoverState local = info.state().map(s -> WindowsFailoverState.valueOf(s.name()))
        .orElse(WindowsFailoverState.NO_STATE);
    ImmutableFailoverStatus.Builder b = FailoverStatus.builder().relationship(name).server(server.id()).local(local)
        .observedAt(clock.instant());
    detail(b, "state", info.stateText());
    detail(b, "mode", info.mode().psName());
    info.serverType().ifPresent(t -> detail(b, "server-type", t));
    detail(b, "partner-server", info.partnerServer());
    info.serverRole().ifPresent(r -> detail(b, "server-role", r.psName()));
    info.loadBalancePercent().ifPresent(p -> detail(b, "load-balance-percent", Integer.toString(p)));
    info.reservePercent().ifPresent(p -> detail(b, "reserve-percent", Integer.toString(p)));
    detail(b, "max-client-lead-time", Long.toString(info.maxClientLeadTime().getSeconds()));
    detail(b, "auto-state-transition", Boolean.toString(info.autoStateTransition()));
    info.stateSwitchInterval().ifPresent(d -> detail(b, "state-switch-interval", Long.toString(d.getSeconds())));
    detail(b, "enable-auth", Boolean.toString(info.enableAuth()));
    detail(b, "scopes", Integer.toString(info.scopeIds().size()));
    return b.build();
  }

  void partnerDown(Server server, Relationship relationship) {
    RelationshipName name = relationship.name();
    if (shells.pending(server, name)) {
      throw new ValidationException("partner down", List.of(new Violation("relationship", name.value(),
          "must exist on Windows: it has no scopes yet and is only kept by the SDK, so there is no failover to take"
              + " over")));
    }
    try (PowerShellScript script = ScriptComposer.compose(DhcpCommands.setFailover(SetFailover.partnerDown(name.value())))) {
      shells.run(server, script).throwIfFailed();
    } catch (BackendException e) {
      if (e.kind() != BackendException.Kind.REJECTED) {
        throw e;
      }
      throw refusedPartnerDown(server, relationship, e);
    }
  }

  /**
   * Windows moves a server to PARTNER DOWN only from COMMUNICATION INTERRUPTED: the refusal,
   * with the state Windows needs, the state the server is in (read again) and Windows' own text.
   */
  private BackendException refusedPartnerDown(Server server, Relationship relationship, BackendException refused) {
    String now;
    try {
      FailoverStatus st = status(server, relationship);
      now = server.id() + " is in " + st.local().vendorName() + st.partner().map(p -> " and sees its partner "
          + relationship.partnerOf(server.id()) + " in " + p.vendorName()).orElse("");
    } catch (FailoverException unread) {
      now = "the state of " + server.id() + " could not be read again (" + unread.getMessage() + ")";
    }
    return new BackendException(BackendException.Kind.REJECTED, server.id().value(), "Windows sets partner-down only"
        + " from the COMMUNICATION INTERRUPTED state (the server has lost touch with its partner); " + now + ". Stop "
        + relationship.partnerOf(server.id()) + " or wait until " + server.id() + " reports COMMUNICATION INTERRUPTED,"
        + " then try again. Windows said: " + refused.serverMessage(), refused.serverCode().orElse(null), false, refused);
  }

  private static void detail(ImmutableFailoverStatus.Builder b, String key, String value) {
    if (value != null && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
      b.putDetail(key, value);
    }
  }
}
