package dev.svcsim.scenario.sweep;

import dev.svcsim.models.scenario.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What results need to know of a sweep besides its points: enough to write results.json and
 * results.csv from the points' outcomes alone (as {@code svcsim sweep merge} does, without the
 * sweep file).
 *
 * @param name the sweep's name
 * @param seed its seed
 * @param replications runs per point
 * @param parameters the parameter paths, in order
 * @param metrics the metric paths, in order
 * @param expectations its expectations, in order
 * @param points how many points it has
 */
public record SweepInfo(String name, long seed, int replications, List<String> parameters, List<String> metrics,
    List<Expectation> expectations, int points) {

  public SweepInfo {
    Objects.requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
    metrics = List.copyOf(metrics);
    expectations = List.copyOf(expectations);
  }

  /** A loaded sweep's. */
  public static SweepInfo of(Sweep sweep) {
    return new SweepInfo(sweep.name(), sweep.seed(), sweep.replications(),
        sweep.parameters().stream().map(Sweep.Parameter::path).toList(), sweep.metrics(), sweep.expectations(),
        sweep.pointCount());
  }

  /** The metrics each run collects: the sweep's metrics, then its expectations' other metrics. */
  public List<String> collected() {
    List<String> out = new ArrayList<>(metrics);
    for (Expectation e : expectations) {
      if (!out.contains(e.metric())) {
        out.add(e.metric());
      }
    }
    return out;
  }
}
