package dev.svcsim.scenario.sweep;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.SweepResults;
import dev.svcsim.reports.SweepStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the points' outcomes into {@link SweepResults}: per point and metric, the statistics over
 * the replications that ran and gave a value; per point and expectation, the verdict on the mean.
 * Depends on the outcomes alone, so the same outcomes always give the same results (whatever
 * order they finished in, whichever machine ran them).
 */
public final class Results {

  private Results() {}

  /**
   * The results of a sweep whose every point has finished.
   *
   * @param outcomes one per point, in any order
   * @throws IllegalArgumentException when a point is missing or given twice
   */
  public static SweepResults of(SweepInfo info, List<PointOutcome> outcomes) {
    PointOutcome[] byIndex = new PointOutcome[info.points()];
    for (PointOutcome o : outcomes) {
      if (o.index() < 0 || o.index() >= byIndex.length) {
        throw new IllegalArgumentException("point " + o.index() + " is not a point of " + info.name()
            + ", which has " + byIndex.length);
      }
      if (byIndex[o.index()] != null) {
        throw new IllegalArgumentException("point " + o.index() + " is given twice");
      }
      byIndex[o.index()] = o;
    }
    List<SweepResults.Point> points = new ArrayList<>(byIndex.length);
    for (int i = 0; i < byIndex.length; i++) {
      if (byIndex[i] == null) {
        throw new IllegalArgumentException("point " + i + " has not finished");
      }
      points.add(point(info, byIndex[i]));
    }
    return new SweepResults(info.name(), info.seed(), info.replications(), info.parameters(), info.metrics(), points,
        info.expectations().stream().map(Expectation::name).toList());
  }

  private static SweepResults.Point point(SweepInfo info, PointOutcome o) {
    List<RunOutcome> ran = o.runs().stream().filter(RunOutcome::ok).toList();
    Map<String, SweepResults.Stat> stats = new LinkedHashMap<>();
    for (String metric : info.metrics()) {
      stats.put(metric, SweepStatistics.of(values(ran, metric)));
    }
    List<ExpectationRow> rows = new ArrayList<>();
    if (!ran.isEmpty()) {
      for (Expectation e : info.expectations()) {
        rows.add(verdict(e, ran));
      }
    }
    return new SweepResults.Point(o.index(), o.values(), stats, o.error(), rows);
  }

  private static List<Double> values(List<RunOutcome> runs, String metric) {
    List<Double> out = new ArrayList<>(runs.size());
    for (RunOutcome r : runs) {
      Number v = r.metrics().get(metric);
      if (v != null) {
        out.add(v.doubleValue());
      }
    }
    return out;
  }

  /** The expectation on the mean of its metric over the runs that gave a value. */
  private static ExpectationRow verdict(Expectation e, List<RunOutcome> ran) {
    List<Double> values = values(ran, e.metric());
    if (values.isEmpty()) {
      String why = ran.stream().map(r -> r.noValue().get(e.metric())).filter(w -> w != null).findFirst()
          .orElse(e.metric() + " had no value in any replication");
      return new ExpectationRow(e.name(), e.metric(), e.op(), e.value(), e.tolerance(), null, false,
          "no replication gave a value: " + why);
    }
    double mean = SweepStatistics.of(values).mean();
    return new ExpectationRow(e.name(), e.metric(), e.op(), e.value(), e.tolerance(), mean,
        e.op().test(mean, e.value(), e.tolerance()), null);
  }
}
