package dev.failover.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.gen.Properties;
import dev.failover.gen.ScopeGen;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replication diff and drift, over generated scopes. */
class DiffPropertiesTest {

  private static final Subnet NET = ScopeGen.subnet(1);
  private static final ServerId A = ServerId.of("a");
  private static final ServerId B = ServerId.of("b");

  @Test
  void applyingTheDiffToTheDestinationYieldsTheSource() {
    Properties.check("apply(dest, diff(dest, src)) == src", () -> Properties.theory()
        .forAll(ScopeGen.seeds(), ScopeGen.seeds()).checkAssert((x, y) -> {
          Scope dest = ScopeGen.scope(NET, new Random(x));
          Scope src = ScopeGen.scope(NET, new Random(y));
          List<ItemChange> changes = ScopeDiff.between(dest, src);
          assertThat(ScopeDiff.apply(dest, changes)).isEqualTo(src);
          assertThat(ScopeDiff.apply(src, ScopeDiff.inverse(changes))).isEqualTo(dest);
          assertThat(changes.isEmpty()).isEqualTo(dest.equals(src));
        }));
  }

  @Test
  void theDiffOfEqualScopesIsEmpty() {
    Properties.check("diff(s, s) is empty", () -> Properties.theory().forAll(ScopeGen.seeds()).checkAssert(x -> {
      Scope s = ScopeGen.scope(NET, new Random(x));
      Scope rebuilt = Scope.builder().from(s).build();
      assertThat(ScopeDiff.between(s, rebuilt)).isEmpty();
      assertThat(DriftReport.between(A, List.of(s), B, List.of(rebuilt)).isEmpty()).isTrue();
    }));
  }

  @Test
  void driftIsSymmetric() {
    Properties.check("drift(a, b) mirrors drift(b, a)", () -> Properties.theory()
        .forAll(ScopeGen.seeds(), ScopeGen.seeds()).checkAssert((x, y) -> {
          Random rx = new Random(x);
          Random ry = new Random(y);
          List<Scope> onA = new ArrayList<>();
          List<Scope> onB = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            if (rx.nextInt(4) != 0) {
              onA.add(ScopeGen.scope(ScopeGen.subnet(i), rx));
            }
            if (ry.nextInt(4) != 0) {
              onB.add(ScopeGen.scope(ScopeGen.subnet(i), ry));
            }
          }
          DriftReport ab = DriftReport.between(A, onA, B, onB);
          DriftReport ba = DriftReport.between(B, onB, A, onA);
          assertThat(ba).isEqualTo(ab.mirrored());
          assertThat(ab.mirrored().mirrored()).isEqualTo(ab);
          // drift agrees with the replication diff: a scope on both drifts exactly when the diff is non-empty
          for (ScopeDrift d : ab.scopes()) {
            if (d.presence() == ScopeDrift.Presence.BOTH) {
              Scope sa = onA.stream().filter(s -> s.subnet().equals(d.subnet())).findFirst().orElseThrow();
              Scope sb = onB.stream().filter(s -> s.subnet().equals(d.subnet())).findFirst().orElseThrow();
              assertThat(ScopeDiff.between(sb, sa)).hasSize(d.items().size());
            }
          }
        }));
  }
}
