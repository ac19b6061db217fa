/**
 * The {@code svcsim} command line (picocli): one class per subcommand, a one-line main, exit
 * codes in {@link dev.svcsim.cli.ExitCode}.
 */
package dev.svcsim.cli;
