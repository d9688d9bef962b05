package dev.failover.cli;

import dev.failover.cli.sandbox.Sandbox;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code failover}: the operator's command-line tool for the failover SDK. It manages the servers
 * of an inventory file, or, with {@code --sandbox}, three pairs of the testkit's fake servers on
 * 127.0.0.1, with nothing installed.
 *
 * <pre>{@code
 * failover --sandbox drift
 * failover --sandbox replicate relationship kea-pair --from kea-a --apply --yes
 * failover -i inventory.yaml --as alice status --json
 * }</pre>
 *
 * <p>Every command that changes servers shows its plan and applies it only with {@code --apply};
 * {@code --json} makes any command write one JSON document; exit codes are in {@link ExitCode}.
 */
@Command(name = "failover", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = FailoverCli.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {"Manage DHCP failover across ISC dhcpd, Kea and Windows DHCP servers.",
        "Every command that changes servers shows its plan; it applies it only with --apply."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (plan shown or applied; no drift)",
        "1:error (invalid input, not found, server failure, no backend, declined)",
        "2:usage (bad command line; --apply without --yes and no terminal)",
        "3:drift found", "4:conflict: a server changed since the plan was made",
        "5:access denied", "6:not available yet (no backend offers it)",
        "7:partial answer: a server could not be read (the others are shown)",
        "8:servers left changed: applying failed part way; each server's state is listed"})
public final class FailoverCli implements Callable<Integer> {

  /**
   * The commands, in the order {@code failover --help} lists them. A run registers only the one
   * its command line names (building the options of every command costs more than a sandbox
   * server's start), none for {@code --version} alone, all of them when it names none it knows:
   * for the help, and so that a typo gets picocli's suggestions.
   */
  static final List<Class<?>> COMMANDS = List.of(ServersCommand.class, PrincipalsCommand.class,
      RelationshipsCommand.class, ScopesCommand.class, PeersCommand.class, ReplicateCommand.class, DriftCommand.class,
      StatusCommand.class, WatchCommand.class, PartnerDownCommand.class, MaintenanceCommand.class, ApplyCommand.class,
      TourCommand.class, WhoServesCommand.class, MigrateCommand.class);

  /**
   * Each command's name ({@code @Command(name)}), in the order of {@link #COMMANDS}: which command
   * a command line names is found from these words, without reading the commands' annotations
   * (parsing fifteen {@code @Command} annotations cost a run more than the one command it builds;
   * {@code HelpTest} checks that the two lists agree).
   */
  static final List<String> COMMAND_NAMES = List.of("servers", "principals", "relationships", "scopes", "peers",
      "replicate", "drift", "status", "watch", "partner-down", "maintenance", "apply", "tour", "who-serves", "migrate");

  /** The top-level options that take a value (the word after them is no command). */
  private static final Set<String> WITH_VALUE = Set.of("-i", "--inventory", "--sandbox-dir", "--as", "--audit-log");

  /** The environment variable naming the inventory file when {@code --inventory} is not given. */
  public static final String INVENTORY_ENV = "FAILOVER_INVENTORY";

  @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The inventory file (YAML, or JSON when it ends in .json); default: $" + INVENTORY_ENV + ".")
  Path inventory;

  @Option(names = "--sandbox", scope = ScopeType.INHERIT,
      description = "Work on the embedded sandbox: fake ISC, Kea and Windows pairs on 127.0.0.1.")
  boolean sandbox;

  @Option(names = "--sandbox-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Where the sandbox keeps its servers between runs; default: failover-cli-sandbox-USER in the "
          + "system temp directory.")
  Path sandboxDir;

  @Option(names = "--sandbox-reset", scope = ScopeType.INHERIT,
      description = "Start the sandbox over from its sample (drift included).")
  boolean sandboxReset;

  @Option(names = "--as", paramLabel = "PRINCIPAL", scope = ScopeType.INHERIT,
      description = "The principal (from the inventory) to decide and apply for; default: the inventory's "
          + "defaultPrincipal.")
  String as;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Write one JSON document on standard output.")
  boolean json;

