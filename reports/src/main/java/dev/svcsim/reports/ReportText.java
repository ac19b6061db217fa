package dev.svcsim.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How the writers for people (the text table, Markdown) spell figures, so that they read alike:
 * milliseconds with three decimals, p-values with a floor, seconds without a needless fraction.
 * Every number goes through {@link Numbers}, so the text is the same on every JDK.
 */
final class ReportText {

  private ReportText() {}

  /** Milliseconds with three decimals, {@code -} for null. */
  static String ms(Double x) {
    return Numbers.fixed(x, 3);
  }

  /** A p-value with three decimals, {@code <0.001} below that, {@code -} for null. */
  static String pValue(Double p) {
    if (p == null) {
      return "-";
    }
    return p < 0.001 ? "<0.001" : Numbers.fixed(p, 3);
  }

  /** The text, or {@code -} when it is null or empty. */
  static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  /** An expectation's actual value as the JSON writes it, or a pointer to the warnings. */
  static String actual(Number n) {
    if (n == null) {
      return "none, see the warnings";
    }
    return n instanceof Long ? n.toString() : Numbers.json(n.doubleValue());
  }

  /** Seconds without a needless fraction: {@code 60s}, {@code 0.5s}. */
  static String seconds(double s) {
    BigDecimal d = new BigDecimal(s).round(new MathContext(12, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    return (d.signum() == 0 ? "0" : d.toPlainString()) + "s";
  }
}
