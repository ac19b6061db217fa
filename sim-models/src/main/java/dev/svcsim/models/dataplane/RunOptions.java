package dev.svcsim.models.dataplane;

/**
 * How to run a scenario, beyond what the scenario itself says.
 *
 * @param intervalNanos the width of each timeline bucket (default one second)
 * @param replication which replication of the scenario's seed to run (0 for the first)
 * @param progress told how far the run has got (it does not change the result)
 */
public record RunOptions(long intervalNanos, int replication, RunProgress progress) {

  /** One-second timeline buckets, replication 0. */
  public static final RunOptions DEFAULT = new RunOptions(1_000_000_000L, 0);

  /** Options that report progress to nobody. */
  public RunOptions(long intervalNanos, int replication) {
    this(intervalNanos, replication, RunProgress.NONE);
  }

  public RunOptions {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
    }
    if (replication < 0) {
      throw new IllegalArgumentException("replication must not be negative: " + replication);
    }
    java.util.Objects.requireNonNull(progress, "progress");
  }
}
