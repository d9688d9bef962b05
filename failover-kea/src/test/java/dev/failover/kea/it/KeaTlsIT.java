package dev.failover.kea.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failover.errors.BackendException;
import dev.failover.Failover;
import dev.failover.Secret;
import dev.failover.access.BuiltInRole;
import dev.failover.access.Principal;
import dev.failover.kea.KeaBackend;
import dev.failover.kea.client.KeaClient;
import dev.failover.kea.client.KeaTls;
import dev.failover.kea.config.Dhcp4Config;
import dev.failover.kea.it.RealKeaPair.Install;
import dev.failover.plan.AddScope;
import dev.failover.plan.CreateRelationship;
import dev.failover.relationship.FailoverMode;
import dev.failover.relationship.KeaHaSettings;
import dev.failover.relationship.KeaMultiThreading;
import dev.failover.relationship.KeaPeer;
import dev.failover.relationship.Relationship;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.Scope;
import dev.failover.scope.ScopeProperties;
import dev.failover.server.Credential;
import dev.failover.server.Inventory;
import dev.failover.server.Server;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import dev.failover.state.CommonState;
import dev.failover.testkit.contract.FailoverBackendContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS with client certificates and HTTP basic auth on real Kea 2.2 and 2.6 (their agents) and
 * 3.0 (its own HTTP sockets), with certificates the pair makes with openssl
 * ({@link RealKeaPair.Builder#tls}): the SDK reaches the servers only with the CA, its certificate
 * and the password; the HA peers it configures talk to each other over mutual TLS with basic auth
 * (on 2.2 through each other's agents, which check it; on 2.6 and 3.0 on dedicated listeners); no
 * refusal names the password.
 */
@DisplayName("TLS and basic auth between the SDK and real Kea, and between the HA peers")
class KeaTlsIT {

  private static final Principal ADMIN = Principal.withRoles("it-admin", BuiltInRole.DHCP_ADMINISTRATORS);
  private static final String USER = "failover-it";
  private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime()) + "-never-shown";
  private static final String PEER_PASSWORD = "peer-" + Long.toHexString(System.nanoTime()) + "-never-shown";
  private static final ServerId A = ServerId.of("kea-a");
  private static final ServerId B = ServerId.of("kea-b");

  @ParameterizedTest(name = "{0}")
  @EnumSource(Install.class)
  @DisplayName("the SDK creates a hot-standby relationship over HTTPS with basic auth; the peers reach hot-standby over mutual TLS")
  void relationshipOverTls(Install install) {
    try (RealKeaPair pair = RealKeaPair.builder().install(install).tls(USER, PASSWORD).start()) {
      assertThat(pair.agentUrl(1).getScheme()).isEqualTo("https");
      Map<String, String> options = Map.of(KeaBackend.OPTION_HOOKS_DIRECTORY, pair.hooksDirectory(),
          KeaBackend.OPTION_REQUEST_TIMEOUT, "PT30S", KeaBackend.OPTION_TLS_CA, pair.caFile().toString(),
          KeaBackend.OPTION_TLS_CERT, pair.certFile().toString(), KeaBackend.OPTION_TLS_PKCS8, pair.keyFile().toString());
      Credential credential = Credential.of(USER, Secret.of(PASSWORD));
      Inventory inventory = Inventory.of(
          Server.builder().id(A).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(1)).options(options)
              .credential(credential).build(),
          Server.builder().id(B).vendor(Vendor.KEA).address("127.0.0.1").endpoint(pair.agentUrl(2)).options(options)
              .credential(credential).build());
      Failover failover = Failover.builder().inventory(inventory).backends(new KeaBackend()).build();

      Scope scope = FailoverBackendContract.sampleScope("10.88.0.0/24", 2);
      scope = Scope.builder().from(scope).properties(ScopeProperties.builder().from(scope.properties()).id(8).build())
          .build();
      Dhcp4Config config = pair.client(1).configGet();
      pair.client(1).configSet(config.withScope(scope));

      List<String> files = pair.serverTlsFiles();
      // on 2.2 the peers talk through each other's agents, which require the agents' basic auth:
      // the peers reaching hot-standby shows it is sent; a dedicated listener (2.6, 3.0) gets its own
      String peerPassword = pair.dedicatedListeners() ? PEER_PASSWORD : PASSWORD;
      var builder = KeaHaSettings.builder()
          .addPeer(KeaPeer.builder().server(A).url(pair.peerUrl(1)).role(ServerRole.PRIMARY).basicAuthUser(USER)
              .basicAuthPassword(Secret.of(peerPassword)).build())
          .addPeer(KeaPeer.builder().server(B).url(pair.peerUrl(2)).role(ServerRole.STANDBY).basicAuthUser(USER)
              .basicAuthPassword(Secret.of(peerPassword)).build())
          .trustAnchor(files.get(0)).certFile(files.get(1)).keyFile(files.get(2)).requireClientCerts(true)
          .heartbeatDelay(Duration.ofMillis(1000)).maxResponseDelay(Duration.ofMillis(5000))
          .maxAckDelay(Duration.ofMillis(1000)).syncTimeout(Duration.ofMillis(10_000));
      if (pair.dedicatedListeners()) {
        builder.multiThreading(KeaMultiThreading.builder().httpListenerThreads(2).httpClientThreads(2).build());
      }
      KeaHaSettings settings = builder.build();
      Relationship r = Relationship.builder().name("secured").mode(FailoverMode.HOT_STANDBY).primary(A).secondary(B)
          .settings(settings).build();
      failover.apply(failover.plan(CreateRelationship.of(r)), ADMIN);
      failover.apply(failover.plan(AddScope.of("secured", "10.88.0.0/24")), ADMIN);

      var entry = pair.client(1).configGet().highAvailability().get(0);
      assertThat(entry.path("trust-anchor").asText()).isEqualTo(files.get(0));
      assertThat(entry.path("peers").get(1).path("url").asText()).startsWith("https://");
      pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
      pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
      assertThat(failover.status("secured")).allSatisfy(s -> assertThat(s.local().common()).isEqualTo(CommonState.NORMAL));
      Relationship read = failover.relationship("secured");
      assertThat(read.settings()).isInstanceOfSatisfying(KeaHaSettings.class, k -> assertThat(k.requireClientCerts()).isTrue());
      assertThat(read.toString()).doesNotContain(PEER_PASSWORD).doesNotContain(PASSWORD);
      assertThat(failover.state("kea-a").toString()).doesNotContain(PEER_PASSWORD).doesNotContain(PASSWORD);

      refusals(pair);
      peerCredentialChecked(pair);
    }
  }

  /** One HA course of server1 after a configuration change: the steps it showed, until {@code until} or 25 s. */
  private static List<String> courseOf(RealKeaPair pair, String until) {
    List<String> steps = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    for (int polls = 0; System.nanoTime() < deadline && polls < 250; polls++) {
      JsonNode ha = pair.client(1).command("status-get", null).arguments().orElseThrow()
          .path("high-availability").path(0).path("ha-servers");
      String step = ha.path("local").path("state").asText() + " interrupted="
          + ha.path("remote").path("communication-interrupted").asText() + " partner="
          + ha.path("remote").path("last-state").asText();
      if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step)) {
        steps.add(step);
      }
      if (step.startsWith(until + " ")) {
        break;
      }
      try {
        Thread.sleep(100); // the poll interval of a bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return steps;
  }

  /**
   * Issue 14 item 4: server1 is told to send server2 a wrong password (then none) on the HA
   * channel; what server2's endpoint does with it shows in server1's HA state. On 2.2 the
   * endpoint is server2's agent, which refuses it (401): server1 loses its partner and goes
   * partner-down. On 2.6.3 and 3.0.4 it is server2's dedicated HA listener, which does not check
   * basic auth at all: server1 reaches hot-standby all the same (what real Kea does, shown here so
   * the SDK's README does not promise more). The right password again brings hot-standby back.
   */
  private static void peerCredentialChecked(RealKeaPair pair) {
    ObjectNode right = (ObjectNode) pair.client(1).command("config-get", null).arguments().orElseThrow();
    right.remove("hash");
    // whether or not config-get shows the peers' passwords, the right ones are set again
    String peerPassword = pair.dedicatedListeners() ? PEER_PASSWORD : PASSWORD;
    for (JsonNode lib : right.path("Dhcp4").path("hooks-libraries")) {
      for (JsonNode peer : lib.path("parameters").path("high-availability").path(0).path("peers")) {
        ((ObjectNode) peer).put("basic-auth-password", peerPassword);
      }
    }
    for (String variant : List.of("wrong", "none")) {
      ObjectNode changed = right.deepCopy();
      for (JsonNode lib : changed.path("Dhcp4").path("hooks-libraries")) {
        for (JsonNode peer : lib.path("parameters").path("high-availability").path(0).path("peers")) {
          if (peer.path("url").asText().equals(pair.peerUrl(2).toString())) {
            if (variant.equals("wrong")) {
              ((ObjectNode) peer).put("basic-auth-password", "wrong-" + PEER_PASSWORD);
            } else {
              ((ObjectNode) peer).remove("basic-auth-user");
              ((ObjectNode) peer).remove("basic-auth-password");
            }
          }
        }
      }
      pair.client(1).configSet(Dhcp4Config.of(changed));
      if (pair.dedicatedListeners()) {
        List<String> course = courseOf(pair, "hot-standby");
        assertThat(course).as("Kea %s, %s password to server2's dedicated listener: server1's course",
            pair.install().versionPrefix(), variant).last().asString()
            .startsWith("hot-standby interrupted=false partner=hot-standby");
      } else {
        List<String> course = courseOf(pair, "partner-down");
        assertThat(course).as("Kea %s, %s password to server2's agent: server1's course", pair.install().versionPrefix(),
            variant).noneMatch(step -> step.startsWith("hot-standby")).last().asString()
            .startsWith("partner-down interrupted=true partner=unavailable");
      }
      pair.client(1).configSet(Dhcp4Config.of(right));
      pair.awaitState(1, "hot-standby", RealKeaPair.STATE_TIMEOUT);
      pair.awaitState(2, "hot-standby", RealKeaPair.STATE_TIMEOUT);
    }
  }

  /** Every way in that lacks something is refused, and no refusal names a password. */
  private static void refusals(RealKeaPair pair) {
    KeaClient.Builder base = KeaClient.builder(pair.agentUrl(1)).name("kea-a").connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(10));
    KeaTls full = KeaTls.withClientCertificate(pair.caFile(), pair.certFile(), pair.keyFile());
    String wrong = "wrong-" + PASSWORD;

    // real Kea's 401 is a credential problem (the user or the secret), not "could not talk to server"
    refused(KeaClient.builder(pair.agentUrl(1)).tls(full).build(), e -> {
      assertThat(e.getMessage()).as("no credential").contains("401");
      assertThat(e.kind()).as("no credential").isEqualTo(BackendException.Kind.CREDENTIALS);
    });
    refused(KeaClient.builder(pair.agentUrl(1)).tls(full).basicAuth(USER, Secret.of(wrong)).build(), e -> {
      assertThat(e.getMessage()).as("wrong password").contains("401", "did not accept the credential")
          .doesNotContain(wrong);
      assertThat(e.kind()).as("wrong password").isEqualTo(BackendException.Kind.CREDENTIALS);
    });
    refused(KeaClient.builder(pair.agentUrl(1)).tls(KeaTls.trusting(pair.caFile())).basicAuth(USER, Secret.of(PASSWORD))
        .build(), e -> assertThat(e.kind()).as("no client certificate").isEqualTo(BackendException.Kind.TRANSPORT));
    refused(KeaClient.builder(pair.agentUrl(1)).basicAuth(USER, Secret.of(PASSWORD)).build(), e ->
        assertThat(e.kind()).as("the pair's CA not trusted").isEqualTo(BackendException.Kind.TRANSPORT));
    refused(KeaClient.builder(plainHttp(pair)).basicAuth(USER, Secret.of(PASSWORD)).build(), e ->
        assertThat(e.kind()).as("plain HTTP to an HTTPS socket").isEqualTo(BackendException.Kind.TRANSPORT));
    // with everything, the same endpoint answers
    assertThat(base.tls(full).basicAuth(USER, Secret.of(PASSWORD)).build().versionGet().text())
        .startsWith(pair.install().versionPrefix());
  }

  private static java.net.URI plainHttp(RealKeaPair pair) {
    return java.net.URI.create("http://127.0.0.1:" + pair.agentUrl(1).getPort() + "/");
  }

  private static void refused(KeaClient client, Consumer<BackendException> check) {
    assertThatThrownBy(client::configGet).isInstanceOfSatisfying(BackendException.class, e -> {
      check.accept(e);
      assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain(PEER_PASSWORD);
      assertThat(String.valueOf(e.getCause())).doesNotContain(PASSWORD);
    });
    assertThat(client.toString()).doesNotContain(PASSWORD);
  }
}
