package dev.failover;

import static dev.failover.plan.Fixtures.INVENTORY;
import static dev.failover.plan.Fixtures.ISC_B;
import static dev.failover.plan.Fixtures.iscPair;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failover.access.Principal;
import dev.failover.plan.AddPeer;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.plan.DeletePeer;
import dev.failover.plan.EditPeer;
import dev.failover.plan.IscPeer;
import dev.failover.plan.MemoryBackend;
import dev.failover.plan.ModifyRelationship;
import dev.failover.plan.Operation;
import dev.failover.plan.Plan;
import dev.failover.plan.RemoveRelationship;
import dev.failover.plan.RemoveScope;
import dev.failover.plan.Replicate;
import dev.failover.plan.ScopeFate;
import dev.failover.plan.ServerPlan;
import dev.failover.plan.SetPoolPeer;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.ServerRole;
import dev.failover.server.Vendor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation is named in a denial by its own phrase, never by a verb built from its description. */
@DisplayName("the phrase naming an operation in an access decision")
class DenialPhrasesTest {

  private static final Principal NOBODY = Principal.named("nobody").build();
  private static final IscPeer PEER = IscPeer.of("fo-b",
      IscFailoverSettings.defaults("192.0.2.1", "192.0.2.2").declarationFor(ServerRole.PRIMARY));

  /** One operation of every kind, with the phrase a denial must show for it. */
  static Map<Operation, String> phrases() {
    Map<Operation, String> out = new LinkedHashMap<>();
    out.put(CreateRelationship.of(iscPair()), "creating relationship fo1");
    out.put(ModifyRelationship.of(iscPair()), "modifying relationship fo1");
    out.put(RemoveRelationship.of("fo1").keepScopesOn("isc-a", ScopeFate.DELETE),
        "removing relationship fo1, scopes kept on isc-a, other copies deleted");
    out.put(AddScope.of("fo1", "10.1.0.0/24"), "adding scope 10.1.0.0/24 to relationship fo1");
    out.put(RemoveScope.of("fo1", "10.1.0.0/24", "isc-a", ScopeFate.DISABLE),
        "removing scope 10.1.0.0/24 from relationship fo1, kept on isc-a");
    out.put(AddPeer.of("isc-a", PEER), "adding failover peer \"fo-b\" on isc-a");
    out.put(EditPeer.of("isc-a", PEER), "editing failover peer \"fo-b\" on isc-a");
    out.put(DeletePeer.of("isc-a", "fo-b"), "deleting failover peer \"fo-b\" on isc-a");
    out.put(SetPoolPeer.of("isc-a", "10.1.0.0/24", "10.1.0.100-10.1.0.200", "fo-b"),
        "setting the failover peer of pool 10.1.0.100-10.1.0.200 in 10.1.0.0/24 on isc-a to \"fo-b\"");
    out.put(Replicate.scope("10.1.0.0/24").from("isc-a"), "replicating scope 10.1.0.0/24 from isc-a");
    out.put(Replicate.relationship("fo1").from("isc-a"), "replicating relationship fo1 from isc-a");
    out.put(Replicate.server("isc-a"), "replicating every failover scope of isc-a");
    return out;
  }

  static Stream<Arguments> operations() {
    return phrases().entrySet().stream()
        .map(e -> Arguments.of(e.getKey().getClass().getInterfaces()[0].getSimpleName(), e.getKey(), e.getValue()));
  }

  @Test
  @DisplayName("is given for every kind of operation there is")
  void everyKindIsCovered() {
    java.util.Set<Class<?>> covered = new java.util.HashSet<>();
    phrases().keySet().forEach(op -> covered.add(op.getClass().getInterfaces()[0]));
    assertThat(covered).containsAll(Arrays.asList(Operation.class.getPermittedSubclasses()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  @DisplayName("is the operation's own phrase, in the denial of a principal without permission")
  void theDenialNamesTheOperationInItsOwnWords(String kind, Operation op, String phrase) {
    assertThat(op.doing()).isEqualTo(phrase);
    Failover failover = Failover.builder().inventory(INVENTORY).backends(new MemoryBackend(Vendor.ISC)).build();
    Plan plan = Plan.builder().operation(op).addServers(dev.failover.plan.ImmutableServerPlan.builder().server(ISC_B).vendor(Vendor.ISC)
        .fingerprint("f").build()).build();
    assertThat(failover.decide(NOBODY, plan).reason()).startsWith("denied: nobody " + phrase + " needs ");
  }
}
