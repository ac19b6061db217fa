package dev.svcsim.reports;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of one metric over a point's replications: the mean, the sample standard
 * deviation and the 95% confidence interval of the mean by Student's t. Sums run in the order
 * given (replication order), so the same values always give the same bits.
 */
public final class SweepStatistics {

  /** The confidence level of the interval. */
  public static final double CONFIDENCE = 0.95;

  private SweepStatistics() {}

  /**
   * {@code n}, the mean, the sample standard deviation {@code s} (n - 1 in the denominator) and
   * the interval {@code mean +/- t * s / sqrt(n)}, where {@code t} is the 0.975 quantile of
   * Student's t with n - 1 degrees of freedom. With no value everything but {@code n} is null;
   * with one, only the mean is known.
   */
  public static SweepResults.Stat of(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      return new SweepResults.Stat(0, null, null, null, null);
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n == 1) {
      return new SweepResults.Stat(1, mean, null, null, null);
    }
    double squares = 0;
    for (double v : values) {
      double d = v - mean;
      squares += d * d;
    }
    double sd = Math.sqrt(squares / (n - 1));
    double half = tQuantile(n - 1) * sd / Math.sqrt(n);
    return new SweepResults.Stat(n, mean, sd, mean - half, mean + half);
  }

  /**
   * How close the quantile's root finder gets: Commons Math's default (1e-9) would show in the
   * 10th digit of an interval, and results print 12.
   */
  private static final double QUANTILE_ACCURACY = 1e-14;

  /** The (1 + CONFIDENCE) / 2 quantile of Student's t with {@code df} degrees of freedom. */
  static double tQuantile(int df) {
    // no random generator: the distribution is only asked for its quantile, never sampled
    return new TDistribution(null, df, QUANTILE_ACCURACY).inverseCumulativeProbability((1 + CONFIDENCE) / 2);
  }
}