  @Option(names = "--audit-log", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Append one JSON line per attempt to change a server (applied, denied, conflict, rolled back, "
          + "failed) to FILE; default: the inventory's auditLog, if any.")
  Path auditLog;

  private final Map<String, String> env;
  private final Terminal terminal;
  private CommandLine commandLine;
  private Output output;
  private Session session;
  private boolean sessionBorrowed;
  /** The sandbox started while the command line is parsed, if the command line plainly asks for one. */
  private EarlyStart<Sandbox> early;
  /** The inventory read while the command line is parsed, if the command line plainly names one. */
  private EarlyStart<EarlyStart.Inventory> earlyInventory;

  FailoverCli(Map<String, String> env, Terminal terminal) {
    this.env = env;
    this.terminal = terminal;
  }

  /**
   * Runs the tool and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, System.getenv(), Terminal.system(), out, err));
  }

  /**
   * Runs the tool in this process.
   *
   * @param env the environment ({@code passwordEnv} credentials, {@value #INVENTORY_ENV})
   * @param terminal whether and how to ask for confirmation
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit code ({@link ExitCode})
   */
  public static int run(String[] args, Map<String, String> env, Terminal terminal, PrintWriter out, PrintWriter err) {
    FailoverCli tool = new FailoverCli(env, terminal);
    tool.early = EarlyStart.sandbox(args);
    tool.earlyInventory = tool.early == null ? EarlyStart.inventory(args, env) : null;
    CommandLine cmd = new CommandLine(tool);
    addCommands(cmd, args);
    tool.commandLine = cmd;
    Converters.register(cmd);
    HelpLayout.configure(cmd);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((e, line, parsed) -> tool.fail(e));
    cmd.setParameterExceptionHandler((e, args2) -> tool.usage(e));
    int code;
    try {
      code = cmd.execute(args);
    } finally {
      try {
        tool.closeSession();
      } catch (RuntimeException e) {
        tool.output().note("error: " + e.getMessage());
        code = ExitCode.ERROR;
      } finally {
        if (tool.early != null) {
          tool.early.discard();
        }
        if (tool.earlyInventory != null) {
          tool.earlyInventory.discard();
        }
      }
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * {@return the exit code, as {@link #run(String[], Map, Terminal, PrintWriter, PrintWriter)} gives
   * it, writing on streams}
   *
   * @param args the command line
   * @param env the environment
   * @param terminal whether and how to ask for confirmation
   * @param out standard output
   * @param err standard error
   */
  public static int run(String[] args, Map<String, String> env, Terminal terminal, PrintStream out, PrintStream err) {
    return run(args, env, terminal, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
        new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
  }

  /**
   * Runs one more command line on this run's session (the tour's steps): same streams, same
   * environment and terminal, the session shared and left open for the run to close.
   */
  int runStep(String... args) {
    FailoverCli step = new FailoverCli(env, terminal);
    step.session = session();
    step.sessionBorrowed = true;
    step.sandbox = sandbox;
    step.as = as;
    CommandLine cmd = new CommandLine(step);
    addCommands(cmd, args);
    step.commandLine = cmd;
    Converters.register(cmd);
    cmd.setOut(outWriter());
    cmd.setErr(errWriter());
    cmd.setExecutionExceptionHandler((e, line, parsed) -> step.fail(e));
    cmd.setParameterExceptionHandler((e, args2) -> step.usage(e));
    return cmd.execute(args);
  }

  /** Registers the command the command line names, or every command when it names none of them. */
  static void addCommands(CommandLine cmd, String[] args) {
    if (onlyVersion(args)) {
      return;
    }
    String word = commandWord(args);
    int index = word == null ? -1 : COMMAND_NAMES.indexOf(word);
    Class<?> named = index < 0 ? null : COMMANDS.get(index);
    for (Class<?> c : COMMANDS) {
      if (named == null || c == named) {
        cmd.addSubcommand(c);
      }
    }
  }

  /** Whether the command line asks for the version and nothing else (no command is needed to answer). */
  static boolean onlyVersion(String[] args) {
    if (args == null || args.length == 0) {
      return false;
    }
    for (String a : args) {
      if (!a.equals("-V") && !a.equals("--version")) {
        return false;
      }
    }
    return true;
  }

  /** Whether the top-level option takes a value (the word after it is no command). */
  static boolean takesValue(String option) {
    return WITH_VALUE.contains(option);
  }

  /** The first word of the command line that is neither an option nor an option's value; null if none. */
  static String commandWord(String[] args) {
    for (int i = 0; args != null && i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return i + 1 < args.length ? args[i + 1] : null;
      }
      if (WITH_VALUE.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  @Override
  public Integer call() {
    throw new UsageException("name a command (failover --help lists them)");
  }

  Terminal terminal() {
    return terminal;
  }

  Map<String, String> env() {
    return env;
  }

  Output output() {
    if (output == null) {
      output = new Output(outWriter(), errWriter(), json);
    }
    return output;
  }

  private PrintWriter outWriter() {
    return commandLine.getOut();
  }

  private PrintWriter errWriter() {
    return commandLine.getErr();
  }

  /** The run's session, opened on first use: the sandbox, or the inventory file. */
  Session session() {
    if (session == null) {
      if (sandbox && inventory != null) {
        throw new UsageException("--sandbox and --inventory exclude each other");
      }
      if (sandbox) {
        Path dir = sandboxDir != null ? sandboxDir : Sandbox.defaultDirectory();
        session = Session.sandbox(dir, sandboxReset, as, auditLog,
            early != null && !sandboxReset ? early.take(dir) : null);
      } else {
        Path file = inventory;
        if (file == null && env.get(INVENTORY_ENV) != null && !env.get(INVENTORY_ENV).isEmpty()) {
          file = Path.of(env.get(INVENTORY_ENV));
        }
        if (file == null) {
          throw new UsageException("name an inventory file with --inventory FILE (or $" + INVENTORY_ENV
              + "), or try the sandbox with --sandbox");
        }
        if (sandboxDir != null || sandboxReset) {
          throw new UsageException("--sandbox-dir and --sandbox-reset need --sandbox");
        }
        session = Session.inventory(file, env, as, auditLog, earlyInventory != null ? earlyInventory.take(file) : null);
      }
    }
    return session;
  }

  private void closeSession() {
    if (session != null && !sessionBorrowed) {
      Session s = session;
      session = null;
      s.close();
    }
  }

  private int fail(Exception e) {
    int code = ExitCode.of(e);
    Output out = output();
    Throwable cause = e instanceof ReportedException r ? r.getCause() : e;
    String known = known(cause);
    String hint = hint(cause);
    if (out.json() && !(e instanceof ReportedException)) {
      com.fasterxml.jackson.databind.node.ObjectNode doc = out.object();
      com.fasterxml.jackson.databind.node.ObjectNode error = ErrorReport.tree(out, e);
      if (known != null) {
        error.put("known", known);
      }
      if (hint != null) {
        error.put("hint", hint);
      }
      doc.set("error", error);
      out.document(doc);
    }
    out.note("error: " + ErrorReport.message(e) + (known == null ? "" : "; " + known));
    if (hint != null) {
      out.note("  " + hint);
    }
    if (code == ExitCode.USAGE) {
      out.note("(failover --help shows the commands and options)");
    }
    return code;
  }

  /** For a relationship or server that does not exist: the names that do, and the nearest. */
  private String known(Throwable e) {
    if (!(e instanceof dev.failover.errors.NotFoundException nf) || session == null) {
      return null;
    }
    try {
      return switch (nf.kind()) {
        case "relationship" -> Suggestions.known("relationships", nf.name(), session.relationships().stream()
            .map(r -> r.name().value()).toList());
        case "server" -> Suggestions.known("servers", nf.name(), session.inventoryFile().inventory().servers().stream()
            .map(s -> s.id().value()).toList());
        default -> null;
      };
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  /** What to do next about an error of a server: the credential, or the server and its endpoint. */
  private String hint(Throwable e) {
    if (!(e instanceof dev.failover.errors.BackendException b)) {
      return null;
    }
    java.util.Optional<dev.failover.server.Server> server = java.util.Optional.empty();
    if (session != null) {
      try {
        server = session.inventoryFile().inventory().find(dev.failover.server.ServerId.of(b.server()));
      } catch (RuntimeException notAnId) {
        server = java.util.Optional.empty();
      }
    }
    String id = server.map(s -> s.id().value()).orElse(b.server());
    return switch (b.kind()) {
      case CREDENTIALS -> "what to do: check the user (credential.user) and the secret (credential.passwordEnv or "
          + "passwordFile) of server " + id + " in the inventory, and that the server knows that user";
      case TRANSPORT -> "what to do: check that " + id + " is running and reachable" + server.map(s -> " at "
          + s.endpoint()).orElse("") + " (its endpoint in the inventory), then try again";
      case REJECTED -> null;
    };
  }

  private int usage(CommandLine.ParameterException e) {
    Output out = output();
    if (out.json()) {
      com.fasterxml.jackson.databind.node.ObjectNode doc = out.object();
      doc.set("error", ErrorReport.tree(out, e));
      out.document(doc);
    }
    out.note("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, e.getCommandLine().getErr());
    out.note("(" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help shows its usage)");
    return ExitCode.USAGE;
  }

  /** The tool's version, from the jar's manifest or the build's properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = FailoverCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (java.io.IOException e) {
        // no version file: say so below
      }
      return new String[] {"failover " + p.getProperty("version", "(version unknown)")};
    }
  }
}
