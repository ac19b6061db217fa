package dev.svcsim.engine.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.engine.random.Distribution.Constant;
import dev.svcsim.engine.random.Distribution.Empirical;
import dev.svcsim.engine.random.Distribution.Exponential;
import dev.svcsim.engine.random.Distribution.LogNormal;
import dev.svcsim.engine.random.Distribution.Pareto;
import dev.svcsim.engine.random.Distribution.Uniform;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.ParetoDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statistical tests of the samplers, each with a fixed seed so that it is deterministic.
 *
 * <p>Goodness of fit: a test passes if its p-value is above {@link #P_ACCEPT} = 0.001, so a
 * correct sampler fails for a given seed with probability 0.1%; the tests that prove the checks
 * have power require the wrong hypothesis to be rejected with p below {@link #P_REJECT} = 1e-6.
 * Moments: the sample mean must be within 4 standard errors, 4 &radic;(&sigma;<sup>2</sup>/n), of
 * {@link Distribution#meanNanos()} (where the variance is finite), and the sample variance within
 * 4 standard errors, 4 &radic;((&mu;<sub>4</sub> &minus; &sigma;<sup>4</sup>)/n), of {@link
 * Distribution#varianceNanos2()}.
 */
class DistributionTest {

  private static final int N = 20_000;
  /** Goodness-of-fit p-values must exceed this (a 0.1% false alarm rate per test and seed). */
  private static final double P_ACCEPT = 0.001;
  /** Deliberately wrong hypotheses must be rejected at least this strongly. */
  private static final double P_REJECT = 1e-6;

  private static final long MS = 1_000_000L;

  private static UniformRandomProvider rng(long seed) {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
  }

  private static double[] draw(Distribution d, long seed) {
    LongSampler sampler = d.sampler(rng(seed));
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = sampler.sample();
    }
    return x;
  }

  private static double ksPValue(RealDistribution reference, double[] x) {
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference, x);
  }

  private static void assertFits(RealDistribution reference, double[] x) {
    double p = ksPValue(reference, x);
    assertTrue(p > P_ACCEPT, "KS p-value " + p + " <= " + P_ACCEPT);
  }

  private static void assertRejects(RealDistribution wrong, double[] x) {
    double p = ksPValue(wrong, x);
    assertTrue(p < P_REJECT, "KS p-value " + p + " >= " + P_REJECT + ": the test has no power");
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  /** The unbiased sample variance, two-pass. */
  private static double variance(double[] x) {
    double m = mean(x);
    double sum = 0;
    for (double v : x) {
      sum += (v - m) * (v - m);
    }
    return sum / (x.length - 1);
  }

  private static boolean meanWithinFourStandardErrors(double[] x, double mean, double variance) {
    return Math.abs(mean(x) - mean) < 4 * Math.sqrt(variance / x.length);
  }

  private static void assertMean(double[] x, Distribution d) {
    assertTrue(Double.isFinite(d.varianceNanos2()));
    assertTrue(
        meanWithinFourStandardErrors(x, d.meanNanos(), d.varianceNanos2()),
        "sample mean " + mean(x) + " vs " + d.meanNanos());
  }

  /**
   * The sample variance is within 4 standard errors of the theoretical one; the standard error of
   * the sample variance is &radic;((&mu;<sub>4</sub> &minus; &sigma;<sup>4</sup>)/n).
   */
  private static void assertVariance(double[] x, Distribution d, double fourthCentralMoment) {
    double v = d.varianceNanos2();
    double bound = 4 * Math.sqrt((fourthCentralMoment - v * v) / x.length);
    assertTrue(
        Math.abs(variance(x) - v) < bound,
        "sample variance " + variance(x) + " vs " + v + " (bound " + bound + ")");
  }

  // ---------------------------------------------------------------------------------------------
  // Exponential

  @Test
  void exponentialFitsTheExponentialDistribution() {
    Distribution d = Distribution.parse("exp(5ms)");
    double[] x = draw(d, 1L);
    assertFits(new ExponentialDistribution(5e6), x);
    assertMean(x, d);
    assertVariance(x, d, 9 * d.varianceNanos2() * d.varianceNanos2()); // mu4 = 9 sigma^4
  }

  @Test
  void ksTestRejectsExponentialSamplesAsUniformWithTheSameMean() {
    double[] x = draw(Distribution.parse("exp(5ms)"), 1L);
    assertRejects(new UniformRealDistribution(0, 10e6), x);
    assertRejects(new ExponentialDistribution(5.5e6), x); // 10% off
  }

  @Test
  void meanCheckRejectsAWrongMean() {
    Distribution d = Distribution.parse("exp(5ms)");
    double[] x = draw(d, 1L);
    // standard error 5e6 / sqrt(20000) = 35,355ns; 4 of them = 141,421ns < 0.5ms
    assertFalse(meanWithinFourStandardErrors(x, 5.5e6, d.varianceNanos2()));
    assertFalse(meanWithinFourStandardErrors(x, 4.5e6, d.varianceNanos2()));
  }

  // ---------------------------------------------------------------------------------------------
  // Uniform

  @Test
  void uniformFitsTheUniformDistribution() {
    Distribution d = Distribution.parse("uniform(1ms,3ms)");
    double[] x = draw(d, 2L);
    // 2,000,001 equally likely integers from 1e6 to 3e6: like a continuous uniform over
    // [1e6 - 0.5, 3e6 + 0.5]; the discreteness moves the CDF by at most 2.5e-7, far below the
    // KS statistic's resolution at n = 20,000 (~1/n = 5e-5)
    assertFits(new UniformRealDistribution(1e6 - 0.5, 3e6 + 0.5), x);
    assertMean(x, d);
    double width = 2e6;
    assertVariance(x, d, Math.pow(width, 4) / 80); // mu4 of a uniform: width^4 / 80
    for (double v : x) {
      assertTrue(v >= 1e6 && v <= 3e6, "out of range: " + v);
    }
  }

  @Test
  void ksTestRejectsUniformSamplesAsAShiftedUniform() {
    double[] x = draw(Distribution.parse("uniform(1ms,3ms)"), 2L);
    assertRejects(new UniformRealDistribution(1.05e6, 3.05e6), x);
  }

  @Test
  void uniformIncludesBothEnds() {
    Distribution d = Distribution.parse("uniform(10ns,12ns)");
    LongSampler sampler = d.sampler(rng(3L));
    long[] counts = new long[3];
    for (int i = 0; i < N; i++) {
      long v = sampler.sample();
      assertTrue(v >= 10 && v <= 12, "out of range: " + v);
      counts[(int) (v - 10)]++;
    }
    double[] expected = {N / 3.0, N / 3.0, N / 3.0};
    assertTrue(new ChiSquareTest().chiSquareTest(expected, counts) > P_ACCEPT);
  }

  @Test
  void uniformOfOneValueIsThatValue() {
    LongSampler sampler = new Uniform(7, 7).sampler(rng(4L));
    for (int i = 0; i < 100; i++) {
      assertEquals(7, sampler.sample());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Log-normal

  @Test
  void logNormalFitsTheLogNormalDistributionWithConvertedParameters() {
    LogNormal d = (LogNormal) Distribution.parse("lognormal(5ms,2ms)");
    double[] x = draw(d, 5L);
    // commons-math3's scale and shape are the mean and sd of the underlying normal
    assertFits(new LogNormalDistribution(d.normalMean(), d.normalSd()), x);
    assertMean(x, d);
    double s2 = d.normalSd() * d.normalSd();
    double kurtosis = Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 3;
    assertVariance(x, d, kurtosis * d.varianceNanos2() * d.varianceNanos2());
  }

  @Test
  void ksTestRejectsLogNormalSamplesAgainstTheNaiveParameters() {
    // Taking mean and sd as if they were exp(mu) and the sd of the log, a plausible mistake,
    // shifts mu by sigma^2 / 2 = 0.074: the test must notice.
    double[] x = draw(Distribution.parse("lognormal(5ms,2ms)"), 5L);
    assertRejects(new LogNormalDistribution(Math.log(5e6), 0.4), x);
  }

  @Test
  void logNormalWithZeroSdIsTheConstantMeanAndDrawsNothing() {
    UniformRandomProvider rng = rng(6L);
    UniformRandomProvider twin = rng(6L);
    LongSampler sampler = Distribution.parse("lognormal(5ms,0s)").sampler(rng);
    for (int i = 0; i < 100; i++) {
      assertEquals(5 * MS, sampler.sample());
    }
    assertEquals(twin.nextLong(), rng.nextLong());
  }

  // ---------------------------------------------------------------------------------------------
  // Pareto

  @ParameterizedTest(name = "shape {0}")
  @ValueSource(doubles = {2.5, 3.5})
  void paretoFitsTheParetoDistribution(double shape) {
    Pareto d = new Pareto(MS, shape);
    double[] x = draw(d, Double.doubleToLongBits(shape)); // a seed per shape
    assertFits(new ParetoDistribution(1e6, shape), x);
    assertMean(x, d);
    for (double v : x) {
      assertTrue(v >= 1e6, "below the scale: " + v);
    }
  }

  @ParameterizedTest(name = "shape {0}")
  @ValueSource(doubles = {0.8, 1.5})
  void paretoWithInfiniteMomentsStillFits(double shape) {
    Pareto d = new Pareto(MS, shape);
    double[] x = draw(d, Double.doubleToLongBits(shape));
    assertFits(new ParetoDistribution(1e6, shape), x);
  }

  @Test
  void ksTestRejectsParetoSamplesAgainstAnotherShape() {
    double[] x = draw(new Pareto(MS, 2.5), 7L);
    assertRejects(new ParetoDistribution(1e6, 3.5), x);
  }

  @Test
  void paretoUniformIsNeverZero() {
    // the largest 53-bit draw gives u = 1, hence exactly the scale
    assertEquals(MS, new Pareto(MS, 2.5).sampler(() -> -1L).sample());
    // the smallest gives u = 2^-53, not 0: a finite, uncapped value
    long largest = new Pareto(MS, 2.5).sampler(() -> 0L).sample();
    assertEquals(Math.round(1e6 / StrictMath.pow(0x1.0p-53, 1 / 2.5)), largest);
    assertTrue(largest < Distribution.MAX_SAMPLE_NANOS);
  }

  // ---------------------------------------------------------------------------------------------
  // Empirical

  @Test
  void empiricalFitsItsValuesWithDuplicatesCountingTwice() {
    Distribution d = Distribution.parse("empirical(1ms,2ms,5ms,2ms)");
    LongSampler sampler = d.sampler(rng(9L));
    long[] distinct = {MS, 2 * MS, 5 * MS};
    long[] counts = new long[3];
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      long v = sampler.sample();
      x[i] = v;
      int k = Arrays.binarySearch(distinct, v);
      assertTrue(k >= 0, "not a listed value: " + v);
      counts[k]++;
    }
    double[] expected = {N / 4.0, N / 2.0, N / 4.0};
    double p = new ChiSquareTest().chiSquareTest(expected, counts);
    assertTrue(p > P_ACCEPT, "chi-square p-value " + p);
    assertMean(x, d);

    // power: ignoring the duplicate (each distinct value 1/3) must be rejected
    double[] wrong = {N / 3.0, N / 3.0, N / 3.0};
    assertTrue(new ChiSquareTest().chiSquareTest(wrong, counts) < P_REJECT);
  }

  // ---------------------------------------------------------------------------------------------
  // Constant, determinism, cap

  @Test
  void constantIsAlwaysTheSameAndDrawsNothing() {
    UniformRandomProvider rng = rng(10L);
    UniformRandomProvider twin = rng(10L);
    LongSampler sampler = Distribution.parse("const(2ms)").sampler(rng);
    for (int i = 0; i < 1000; i++) {
      assertEquals(2 * MS, sampler.sample());
    }
    assertEquals(twin.nextLong(), rng.nextLong());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "const(2ms)",
        "exp(5ms)",
        "uniform(1ms,3ms)",
        "lognormal(5ms,2ms)",
        "pareto(1ms,2.5)",
        "empirical(1ms,2ms,5ms)"
      })
  void theSameSeedGivesTheSameSamples(String spec) {
    Distribution d = Distribution.parse(spec);
    long[] first = samples(d.sampler(rng(11L)), 1000);
    long[] second = samples(d.sampler(rng(11L)), 1000);
    assertArrayEquals(first, second);
    if (!(d instanceof Constant)) {
      assertFalse(Arrays.equals(first, samples(d.sampler(rng(12L)), 1000)));
    }
  }

  private static long[] samples(LongSampler sampler, int n) {
    return LongStream.generate(sampler::sample).limit(n).toArray();
  }

  @Test
  void samplesAreCappedAtMaxSampleNanos() {
    long max = Distribution.MAX_SAMPLE_NANOS;
    // P(X > mean) = 1/e for an exponential: about a third of these draws are capped
    assertCapped(new Exponential(max).sampler(rng(13L)));
    // P(X > 2^50 ns) = (1e6 / 2^50)^0.05 = 0.35
    assertCapped(new Pareto(MS, 0.05).sampler(rng(14L)));
    // mean max/2, sd max: sigma^2 = ln 5, P(X > max) = P(Z > (ln 2 + sigma^2/2) / sigma) = 0.12
    assertCapped(new LogNormal(max / 2, max).sampler(rng(15L)));
  }

  private static void assertCapped(LongSampler sampler) {
    int capped = 0;
    for (int i = 0; i < 1000; i++) {
      long v = sampler.sample();
      assertTrue(v >= 0 && v <= Distribution.MAX_SAMPLE_NANOS, "out of range: " + v);
      if (v == Distribution.MAX_SAMPLE_NANOS) {
        capped++;
      }
    }
    assertTrue(capped > 50, "only " + capped + " capped samples");
  }

  @Test
  void tinyExponentialAndSingleValueEmpirical() {
    assertEquals(3 * MS, new Empirical(3 * MS).sampler(rng(16L)).sample());
    assertTrue(new Exponential(1).sampler(rng(17L)).sample() >= 0);
  }
}
