package dev.svcsim.cli;

import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.Report;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import dev.svcsim.scenario.load.SetOverride;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What {@code run}, {@code check} and {@code compare} share: loading a scenario with its
 * overrides (printing every problem to standard error), simulating it (with a progress bar on
 * standard error when that is a terminal and the run is long), and building its report.
 */
final class ScenarioRuns {

  private final BiFunction<Scenario, RunOptions, RunResult> dataPlane;
  private final PrintWriter err;

  ScenarioRuns(BiFunction<Scenario, RunOptions, RunResult> dataPlane, PrintWriter err) {
    this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
    this.err = Objects.requireNonNull(err, "err");
  }

  /** Loads {@code file} with the overrides applied, printing its problems (errors and warnings). */
  LoadResult load(Path file, List<SetOverride> overrides) {
    LoadResult loaded = new ScenarioLoader().load(file, overrides);
    for (Problem p : loaded.problems()) {
      err.println(p);
    }
    err.flush();
    return loaded;
  }

  /** Simulates a loaded scenario and builds its report, expectations evaluated. */
  Report run(Scenario scenario, long intervalNanos) {
    RunResult result;
    try (ProgressBar bar = new ProgressBar(err, System::nanoTime, Terminal.isTerminal(Terminal.STDERR))) {
      result = dataPlane.apply(scenario, new RunOptions(intervalNanos, 0, bar));
    }
    return Report.of(result, scenario.expectations());
  }
}
