package dev.svcsim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What one command-line invocation printed and returned, for tests. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code cmd} with the arguments, capturing stdout and stderr. */
  static CliRun of(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs svcsim's own configured command line. */
  static CliRun svcsim(String... args) {
    return of(Svcsim.commandLine(), args);
  }
}
