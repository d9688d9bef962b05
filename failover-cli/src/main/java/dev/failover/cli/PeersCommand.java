package dev.failover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failover.errors.NotFoundException;
import dev.failover.plan.AddPeer;
import dev.failover.plan.DeletePeer;
import dev.failover.plan.EditPeer;
import dev.failover.plan.ImmutableDeletePeer;
import dev.failover.plan.IscPeer;
import dev.failover.plan.ServerState;
import dev.failover.plan.SetPoolPeer;
import dev.failover.relationship.ImmutableIscPeerDeclaration;
import dev.failover.relationship.IscFailoverSettings;
import dev.failover.relationship.IscPeerDeclaration;
import dev.failover.relationship.ServerRole;
import dev.failover.scope.AddressRange;
import dev.failover.scope.Pool;
import dev.failover.scope.Scope;
import dev.failover.scope.Subnet;
import dev.failover.server.ServerId;
import dev.failover.server.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code failover peers list|add|edit|delete|set-pool}: ISC {@code failover peer} declarations. */
@Command(name = "peers", description = {"ISC failover peers: list, add, edit, delete, set-pool.",
    "ISC dhcpd failover peer declarations, and which peer a pool refers to (set-pool). The first peer of a",
    "server governs every pool."},
    subcommands = {PeersCommand.ListPeers.class, PeersCommand.Add.class, PeersCommand.Edit.class,
        PeersCommand.Delete.class, PeersCommand.SetPool.class})
final class PeersCommand {

  /** The declaration's parameters a command line can set. */
  static final class Declaration {
    @Option(names = "--role", paramLabel = "ROLE", description = "primary or secondary.")
    ServerRole role;

    @Option(names = "--address", paramLabel = "ADDRESS", description = "Where this server listens for its partner.")
    String address;

    @Option(names = "--port", paramLabel = "PORT", description = "This server's failover port (default 647).")
    Integer port;

    @Option(names = "--peer-address", paramLabel = "ADDRESS", description = "Where the partner listens.")
    String peerAddress;

    @Option(names = "--peer-port", paramLabel = "PORT", description = "The partner's failover port (default 647).")
    Integer peerPort;

    @Option(names = "--mclt", paramLabel = "DURATION", description = "Primary only (default 1h on a new primary).")
    Duration mclt;

    @Option(names = "--split", paramLabel = "0..256", description = "Primary only (default 128 on a new primary).")
    Integer split;

    @Option(names = "--max-response-delay", paramLabel = "DURATION", description = "Default 60s.")
    Duration maxResponseDelay;

    @Option(names = "--max-unacked-updates", paramLabel = "N", description = "Default 10.")
    Integer maxUnackedUpdates;

    boolean any() {
      return role != null || address != null || port != null || peerAddress != null || peerPort != null || mclt != null
          || split != null || maxResponseDelay != null || maxUnackedUpdates != null;
    }

    IscPeerDeclaration onto(ImmutableIscPeerDeclaration.Builder b, boolean fresh) {
      if (role != null) {
        b.role(role);
      }
      if (address != null) {
        b.address(address);
      }
      if (port != null) {
        b.port(port);
      }
      if (peerAddress != null) {
        b.peerAddress(peerAddress);
      }
      if (peerPort != null) {
        b.peerPort(peerPort);
      }
      if (maxResponseDelay != null) {
        b.maxResponseDelay(maxResponseDelay);
      }
      if (maxUnackedUpdates != null) {
        b.maxUnackedUpdates(maxUnackedUpdates);
      }
      boolean primary = role == ServerRole.PRIMARY;
      if (mclt != null) {
        b.mclt(mclt);
      } else if (fresh && primary) {
        b.mclt(IscFailoverSettings.DEFAULT_MCLT);
      }
      if (split != null) {
        b.split(split);
      } else if (fresh && primary) {
        b.split(IscFailoverSettings.LOAD_BALANCING_SPLIT);
      }
      if (!fresh && role == ServerRole.SECONDARY) {
        // a declaration turned secondary loses what only a primary may have
        if (mclt == null) {
          b.mclt(Optional.empty());
        }
        if (split == null) {
          b.split(OptionalInt.empty()).hba(Optional.empty());
        }
      }
      return b.build();
    }
  }

  static IscPeer peer(Session session, ServerId server, String name) {
    return session.failover().state(server).peer(name).orElseThrow(() -> new NotFoundException("failover peer",
        "\"" + name + "\"", "on " + server));
  }

  /** {@code peers list [SERVER...]}. */
  @Command(name = "list", description = "List the failover peer declarations of ISC servers (default: every ISC server).")
  static final class ListPeers extends CliCommand {
    @Parameters(paramLabel = "SERVER", arity = "0..*", description = "ISC servers to list (default: every ISC server).")
    List<ServerId> servers = new ArrayList<>();

