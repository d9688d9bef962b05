package dev.failover.windows;

import dev.failover.server.Server;
import dev.failover.ssh.HostKeyPolicy;
import dev.failover.windows.transport.RemoteShell;
import dev.failover.windows.transport.SshRemoteShell;
import java.util.function.Function;

/**
 * The {@link WindowsBackend}'s default way to reach a server: an {@link SshRemoteShell} to the
 * host and port of its {@code ssh://user@host:port} endpoint (port 22 by default), logging in
 * with the credential's password (the user from the endpoint, else from the credential), and
 * accepting only the host key whose fingerprint is the server's {@code host-fingerprint} option.
 *
 * <pre>{@code
 * Server dc1 = Server.builder().id(ServerId.of("dc1")).vendor(Vendor.WINDOWS).address("dc1.example.net")
 *     .endpoint(URI.create("ssh://dhcpadmin@dc1.example.net"))
 *     .credential(Credential.of("dhcpadmin", Secret.of(password)))
 *     .putOption("host-fingerprint", "SHA256:…")
 *     .build();
 * }</pre>
 *
 * <p>Use a password login: Windows' failover cmdlets contact the partner server as the caller,
 * and an OpenSSH session on Windows that logged in with a key has no network credentials to do
 * that with.
 */
public final class SshShellFactory implements Function<Server, RemoteShell> {

  @Override
  public RemoteShell apply(Server server) {
    WindowsServerOptions.Ssh ssh = WindowsServerOptions.Ssh.of(server);
    return SshRemoteShell.builder().name(server.id().value()).host(ssh.host()).port(ssh.port()).user(ssh.user())
        .password(ssh.password())
        .hostKey(HostKeyPolicy.fingerprint(ssh.hostFingerprint())).connectTimeout(ssh.connectTimeout())
        .authTimeout(ssh.connectTimeout()).build();
  }

  @Override
  public String toString() {
    return "SshShellFactory";
  }
}
