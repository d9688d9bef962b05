package dev.failover.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How the tool's help reads: each command listed with its first sentence (never cut mid-sentence),
 * the global options and the exit codes once, in {@code failover --help}; a command's own help
 * lists its own options and parameters and points to the top-level help for the rest.
 */
final class HelpLayout {

  private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.*?[.!?])(\\s|$)");

  private HelpLayout() {}

  /** Lays out the help of the root command and of every command under it. */
  static void configure(CommandLine root) {
    commandList(root);
    String globals = root.getCommandSpec().options().stream().filter(o -> !o.usageHelp() && !o.versionHelp())
        .map(OptionSpec::longestName).collect(Collectors.joining(", "));
    for (CommandLine sub : root.getSubcommands().values()) {
      subcommand(sub, globals);
    }
  }

  private static void subcommand(CommandLine c, String globals) {
    CommandSpec spec = c.getCommandSpec();
    spec.usageMessage().abbreviateSynopsis(true);
    // the description's lines are one paragraph, wrapped to the terminal's width (not line by line)
    String[] description = spec.usageMessage().description();
    if (description.length > 1) {
      spec.usageMessage().description(String.join(" ", description).replaceAll("\\s+", " ").strip());
    }
    spec.usageMessage().footer("", "Global options (" + globals + "), and what each exit code means: failover --help.");
    Map<String, CommandLine.IHelpSectionRenderer> sections = c.getHelpSectionMap();
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
      List<OptionSpec> own = help.commandSpec().options().stream()
          .filter(o -> (!o.inherited() || o.usageHelp()) && !o.versionHelp()).toList();
      return help.optionListExcludingGroups(own, help.createDefaultLayout(), null, help.createDefaultParamLabelRenderer());
    });
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING, help -> "");
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST, help -> "");
    commandList(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      subcommand(sub, globals);
    }
  }

  /** Lists a command's subcommands, each with the first sentence of its description. */
  private static void commandList(CommandLine c) {
    c.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
      Map<String, String> rows = new LinkedHashMap<>();
      help.subcommands().forEach((name, sub) -> rows.put(name, summary(sub.commandSpec())));
      return rows.isEmpty() ? "" : help.createTextTable(rows).toString();
    });
  }

  /** The first sentence of a command's description: its one-line summary. */
  static String summary(CommandSpec spec) {
    String all = String.join(" ", spec.usageMessage().description()).replaceAll("\\s+", " ").strip();
    Matcher m = FIRST_SENTENCE.matcher(all);
    return m.find() ? m.group(1) : all;
  }
}
