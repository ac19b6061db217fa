package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.HdrHistogram.Histogram;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Latency percentiles against distributions whose quantiles are known in closed form. */
class LatencyTest {

  /** HdrHistogram with 3 significant digits: a value is off by at most 0.1%. */
  private static final double PRECISION = 1e-3;

  @Test
  void everyMicrosecondFromOneTo100000OnceGivesTheExactQuantiles() {
    Histogram h = new Histogram(3);
    for (long v = 1; v <= 100_000; v++) {
      h.recordValue(v);
    }
    Latency l = Latency.ofMicros(h);
    assertEquals(50.0005, l.mean(), 50.0005 * PRECISION, "mean of 1..100000 us");
    assertEquals(50.0, l.p50(), 50.0 * PRECISION, "p50");
    assertEquals(90.0, l.p90(), 90.0 * PRECISION, "p90");
    assertEquals(99.0, l.p99(), 99.0 * PRECISION, "p99");
    assertEquals(99.9, l.p999(), 99.9 * PRECISION, "p99.9");
    assertEquals(100.0, l.max(), 100.0 * PRECISION, "max");
  }

  /**
   * Exponential with mean 5 ms: the p-quantile is -5 ln(1 - p) ms. The sample quantile of n
   * draws has standard error mean * sqrt(p / ((1 - p) n)); the bound is four of those plus the
   * histogram's precision.
   */
  @Test
  void exponentialQuantilesMatchTheClosedForm() {
    double meanMs = 5.0;
    int n = 1_000_000;
    ExponentialDistribution exp = new ExponentialDistribution(new Well19937c(20261123), meanMs * 1000);
    Histogram h = new Histogram(3);
    for (int i = 0; i < n; i++) {
      h.recordValue(Math.max(1, Math.round(exp.sample())));
    }
    Latency l = Latency.ofMicros(h);
    assertEquals(meanMs, l.mean(), 4 * meanMs / Math.sqrt(n) + meanMs * PRECISION, "mean");
    double[] ps = {0.5, 0.9, 0.99, 0.999};
    Double[] got = {l.p50(), l.p90(), l.p99(), l.p999()};
    for (int k = 0; k < ps.length; k++) {
      double p = ps[k];
      double quantile = -meanMs * Math.log(1 - p);
      double se = meanMs * Math.sqrt(p / ((1 - p) * n));
      assertEquals(quantile, got[k], 4 * se + quantile * PRECISION, "p" + (p * 100) + " of exp(5 ms)");
    }
  }

  @Test
  void anEmptyHistogramHasNoFigures() {
    assertSame(Latency.NONE, Latency.ofMicros(new Histogram(3)));
    assertEquals(null, Latency.percentileMs(new Histogram(3), 50));
  }
}
