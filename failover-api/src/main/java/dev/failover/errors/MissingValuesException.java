package dev.failover.errors;

import dev.failover.FailoverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value was built without some of its required fields: a {@link ValidationException} with one
 * violation per missing field ("id must be given, was (not set)"). The builders of every value
 * type throw it (the {@link FailoverStyle}), never an {@code IllegalStateException}.
 */
public final class MissingValuesException extends ValidationException {

  private static final long serialVersionUID = 1L;
  private static final Pattern GENERATED = Pattern.compile("Cannot build (\\w+), some of required attributes are not set \\[(.*)\\]");

  /**
   * From the builder's own account: either the names of the missing fields, or its one sentence
   * "Cannot build Server, some of required attributes are not set [id, vendor]".
   *
   * @param missing the missing fields' names, or the builder's sentence
   */
  public MissingValuesException(String... missing) {
    this(parse(missing));
  }

  private MissingValuesException(Parsed parsed) {
    super(parsed.subject, parsed.violations);
  }

  private record Parsed(String subject, List<Violation> violations) {}

  private static Parsed parse(String[] missing) {
    String subject = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
        .map(c -> c.substring(c.lastIndexOf('.') + 1))
        .filter(c -> c.startsWith("Immutable") && c.endsWith("$Builder")).findFirst()
        .map(c -> words(c.substring("Immutable".length(), c.length() - "$Builder".length()))).orElse("value"));
    List<String> names = new ArrayList<>();
    for (String m : missing) {
      Matcher g = m == null ? null : GENERATED.matcher(m);
      if (g != null && g.matches()) {
        subject = words(g.group(1));
        for (String n : g.group(2).split(",")) {
          if (!n.isBlank()) {
            names.add(n.strip());
          }
        }
      } else if (m != null) {
        names.add(m);
      }
    }
    List<Violation> violations = new ArrayList<>();
    for (String n : names) {
      violations.add(new Violation(n, "(not set)", "must be given"));
    }
    if (violations.isEmpty()) {
      violations.add(new Violation("(fields)", "(not set)", "must be given"));
    }
    return new Parsed(subject, violations);
  }

  /** "FailoverStatus" as "failover status". */
  private static String words(String typeName) {
    return typeName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }
}
