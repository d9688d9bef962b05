package dev.failover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failover watch} as an operator runs it and stops it: the packaged tool
 * ({@code bin/failover} and the JVM it starts) against the sandbox, interrupted with a real SIGINT
 * (what Ctrl-C sends) once it has printed its first survey.
 */
class WatchInterruptIT {

  private static final Path SCRIPT = Path.of("bin", "failover").toAbsolutePath();
  /** The sandbox's start and first survey on a loaded machine: generous, polled. */
  private static final Duration FIRST_OUTPUT = Duration.ofSeconds(180);
  /** The first run of a new jar writes its class-data archive as the JVM ends: seconds on a loaded machine. */
  private static final Duration EXIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  @DisplayName("Ctrl-C (SIGINT) after the first survey: the tool says it stopped, exits 130 (the shell's code for an interrupt) without a stack trace, its output lines whole, and no process of it is left")
  void sigintStopsTheWatch() throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    // as a terminal runs a foreground job: in a process group of its own (Ctrl-C signals the whole
    // group: bin/failover's bash and, when it does not exec it, its JVM), with SIGINT at its default
    // (a JVM started with SIGINT ignored, as a non-interactive shell's background jobs are and the
    // build may be one, keeps ignoring it and runs no shutdown hook)
    List<String> command = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT", "bash", SCRIPT.toString(),
        "--sandbox", "--sandbox-dir",
        dir.resolve("sandbox").toString(), "watch", "--interval", "1h"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    try {
      // the first survey prints the sandbox's drift of each of its three pairs
      long deadline = System.nanoTime() + FIRST_OUTPUT.toNanos();
      while (System.nanoTime() < deadline && p.isAlive() && Files.readString(out).lines().count() < 3) {
        Thread.sleep(100); // a poll interval between looks at the output, not a wait for a state
      }
      assertThat(p.isAlive()).as("the watch runs until interrupted; stderr: %s", Files.readString(err)).isTrue();
      assertThat(Files.readString(out).lines().count()).as("lines of the first survey").isEqualTo(3);
      List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
      family.add(p.toHandle());

      String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
      String group = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2];
      assertThat(group).as("the tool's process group").isEqualTo(String.valueOf(p.pid()));
      Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + group).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();

      assertThat(p.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("the tool ends within %s of SIGINT", EXIT).isTrue();
      assertThat(p.exitValue()).isEqualTo(130);
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(stdout).endsWith("\n");
      assertThat(stdout.lines().toList()).hasSize(3).allSatisfy(l -> assertThat(l)
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  (isc|kea|win)-pair: drift appeared, \\d+ item\\(s\\) differ between .*"));
      assertThat(stderr).contains("watching 3 relationship(s) on 6 server(s), every 1 h; Ctrl-C stops")
          .contains("stopped after 1 survey(s)").doesNotContain("Exception").doesNotContain("\tat ");
      long deadlineGone = System.nanoTime() + EXIT.toNanos();
      while (System.nanoTime() < deadlineGone && family.stream().anyMatch(ProcessHandle::isAlive)) {
        Thread.sleep(50); // a poll interval, as above
      }
      assertThat(family).as("the tool's processes").noneMatch(ProcessHandle::isAlive);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
