package dev.svcsim.scenario.load;

import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.sweep.Sweep;
import java.util.List;

/**
 * What loading a sweep file gave: the sweep (null when there were errors), the scenario it names
 * as loaded without overrides (null when it could not be read), and every problem found: the
 * sweep file's first, then the scenario's, each in reading order.
 *
 * @param file the sweep file as the user named it
 */
public record SweepLoadResult(String file, Sweep sweep, LoadResult scenario, List<Problem> problems) {

  public SweepLoadResult {
    problems = List.copyOf(problems);
  }

  /** True when the sweep loaded without errors (warnings may remain). */
  public boolean ok() {
    return sweep != null;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
