package dev.svcsim.reports;

import org.HdrHistogram.Histogram;

/**
 * Latency figures in milliseconds from a histogram of microseconds. Percentiles are
 * HdrHistogram's: the highest value equivalent (within the histogram's precision) to the value
 * at that percentile. Every figure is null when the histogram is empty.
 */
public record Latency(Double mean, Double p50, Double p90, Double p99, Double p999, Double max) {

  /** All null: no request completed. */
  public static final Latency NONE = new Latency(null, null, null, null, null, null);

  private static final double MICROS_PER_MILLI = 1000.0;

  /** The figures of a histogram whose values are microseconds. */
  public static Latency ofMicros(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return NONE;
    }
    return new Latency(
        micros.getMean() / MICROS_PER_MILLI,
        percentileMs(micros, 50),
        percentileMs(micros, 90),
        percentileMs(micros, 99),
        percentileMs(micros, 99.9),
        micros.getMaxValue() / MICROS_PER_MILLI);
  }

  /** The value at {@code percentile} (0 to 100) in milliseconds, or null when empty. */
  public static Double percentileMs(Histogram micros, double percentile) {
    if (micros.getTotalCount() == 0) {
      return null;
    }
    return micros.getValueAtPercentile(percentile) / MICROS_PER_MILLI;
  }
}
