package dev.svcsim.scenario.load;

import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.scenario.Problem;
import java.util.List;

/**
 * What loading a scenario gave: the validated scenario (null when there were errors) and every
 * problem found, errors and warnings, in reading order.
 *
 * @param file the scenario file as the user named it
 */
public record LoadResult(String file, Scenario scenario, List<Problem> problems) {

  public LoadResult {
    problems = List.copyOf(problems);
  }

  /** True when the scenario loaded without errors (warnings may remain). */
  public boolean ok() {
    return scenario != null;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
