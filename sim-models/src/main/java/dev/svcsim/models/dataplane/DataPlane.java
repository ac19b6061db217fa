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
   * Simulates the scenario up to {@code atNanos} (the timeline's clock: 0 is the start of the
   * warmup; events at exactly that time have happened) and returns what each node's kube-proxy
   * has programmed then, in the scenario's node order. Deterministic, like {@link #run}.
   */
  public static java.util.List<dev.svcsim.models.rules.NodeView> nodeViews(Scenario scenario,
      RunOptions options, long atNanos) {
    return new DataPlaneRun(scenario, options).viewsAt(atNanos);
  }
}
