package dev.svcsim.scenario;

import dev.svcsim.scenario.yaml.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while loading a scenario, so that the user sees all of them at
 * once instead of fixing one per run.
 */
public final class Problems {

  /** Beyond this many errors, loading stops collecting (a binary file would give thousands). */
  public static final int MAX_ERRORS = 200;

  private final List<Problem> list = new ArrayList<>();
  private int errors;

  public void error(Location location, String path, String message) {
    if (errors < MAX_ERRORS) {
      list.add(new Problem(Problem.Severity.ERROR, location, path, message));
    }
    errors++;
  }

  public void warning(Location location, String path, String message) {
    list.add(new Problem(Problem.Severity.WARNING, location, path, message));
  }

  public boolean hasErrors() {
    return errors > 0;
  }

  public int errorCount() {
    return errors;
  }

  /** Every problem so far in reading order (file, line, column). */
  public List<Problem> sorted() {
    List<Problem> copy = new ArrayList<>(list);
    copy.sort(Problem.READING_ORDER);
    return List.copyOf(copy);
  }

  /** The warnings so far, in reading order. */
  public List<Problem> warnings() {
    return sorted().stream().filter(p -> !p.isError()).toList();
  }
}
