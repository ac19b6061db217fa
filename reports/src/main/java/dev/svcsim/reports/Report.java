package dev.svcsim.reports;

import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Expectation;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The report of one run: every figure of the report contract (docs/report.md), computed once
 * from a {@link RunResult} by {@link #of(RunResult, List)} and printed by a {@link ReportWriter}.
 * Immutable.
 *
 * @param scenario the scenario's name
 * @param simulatedSeconds the measured window (warmup excluded)
 * @param kubeProxyMode the mode as the scenario spells it, e.g. {@code iptables}
 * @param services by Service key {@code ns/name}, sorted
 * @param timeline one row per bucket per Service, by time, then Service
 * @param expectations one row per expectation of the scenario, in file order
 * @param warnings things the reader should know: the run's own warnings, then accounting
 *     mismatches found while building the report, then metric paths that named nothing
 * @param warmupSeconds the warmup before the measured window (extra, not in the contract)
 * @param intervalSeconds the width of a timeline bucket (extra)
 * @param events the timeline's actions as they happened (extra)
 * @param engine what the simulation engine did (extra; no wall-clock time, so that the same seed
 *     gives the same bytes)
 */
public record Report(
    String scenario,
    long seed,
    double simulatedSeconds,
    String kubeProxyMode,
    SortedMap<String, ServiceReport> services,
    List<TimelineRow> timeline,
    List<ExpectationRow> expectations,
    List<String> warnings,
    double warmupSeconds,
    double intervalSeconds,
    List<EventRow> events,
    Engine engine) {

  public Report {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(kubeProxyMode, "kubeProxyMode");
    services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    timeline = List.copyOf(timeline);
    expectations = List.copyOf(expectations);
    warnings = List.copyOf(warnings);
    events = List.copyOf(events);
    Objects.requireNonNull(engine, "engine");
  }

  /**
   * Builds the report of a run and evaluates the scenario's expectations on it.
   *
   * @param expectations the scenario's, in file order
   */
  public static Report of(RunResult run, List<Expectation> expectations) {
    return ReportBuilder.build(run, expectations);
  }

  /** This report with other expectation rows and warnings. */
  Report with(List<ExpectationRow> rows, List<String> allWarnings) {
    return new Report(scenario, seed, simulatedSeconds, kubeProxyMode, services, timeline, rows,
        allWarnings, warmupSeconds, intervalSeconds, events, engine);
  }

  /** True when every expectation passed (also when there are none). */
  public boolean allExpectationsPassed() {
    return expectations.stream().allMatch(ExpectationRow::passed);
  }

  /**
   * Delivered and failed connections that started in one interval, for one Service.
   *
   * @param t the interval's start in seconds from the start of the measured window
   * @param pods delivered connections per pod (pods with none left out), sorted by name
   */
  public record TimelineRow(double t, String service, long delivered, long failed, SortedMap<String, Long> pods) {
    public TimelineRow {
      Objects.requireNonNull(service, "service");
      pods = Collections.unmodifiableSortedMap(new TreeMap<>(pods));
    }
  }

  /**
   * One expectation and how it came out.
   *
   * @param actual the value the metric names in this report, a {@code Long} or a {@code Double};
   *     null when the path names nothing or something that is not a number ({@code problem} says
   *     why, and so does a warning)
   * @param passed whether {@code actual op value} holds; false when {@code actual} is null
   * @param problem why there is no actual value, e.g. {@code services["x/y"] names no service};
   *     null when there is one
   */
  public record ExpectationRow(
      String name, String metric, Expectation.Op op, double value, double tolerance, Number actual, boolean passed,
      String problem) {
    public ExpectationRow {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(op, "op");
      if ((actual == null) == (problem == null)) {
        throw new IllegalArgumentException("an expectation row has an actual value or a problem, not both or neither");
      }
    }

    /** What was expected, as people write it: {@code METRIC >= 0.99}, {@code METRIC == 0.5 +/- 0.02}. */
    public String expected() {
      String s = metric + " " + op.symbol() + " " + Numbers.plain(value);
      return tolerance > 0 ? s + " +/- " + Numbers.plain(tolerance) : s;
    }

    /** The actual value as people write it ({@code 40}, {@code 1}, {@code 0.498}), or {@code none}. */
    public String actualText() {
      if (actual == null) {
        return "none";
      }
      return actual instanceof Long ? actual.toString() : Numbers.plain(actual.doubleValue());
    }
  }

  /**
   * A timeline action as it happened.
   *
   * @param t seconds from the start of the measured window (negative during the warmup)
   * @param action e.g. {@code failNode}
   * @param target e.g. {@code node/node-b}
   */
  public record EventRow(double t, String action, String target) {}

  /** Engine figures over the whole run, warmup included. */
  public record Engine(long eventsFired, long connectionsSimulated) {}
}
