package dev.svcsim.reports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of a sweep: one row per point, in the sweep's point order (for a grid, the first
 * parameter varies slowest), each with its parameter values and, per metric, the statistics over
 * the point's replications. What {@code results.json} and {@code results.csv} hold and
 * {@code report.html} draws.
 *
 * @param name the sweep's {@code metadata.name}
 * @param seed the sweep's seed
 * @param replications runs per point
 * @param parameters the parameter paths, in the sweep's order
 * @param metrics the metric paths, in the sweep's order
 * @param points one row per point
 * @param expectations the names of the sweep's expectations, in the sweep's order (each point
 *     that ran has a row for each, {@link Point#expectations()})
 */
public record SweepResults(String name, long seed, int replications, List<String> parameters,
    List<String> metrics, List<Point> points, List<String> expectations) {

  public SweepResults {
    Objects.requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
    metrics = List.copyOf(metrics);
    points = List.copyOf(points);
    expectations = List.copyOf(expectations);
  }

  /** Results of a sweep without expectations. */
  public SweepResults(String name, long seed, int replications, List<String> parameters,
      List<String> metrics, List<Point> points) {
    this(name, seed, replications, parameters, metrics, points, List.of());
  }

  /**
   * One point of the sweep.
   *
   * @param index the point's number, from 0, in the sweep's order
   * @param values the parameter values by path, in the sweep's order, as written in the sweep
   *     file ({@code "Local"}, {@code "4"})
   * @param stats per metric path (in the sweep's order), the statistics over the replications
   *     that ran; a metric with no value in some replication (e.g. a share when nothing was
   *     delivered) counts only the replications that had one
   * @param error why the point failed (a bad parameter value, a run error), or "" when it ran
   * @param expectations the sweep's expectations (in the sweep's order), each evaluated on the
   *     mean of its metric over the replications that ran: {@code actual} is that mean, null (with
   *     a {@code problem}) when no replication gave a value; empty when no replication ran or the
   *     sweep has none
   */
  public record Point(int index, Map<String, String> values, Map<String, Stat> stats, String error,
      List<Report.ExpectationRow> expectations) {
    public Point {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
      Objects.requireNonNull(error, "error");
      expectations = List.copyOf(expectations);
    }

    /** A point without expectations. */
    public Point(int index, Map<String, String> values, Map<String, Stat> stats, String error) {
      this(index, values, stats, error, List.of());
    }

    /** Whether the point ran (its replications all finished). */
    public boolean ok() {
      return error.isEmpty();
    }
  }

  /**
   * One metric at one point, over its replications.
   *
   * @param n the replications that gave a value
   * @param mean the mean, or null when n is 0
   * @param sd the sample standard deviation (n - 1 in the denominator), or null when n < 2
   * @param ciLow the lower bound of the 95% confidence interval of the mean (Student's t with
   *     n - 1 degrees of freedom), or null when n < 2
   * @param ciHigh the upper bound, or null when n < 2
   */
  public record Stat(int n, Double mean, Double sd, Double ciLow, Double ciHigh) {}
}
