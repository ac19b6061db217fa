package dev.svcsim.models.dataplane;

import org.HdrHistogram.Histogram;

/** Running counters of one pod for one Service over the measured window. */
final class PodStats {

  long connections;
  long requests;
  /** Two significant digits: enough for per-pod percentiles, small enough for 1,000s of pods. */
  final Histogram latencyMicros = new Histogram(2);
  final int[] buckets;

  PodStats(int buckets) {
    this.buckets = new int[buckets];
  }
}
