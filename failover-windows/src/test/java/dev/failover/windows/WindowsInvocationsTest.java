package dev.failover.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.Operation;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.relationship.ImmutableRelationship;
import dev.failover.relationship.WindowsFailoverSettings;
import dev.failover.relationship.WindowsServerRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("One change script per server per plan, however many scopes the plan touches")
class WindowsInvocationsTest extends WindowsTestBase {

  private final List<String> log = new ArrayList<>();

  private void counted(String what, Operation op, int writesOnA, int writesOnB) {
    w.forgetInvocations();
    apply(op);
    long readsA = w.invocations.stream().filter(i -> i.server().equals("dhcp-a") && !i.writes()).count();
    long readsB = w.invocations.stream().filter(i -> i.server().equals("dhcp-b") && !i.writes()).count();
    log.add(what + ": writes " + w.writes("dhcp-a") + "/" + w.writes("dhcp-b") + ", reads " + readsA + "/" + readsB);
    assertThat(w.writes("dhcp-a")).as(what + " on dhcp-a").isEqualTo(writesOnA);
    assertThat(w.writes("dhcp-b")).as(what + " on dhcp-b").isEqualTo(writesOnB);
    assertThat(readsA + readsB).as(what + " reads").isLessThanOrEqualTo(14);
  }

  @Test
  @DisplayName("create with 12 scopes, add 12 more one plan each, modify, replicate 24, remove: at most one script a server")
  void perPlan() {
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      first.add("10." + (10 + i) + ".0.0/24");
      w.seed(A, scope(first.get(i), 4));
    }
    counted("create with 12 scopes", CreateRelationship.of(hotStandby("pair-n", first.toArray(String[]::new))), 1, 0);
    for (int i = 0; i < 12; i++) {
      String s = "10." + (30 + i) + ".0.0/24";
      w.seed(B, scope(s, 2));
      counted("add scope held by dhcp-b", AddScope.of("pair-n", s), 0, 1);
    }
    var changed = ImmutableRelationship.copyOf(failover.relationship("pair-n")).withSettings(WindowsFailoverSettings
        .builder().reservePercent(9).partnerRole(WindowsServerRole.STANDBY).maxClientLeadTime(Duration.ofMinutes(20))
        .build());
    counted("modify", ModifyRelationship.of(changed), 1, 0);
    for (String s : first) {
      w.seed(B, scope(s, 6));
    }
    counted("replicate 24 scopes (12 drifted)", Replicate.relationship("pair-n").from("dhcp-a"), 0, 1);
    counted("remove, disable dhcp-b's 24 copies", RemoveRelationship.of("pair-n").keepScopesOn("dhcp-a",
        ScopeFate.DISABLE), 1, 1);
    assertThat(read(B).scopes()).hasSize(24).allSatisfy(s -> assertThat(s.enabled()).isFalse());
    System.out.println(String.join("\n", log));
  }
}
