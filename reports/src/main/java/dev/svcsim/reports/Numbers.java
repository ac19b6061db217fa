package dev.svcsim.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Number formatting that gives the same characters on every JDK and CPU.
 *
 * <p>{@link Double#toString(double)} changed in JDK 19 (it now prints the shortest decimal that
 * reads back as the same double; JDK 17 sometimes printed one more digit), and
 * {@link java.util.Formatter} builds on it. Reports must be byte-identical for the same seed on
 * any JDK, so every double is formatted here from its <em>exact</em> binary value
 * ({@code new BigDecimal(double)}), rounded with {@link RoundingMode#HALF_EVEN}. Integer
 * arithmetic on {@code BigDecimal} is specified exactly, so the result depends on the double's
 * bits alone.
 */
public final class Numbers {

  /** Significant digits kept in JSON: more than any figure needs, fewer than a double's noise. */
  public static final int SIGNIFICANT_DIGITS = 12;

  private static final MathContext JSON_CONTEXT =
      new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

  /** Plain notation for magnitudes in [1e-7, 1e21); scientific beyond (as JavaScript does). */
  private static final int MIN_PLAIN_EXPONENT = -7;

  private static final int MAX_PLAIN_EXPONENT = 20;

  private Numbers() {}

  /**
   * A double as a JSON number: rounded to {@value #SIGNIFICANT_DIGITS} significant digits
   * (half-even), trailing zeros removed but always with a fraction or an exponent, so that a
   * reader sees it is not an integer: {@code 0.1 + 0.2} gives {@code 0.3}, {@code 60} gives
   * {@code 60.0}, {@code 1e-7} gives {@code 0.0000001}, {@code 3.6e-272} gives
   * {@code 3.6e-272}, {@code -0.0} gives {@code 0.0}.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold (the report
   *     writes {@code null} for them before it gets here)
   */
  public static String json(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("JSON has no " + x + "; the report should hold null");
    }
    if (x == 0) {
      return "0.0";
    }
    return rounded(x, JSON_CONTEXT);
  }

  /**
   * A double rounded to {@code digits} significant digits (half-even), written as
   * {@link #plain} writes it: {@code significant(1.23456, 3)} is {@code 1.23},
   * {@code significant(1234.5, 2)} is {@code 1200}, {@code significant(2.0, 3)} is {@code 2};
   * for the labels of charts. NaN and infinities give {@code -}.
   */
  public static String significant(double x, int digits) {
    if (!Double.isFinite(x)) {
      return "-";
    }
    if (x == 0) {
      return "0";
    }
    String s = rounded(x, new MathContext(digits, RoundingMode.HALF_EVEN));
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** A finite, non-zero double rounded as {@code context} says, as {@link #json} writes it. */
  private static String rounded(double x, MathContext context) {
    BigDecimal d = new BigDecimal(x).round(context).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= MIN_PLAIN_EXPONENT && exponent <= MAX_PLAIN_EXPONENT) {
      String plain = d.toPlainString();
      return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }
    String digits = d.unscaledValue().abs().toString();
    StringBuilder sb = new StringBuilder(digits.length() + 8);
    if (d.signum() < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0)).append('.');
    sb.append(digits.length() > 1 ? digits.substring(1) : "0");
    return sb.append('e').append(exponent).toString();
  }

  /**
   * A number as people write it in a message: like {@link #json} but without a needless
   * {@code .0}, so {@code 0.0} gives {@code 0} and {@code 60.0} gives {@code 60};
   * {@code 0.99} stays {@code 0.99}.
   */
  public static String plain(double x) {
    String s = json(x);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /**
   * A double with exactly {@code decimals} digits after the point (half-even), e.g.
   * {@code fixed(0.125, 2)} is {@code 0.12}; for text tables. NaN and infinities give {@code -}.
   */
  public static String fixed(double x, int decimals) {
    if (!Double.isFinite(x)) {
      return "-";
    }
    BigDecimal d = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN);
    if (d.signum() == 0) {
      d = d.abs();
    }
    return d.toPlainString();
  }

  /** {@code fixed(x, decimals)}, or {@code -} for null. */
  public static String fixed(Double x, int decimals) {
    return x == null ? "-" : fixed(x.doubleValue(), decimals);
  }

  /** A fraction as a percentage with one decimal, e.g. {@code 25.0%}; {@code -} for null. */
  public static String percent(Double fraction) {
    return fraction == null ? "-" : fixed(fraction * 100, 1) + "%";
  }
}
