package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SvcsimCommandTest {

  /** What one invocation printed and returned. */



  @Command(name = "boom", description = "Fails on purpose.")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the pod queue went negative");
    }
  }

  @Command(name = "bad-file", description = "Rejects its input.")
  static final class BadFile implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new InvalidInputException("scenario.yaml:3:5: spec.duration: required");
    }
  }

  private static CommandLine withTestCommands() {
    CommandLine cmd = Svcsim.commandLine();
    cmd.addSubcommand("boom", new Boom());
    cmd.addSubcommand("bad-file", new BadFile());
    return cmd;
  }

  @Test
  void helpExplainsTheToolItsCommandsAndExitCodes() {
    CliRun o = CliRun.svcsim("--help");
    assertEquals(ExitCode.OK, o.exitCode());
    assertTrue(o.out().contains("Usage: svcsim [-hV] [--debug] COMMAND"), o.out());
    assertTrue(o.out().contains("Kubernetes Service networking"), o.out());
    assertTrue(o.out().contains("Commands:"), o.out());
    assertTrue(o.out().contains("help"), o.out());
    assertTrue(o.out().contains("Exit codes:"), o.out());
    assertTrue(o.out().contains("2   bad input or usage"), o.out());
    assertTrue(o.out().contains("--debug"), o.out());
    assertEquals("", o.err());
  }

  @Test
  void versionNamesSvcsimAndJava() {
    CliRun o = CliRun.svcsim("--version");
    assertEquals(ExitCode.OK, o.exitCode());
    assertTrue(o.out().matches("(?s)svcsim \\d+\\.\\d+\\.\\d+\\S*\\R+Java .*"), o.out());
  }

  @Test
  void helpCommandShowsTheHelpOfACommand() {
    CliRun o = CliRun.svcsim("help", "help");
    assertEquals(ExitCode.OK, o.exitCode());
    assertTrue(o.out().contains("Usage: svcsim help"), o.out());
    CliRun top = CliRun.svcsim("help");
    assertEquals(ExitCode.OK, top.exitCode());
    assertTrue(top.out().contains("Usage: svcsim [-hV]"), top.out());
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun o = CliRun.svcsim();
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().startsWith("svcsim: missing command"), o.err());
    assertTrue(o.err().contains("Usage: svcsim"), o.err());
  }

  @Test
  void unknownOptionIsAUsageErrorWithAHint() {
    CliRun o = CliRun.svcsim("--verison");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("Unknown option: '--verison'"), o.err());
    assertTrue(o.err().contains("--version"), "suggests the close option: " + o.err());
    assertTrue(o.err().contains("Try 'svcsim --help'"), o.err());
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun o = CliRun.svcsim("hepl");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().contains("hepl"), o.err());
    assertTrue(o.err().contains("help"), "suggests the close command: " + o.err());
  }

  @Test
  void invalidInputIsOneLineAndExitCode2() {
    CliRun o = CliRun.of(withTestCommands(), "bad-file");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertEquals("svcsim: scenario.yaml:3:5: spec.duration: required", o.err().strip());
  }

  @Test
  void internalErrorIsOneLineWithoutDebug() {
    CliRun o = CliRun.of(withTestCommands(), "boom");
    assertEquals(ExitCode.INTERNAL_ERROR, o.exitCode());
    String[] lines = o.err().strip().split("\\R");
    assertEquals(
        "svcsim: internal error: java.lang.IllegalStateException: the pod queue went negative",
        lines[0]);
    assertEquals(2, lines.length, o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace without --debug: " + o.err());
  }

  @Test
  void internalErrorShowsTheStackTraceWithDebug() {
    for (String[] args : new String[][] {{"--debug", "boom"}, {"boom", "--debug"}}) {
      CliRun o = CliRun.of(withTestCommands(), args);
      assertEquals(ExitCode.INTERNAL_ERROR, o.exitCode());
      assertTrue(o.err().contains("\tat dev.svcsim.cli.SvcsimCommandTest$Boom.call"), o.err());
    }
  }
}
