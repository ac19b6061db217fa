package dev.svcsim.engine.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.engine.random.Distribution.Constant;
import dev.svcsim.engine.random.Distribution.Empirical;
import dev.svcsim.engine.random.Distribution.Exponential;
import dev.svcsim.engine.random.Distribution.LogNormal;
import dev.svcsim.engine.random.Distribution.Pareto;
import dev.svcsim.engine.random.Distribution.Uniform;
import dev.svcsim.engine.units.UnitParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing, formatting, validation and exact moments; sampling is in {@link DistributionTest}. */
class DistributionParseTest {

  private static final long MS = 1_000_000L;

  static Stream<Arguments> goodInputs() {
    return Stream.of(
        good("const(2ms)", new Constant(2 * MS), "const(2ms)"),
        good("2ms", new Constant(2 * MS), "const(2ms)"),
        good("  1m30s ", new Constant(90_000 * MS), "const(1m30s)"),
        good("const(0s)", new Constant(0), "const(0s)"),
        good("exp(5ms)", new Exponential(5 * MS), "exp(5ms)"),
        good(" exp ( 5000us ) ", new Exponential(5 * MS), "exp(5ms)"),
        good("uniform(1ms,3ms)", new Uniform(MS, 3 * MS), "uniform(1ms,3ms)"),
        good("uniform( 1ms , 3ms )", new Uniform(MS, 3 * MS), "uniform(1ms,3ms)"),
        good("uniform(2ms,2ms)", new Uniform(2 * MS, 2 * MS), "uniform(2ms,2ms)"),
        good("lognormal(5ms,2ms)", new LogNormal(5 * MS, 2 * MS), "lognormal(5ms,2ms)"),
        good("lognormal(5ms,0s)", new LogNormal(5 * MS, 0), "lognormal(5ms,0s)"),
        good("pareto(1ms,2.5)", new Pareto(MS, 2.5), "pareto(1ms,2.5)"),
        good("pareto(1ms, 3.50)", new Pareto(MS, 3.5), "pareto(1ms,3.5)"),
        good("pareto(1ms,3)", new Pareto(MS, 3), "pareto(1ms,3)"),
        good("pareto(1ms,.5)", new Pareto(MS, 0.5), "pareto(1ms,0.5)"),
        good("empirical(1ms)", new Empirical(MS), "empirical(1ms)"),
        good(
            "empirical(1ms, 2ms,2ms ,5ms)",
            new Empirical(MS, 2 * MS, 2 * MS, 5 * MS),
            "empirical(1ms,2ms,2ms,5ms)"),
        good(
            "const(312h44m59.906842624s)",
            new Constant(Distribution.MAX_SAMPLE_NANOS),
            "const(312h44m59.906842624s)"));
  }

