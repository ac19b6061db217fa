package dev.svcsim.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether standard output or standard error is a terminal, and whether the user wants colour.
 *
 * <p>Java has no portable "isatty". On Linux the answer is where {@code /proc/self/fd/N} points
 * (a {@code /dev/pts/} or {@code /dev/tty} device); elsewhere svcsim falls back to
 * {@link System#console()}, which on JDK 17 to 21 exists only when both standard input and
 * standard output are terminals, and on JDK 22 and later says so through {@code isTerminal()}.
 */
final class Terminal {

  /** The file descriptor of standard output. */
  static final int STDOUT = 1;
  /** The file descriptor of standard error. */
  static final int STDERR = 2;

  private Terminal() {}

  /** True when file descriptor {@code fd} (1 or 2) is a terminal, as far as Java can tell. */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (Files.isSymbolicLink(link)) {
      try {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // fall through to the portable guess
      }
    }
    return consoleIsTerminal();
  }

  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal"); // JDK 22 and later
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17 to 21: a console exists only on a terminal
    }
  }

  /**
   * Whether to colour text written to a stream, for {@code --color=MODE}: {@code always},
   * {@code never}, or {@code auto} (only on a terminal, and only when {@code NO_COLOR} is unset
   * or empty, as https://no-color.org asks).
   */
  static boolean colour(ColorMode mode, boolean terminal, Map<String, String> env) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> terminal && env.getOrDefault("NO_COLOR", "").isEmpty() && !"dumb".equals(env.get("TERM"));
    };
  }

  /** The values of {@code --color}. */
  enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }
}
