package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void doublesAreRoundedToTwelveSignificantDigits() {
    assertEquals("0.3", Numbers.json(0.1 + 0.2), "0.1 + 0.2 is 0.30000000000000004");
    assertEquals("0.333333333333", Numbers.json(1.0 / 3), "1/3");
    assertEquals("0.666666666667", Numbers.json(2.0 / 3), "2/3 rounds up");
    assertEquals("0.888888888889", Numbers.json(8.0 / 9), "jain of 25/25/50");
    assertEquals("1.5", Numbers.json(1.5), "1.5");
    assertEquals("-2.25", Numbers.json(-2.25), "negative");
    assertEquals("123456.789", Numbers.json(123456.789), "many digits before the point");
  }

  @Test
  void wholeDoublesKeepAFractionSoTheyReadAsDoubles() {
    assertEquals("60.0", Numbers.json(60.0), "60.0");
    assertEquals("1.0", Numbers.json(1.0), "1.0");
    assertEquals("0.0", Numbers.json(0.0), "0.0");
    assertEquals("0.0", Numbers.json(-0.0), "negative zero");
    assertEquals("100.0", Numbers.json(100), "trailing zeros of an integer are not an exponent");
  }

  @Test
  void smallAndLargeMagnitudes() {
    assertEquals("0.0000001", Numbers.json(1e-7), "1e-7 is plain");
    assertEquals("0.00000123", Numbers.json(1.23e-6), "1.23e-6 is plain");
    assertEquals("1.0e-8", Numbers.json(1e-8), "1e-8 is scientific");
    assertEquals("3.6e-272", Numbers.json(3.6e-272), "a tiny p-value");
    assertEquals("4.94065645841e-324", Numbers.json(Double.MIN_VALUE), "the smallest double, exactly");
    assertEquals("123456789012000000000.0", Numbers.json(123456789012345678901.0), "below 1e21 is plain");
    assertEquals("1.0e21", Numbers.json(1e21), "1e21 is scientific");
    assertEquals("1.79769313486e308", Numbers.json(Double.MAX_VALUE), "the largest double");
    assertEquals("-9223372036850000000.0", Numbers.json(Long.MIN_VALUE), "Long.MIN_VALUE as a double");
  }

  @Test
  void valuesWhoseToStringChangedInJdk19AreStable() {
    // Double.toString gives 9.999999999999999E22 and 1.9999999999999998E23 on JDK 17 but 1.0E23
    // and 2.0E23 on JDK 19+; the exact BigDecimal route gives one answer on both.
    assertEquals("1.0e23", Numbers.json(1e23), "1e23");
    assertEquals("2.0e23", Numbers.json(2e23), "2e23");
    assertEquals("0.002", Numbers.json(2e-3), "2e-3");
    assertEquals("0.000123", Numbers.json(1.23e-4), "1.23e-4");
  }

  @Test
  void nanAndInfinityAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Numbers.json(Double.NaN), "NaN");
    assertThrows(IllegalArgumentException.class, () -> Numbers.json(Double.POSITIVE_INFINITY), "+inf");
    assertThrows(IllegalArgumentException.class, () -> Numbers.json(Double.NEGATIVE_INFINITY), "-inf");
  }

  @Test
  void fixedDecimalsForTables() {
    assertEquals("0.12", Numbers.fixed(0.125, 2), "0.125 is exact in binary: half-even gives 0.12");
    assertEquals("0.14", Numbers.fixed(0.135, 2), "0.135 is 0.13500000000000000888 in binary");
    assertEquals("25.0%", Numbers.percent(0.25), "percent");
    assertEquals("33.3%", Numbers.percent(1.0 / 3), "percent of a third");
    assertEquals("0.000", Numbers.fixed(-0.0001, 3), "no negative zero");
    assertEquals("-", Numbers.fixed((Double) null, 3), "null");
    assertEquals("-", Numbers.percent(null), "null percent");
    assertEquals("-", Numbers.fixed(Double.NaN, 1), "NaN");
  }

  @Test
  void significantDigitsForCharts() {
    assertEquals("1.23", Numbers.significant(1.23456, 3));
    assertEquals("1200", Numbers.significant(1234.5, 2), "no exponent for thousands");
    assertEquals("2", Numbers.significant(2.0, 3), "no needless fraction");
    assertEquals("0", Numbers.significant(-0.0, 3));
    assertEquals("-0.00012", Numbers.significant(-0.0001234, 2));
    assertEquals("0.12", Numbers.significant(0.125, 2), "half-even on the exact binary value");
    assertEquals("1.0e-9", Numbers.significant(1e-9, 2), "scientific beyond the plain range, as json");
    assertEquals("-", Numbers.significant(Double.NaN, 3));
    assertEquals("-", Numbers.significant(Double.NEGATIVE_INFINITY, 3));
  }
}
