package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Scenario;

/** Runs a scenario through the simulated data plane and returns what it measured. */
public final class DataPlane {

  private DataPlane() {}

  /**
   * Simulates the scenario from time 0 to its end (warmup plus duration). Deterministic: the
   * same scenario and options give an equal result.
   */
  public static RunResult run(Scenario scenario, RunOptions options) {
    return new DataPlaneRun(scenario, options).run();
  }

  /**
   * Simulates the scenario until the connection {@code request} asks for has ended and returns
   * its life, hop by hop, as the run saw it. The run is the same as {@link #run}'s with the same
   * options (watching changes nothing) up to that moment.
   *
   * @throws IllegalArgumentException if the scenario has no traffic source of that name
   */
  public static dev.svcsim.models.explain.Explanation explain(Scenario scenario, RunOptions options,
      dev.svcsim.models.explain.ExplainRequest request) {
    return new DataPlaneRun(scenario, options).explain(request);
  }

  /**
   * Simulates the scenario up to {@code atNanos} (the timeline's clock: 0 is the start of the
   * warmup; events at exactly that time have happened) and returns what each node's kube-proxy
   * has programmed then, in the scenario's node order. Deterministic, like {@link #run}.
   */
  public static java.util.List<dev.svcsim.models.rules.NodeView> nodeViews(Scenario scenario,
      RunOptions options, long atNanos) {
    return new DataPlaneRun(scenario, options).viewsAt(atNanos);
  }
}
