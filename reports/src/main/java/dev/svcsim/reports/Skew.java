package dev.svcsim.reports;

import java.util.Arrays;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * How unevenly a Service's delivered connections were spread over its pods, from the per-pod
 * counts {@code x_1..x_n} of the pods that were Ready for the whole measured window, with
 * {@code mean = (sum x) / n}:
 *
 * <ul>
 *   <li>{@code maxOverMean = max(x) / mean}, {@code minOverMean = min(x) / mean}: 1 and 1 for a
 *       perfectly even spread;
 *   <li>{@code cv = sigma / mean}, the coefficient of variation, with the <em>population</em>
 *       standard deviation {@code sigma = sqrt(sum (x_i - mean)^2 / n)}: 0 when even;
 *   <li>{@code jain = (sum x)^2 / (n * sum x^2)}, Jain's fairness index: 1 when even, 1/n when
 *       one pod gets everything;
 *   <li>{@code gini = (sum_i sum_j |x_i - x_j|) / (2 * n^2 * mean)}, the Gini coefficient
 *       (mean absolute difference over twice the mean): 0 when even, (n-1)/n when one pod gets
 *       everything. It is computed from the sorted counts {@code x_(1) <= ... <= x_(n)} with the
 *       equivalent {@code sum_i sum_j |x_i - x_j| = 2 * sum_k (2k - n - 1) * x_(k)} (k from 1);
 *   <li>{@code chiSquareP}: the p-value of Pearson's chi-square goodness-of-fit test of the
 *       counts against the uniform distribution (expected count {@code mean} for every pod,
 *       {@code n - 1} degrees of freedom), by Commons Math's {@link ChiSquareTest}; small values
 *       say the spread is very unlikely to be an even split plus chance. It is 1.0 when
 *       {@code n < 2}.
 * </ul>
 *
 * <p>With no such pods, or none of them delivered a connection, every figure is null.
 *
 * @param podsCounted {@code n}: how many pods the figures are over
 */
public record Skew(
    Double maxOverMean,
    Double minOverMean,
    Double cv,
    Double jain,
    Double gini,
    Double chiSquareP,
    int podsCounted) {

  /** The figures over the given per-pod connection counts (not modified). */
  public static Skew of(long[] counts) {
    int n = counts.length;
    long[] x = counts.clone();
    Arrays.sort(x);
    if (n > 0 && x[0] < 0) {
      throw new IllegalArgumentException("a negative connection count: " + x[0]);
    }
    double sum = 0;
    for (long v : x) {
      sum += v;
    }
    if (n == 0 || sum == 0) {
      return new Skew(null, null, null, null, null, null, n);
    }
    double mean = sum / n;
    double squares = 0;
    double deviations = 0;
    double giniNumerator = 0;
    for (int k = 0; k < n; k++) {
      double v = x[k];
      squares += v * v;
      deviations += (v - mean) * (v - mean);
      giniNumerator += (2.0 * (k + 1) - n - 1) * v;
    }
    giniNumerator *= 2;
    double sigma = Math.sqrt(deviations / n);
    double jain = sum * sum / (n * squares);
    double gini = giniNumerator / (2.0 * n * n * mean);
    return new Skew(
        x[n - 1] / mean,
        x[0] / mean,
        sigma / mean,
        Math.min(1.0, jain),
        Math.max(0.0, gini),
        chiSquareP(x, mean),
        n);
  }

  private static double chiSquareP(long[] observed, double mean) {
    if (observed.length < 2) {
      return 1.0;
    }
    double[] expected = new double[observed.length];
    Arrays.fill(expected, mean);
    double p = new ChiSquareTest().chiSquareTest(expected, observed);
    return Math.max(0.0, Math.min(1.0, p));
  }
}
