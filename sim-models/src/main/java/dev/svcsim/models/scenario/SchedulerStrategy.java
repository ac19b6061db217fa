package dev.svcsim.models.scenario;

/** Where pods land when their manifest does not say. */
public enum SchedulerStrategy {
  /** Fewest pods of that workload, then fewest pods, then node name. */
  SPREAD,
  /** Most pods (below the per-node limit), then node name. */
  BINPACK,
  /** Uniformly at random among the matching nodes, from the seed. */
  RANDOM;

  public String word() {
    return Named.word(this);
  }
}
