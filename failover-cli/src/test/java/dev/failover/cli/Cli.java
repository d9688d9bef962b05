package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the tool in process, as a terminal-less script would, with captured standard output and error. */
final class Cli {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Cli() {}

  /** One run's exit code and output. */
  record Result(int code, String out, String err) {

    /** Standard output as the JSON document it must be. */
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("standard output is not JSON: " + e.getMessage() + "\n" + out, e);
      }
    }

    /** Both streams, for "never printed" checks. */
    String all() {
      return out + "\n" + err;
    }

    Result expect(int expected) {
      assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  /** Every regular file under a sandbox directory, concatenated: for "never written" checks. */
  static String sandboxFiles(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      for (Path p : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
        all.append(p).append('\n').append(new String(java.nio.file.Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  /** Runs with the environment and terminal given. */
  static Result run(Map<String, String> env, Terminal terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = FailoverCli.run(args, env, terminal, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs against the sandbox kept in {@code state}, with no terminal and an empty environment. */
  static Result sandbox(Path state, String... args) {
    return sandbox(state, Terminal.none(), args);
  }

  static Result sandbox(Path state, Terminal terminal, String... args) {
    List<String> all = new ArrayList<>(List.of("--sandbox", "--sandbox-dir", state.toString()));
    all.addAll(List.of(args));
    return run(Map.of(), terminal, all.toArray(String[]::new));
  }

  /** A terminal on which an operator answers each prompt with {@code answer}; it records the prompts. */
  static final class Operator implements Terminal {
    final String answer;
    final List<String> prompts = new ArrayList<>();

    Operator(String answer) {
      this.answer = answer;
    }

    @Override
    public boolean interactive() {
      return true;
    }

    @Override
    public String readLine(String prompt) {
      prompts.add(prompt);
      return answer;
    }

    @Override
    public boolean redrawable() {
      return true;
    }
  }
}
