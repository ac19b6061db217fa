package dev.svcsim.reports;

/**
 * The ANSI colours svcsim's text output uses, in one place: callers decide whether colour is on
 * (a terminal without {@code NO_COLOR}, or {@code --color=always}); {@link #paint} does nothing
 * when it is off, so text without colour holds no escape character.
 */
public final class Ansi {

  public static final String BOLD = "\u001b[1m";
  public static final String RED = "\u001b[31m";
  public static final String GREEN = "\u001b[32m";
  public static final String YELLOW = "\u001b[33m";
  public static final String RESET = "\u001b[0m";

  private Ansi() {}

  /** {@code text} in {@code code} and reset after it when {@code colour} is on and there is a code. */
  public static String paint(boolean colour, String code, String text) {
    return colour && code != null ? code + text + RESET : text;
  }
}
