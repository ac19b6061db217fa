package dev.svcsim.scenario;

import dev.svcsim.scenario.yaml.Location;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong (or doubtful) in a scenario: where, which field, and what to do about it.
 *
 * @param severity an error stops the run; a warning is printed and the run goes on
 * @param location the file, line and column the problem points at
 * @param path the field path inside the document, e.g. {@code spec.ports[1].name}; may be empty
 *     when the problem concerns a whole document or file
 * @param message what is wrong, in the API server's words where it has some
 */
public record Problem(Severity severity, Location location, String path, String message) {

  /** How serious a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  /** Problems in reading order: by file, line, column, then errors before warnings. */
  public static final Comparator<Problem> READING_ORDER =
      Comparator.comparing(Problem::location).thenComparing(Problem::severity);

  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code file:line:column: field.path: message}; warnings carry {@code warning:} after the
   * location, as compilers print them.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(location).append(": ");
    if (severity == Severity.WARNING) {
      b.append("warning: ");
    }
    if (!path.isEmpty()) {
      b.append(path).append(": ");
    }
    return b.append(message).toString();
  }
}
