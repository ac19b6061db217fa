package dev.svcsim.cli;

/**
 * A problem with what the user gave us (a file, a value): reported as one message without a
 * stack trace, with exit code {@link ExitCode#BAD_INPUT}.
 */
public class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, which should say what to do about it. */
  public InvalidInputException(String message) {
    super(message);
  }
}
