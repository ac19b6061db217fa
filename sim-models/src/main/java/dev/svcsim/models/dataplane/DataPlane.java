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
}
