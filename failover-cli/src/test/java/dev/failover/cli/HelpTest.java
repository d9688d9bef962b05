package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The help of the tool and of every command, as printed by {@code --help}. */
class HelpTest {

  /** Every command of the tool, as the words an operator types ("relationships remove"). */
  static List<List<String>> commands() {
    CommandLine root = root();
    List<List<String>> out = new ArrayList<>();
    walk(root, new ArrayList<>(), out);
    return out;
  }

  private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    c.getSubcommands().forEach((name, sub) -> {
      List<String> here = new ArrayList<>(path);
      here.add(name);
      out.add(here);
      walk(sub, here, out);
    });
  }

  private static CommandSpec spec(List<String> command) {
    CommandLine c = root();
    for (String word : command) {
      c = c.getSubcommands().get(word);
    }
    return c.getCommandSpec();
  }

  /** The tool's command tree as a command line naming no command builds it: every command. */
  private static CommandLine root() {
    CommandLine root = new CommandLine(new FailoverCli(Map.of(), Terminal.none()));
    FailoverCli.addCommands(root, new String[0]);
    return root;
  }

  @Test
  @DisplayName("a run builds only the command it names (after the global options and their values); an unknown word or none builds all")
  void onlyTheNamedCommand() {
    CommandLine one = new CommandLine(new FailoverCli(Map.of(), Terminal.none()));
    FailoverCli.addCommands(one, new String[] {"--sandbox-dir", "status", "--as", "drift", "--json", "status", "-v"});
    assertThat(one.getSubcommands().keySet()).containsExactly("status");
    assertThat(FailoverCli.commandWord(new String[] {"-i", "inv.yaml", "--", "servers"})).isEqualTo("servers");
    CommandLine typo = new CommandLine(new FailoverCli(Map.of(), Terminal.none()));
    FailoverCli.addCommands(typo, new String[] {"--sandbox", "stauts"});
    assertThat(typo.getSubcommands()).hasSize(FailoverCli.COMMANDS.size());
    assertThat(Cli.run(Map.of(), Terminal.none(), "--sandbox", "stauts").expect(ExitCode.USAGE).err())
        .contains("status");
  }

  @Test
  @DisplayName("the table of command names a run looks the named command up in is each command's own name, in the same order")
  void commandNamesAreTheAnnotations() {
    List<String> annotated = FailoverCli.COMMANDS.stream()
        .map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList();
    assertThat(FailoverCli.COMMAND_NAMES).containsExactlyElementsOf(annotated);
    CommandLine one = new CommandLine(new FailoverCli(Map.of(), Terminal.none()));
    FailoverCli.addCommands(one, new String[] {"--sandbox", "who-serves", "10.0.0.1"});
    assertThat(one.getSubcommands().keySet()).containsExactly("who-serves");
  }

  @Test
  @DisplayName("failover --version builds no command and still prints the version; --version with a command builds that one")
  void versionAloneBuildsNoCommand() {
    CommandLine version = new CommandLine(new FailoverCli(Map.of(), Terminal.none()));
    FailoverCli.addCommands(version, new String[] {"--version"});
    assertThat(version.getSubcommands()).isEmpty();
    assertThat(Cli.run(Map.of(), Terminal.none(), "--version").expect(ExitCode.OK).out()).startsWith("failover ");
    assertThat(Cli.run(Map.of(), Terminal.none(), "-V").expect(ExitCode.OK).out()).startsWith("failover ");
    CommandLine withCommand = new CommandLine(new FailoverCli(Map.of(), Terminal.none()));
    FailoverCli.addCommands(withCommand, new String[] {"--version", "status"});
    assertThat(withCommand.getSubcommands().keySet()).containsExactly("status");
  }

  private static Cli.Result help(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    return Cli.run(Map.of(), Terminal.none(), args.toArray(String[]::new)).expect(ExitCode.OK);
  }

  @Test
  @DisplayName("failover --help: every command with a whole first sentence, the global options, exit codes 0 to 8")
  void topLevel() {
    String out = help(List.of()).out();
    assertThat(out).contains("-i, --inventory=FILE", "--sandbox", "--sandbox-dir=DIR", "--sandbox-reset",
        "--as=PRINCIPAL", "--json", "Exit codes:");
    for (int code = 0; code <= 8; code++) {
      assertThat(out).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
    }
    assertThat(out).contains("7   partial answer", "8   servers left changed");
    for (List<String> command : commands()) {
      if (command.size() == 1) {
        String summary = HelpLayout.summary(spec(command));
        assertThat(summary).as(command.toString()).matches("(?s)[A-Z].*[.!?]");
        assertThat(out.replaceAll("\\s+", " ")).as(command.toString()).contains(command.get(0) + " " + summary);
      }
    }
  }

  @Test
  @DisplayName("every command's help: summaries whole sentences, each parameter described, no global option or exit code repeated, a pointer to failover --help")
  void everyCommand() {
    List<List<String>> all = commands();
    assertThat(all).hasSizeGreaterThan(20);
    for (List<String> command : all) {
      CommandSpec spec = spec(command);
      String summary = HelpLayout.summary(spec);
      assertThat(summary).as("summary of %s", command).matches("(?s)[A-Z].*[.!?]");
      for (PositionalParamSpec p : spec.positionalParameters()) {
        assertThat(String.join(" ", p.description())).as("%s %s", command, p.paramLabel()).isNotBlank();
      }
      String out = help(command).out();
      String name = String.join(" ", command);
      // the global options are not listed again, only pointed to
      assertThat(out).as(name).doesNotContain("-i, --inventory=FILE", "--sandbox-dir=DIR", "--as=PRINCIPAL",
          "Exit codes:", "-V, --version").contains("-h, --help", "Global options (--inventory, --sandbox",
          "failover --help");
      for (PositionalParamSpec p : spec.positionalParameters()) {
        assertThat(out).as(name).contains(p.paramLabel());
      }
      if (!spec.subcommands().isEmpty()) {
        for (String sub : spec.subcommands().keySet()) {
          String subSummary = HelpLayout.summary(spec.subcommands().get(sub).getCommandSpec());
          assertThat(out.replaceAll("\\s+", " ")).as(name).contains(sub + " " + subSummary);
        }
      }
    }
  }
}
