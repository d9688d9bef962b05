package dev.failover.isc.store;

import dev.failover.errors.BackendException;
import dev.failover.spi.Texts;
import dev.failover.isc.conf.IscConfig;
import dev.failover.isc.conf.IscPeerStatement;
import dev.failover.isc.omapi.OmapiClient;
import dev.failover.isc.omapi.OmapiEndpoint;
import dev.failover.state.IscFailoverState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write that takes effect: dhcpd reads its configuration only when it starts, so after the
 * write the server's restart command runs (over SSH), and the write is kept only when dhcpd then
 * answers OMAPI again. One server at a time: the caller restarts the partner only after this returns.
 */
public final class RestartingWrite {

  private static final Logger LOG = LoggerFactory.getLogger(RestartingWrite.class);

  /** How long dhcpd must keep answering OMAPI after a restart to count as started. */
  private static final Duration STEADY = Duration.ofSeconds(1);

  private RestartingWrite() {}

  /** The state of each peer dhcpd runs under {@code config}, as far as OMAPI answers now. */
  private static Map<String, IscFailoverState> peerStates(OmapiEndpoint omapi, IscConfig config) {
    Map<String, IscFailoverState> states = new LinkedHashMap<>();
    try (OmapiClient client = OmapiClient.connect(omapi)) {
      for (IscPeerStatement p : config.peers()) {
        try {
          states.put(p.name(), client.failoverState(p.name()).localState());
        } catch (BackendException e) {
          LOG.debug("peer {} has no state over OMAPI: {}", p.name(), e.getMessage());
        }
      }
    } catch (BackendException e) {
      LOG.debug("OMAPI does not answer before the write: {}", e.getMessage());
    }
    return states;
  }

  /**
   * Writes {@code next} (as {@link SshConfigStore#write}, from {@code current}'s fingerprint), then
   * restarts dhcpd with the server's restart command, then waits (bounded by the restart timeout)
   * until it answers OMAPI for every peer of the new configuration and each peer that was normal
   * before is normal again. When dhcpd does not answer, the previous configuration is written back,
   * dhcpd restarted again, and both facts are reported in the error (and so in the audit record).
   *
   * @param store the server's configuration
   * @param current the configuration as read, which the change was made from
   * @param next the configuration to write
   * @param command the restart command, run on the server over SSH
   * @param omapi the server's OMAPI listener
   * @param timeout how long dhcpd may take to answer after each restart, and the pair to be normal again
   * @return the fingerprint of what was written
   * @throws dev.failover.errors.BackendException REJECTED when dhcpd did not start with the new
   *     configuration and answers again with the previous one (the server refused the change);
   *     TRANSPORT when it does not answer with either, or the previous file could not be written back
   */
  public static String write(SshConfigStore store, IscConfigSnapshot current, IscConfig next, String command,
      OmapiEndpoint omapi, Duration timeout) {
    String server = store.server();
    IscConfig previous = current.config();
    Map<String, IscFailoverState> before = peerStates(omapi, previous);
    String fingerprint = store.write(next, current.fingerprint());
    List<String> peers = next.peers().stream().map(IscPeerStatement::name).toList();
    String failure = restartAndAwait(server, omapi, store, command, peers, timeout);
    if (failure == null) {
      awaitNormal(server, omapi, before, peers, timeout);
      return fingerprint;
    }
    LOG.warn("isc {}: {}; restoring the previous configuration", server, failure);
    String restored;
    try {
      store.write(previous, fingerprint);
      restored = "the previous configuration was written back";
    } catch (RuntimeException e) {
      throw BackendException.transport(server, "the new configuration was written (fingerprint "
          + fingerprint + ") but " + failure + "; writing the previous configuration back failed too: "
          + e.getMessage(), e);
    }
    List<String> oldPeers = previous.peers().stream().map(IscPeerStatement::name).toList();
    String again = restartAndAwait(server, omapi, store, command, oldPeers, timeout);
    // dhcpd back with the previous file: the server refused the new one (REJECTED); not back: unreachable now
    throw new BackendException(again == null ? BackendException.Kind.REJECTED : BackendException.Kind.TRANSPORT,
        server, "the new configuration was"
        + " written but " + failure + "; " + restored + " and dhcpd restarted again with it: "
        + (again == null ? "dhcpd answers OMAPI again" : "it does not come back either (" + again + ")"),
        "restart rolled back", false, null);
  }

  /** Runs the restart command and waits for OMAPI; null when dhcpd answers for every peer, else what went wrong. */
  private static String restartAndAwait(String server, OmapiEndpoint omapi, SshConfigStore store,
      String command, List<String> peers, Duration timeout) {
    SshConfigStore.CommandResult r;
    try {
      r = store.run(command);
    } catch (BackendException e) {
      return "the restart command could not be run: " + e.getMessage();
    }
    if (r.exitCode() != 0) {
      return "the restart command exited " + r.exitCode() + ": " + Texts.quoted(r.output().strip());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    long answering = 0;
    while (true) {
      try (OmapiClient client = OmapiClient.connect(omapi)) {
        for (String peer : peers) {
          client.failoverState(peer);
        }
        // a dhcpd that fails while it starts can answer for a moment: it must still answer a second later
        if (answering != 0 && System.nanoTime() - answering >= STEADY.toNanos()) {
          LOG.info("isc {}: dhcpd answers OMAPI after the restart ({})", server, command);
          return null;
        }
        if (answering == 0) {
          answering = System.nanoTime();
        }
      } catch (BackendException e) {
        answering = 0;
        last = e.getMessage();
      }
      if (System.nanoTime() - deadline > 0) {
        return "dhcpd did not answer OMAPI within " + Texts.duration(timeout) + " after the restart (" + last + ")";
      }
      pause();
    }
  }

  /** Waits until each peer that was normal before the write is normal again; reports (logs) the state it is in otherwise. */
  private static void awaitNormal(String server, OmapiEndpoint omapi, Map<String, IscFailoverState> before,
      List<String> peers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String peer : peers) {
      if (before.get(peer) != IscFailoverState.NORMAL) {
        continue;
      }
      IscFailoverState now = null;
      while (true) {
        try (OmapiClient client = OmapiClient.connect(omapi)) {
          now = client.failoverState(peer).localState();
        } catch (BackendException e) {
          now = null;
        }
        if (now == IscFailoverState.NORMAL) {
          LOG.info("isc {}: failover peer {} is normal again after the restart", server, peer);
          break;
        }
        if (System.nanoTime() - deadline > 0) {
          LOG.warn("isc {}: failover peer {} is {} {} after the restart (it was normal before)", server, peer,
              now == null ? "unreadable" : now.name().toLowerCase(java.util.Locale.ROOT), timeout);
          break;
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transport("isc", "interrupted while waiting for dhcpd after a restart", e);
    }
  }

}
