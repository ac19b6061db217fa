package dev.svcsim.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

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

  /**
   * Text from the run as a terminal shows it on one line: control characters (C0, DEL, C1) as
   * escapes, {@code \n}, {@code \r}, {@code \t} or {@code \\u00XX}, so that a name or warning
   * cannot break a table's lines or send the terminal an escape sequence. Backslashes stay as
   * they are.
   */
  static String printable(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        switch (c) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
