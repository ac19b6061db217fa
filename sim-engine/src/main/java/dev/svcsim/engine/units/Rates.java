package dev.svcsim.engine.units;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Parses and formats rates written as a count per unit of time ({@code 1000/s}, {@code 60/m}), as
 * events per second.
 *
 * <p>Grammar: {@code <count>/<unit>} with no spaces, where the count is decimal digits with an
 * optional fraction ({@code 0.5}, {@code .5}, {@code 5.}; no sign, no exponent) and the unit is
 * one of {@code ns}, {@code us} (also {@code µs} and {@code μs}), {@code ms}, {@code s}, {@code m},
 * {@code h}. Zero ({@code 0/s}) is allowed and means a stopped source.
 */
public final class Rates {

  private static final String KIND = "rate";
  private static final String UNIT_LIST = "/ns, /us, /ms, /s, /m, /h";
  private static final String WHAT_A_RATE_IS =
      "a rate is a count per unit of time, e.g. \"1000/s\"";

  private Rates() {}

  /**
   * The number of events per second {@code text} stands for, e.g. 1.0 for {@code "60/m"}.
   *
   * <p>The result is the exact value rounded to the nearest {@code double} (for {@code /m} and
   * {@code /h} via a 34-digit intermediate quotient).
   *
   * @param text a rate such as {@code 1000/s}, {@code 0.5/s} or {@code 60/m}; leading and trailing
   *     whitespace is ignored
   * @return events per second: finite, not negative
   * @throws UnitParseException if {@code text} is not a valid rate, or is too large or too small
   *     (but not zero) for a {@code double}; the message says why and what to write instead
   */
  public static double parsePerSecond(String text) {
    if (text == null) {
      throw error(null, 0, "there is no text (null); write a rate such as \"1000/s\"");
    }
    int start = Durations.skipWhitespace(text, 0);
    int end = Durations.trimEnd(text, start);
    if (start == end) {
      throw error(text, 0, "it is empty; write a rate such as \"1000/s\"");
    }
    char first = text.charAt(start);
    if (first == '-') {
      throw error(
          text,
          start,
          "rates cannot be negative; remove the \"-\" sign (\"0/s\" stops a source)");
    }
    if (first == '+') {
      throw error(text, start, "a \"+\" sign is not allowed; remove it");
    }
    if (first == '/') {
      throw error(
          text,
          start,
          "there is no count before "
              + quote(text.substring(start, end))
              + "; write one first, e.g. \"1000/s\"");
    }

    int numEnd = Durations.scanNumber(KIND, text, start, end, "\"1.5/s\"");
    if (numEnd == start) {
      if (!Character.isLetter(first)) {
        throw Durations.unexpected(KIND, text, start, start, end);
      }
      String word = text.substring(start, Durations.scanLetters(text, start, end));
      if (Durations.isNanOrInfinity(word)) {
        throw error(
            text,
            start,
            quote(word)
                + " is not a count; write a finite number of events per unit of time, e.g."
                + " \"1000/s\"");
      }
      throw error(text, start, "expected a count, found " + quote(word) + "; " + WHAT_A_RATE_IS);
    }
    String number = text.substring(start, numEnd);
    if (number.equals(".")) {
      throw error(text, start, "\".\" is not a number; write digits with it, e.g. \"0.5/s\"");
    }
    int i = numEnd;
    if (i == end) {
      throw error(
          text,
          start,
          "a rate needs a time unit, e.g. \"" + number + "/s\" (units: " + UNIT_LIST + ")");
    }
    char c = text.charAt(i);
    if (Character.isLetter(c)) {
      throw letterAfterCount(text, start, i, end);
    }
    if (c != '/') {
      throw Durations.unexpected(KIND, text, i, start, end);
    }
    int unitStart = i + 1;
    if (unitStart == end) {
      throw error(
          text,
          end,
          "there is no time unit after \"/\"; write one, e.g. \""
              + number
              + "/s\" (units: "
              + UNIT_LIST
              + ")");
    }
    c = text.charAt(unitStart);
    if (Durations.isDigit(c) || c == '.') {
      throw amountAfterSlash(text, number, unitStart, end);
    }
    if (!Character.isLetter(c)) {
      throw Durations.unexpected(KIND, text, unitStart, start, end);
    }
    int unitEnd = Durations.scanLetters(text, unitStart, end);
    String unit = text.substring(unitStart, unitEnd);
    long unitNanos = Durations.unitNanos(unit);
    if (unitNanos < 0) {
      String suggestion = Durations.suggestUnit(unit);
      throw error(
          text,
          unitStart,
          "unknown unit "
              + quote(unit)
              + (suggestion == null
                  ? "; use one of " + UNIT_LIST
                  : "; did you mean " + quote("/" + suggestion) + "? (units: " + UNIT_LIST + ")"));
    }
    if (unitEnd < end) {
      throw error(
          text,
          unitEnd,
          "unexpected text "
              + quote(text.substring(unitEnd, end))
              + " after the unit; "
              + WHAT_A_RATE_IS);
    }

    BigDecimal count = new BigDecimal(number);
    double perSecond = perSecond(count, unitNanos);
    if (Double.isInfinite(perSecond)) {
      throw error(
          text, start, "it is too large to represent as events per second; use a smaller rate");
    }
    if (perSecond == 0 && count.signum() != 0) {
      throw error(
          text,
          start,
          "it is too small to represent as events per second; use \"0/s\" to stop a source");
    }
    return perSecond;
  }

