package dev.svcsim.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every svcsim command accepts. */
final class GlobalOptions {

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an internal error, print the full stack trace, not just one line.")
  boolean debug;
}
