package dev.svcsim.cli;

/** The exit codes of every svcsim command, documented in {@code svcsim --help}. */
public final class ExitCode {

  /** Everything went as asked. */
  public static final int OK = 0;
  /** The input was fine and the run finished, but an expectation failed ({@code check}). */
  public static final int CHECK_FAILED = 1;
  /** Bad input or usage: an unknown option, an invalid scenario file. Nothing was simulated. */
  public static final int BAD_INPUT = 2;
  /** A bug in svcsim: the message says what broke; {@code --debug} shows the stack trace. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCode() {}
}