    @Override
    int run(Session session, Output out) {
      List<ServerState> states = new ArrayList<>();
      if (servers.isEmpty()) {
        session.states().stream().filter(s -> s.vendor() == Vendor.ISC).forEach(states::add);
      } else {
        for (ServerId id : servers) {
          states.add(session.failover().state(id));
        }
      }
      ObjectNode doc = out.object();
      ArrayNode list = doc.putArray("servers");
      StringBuilder sb = new StringBuilder();
      for (ServerState st : states) {
        ObjectNode n = list.addObject().put("server", st.server().value());
        ArrayNode peers = n.putArray("peers");
        sb.append(st.server()).append(":\n");
        for (IscPeer p : st.peers()) {
          ObjectNode pn = peers.addObject();
          pn.set("peer", out.tree(p));
          ArrayNode pools = pn.putArray("pools");
          List<String> poolText = new ArrayList<>();
          for (Scope s : st.scopes()) {
            for (Pool pool : s.pools()) {
              if (pool.failoverPeer().filter(p.name()::equals).isPresent()) {
                pools.add(pool.range().toString());
                poolText.add(pool.range().toString());
              }
            }
          }
          IscPeerDeclaration d = p.declaration();
          sb.append("  \"").append(p.name()).append("\" ").append(d.role().name().toLowerCase(java.util.Locale.ROOT))
              .append(", address ").append(d.address()).append(':').append(d.port()).append(", peer ")
              .append(d.peerAddress()).append(':').append(d.peerPort())
              .append(d.mclt().map(m -> ", mclt " + m.toSeconds() + "s").orElse(""))
              .append(d.split().isPresent() ? ", split " + d.split().getAsInt() : "")
              .append("; pools: ").append(poolText.isEmpty() ? "none" : String.join(", ", poolText)).append('\n');
        }
        if (st.peers().isEmpty()) {
          sb.append("  no failover peers\n");
        }
      }
      out.emit(doc, sb.toString());
      return ExitCode.OK;
    }
  }

  /** {@code peers add SERVER NAME --role … --address … --peer-address …}. */
  @Command(name = "add", description = {"Declare a failover peer on an ISC server. Its first peer governs every pool",
      "of the server."})
  static final class Add extends CliCommand {
    @Parameters(index = "0", paramLabel = "SERVER", description = "The ISC server.")
    ServerId server;

    @Parameters(index = "1", paramLabel = "NAME", description = "The failover peer's name.")
    String name;

    @Mixin
    Declaration declaration;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      if (declaration.role == null || declaration.address == null || declaration.peerAddress == null) {
        throw new UsageException("a new peer needs --role, --address and --peer-address");
      }
      IscPeer peer = IscPeer.of(name, declaration.onto(IscPeerDeclaration.builder(), true));
      return review(session, out, AddPeer.of(server.value(), peer), apply);
    }
  }

  /** {@code peers edit SERVER NAME [parameters]}. */
  @Command(name = "edit", description = "Change what a failover peer declaration says (its name stays).")
  static final class Edit extends CliCommand {
    @Parameters(index = "0", paramLabel = "SERVER", description = "The ISC server.")
    ServerId server;

    @Parameters(index = "1", paramLabel = "NAME", description = "The failover peer's name.")
    String name;

    @Mixin
    Declaration declaration;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      if (!declaration.any()) {
        throw new UsageException("nothing to edit: give at least one parameter (peers edit --help lists them)");
      }
      IscPeer current = peer(session, server, name);
      IscPeerDeclaration edited = declaration.onto(ImmutableIscPeerDeclaration.builder().from(current.declaration()),
          false);
      return review(session, out, EditPeer.of(server.value(), IscPeer.of(name, edited)), apply);
    }
  }

  /** {@code peers delete SERVER NAME [--replacement PEER]}. */
  @Command(name = "delete", description = {"Delete a failover peer declaration. Its pools are rewired: with no other peer",
      "their references go; with one other, they refer to it; with more, name --replacement."})
  static final class Delete extends CliCommand {
    @Parameters(index = "0", paramLabel = "SERVER", description = "The ISC server.")
    ServerId server;

    @Parameters(index = "1", paramLabel = "NAME", description = "The failover peer's name.")
    String name;

    @Option(names = "--replacement", paramLabel = "PEER", description = "The peer the deleted peer's pools move to.")
    String replacement;

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      ImmutableDeletePeer op = DeletePeer.of(server.value(), name);
      if (replacement != null) {
        op = op.withReplacement(replacement);
      }
      return review(session, out, op, apply);
    }
  }

  /** {@code peers set-pool SERVER SUBNET RANGE (--peer NAME | --none)}. */
  @Command(name = "set-pool", description = {"Point a pool at another failover peer, or at none. A peer left without pools",
      "is deleted, and the plan warns about it."})
  static final class SetPool extends CliCommand {
    @Parameters(index = "0", paramLabel = "SERVER", description = "The ISC server.")
    ServerId server;

    @Parameters(index = "1", paramLabel = "SUBNET", description = "The subnet the pool is in (10.10.0.0/24).")
    Subnet subnet;

    @Parameters(index = "2", paramLabel = "RANGE", description = "The pool, as FIRST-LAST (10.10.0.100-10.10.0.199).")
    AddressRange pool;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
      @Option(names = "--peer", paramLabel = "NAME", description = "The peer the pool will refer to.")
      String peer;

      @Option(names = "--none", description = "The pool will refer to no peer.")
      boolean none;
    }

    @Mixin
    ApplyOptions apply;

    @Override
    int run(Session session, Output out) {
      return review(session, out, SetPoolPeer.of(server.value(), subnet.toString(), pool.toString(),
          target.none ? null : target.peer), apply);
    }
  }
}