  /**
   * The canonical text for a rate: the inverse of {@link #parsePerSecond(String)}.
   *
   * <p>Always per second, as a plain decimal with no exponent and no trailing zeros: {@code
   * 1000/s}, {@code 0.5/s}, {@code 0/s}. Uses the shortest decimal that {@link Double#toString}
   * gives, so {@code parsePerSecond(format(x)) == x} for every finite {@code x >= 0} ({@code -0.0}
   * becomes {@code 0/s}).
   *
   * @param perSecond events per second: finite, not negative
   * @throws IllegalArgumentException if {@code perSecond} is negative, infinite or NaN
   */
  public static String format(double perSecond) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "a rate must be finite and not negative, got " + perSecond + " per second");
    }
    if (perSecond == 0) {
      return "0/s";
    }
    return new BigDecimal(Double.toString(perSecond)).stripTrailingZeros().toPlainString() + "/s";
  }

  /** {@code count} events per {@code unitNanos} nanoseconds, in events per second. */
  private static double perSecond(BigDecimal count, long unitNanos) {
    if (unitNanos <= Durations.NANOS_PER_SECOND) {
      // s, ms, us, ns: an exact product, rounded once
      return count.multiply(BigDecimal.valueOf(Durations.NANOS_PER_SECOND / unitNanos)).doubleValue();
    }
    // m, h
    return count
        .divide(BigDecimal.valueOf(unitNanos / Durations.NANOS_PER_SECOND), MathContext.DECIMAL128)
        .doubleValue();
  }

  /** The error for letters right after the count: a duration, scientific notation, or garbage. */
  private static UnitParseException letterAfterCount(String text, int start, int i, int end) {
    String scientific = Durations.scientificSuggestion(text, start, i, end);
    if (scientific != null) {
      return error(
          text,
          i,
          "scientific notation is not supported; write the number out in full, e.g. "
              + quote(scientific));
    }
    try {
      Durations.parseNanos(text.substring(start, end));
      return error(text, i, "that is a duration, not a rate; " + WHAT_A_RATE_IS);
    } catch (UnitParseException notADuration) {
      String word = text.substring(i, Durations.scanLetters(text, i, end));
      return error(
          text,
          i,
          "expected \"/\" after the count, found " + quote(word) + "; " + WHAT_A_RATE_IS);
    }
  }

  /** The error for {@code 5/2s}: a count per some amount of time rather than per one unit. */
  private static UnitParseException amountAfterSlash(
      String text, String number, int unitStart, int end) {
    String per = text.substring(unitStart, end);
    String suggestion = null;
    try {
      long nanos = Durations.parseNanos(per);
      if (nanos > 0) {
        double perSecond =
            new BigDecimal(number)
                .multiply(BigDecimal.valueOf(Durations.NANOS_PER_SECOND))
                .divide(BigDecimal.valueOf(nanos), MathContext.DECIMAL64)
                .doubleValue();
        if (perSecond > 0 && !Double.isInfinite(perSecond)) {
          suggestion = format(perSecond);
        }
      }
    } catch (UnitParseException notADuration) {
      // no suggestion
    }
    return error(
        text,
        unitStart,
        "after \"/\" write a time unit alone, not "
            + quote(per)
            + (suggestion == null
                ? ", e.g. \"1000/s\" (units: " + UNIT_LIST + ")"
                : ": the same rate is " + quote(suggestion)));
  }

  private static String quote(String text) {
    return UnitParseException.quote(text);
  }

  private static UnitParseException error(String text, int offset, String reason) {
    return new UnitParseException(KIND, text, offset, reason);
  }
}
