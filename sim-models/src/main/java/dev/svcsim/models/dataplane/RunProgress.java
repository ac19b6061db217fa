package dev.svcsim.models.dataplane;

/**
 * Told how far a run has got, in simulated time, so that a command line can draw a progress bar.
 * Called on the simulating thread, between events, about a thousand times per run; it must not
 * touch the scenario or the run. Whether it is called never changes what the run computes.
 */
@FunctionalInterface
public interface RunProgress {

  /** Tells nobody. */
  RunProgress NONE = (nowNanos, endNanos) -> {};

  /**
   * The run has simulated up to {@code nowNanos} of {@code endNanos} (warmup included); after the
   * last call with {@code nowNanos == endNanos} the run only lets open connections finish.
   */
  void simulated(long nowNanos, long endNanos);
}
