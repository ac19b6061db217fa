package dev.svcsim.engine.random;

import dev.svcsim.engine.units.Durations;
import dev.svcsim.engine.units.UnitParseException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A probability distribution of durations, written as text such as {@code exp(5ms)} and sampled
 * as whole nanoseconds.
 *
 * <p>The forms, as accepted by {@link #parse(String)} and produced by {@link #toString()}:
 *
 * <ul>
 *   <li>{@code const(2ms)}, or just {@code 2ms}: always that value ({@link Constant});
 *   <li>{@code exp(5ms)}: exponential with that mean ({@link Exponential});
 *   <li>{@code uniform(1ms,3ms)}: every whole nanosecond from min to max, both included ({@link
 *       Uniform});
 *   <li>{@code lognormal(5ms,2ms)}: log-normal with that mean and standard deviation, of the
 *       values themselves, not of their logarithm ({@link LogNormal});
 *   <li>{@code pareto(1ms,2.5)}: Pareto (type I) with scale x<sub>m</sub> (the smallest value) and
 *       shape &alpha;, a plain number ({@link Pareto});
 *   <li>{@code empirical(1ms,2ms,5ms)}: one of the listed values, each listed value equally likely,
 *       so a value listed twice is twice as likely ({@link Empirical}).
 * </ul>
 *
 * <p>{@link #meanNanos()} and {@link #varianceNanos2()} are the exact values of the distribution
 * as defined above, before samples are rounded to whole nanoseconds and capped at {@link
 * #MAX_SAMPLE_NANOS}.
 */
public sealed interface Distribution {

  /**
   * The largest value a sampler returns, 2<sup>50</sup> ns (about 13 days); larger draws are capped
   * to it. The cap keeps clock arithmetic from overflowing: a simulation time below 2<sup>62</sup>
   * ns (about 146 years) plus up to 4,096 samples (2<sup>12</sup> &times; 2<sup>50</sup> =
   * 2<sup>62</sup>) stays below {@link Long#MAX_VALUE}, so event times can be computed with plain
   * {@code +}. Every duration parameter must also be at most this.
   */
  long MAX_SAMPLE_NANOS = 1L << 50;

  /**
   * The distribution {@code text} describes, e.g. {@code exp(5ms)}; see {@link Distribution} for
   * the forms. Whitespace around the text and around arguments is ignored.
   *
   * @throws UnitParseException if {@code text} is not a valid distribution; the message says why
   *     and what to write instead
   */
  static Distribution parse(String text) {
    return DistributionParser.parse(text);
  }

  /** The mean, in nanoseconds; {@link Double#POSITIVE_INFINITY} if it is infinite. */
  double meanNanos();

  /** The variance, in square nanoseconds; {@link Double#POSITIVE_INFINITY} if it is infinite. */
  double varianceNanos2();

  /**
   * A sampler that draws from {@code rng}: each draw is rounded to the nearest nanosecond and
   * capped at {@link #MAX_SAMPLE_NANOS}. The same stream state gives the same samples.
   */
  LongSampler sampler(UniformRandomProvider rng);

  /** The canonical text of this distribution, which {@link #parse(String)} accepts again. */
  @Override
  String toString();

  /**
   * A continuous draw as a sample: rounded to the nearest nanosecond, capped at {@link
   * #MAX_SAMPLE_NANOS} (also for infinity and NaN).
   */
  private static long toSampleNanos(double nanos) {
    if (!(nanos < MAX_SAMPLE_NANOS)) {
      return MAX_SAMPLE_NANOS;
    }
    return Math.round(nanos);
  }

  /** {@code nanos} if it is a valid duration parameter, else an exception naming it. */
  private static long checkNanos(String record, String component, long nanos, long min) {
    if (nanos < min || nanos > MAX_SAMPLE_NANOS) {
      throw new IllegalArgumentException(
          record
              + " "
              + component
              + " must be between "
              + min
              + " and MAX_SAMPLE_NANOS ("
              + MAX_SAMPLE_NANOS
              + "), got "
              + nanos);
    }
    return nanos;
  }

  /** Always the same value; draws no random numbers. Written {@code const(2ms)} or {@code 2ms}. */
  record Constant(long valueNanos) implements Distribution {

    /** Checks that the value is in [0, {@link #MAX_SAMPLE_NANOS}]. */
    public Constant {
      checkNanos("Constant", "valueNanos", valueNanos, 0);
    }

    @Override
    public double meanNanos() {
      return valueNanos;
    }

    @Override
    public double varianceNanos2() {
      return 0;
    }

    /** A sampler that always returns the value and never touches {@code rng}. */
    @Override
    public LongSampler sampler(UniformRandomProvider rng) {
      Objects.requireNonNull(rng, "rng");
      long value = valueNanos;
      return () -> value;
    }

    @Override
    public String toString() {
      return "const(" + Durations.format(valueNanos) + ")";
    }
  }

  /**
   * Exponential with mean {@code scaleNanos} (the scale, 1/&lambda;), written {@code exp(5ms)};
   * sampled with Commons RNG's {@link ZigguratSampler.Exponential}.
   */
  record Exponential(long scaleNanos) implements Distribution {

    /** Checks that the mean is in [1, {@link #MAX_SAMPLE_NANOS}]. */
    public Exponential {
      checkNanos("Exponential", "scaleNanos", scaleNanos, 1);
    }

    @Override
    public double meanNanos() {
      return scaleNanos;
    }

    @Override
    public double varianceNanos2() {
      return (double) scaleNanos * scaleNanos;
    }

    @Override
    public LongSampler sampler(UniformRandomProvider rng) {
      Objects.requireNonNull(rng, "rng");
      ZigguratSampler.Exponential exponential = ZigguratSampler.Exponential.of(rng, scaleNanos);
      return () -> toSampleNanos(exponential.sample());
    }

    @Override
    public String toString() {
      return "exp(" + Durations.format(scaleNanos) + ")";
    }
  }

  /**
   * Every whole nanosecond from {@code minNanos} to {@code maxNanos}, both included, equally
   * likely; written {@code uniform(1ms,3ms)}.
   *
   * <p>{@link #meanNanos()} and {@link #varianceNanos2()} are those of this discrete distribution:
   * the variance is (n<sup>2</sup>&minus;1)/12 with n = max&minus;min+1, not the continuous
   * (max&minus;min)<sup>2</sup>/12; the difference is negligible unless the range is a few
   * nanoseconds.
   */
  record Uniform(long minNanos, long maxNanos) implements Distribution {

    /** Checks that 0 &lt;= min &lt;= max &lt;= {@link #MAX_SAMPLE_NANOS}. */
    public Uniform {
      checkNanos("Uniform", "minNanos", minNanos, 0);
      checkNanos("Uniform", "maxNanos", maxNanos, 0);
      if (minNanos > maxNanos) {
        throw new IllegalArgumentException(
            "Uniform minNanos must not exceed maxNanos, got minNanos "
                + minNanos
                + " > maxNanos "
                + maxNanos);
      }
    }

    @Override
    public double meanNanos() {
      return ((double) minNanos + maxNanos) / 2;
    }

    @Override
    public double varianceNanos2() {
      double n = (double) (maxNanos - minNanos + 1);
      return (n * n - 1) / 12;
    }

    /** A sampler that draws {@code min + rng.nextLong(max - min + 1)}: one long per sample. */
    @Override
    public LongSampler sampler(UniformRandomProvider rng) {
      Objects.requireNonNull(rng, "rng");
      long lo = minNanos;
      long span = maxNanos - minNanos + 1;
      return () -> lo + rng.nextLong(span);
    }

    @Override
    public String toString() {
      return "uniform(" + Durations.format(minNanos) + "," + Durations.format(maxNanos) + ")";
    }
  }

  /**
   * Log-normal with mean {@code arithmeticMeanNanos} and standard deviation {@code sdNanos}, both
   * of the values themselves (not of their logarithm); written {@code lognormal(5ms,2ms)}.
   *
   * <p>The underlying normal (of ln X) has variance &sigma;<sup>2</sup> =
   * ln(1 + sd<sup>2</sup>/mean<sup>2</sup>) and mean &mu; = ln(mean) &minus; &sigma;<sup>2</sup>/2
   * ({@link #normalMean()}, {@link #normalSd()}). A sample is exp(&mu; + &sigma;Z) with Z from
   * Commons RNG's {@link ZigguratSampler.NormalizedGaussian}, computed with {@link
   * StrictMath#exp} (not {@link Math#exp}, which may differ in the last bit between JDKs and CPUs)
   * so that samples are bit-identical everywhere. A standard deviation of 0 gives a constant mean
   * and draws no random numbers.
   */
  record LogNormal(long arithmeticMeanNanos, long sdNanos) implements Distribution {

    /** Checks that the mean is in [1, {@link #MAX_SAMPLE_NANOS}] and sd in [0, that]. */
    public LogNormal {
      checkNanos("LogNormal", "arithmeticMeanNanos", arithmeticMeanNanos, 1);
      checkNanos("LogNormal", "sdNanos", sdNanos, 0);
    }

    /** &mu;, the mean of the underlying normal distribution of ln X (X in nanoseconds). */
    public double normalMean() {
      return StrictMath.log(arithmeticMeanNanos) - normalVariance() / 2;
    }

    /** &sigma;, the standard deviation of the underlying normal distribution of ln X. */
    public double normalSd() {
      return StrictMath.sqrt(normalVariance());
    }

    private double normalVariance() {
      double cv = (double) sdNanos / arithmeticMeanNanos;
      return StrictMath.log1p(cv * cv);
    }

    @Override
    public double meanNanos() {
      return arithmeticMeanNanos;
    }

    @Override
    public double varianceNanos2() {
      return (double) sdNanos * sdNanos;
    }

    @Override
    public LongSampler sampler(UniformRandomProvider rng) {
      Objects.requireNonNull(rng, "rng");
      if (sdNanos == 0) {
        long value = arithmeticMeanNanos;
        return () -> value;
      }
      double mu = normalMean();
      double sigma = normalSd();
      ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
      return () -> toSampleNanos(StrictMath.exp(mu + sigma * gaussian.sample()));
    }

    @Override
    public String toString() {
      return "lognormal("
          + Durations.format(arithmeticMeanNanos)
          + ","
          + Durations.format(sdNanos)
          + ")";
    }
  }

  /**
   * Pareto (type I) with scale x<sub>m</sub> = {@code scaleNanos}, the smallest value, and shape
   * &alpha; = {@code shape}; written {@code pareto(1ms,2.5)}.
   *
   * <p>P(X &gt; x) = (x<sub>m</sub>/x)<sup>&alpha;</sup> for x &gt;= x<sub>m</sub>. The mean is
   * infinite for &alpha; &lt;= 1 and the variance for &alpha; &lt;= 2 (samples are still finite:
   * capped at {@link #MAX_SAMPLE_NANOS}). Sampled by inverse transform, x<sub>m</sub> /
   * u<sup>1/&alpha;</sup> with u uniform in (0, 1] (never 0) from one {@code nextLong()}, using
   * {@link StrictMath#pow} for reproducibility.
   */
  record Pareto(long scaleNanos, double shape) implements Distribution {

    /** Checks that the scale is in [1, {@link #MAX_SAMPLE_NANOS}] and the shape finite and > 0. */
    public Pareto {
      checkNanos("Pareto", "scaleNanos", scaleNanos, 1);
      if (!(shape > 0) || Double.isInfinite(shape)) {
        throw new IllegalArgumentException(
            "Pareto shape must be a finite number greater than 0, got " + shape);
      }
    }

    @Override
    public double meanNanos() {
      if (shape <= 1) {
        return Double.POSITIVE_INFINITY;
      }
      return shape * scaleNanos / (shape - 1);
    }

    @Override
    public double varianceNanos2() {
      if (shape <= 2) {
        return Double.POSITIVE_INFINITY;
      }
      double xm = scaleNanos;
      return xm * xm * shape / ((shape - 1) * (shape - 1) * (shape - 2));
    }

    @Override
    public LongSampler sampler(UniformRandomProvider rng) {
      Objects.requireNonNull(rng, "rng");
      double xm = scaleNanos;
      double inverseShape = 1 / shape;
      return () -> {
        // 53 random bits, plus one: u in [2^-53, 1], exactly representable
        double u = ((rng.nextLong() >>> 11) + 1) * 0x1.0p-53;
        return toSampleNanos(xm / StrictMath.pow(u, inverseShape));
      };
    }

    @Override
    public String toString() {
      return "pareto(" + Durations.format(scaleNanos) + "," + formatShape(shape) + ")";
    }

    /** A plain decimal (no exponent, no trailing zeros) that parses back to {@code shape}. */
    static String formatShape(double shape) {
      return new BigDecimal(Double.toString(shape)).stripTrailingZeros().toPlainString();
    }
  }

  /**
   * One of the listed values, each list entry equally likely (the empirical distribution of a
   * sample: a value listed twice is twice as likely); written {@code empirical(1ms,2ms,5ms)}.
   *
   * <p>The variance is the population variance of the list (divided by n, not n&minus;1).
   */
  record Empirical(List<Long> valuesNanos) implements Distribution {

    /** Copies the list, checking that it is not empty and each value is in [0, MAX]. */
    public Empirical {
      Objects.requireNonNull(valuesNanos, "valuesNanos");
      if (valuesNanos.isEmpty()) {
        throw new IllegalArgumentException("Empirical valuesNanos must not be empty");
      }
      List<Long> copy = new ArrayList<>(valuesNanos.size());
      for (int i = 0; i < valuesNanos.size(); i++) {
        Long value = valuesNanos.get(i);
        if (value == null) {
          throw new IllegalArgumentException("Empirical valuesNanos[" + i + "] is null");
        }
        copy.add(checkNanos("Empirical", "valuesNanos[" + i + "]", value, 0));
      }
      valuesNanos = List.copyOf(copy);
    }

    /** The values, in order. */
    public Empirical(long... valuesNanos) {
      this(boxed(valuesNanos));
    }

    private static List<Long> boxed(long[] values) {
      List<Long> list = new ArrayList<>(values.length);
      for (long value : values) {
        list.add(value);
      }
      return list;
    }

    /** The mean of the list, exactly rounded. */
    @Override
    public double meanNanos() {
      BigInteger sum = BigInteger.ZERO;
      for (long value : valuesNanos) {
        sum = sum.add(BigInteger.valueOf(value));
      }
      return new BigDecimal(sum)
          .divide(BigDecimal.valueOf(valuesNanos.size()), MathContext.DECIMAL128)
          .doubleValue();
    }

    /** The population variance of the list, (n&Sigma;x<sup>2</sup> &minus; (&Sigma;x)<sup>2</sup>) / n<sup>2</sup>. */
    @Override
    public double varianceNanos2() {
      BigInteger sum = BigInteger.ZERO;
      BigInteger sumOfSquares = BigInteger.ZERO;
      for (long value : valuesNanos) {
        BigInteger x = BigInteger.valueOf(value);
        sum = sum.add(x);
        sumOfSquares = sumOfSquares.add(x.multiply(x));
      }
      BigInteger n = BigInteger.valueOf(valuesNanos.size());
      BigInteger numerator = n.multiply(sumOfSquares).subtract(sum.multiply(sum));
      return new BigDecimal(numerator)
          .divide(new BigDecimal(n.multiply(n)), MathContext.DECIMAL128)
          .doubleValue();
    }

    /** A sampler that returns {@code values[rng.nextInt(n)]}: one int per sample. */
    @Override
    public LongSampler sampler(UniformRandomProvider rng) {
      Objects.requireNonNull(rng, "rng");
      long[] values = valuesNanos.stream().mapToLong(Long::longValue).toArray();
      int n = values.length;
      return () -> values[rng.nextInt(n)];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("empirical(");
      for (int i = 0; i < valuesNanos.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(Durations.format(valuesNanos.get(i)));
      }
      return sb.append(')').toString();
    }
  }
}
