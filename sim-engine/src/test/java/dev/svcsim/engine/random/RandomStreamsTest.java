package dev.svcsim.engine.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

  private static long[] draw(UniformRandomProvider rng, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = rng.nextLong();
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSameDraws() {
    assertArrayEquals(
        draw(new RandomStreams(42).stream("arrivals"), 100),
        draw(new RandomStreams(42).stream("arrivals"), 100));
  }

  @Test
  void knownFirstValuesPinTheDerivationAcrossVersions() {
    // If this changes, every report's numbers change: bump the report format, never by accident.
    long first = new RandomStreams(1).stream("arrivals").nextLong();
    long again = RandomSource.XO_SHI_RO_256_PP
        .create(RandomStreams.initialState(1, "arrivals"))
        .nextLong();
    assertEquals(again, first);
    assertEquals(8111962287153961214L, first);
  }

  @Test
  void differentSeedsAndNamesGiveDifferentStreams() {
    long[] a = draw(new RandomStreams(1).stream("x"), 8);
    assertNotEquals(a[0], draw(new RandomStreams(2).stream("x"), 8)[0]);
    assertNotEquals(a[0], draw(new RandomStreams(1).stream("y"), 8)[0]);
  }

  @Test
  void streamsDoNotDependOnCreationOrderOrOnOtherStreams() {
    RandomStreams one = new RandomStreams(7);
    UniformRandomProvider picks1 = one.stream("picks");
    long[] expected = draw(picks1, 50);

    RandomStreams two = new RandomStreams(7);
    UniformRandomProvider extra = two.stream("a-new-traffic-source");
    draw(extra, 1000);
    two.stream("arrivals");
    UniformRandomProvider picks2 = two.stream("picks");
    assertArrayEquals(expected, draw(picks2, 50));
    assertEquals(Set.of("a-new-traffic-source", "arrivals", "picks"), two.names());
  }

  @Test
  void theSameNameReturnsTheSameGenerator() {
    RandomStreams streams = new RandomStreams(3);
    assertSame(streams.stream("s"), streams.stream("s"));
  }

  @Test
  void replicationRIsRJumpsAhead() {
    UniformRandomProvider base = RandomSource.XO_SHI_RO_256_PP.create(RandomStreams.initialState(5, "s"));
    JumpableUniformRandomProvider jumpable = (JumpableUniformRandomProvider) base;
    jumpable.jump();
    jumpable.jump();
    jumpable.jump();
    assertArrayEquals(draw(base, 20), draw(new RandomStreams(5, 3).stream("s"), 20));
  }

  @Test
  void replicationsAreDistinctAndUncorrelated() {
    int n = 20_000;
    double[] r0 = new double[n];
    double[] r1 = new double[n];
    UniformRandomProvider a = new RandomStreams(9, 0).stream("service");
    UniformRandomProvider b = new RandomStreams(9, 1).stream("service");
    for (int i = 0; i < n; i++) {
      r0[i] = a.nextDouble();
      r1[i] = b.nextDouble();
    }
    double rho = new PearsonsCorrelation().correlation(r0, r1);
    // Under independence rho ~ N(0, 1/n): |rho| < 5/sqrt(n) fails with probability < 1e-6.
    assertTrue(Math.abs(rho) < 5 / Math.sqrt(n), "correlation between replications: " + rho);
  }

  @Test
  void namedStreamsAreUniformAndMutuallyIndependent() {
    // Pairs (stream A, stream B) binned into a 10x10 grid must look uniform (chi-square).
    UniformRandomProvider a = new RandomStreams(11).stream("a");
    UniformRandomProvider b = new RandomStreams(11).stream("b");
    long[] counts = new long[100];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts[a.nextInt(10) * 10 + b.nextInt(10)]++;
    }
    double[] expected = new double[100];
    java.util.Arrays.fill(expected, n / 100.0);
    double p = new ChiSquareTest().chiSquareTest(expected, counts);
    assertTrue(p > 0.001, "joint distribution of two streams is not uniform: p=" + p);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RandomStreams(1, -1));
    assertThrows(IllegalArgumentException.class, () -> new RandomStreams(1).stream(""));
  }
}
