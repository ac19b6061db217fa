package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SkewTest {

  private static final double EXACT = 1e-12;

  @Test
  void localTrafficPolicyTwentyFiveTwentyFiveFifty() {
    // mean 3333.33; deviations -833.33, -833.33, +1666.67.
    Skew s = Skew.of(new long[] {2500, 5000, 2500});
    assertEquals(1.5, s.maxOverMean(), EXACT, "maxOverMean = 5000 / 3333.33");
    assertEquals(0.75, s.minOverMean(), EXACT, "minOverMean = 2500 / 3333.33");
    // population variance = (2 * 833.33^2 + 1666.67^2) / 3 = 1388888.9; sigma / mean = sqrt(2) / 4
    assertEquals(Math.sqrt(2) / 4, s.cv(), EXACT, "cv with the population standard deviation");
    // (10000)^2 / (3 * (2500^2 + 2500^2 + 5000^2)) = 1e8 / 1.125e8 = 8/9
    assertEquals(8.0 / 9.0, s.jain(), EXACT, "jain");
    // ordered pairs differing: 4 pairs of 2500 -> 10000 / (2 * 9 * 3333.33) = 1/6
    assertEquals(1.0 / 6.0, s.gini(), EXACT, "gini");
    // chi-square statistic 1250 with 2 degrees of freedom: p = exp(-625), about 1e-272
    assertTrue(s.chiSquareP() >= 0 && s.chiSquareP() < 1e-100, "chiSquareP ~ 0, was " + s.chiSquareP());
    assertEquals(3, s.podsCounted());
  }

  @Test
  void equalCountsAreNotSkewed() {
    Skew s = Skew.of(new long[] {100, 100, 100, 100});
    assertEquals(1.0, s.maxOverMean(), EXACT, "maxOverMean");
    assertEquals(1.0, s.minOverMean(), EXACT, "minOverMean");
    assertEquals(0.0, s.cv(), EXACT, "cv");
    assertEquals(1.0, s.jain(), EXACT, "jain");
    assertEquals(0.0, s.gini(), EXACT, "gini");
    // a perfect fit: statistic 0, and Commons Math's p-value is exactly 1
    assertEquals(1.0, s.chiSquareP(), 0.0, "chiSquareP of a perfect fit");
  }

  @Test
  void onePodGetsEverything() {
    Skew s = Skew.of(new long[] {0, 0, 12, 0});
    assertEquals(4.0, s.maxOverMean(), EXACT, "maxOverMean = n");
    assertEquals(0.0, s.minOverMean(), EXACT, "minOverMean");
    assertEquals(Math.sqrt(3), s.cv(), EXACT, "cv = sqrt(n - 1)");
    assertEquals(0.25, s.jain(), EXACT, "jain = 1/n");
    assertEquals(0.75, s.gini(), EXACT, "gini = (n - 1)/n");
  }

  @Test
  void chiSquarePValuesMatchClosedForms() {
    // 2 degrees of freedom: p = exp(-statistic / 2); statistic = (100 + 0 + 100) / 20 = 10
    assertEquals(Math.exp(-5), Skew.of(new long[] {10, 20, 30}).chiSquareP(), 1e-9, "df 2");
    // 1 degree of freedom: p = erfc(sqrt(statistic / 2)); statistic = 50 / 15
    assertEquals(0.06788915486182903, Skew.of(new long[] {10, 20}).chiSquareP(), 1e-9, "df 1");
  }

  @Test
  void onePodIsPerfectlyEvenAndItsPValueIsOne() {
    Skew s = Skew.of(new long[] {7});
    assertEquals(1.0, s.maxOverMean(), EXACT, "maxOverMean");
    assertEquals(1.0, s.minOverMean(), EXACT, "minOverMean");
    assertEquals(0.0, s.cv(), EXACT, "cv");
    assertEquals(1.0, s.jain(), EXACT, "jain");
    assertEquals(0.0, s.gini(), EXACT, "gini");
    assertEquals(1.0, s.chiSquareP(), 0.0, "chiSquareP is 1.0 when n < 2");
  }

  @Test
  void nothingDeliveredOrNoPodsGivesNulls() {
    for (long[] counts : new long[][] {{0, 0, 0}, {}}) {
      Skew s = Skew.of(counts);
      String what = counts.length + " pods with no connection";
      assertNull(s.maxOverMean(), what);
      assertNull(s.minOverMean(), what);
      assertNull(s.cv(), what);
      assertNull(s.jain(), what);
      assertNull(s.gini(), what);
      assertNull(s.chiSquareP(), what);
      assertEquals(counts.length, s.podsCounted(), what);
    }
  }

  @Test
  void theCountsAreNotModifiedAndNegativeOnesAreRefused() {
    long[] counts = {5, 1, 3};
    Skew.of(counts);
    assertArrayEquals(new long[] {5, 1, 3}, counts, "Skew.of must not sort its argument in place");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Skew.of(new long[] {1, -2}));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
  }
}
