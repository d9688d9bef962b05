package dev.failover.spi;

import dev.failover.errors.Violations;
import dev.failover.server.Server;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a server's inventory options ({@link Server#options()}) for a backend, with one grammar
 * for every vendor: an option the backend does not know is refused, durations are whole seconds
 * ({@code 30}) or ISO-8601 ({@code PT30S}, any letter case) and positive, paths are absolute and
 * printable, ports are 1–65535. Every problem is collected; {@link #done()} throws them together
 * as one {@link dev.failover.errors.ValidationException}, each violation named {@code options.<key>}.
 *
 * <pre>{@code
 * ServerOptionParser p = ServerOptionParser.of(server, "Windows", List.of("run-timeout"));
 * Duration run = p.duration("run-timeout", Duration.ofMinutes(2));
 * p.done();
 * }</pre>
 */
public final class ServerOptionParser {

  private final Server server;
  private final String backend;
  private final Map<String, String> options;
  private final Violations violations = Violations.collect();

  private ServerOptionParser(Server server, String backend, Collection<String> known) {
    this.server = server;
    this.backend = backend;
    this.options = server.options();
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(known);
    String names = String.join(", ", new TreeSet<>(known));
    for (String key : unknown) {
      violations.check(false, field(key), Texts.quoted(options.get(key)), "is not an option of the " + backend
          + " backend (its options: " + (names.isEmpty() ? "none" : names) + ")");
    }
  }

  /**
   * {@return a parser of the server's options; an option not in {@code known} is already noted as a problem}
   *
   * @param server the inventory entry
   * @param backend the backend's name in messages, for example {@code "Kea"}
   * @param known every option the backend reads
   */
  public static ServerOptionParser of(Server server, String backend, Collection<String> known) {
    return new ServerOptionParser(server, backend, List.copyOf(known));
  }

  /**
   * {@return the option's text, when the server sets it}
   *
   * @param key the option
   */
  public Optional<String> text(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /**
   * {@return whether the server sets the option}
   *
   * @param key the option
   */
  public boolean has(String key) {
    return options.containsKey(key);
  }

  /**
   * {@return the option as a positive duration (whole seconds or ISO-8601), or {@code fallback} when unset or wrong}
   *
   * @param key the option
   * @param fallback the default
   */
  public Duration duration(String key, Duration fallback) {
    String text = options.get(key);
    if (text == null) {
      return fallback;
    }
    Optional<Duration> d = parseDuration(text);
    violations.check(d.isPresent(), field(key), Texts.quoted(text),
        "must be a positive duration: whole seconds such as 30, or ISO-8601 such as PT30S");
    return d.orElse(fallback);
  }

  /**
   * {@return the text as a positive duration (whole seconds or ISO-8601, any letter case); empty when it is none}
   *
   * @param text the option's value
   */
  public static Optional<Duration> parseDuration(String text) {
    Duration d;
    try {
      d = text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text))
          : Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  /**
   * {@return the option as an absolute, printable path, when set and valid}
   *
   * @param key the option
   * @param what what the file is, for the message (for example {@code "the dhcpd binary"})
   */
  public Optional<Path> path(String key, String what) {
    String text = options.get(key);
    if (text == null) {
      return Optional.empty();
    }
    Path path = null;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      path = null;
    }
    boolean ok = path != null && text.startsWith("/") && Texts.printable(text);
    violations.check(ok, field(key), Texts.quoted(text), "must be the absolute path of " + what
        + " (starting with /, no control characters)");
    return ok ? Optional.of(path) : Optional.empty();
  }

  /**
   * {@return the option as a TCP port (1–65535), or {@code fallback} when unset or wrong}
   *
   * @param key the option
   * @param fallback the default
   */
  public int port(String key, int fallback) {
    String text = options.get(key);
    if (text == null) {
      return fallback;
    }
    int port = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : -1;
    boolean ok = port >= 1 && port <= 65535;
    violations.check(ok, field(key), Texts.quoted(text), "must be a TCP port from 1 to 65535");
    return ok ? port : fallback;
  }

  /**
   * Notes a rule the options break, for a rule only the backend knows (two options that go together).
   *
   * @param ok whether the rule holds
   * @param key the option named in the problem
   * @param rule what the option must be, in the operator's words
   * @return this parser
   */
  public ServerOptionParser check(boolean ok, String key, String rule) {
    violations.check(ok, field(key), options.containsKey(key) ? Texts.quoted(options.get(key)) : "(none)", rule);
    return this;
  }

  /**
   * {@return the violations noted so far, without throwing}
   */
  public List<dev.failover.errors.Violation> violations() {
    return violations.list();
  }

  /** Throws every problem noted, for the server, when there is one. */
  public void done() {
    violations.throwIfAny(backend + " server " + server.id());
  }

  private static String field(String key) {
    return "options." + key;
  }
}