  private static Arguments good(String text, Distribution expected, String canonical) {
    return Arguments.of(text, expected, canonical);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("goodInputs")
  void parsesGoodInput(String text, Distribution expected, String canonical) {
    Distribution parsed = Distribution.parse(text);
    assertEquals(expected, parsed);
    assertEquals(canonical, parsed.toString());
    assertEquals(parsed, Distribution.parse(parsed.toString()));
  }

  @Test
  void toStringThenParseRoundTripsOverSeededRandomDistributions() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    for (int i = 0; i < 1000; i++) {
      long a = 1 + rng.nextLong(Distribution.MAX_SAMPLE_NANOS);
      long b = rng.nextLong(Distribution.MAX_SAMPLE_NANOS + 1);
      Distribution d =
          switch (i % 6) {
            case 0 -> new Constant(b);
            case 1 -> new Exponential(a);
            case 2 -> new Uniform(Math.min(a, b), Math.max(a, b));
            case 3 -> new LogNormal(a, b);
            case 4 -> new Pareto(a, rng.nextDouble() * Math.pow(10, rng.nextInt(7) - 3) + 1e-9);
            default -> {
              List<Long> values = new ArrayList<>();
              int n = 1 + rng.nextInt(5);
              for (int k = 0; k < n; k++) {
                values.add(rng.nextLong(Distribution.MAX_SAMPLE_NANOS + 1));
              }
              yield new Empirical(values);
            }
          };
      assertEquals(d, Distribution.parse(d.toString()), d.toString());
    }
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad(
            "exp(5)",
            4,
            "bad distribution \"exp(5)\": argument 1 (mean) \"5\": a bare number has no unit; write"
                + " it with one, e.g. \"5s\" or \"5ms\" (units: ns, us, ms, s, m, h)"),
        bad(
            "uniform(1ms, 3x)",
            14,
            "bad distribution \"uniform(1ms, 3x)\": argument 2 (max) \"3x\": unknown unit \"x\"; use"
                + " one of ns, us, ms, s, m, h"),
        bad(
            "exp(  5sec )",
            7,
            "bad distribution \"exp(  5sec )\": argument 1 (mean) \"5sec\": unknown unit \"sec\";"
                + " did you mean \"s\"? (units: ns, us, ms, s, m, h)"),
        bad(
            "expo(5ms)",
            0,
            "bad distribution \"expo(5ms)\": unknown distribution \"expo\"; did you mean \"exp\"?"
                + " (valid: const, exp, uniform, lognormal, pareto, empirical, or a plain duration"
                + " such as \"2ms\")"),
        bad(
            "exponential(5ms)",
            0,
            "bad distribution \"exponential(5ms)\": unknown distribution \"exponential\"; did you"
                + " mean \"exp\"? (valid: const, exp, uniform, lognormal, pareto, empirical, or a"
                + " plain duration such as \"2ms\")"),
        bad(
            "lognormall(5ms,1ms)",
            0,
            "bad distribution \"lognormall(5ms,1ms)\": unknown distribution \"lognormall\"; did you"
                + " mean \"lognormal\"? (valid: const, exp, uniform, lognormal, pareto, empirical,"
                + " or a plain duration such as \"2ms\")"),
        bad(
            "paerto(1ms,2)",
            0,
            "bad distribution \"paerto(1ms,2)\": unknown distribution \"paerto\"; did you mean"
                + " \"pareto\"? (valid: const, exp, uniform, lognormal, pareto, empirical, or a"
                + " plain duration such as \"2ms\")"),
        bad(
            "normal(5ms,1ms)",
            0,
            "bad distribution \"normal(5ms,1ms)\": unknown distribution \"normal\"; use one of"
                + " const, exp, uniform, lognormal, pareto, empirical, or a plain duration such as"
                + " \"2ms\""),
        bad(
            "exp(5ms,1ms)",
            8,
            "bad distribution \"exp(5ms,1ms)\": exp takes 1 argument (the mean), e.g."
                + " \"exp(5ms)\"; got 2"),
        bad(
            "uniform(1ms)",
            11,
            "bad distribution \"uniform(1ms)\": uniform takes 2 arguments (min and max), e.g."
                + " \"uniform(1ms,3ms)\"; got 1"),
        bad(
            "lognormal(5ms)",
            13,
            "bad distribution \"lognormal(5ms)\": lognormal takes 2 arguments (mean and standard"
                + " deviation), e.g. \"lognormal(5ms,2ms)\"; got 1"),
        bad(
            "pareto(1ms)",
            10,
            "bad distribution \"pareto(1ms)\": pareto takes 2 arguments (the scale, a duration, and"
                + " the shape, a plain number), e.g. \"pareto(1ms,2.5)\"; got 1"),
        bad(
            "exp()",
            4,
            "bad distribution \"exp()\": exp takes 1 argument (the mean), e.g. \"exp(5ms)\"; got"
                + " none"),
        bad(
            "empirical( )",
            11,
            "bad distribution \"empirical( )\": empirical needs at least one duration, e.g."
                + " \"empirical(1ms,2ms,5ms)\""),
        bad(
            "empirical(1ms,,2ms)",
            14,
            "bad distribution \"empirical(1ms,,2ms)\": argument 2 (value) is empty; write e.g."
                + " \"empirical(1ms,2ms,5ms)\""),
        bad(
            "exp(0s)",
            4,
            "bad distribution \"exp(0s)\": argument 1 (mean) must be greater than 0; for no delay"
                + " write \"const(0s)\""),
        bad(
            "lognormal(0s,1ms)",
            10,
            "bad distribution \"lognormal(0s,1ms)\": argument 1 (mean) must be greater than 0; for"
                + " no delay write \"const(0s)\""),
        bad(
            "lognormal(5ms,-1ms)",
            14,
            "bad distribution \"lognormal(5ms,-1ms)\": argument 2 (standard deviation) \"-1ms\":"
                + " durations cannot be negative; remove the \"-\" sign"),
        bad(
            "uniform(3ms,1ms)",
            8,
            "bad distribution \"uniform(3ms,1ms)\": argument 1 (min) 3ms is greater than argument"
                + " 2 (max) 1ms; write the smaller one first, e.g. \"uniform(1ms,3ms)\""),
        bad(
            "pareto(0s,2.5)",
            7,
            "bad distribution \"pareto(0s,2.5)\": argument 1 (scale) must be greater than 0, e.g."
                + " \"pareto(1ms,2.5)\""),
        bad(
            "pareto(1ms,0)",
            11,
            "bad distribution \"pareto(1ms,0)\": argument 2 (shape) \"0\" must be greater than 0,"
                + " e.g. \"pareto(1ms,2.5)\""),
        bad(
            "pareto(1ms,-2.5)",
            11,
            "bad distribution \"pareto(1ms,-2.5)\": argument 2 (shape) \"-2.5\" must be greater"
                + " than 0, e.g. \"pareto(1ms,2.5)\""),
        bad(
            "pareto(1ms,2.5s)",
            14,
            "bad distribution \"pareto(1ms,2.5s)\": argument 2 (shape) \"2.5s\" is a plain number"
                + " and takes no unit; write \"2.5\""),
        bad(
            "pareto(1ms,abc)",
            11,
            "bad distribution \"pareto(1ms,abc)\": argument 2 (shape) \"abc\" is not a number;"
                + " write a positive number such as \"2.5\""),
        bad(
            "exp 5ms",
            3,
            "bad distribution \"exp 5ms\": missing \"(\" after \"exp\"; write e.g. \"exp(5ms)\""),
        bad(
            "exp(5ms",
            7,
            "bad distribution \"exp(5ms\": missing \")\" at the end; write e.g. \"exp(5ms)\""),
        bad(
            "exp(5ms) x",
            9,
            "bad distribution \"exp(5ms) x\": unexpected text \"x\" after \")\"; remove it"),
        bad(
            "exp((5ms))",
            4,
            "bad distribution \"exp((5ms))\": unexpected \"(\" inside the arguments; they are plain"
                + " durations or numbers, e.g. \"exp(5ms)\""),
        bad(
            "const(400h)",
            6,
            "bad distribution \"const(400h)\": argument 1 (value) 400h is longer than the largest"
                + " sample, 312h44m59.906842624s (2^50 ns, about 13 days); use a shorter duration"),
        bad(
            "400h",
            0,
            "bad distribution \"400h\": it is longer than the largest sample,"
                + " 312h44m59.906842624s (2^50 ns, about 13 days); use a shorter duration"),
        bad(
            "5",
            0,
            "bad distribution \"5\": a bare number has no unit; write it with one, e.g. \"5s\" or"
                + " \"5ms\" (units: ns, us, ms, s, m, h)"),
        bad(
            "-5ms",
            0,
            "bad distribution \"-5ms\": durations cannot be negative; remove the \"-\" sign"),
        bad(
            "ms",
            0,
            "bad distribution \"ms\": the unit \"ms\" has no number before it; write the number"
                + " first, e.g. \"5ms\""),
        bad(
            "",
            0,
            "bad distribution \"\": it is empty; write a distribution such as \"exp(5ms)\" or a"
                + " duration such as \"2ms\""));
  }

  private static Arguments bad(String input, int offset, String message) {
    return Arguments.of(input, offset, message);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("badInputs")
  void rejectsBadInputWithAClearMessage(String input, int offset, String message) {
    UnitParseException e =
        assertThrows(UnitParseException.class, () -> Distribution.parse(input));
    assertEquals(message, e.getMessage());
    assertEquals(offset, e.offset());
    assertEquals(input, e.input());
  }

  @Test
  void rejectsNull() {
    UnitParseException e = assertThrows(UnitParseException.class, () -> Distribution.parse(null));
    assertEquals(
        "bad distribution: there is no text (null); write a distribution such as \"exp(5ms)\" or a"
            + " duration such as \"2ms\"",
        e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Records validate their components

  @Test
  void recordsRejectBadComponentsNamingThem() {
    assertInvalid(
        () -> new Constant(-1),
        "Constant valueNanos must be between 0 and MAX_SAMPLE_NANOS (1125899906842624), got -1");
    assertInvalid(
        () -> new Constant(Distribution.MAX_SAMPLE_NANOS + 1),
        "Constant valueNanos must be between 0 and MAX_SAMPLE_NANOS (1125899906842624), got"
            + " 1125899906842625");
    assertInvalid(
        () -> new Exponential(0),
        "Exponential scaleNanos must be between 1 and MAX_SAMPLE_NANOS (1125899906842624), got 0");
    assertInvalid(
        () -> new Uniform(3, 1),
        "Uniform minNanos must not exceed maxNanos, got minNanos 3 > maxNanos 1");
    assertInvalid(
        () -> new Uniform(-1, 1),
        "Uniform minNanos must be between 0 and MAX_SAMPLE_NANOS (1125899906842624), got -1");
    assertInvalid(
        () -> new LogNormal(0, 1),
        "LogNormal arithmeticMeanNanos must be between 1 and MAX_SAMPLE_NANOS"
            + " (1125899906842624), got 0");
    assertInvalid(
        () -> new LogNormal(5, -1),
        "LogNormal sdNanos must be between 0 and MAX_SAMPLE_NANOS (1125899906842624), got -1");
    assertInvalid(
        () -> new Pareto(0, 2.5),
        "Pareto scaleNanos must be between 1 and MAX_SAMPLE_NANOS (1125899906842624), got 0");
    assertInvalid(
        () -> new Pareto(1, 0), "Pareto shape must be a finite number greater than 0, got 0.0");
    assertInvalid(
        () -> new Pareto(1, Double.NaN),
        "Pareto shape must be a finite number greater than 0, got NaN");
    assertInvalid(
        () -> new Pareto(1, Double.POSITIVE_INFINITY),
        "Pareto shape must be a finite number greater than 0, got Infinity");
    assertInvalid(() -> new Empirical(), "Empirical valuesNanos must not be empty");
    assertInvalid(
        () -> new Empirical(1, -2),
        "Empirical valuesNanos[1] must be between 0 and MAX_SAMPLE_NANOS (1125899906842624), got"
            + " -2");
    List<Long> withNull = new ArrayList<>();
    withNull.add(null);
    assertInvalid(() -> new Empirical(withNull), "Empirical valuesNanos[0] is null");
  }

  private static void assertInvalid(Runnable constructor, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, constructor::run);
    assertEquals(message, e.getMessage());
  }

  @Test
  void empiricalCopiesItsValues() {
    List<Long> values = new ArrayList<>(List.of(1L, 2L));
    Empirical empirical = new Empirical(values);
    values.set(0, 99L);
    assertEquals(List.of(1L, 2L), empirical.valuesNanos());
    assertThrows(UnsupportedOperationException.class, () -> empirical.valuesNanos().add(3L));
  }

  // ---------------------------------------------------------------------------------------------
  // Exact moments

  @Test
  void constantMoments() {
    assertMoments(new Constant(7), 7, 0);
  }

  @Test
  void exponentialMoments() {
    assertMoments(new Exponential(5 * MS), 5e6, 25e12);
  }

  @Test
  void uniformMomentsAreThoseOfTheDiscreteUniform() {
    // {1,2,3}: mean 2, variance (1 + 0 + 1) / 3 = 2/3 = (3^2 - 1) / 12
    assertMoments(new Uniform(1, 3), 2, 2.0 / 3);
    assertMoments(new Uniform(5, 5), 5, 0);
    double n = 2 * MS + 1;
    assertMoments(new Uniform(MS, 3 * MS), 2e6, (n * n - 1) / 12);
  }

  @Test
  void logNormalMomentsAreTheGivenMeanAndSd() {
    LogNormal d = new LogNormal(5 * MS, 2 * MS);
    assertMoments(d, 5e6, 4e12);
    double sigma2 = Math.log(1 + 0.4 * 0.4);
    assertEquals(Math.sqrt(sigma2), d.normalSd(), 1e-15);
    assertEquals(Math.log(5e6) - sigma2 / 2, d.normalMean(), 1e-13);
    // and back: E[X] = exp(mu + sigma^2/2), Var[X] = (exp(sigma^2) - 1) exp(2 mu + sigma^2)
    double s2 = d.normalSd() * d.normalSd();
    assertEquals(5e6, Math.exp(d.normalMean() + s2 / 2), 1e-6);
    assertEquals(4e12, Math.expm1(s2) * Math.exp(2 * d.normalMean() + s2), 1e-1);
  }

  @Test
  void paretoMomentsAreInfiniteForSmallShapes() {
    assertMoments(new Pareto(MS, 2.5), 2.5 / 1.5 * 1e6, 1e12 * 2.5 / (1.5 * 1.5 * 0.5));
    assertMoments(new Pareto(MS, 3.5), 3.5 / 2.5 * 1e6, 1e12 * 3.5 / (2.5 * 2.5 * 1.5));
    assertMoments(new Pareto(MS, 2), 2e6, Double.POSITIVE_INFINITY);
    assertMoments(new Pareto(MS, 1.5), 3e6, Double.POSITIVE_INFINITY);
    assertMoments(new Pareto(MS, 1), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertMoments(new Pareto(MS, 0.5), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  @Test
  void empiricalMomentsAreThoseOfTheListWithDuplicatesCounted() {
    // {1, 2, 2, 5}: mean 10/4; variance ((1.5)^2 + 2 (0.5)^2 + (2.5)^2) / 4 = 9/4
    assertMoments(new Empirical(1, 2, 2, 5), 2.5, 2.25);
    assertMoments(new Empirical(7), 7, 0);
    long big = Distribution.MAX_SAMPLE_NANOS;
    assertMoments(new Empirical(big, big - 2), big - 1, 1);
  }

  private static void assertMoments(Distribution d, double mean, double variance) {
    assertEquals(mean, d.meanNanos(), Math.ulp(mean) * 4, d + " mean");
    assertEquals(variance, d.varianceNanos2(), Math.ulp(variance) * 4, d + " variance");
    assertTrue(d.varianceNanos2() >= 0);
  }
}
