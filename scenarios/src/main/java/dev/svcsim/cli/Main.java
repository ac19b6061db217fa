package dev.svcsim.cli;

/** The {@code svcsim} program: runs the command line and exits with its code. */
public final class Main {

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(Svcsim.commandLine().execute(args));
  }
}
