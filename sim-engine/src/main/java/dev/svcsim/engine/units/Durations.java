package dev.svcsim.engine.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Parses and formats lengths of time written Go / Kubernetes style ({@code 250ms}, {@code 1m30s}),
 * as whole nanoseconds.
 *
 * <p>Grammar: one or more {@code <number><unit>} parts with no spaces between them, e.g. {@code
 * 1h2m3.5s}. A number is decimal digits with an optional fraction ({@code 1.5}, {@code .5},
 * {@code 5.}); no sign, no exponent. Units are {@code h}, {@code m}, {@code s}, {@code ms}, {@code
 * us} (also {@code µs} and {@code μs}) and {@code ns}. Unlike Go, the units must come from largest
 * to smallest and each at most once ({@code 1s1m} is rejected), durations cannot be negative, and
 * a bare number, even {@code 0}, is rejected. The value must be a whole number of nanoseconds no
 * greater than {@link Long#MAX_VALUE} (about 292 years); it is computed exactly.
 */
public final class Durations {

  /** The valid units, as listed in error messages. */
  static final String UNIT_LIST = "ns, us, ms, s, m, h";

  static final long NANOS_PER_MICRO = 1_000L;
  static final long NANOS_PER_MILLI = 1_000_000L;
  static final long NANOS_PER_SECOND = 1_000_000_000L;
  static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
  static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;

  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final String KIND = "duration";
  private static final String EXAMPLES = "write a duration such as \"250ms\" or \"1m30s\"";

  /** Common ways of writing a unit that we do not accept, mapped to the one we do. */
  private static final Map<String, String> UNIT_ALIASES =
      Map.ofEntries(
          Map.entry("sec", "s"),
          Map.entry("secs", "s"),
          Map.entry("second", "s"),
          Map.entry("seconds", "s"),
          Map.entry("min", "m"),
          Map.entry("mins", "m"),
          Map.entry("minute", "m"),
          Map.entry("minutes", "m"),
          Map.entry("hr", "h"),
          Map.entry("hrs", "h"),
          Map.entry("hour", "h"),
          Map.entry("hours", "h"),
          Map.entry("msec", "ms"),
          Map.entry("msecs", "ms"),
          Map.entry("milli", "ms"),
          Map.entry("millis", "ms"),
          Map.entry("millisecond", "ms"),
          Map.entry("milliseconds", "ms"),
          Map.entry("usec", "us"),
          Map.entry("usecs", "us"),
          Map.entry("micro", "us"),
          Map.entry("micros", "us"),
          Map.entry("microsecond", "us"),
          Map.entry("microseconds", "us"),
          Map.entry("nsec", "ns"),
          Map.entry("nsecs", "ns"),
          Map.entry("nano", "ns"),
          Map.entry("nanos", "ns"),
          Map.entry("nanosecond", "ns"),
          Map.entry("nanoseconds", "ns"));

  private Durations() {}

  /**
   * The number of nanoseconds {@code text} stands for, e.g. 90,000,000,000 for {@code "1m30s"}.
   *
   * @param text a duration such as {@code 250ms}, {@code 1.5s} or {@code 1h2m3s}; leading and
   *     trailing whitespace is ignored
   * @return the duration in nanoseconds, never negative
   * @throws UnitParseException if {@code text} is not a valid duration; the message says why and
   *     what to write instead
   */
  public static long parseNanos(String text) {
    return parse(text, true);
  }

  /**
   * The canonical text for a duration: the inverse of {@link #parseNanos(String)}.
   *
   * <p>Like Go's {@code time.Duration.String()}, but with {@code us} for microseconds and without
   * zero parts: below one second a single unit with a decimal fraction ({@code 100ns}, {@code
   * 1.5us}, {@code 250ms}); from one second up, hours, minutes and seconds with a decimal fraction
   * of seconds, zero parts left out ({@code 1h}, {@code 2h45m}, {@code 1m30s}, {@code 1.000001s},
   * {@code 1h0.5s}). Zero is {@code 0s}.
   *
   * @param nanos a duration in nanoseconds, not negative
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public static String format(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException(
          "a duration cannot be negative, got " + nanos + " nanoseconds");
    }
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < NANOS_PER_MICRO) {
      return nanos + "ns";
    }
    if (nanos < NANOS_PER_MILLI) {
      return decimal(nanos, NANOS_PER_MICRO) + "us";
    }
    if (nanos < NANOS_PER_SECOND) {
      return decimal(nanos, NANOS_PER_MILLI) + "ms";
    }
    StringBuilder sb = new StringBuilder();
    long hours = nanos / NANOS_PER_HOUR;
    long minutes = nanos % NANOS_PER_HOUR / NANOS_PER_MINUTE;
    long rest = nanos % NANOS_PER_MINUTE;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (minutes > 0) {
      sb.append(minutes).append('m');
    }
    if (rest > 0) {
      sb.append(decimal(rest, NANOS_PER_SECOND)).append('s');
    }
    return sb.toString();
  }

  /** {@code value / unit} as a decimal with no trailing zeros; {@code unit} is a power of 10. */
  private static String decimal(long value, long unit) {
    long whole = value / unit;
    long fraction = value % unit;
    if (fraction == 0) {
      return Long.toString(whole);
    }
    int width = Long.toString(unit).length() - 1;
    String digits = Long.toString(fraction);
    StringBuilder sb = new StringBuilder().append(whole).append('.');
    sb.append("0".repeat(width - digits.length()));
    int last = digits.length();
    while (digits.charAt(last - 1) == '0') {
      last--;
    }
    return sb.append(digits, 0, last).toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing

  private static long parse(String text, boolean strictOrder) {
    if (text == null) {
      throw error(null, 0, "there is no text (null); " + EXAMPLES);
    }
    int start = skipWhitespace(text, 0);
    int end = trimEnd(text, start);
    if (start == end) {
      throw error(text, 0, "it is empty; " + EXAMPLES);
    }
    char first = text.charAt(start);
    if (first == '-') {
      throw error(text, start, "durations cannot be negative; remove the \"-\" sign");
    }
    if (first == '+') {
      throw error(text, start, "a \"+\" sign is not allowed; remove it");
    }

    BigDecimal total = BigDecimal.ZERO;
    int lastRank = -1;
    String lastUnit = null;
    int fractionalAt = -1;
    int i = start;
    while (i < end) {
      int numStart = i;
      int numEnd = scanNumber(KIND, text, i, end, "\"1.5s\"");
      if (numEnd == numStart) {
        throw noNumber(text, i, start, end);
      }
      String number = text.substring(numStart, numEnd);
      if (number.equals(".")) {
        throw error(text, numStart, "\".\" is not a number; write digits with it, e.g. \"0.5s\"");
      }
      i = numEnd;
      if (i == end) {
        throw bareNumber(text, numStart, number, lastUnit == null ? null : unitNanos(lastUnit));
      }
      char c = text.charAt(i);
      if (!Character.isLetter(c)) {
        throw unexpected(KIND, text, i, start, end);
      }
      int unitEnd = scanLetters(text, i, end);
      String unit = text.substring(i, unitEnd);
      long unitNanos = unitNanos(unit);
      if (unitNanos < 0) {
        throw unknownUnit(text, start, i, unitEnd, end);
      }
      int rank = rank(unitNanos);
      if (strictOrder && rank <= lastRank) {
        String example = lenientSuggestion(text, "\"1h2m3s\"");
        if (rank == lastRank) {
          throw error(
              text,
              numStart,
              "the unit "
                  + quote(unit)
                  + " appears twice; write each unit at most once, e.g. "
                  + example);
        }
        throw error(
            text,
            numStart,
            "the unit "
                + quote(unit)
                + " comes after the smaller unit "
                + quote(lastUnit)
                + "; write units from largest to smallest, e.g. "
                + example);
      }
      lastRank = rank;
      lastUnit = unit;
      BigDecimal part = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
      if (fractionalAt < 0 && !isWhole(part)) {
        fractionalAt = numStart;
      }
      total = total.add(part);
      if (total.compareTo(MAX_NANOS) > 0) {
        throw error(
            text,
            numStart,
            "it is longer than the longest duration, "
                + format(Long.MAX_VALUE)
                + " (about 292 years); use a shorter one");
      }
      i = unitEnd;
    }
    if (fractionalAt >= 0 && !isWhole(total)) {
      long rounded = total.setScale(0, RoundingMode.HALF_UP).longValueExact();
      throw error(
          text,
          fractionalAt,
          "it is not a whole number of nanoseconds (the resolution is 1ns); round it, e.g. "
              + quote(format(rounded)));
    }
    return total.longValueExact();
  }

  private static boolean isWhole(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  /** The text parsed without the order rule, formatted canonically, in quotes; or {@code orElse}. */
  private static String lenientSuggestion(String text, String orElse) {
    try {
      return quote(format(parse(text, false)));
    } catch (UnitParseException e) {
      return orElse;
    }
  }

  /** The error for a part that starts with something other than a number. */
  private static UnitParseException noNumber(String text, int i, int start, int end) {
    char c = text.charAt(i);
    if (!Character.isLetter(c)) {
      return unexpected(KIND, text, i, start, end);
    }
    String word = text.substring(i, scanLetters(text, i, end));
    if (isNanOrInfinity(word)) {
      return error(text, i, quote(word) + " is not a number; " + EXAMPLES);
    }
    String unit = unitNanos(word) > 0 ? canonicalUnit(word) : suggestUnit(word);
    if (unit != null) {
      return error(
          text,
          i,
          "the unit "
              + quote(word)
              + " has no number before it; write the number first, e.g. \"5"
              + unit
              + "\"");
    }
    return error(text, i, "expected a number, found " + quote(word) + "; " + EXAMPLES);
  }

  /** The error for a number at the end of the text with no unit after it. */
  private static UnitParseException bareNumber(
      String text, int numStart, String number, Long previousUnitNanos) {
    if (previousUnitNanos == null) {
      if (new BigDecimal(number).signum() == 0) {
        return error(text, numStart, "a bare number has no unit, even zero; write \"0s\"");
      }
      return error(
          text,
          numStart,
          "a bare number has no unit; write it with one, e.g. \""
              + number
              + "s\" or \""
              + number
              + "ms\" (units: "
              + UNIT_LIST
              + ")");
    }
    String next = nextSmallerUnit(previousUnitNanos);
    String prefix =
        text.substring(skipWhitespace(text, 0), numStart) + number; // text up to the number
    return error(
        text,
        numStart,
        "the last number "
            + quote(number)
            + " has no unit; write it with one"
            + (next == null ? "" : ", e.g. " + quote(prefix + next))
            + " (units: "
            + UNIT_LIST
            + ")");
  }

  private static UnitParseException unknownUnit(
      String text, int start, int unitStart, int unitEnd, int end) {
    String unit = text.substring(unitStart, unitEnd);
    String scientific = scientificSuggestion(text, start, unitStart, end);
    if (scientific != null) {
      return error(
          text,
          unitStart,
          "scientific notation is not supported; write the number out in full, e.g. "
              + quote(scientific));
    }
    String lower = unit.toLowerCase(Locale.ROOT);
    if (lower.equals("d") || lower.equals("day") || lower.equals("days")) {
      return error(
          text,
          unitStart,
          "unknown unit "
              + quote(unit)
              + ": there is no unit for days; write them in hours, e.g. \"24h\" for one day");
    }
    String suggestion = suggestUnit(unit);
    if (suggestion != null) {
      return error(
          text,
          unitStart,
          "unknown unit "
              + quote(unit)
              + "; did you mean "
              + quote(suggestion)
              + "? (units: "
              + UNIT_LIST
              + ")");
    }
    return error(text, unitStart, "unknown unit " + quote(unit) + "; use one of " + UNIT_LIST);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers shared with Rates

  /** Nanoseconds in one {@code unit}, or -1 if {@code unit} is not one we accept. */
  static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> NANOS_PER_MICRO;
      case "ms" -> NANOS_PER_MILLI;
      case "s" -> NANOS_PER_SECOND;
      case "m" -> NANOS_PER_MINUTE;
      case "h" -> NANOS_PER_HOUR;
      default -> -1L;
    };
  }

  /** The canonical spelling of a valid unit ({@code µs} becomes {@code us}). */
  static String canonicalUnit(String unit) {
    return unitName(unitNanos(unit));
  }

  private static String unitName(long unitNanos) {
    if (unitNanos == 1L) {
      return "ns";
    } else if (unitNanos == NANOS_PER_MICRO) {
      return "us";
    } else if (unitNanos == NANOS_PER_MILLI) {
      return "ms";
    } else if (unitNanos == NANOS_PER_SECOND) {
      return "s";
    } else if (unitNanos == NANOS_PER_MINUTE) {
      return "m";
    } else if (unitNanos == NANOS_PER_HOUR) {
      return "h";
    }
    throw new IllegalArgumentException("not a unit: " + unitNanos + "ns");
  }

  /** 0 for hours up to 5 for nanoseconds. */
  private static int rank(long unitNanos) {
    if (unitNanos == NANOS_PER_HOUR) {
      return 0;
    } else if (unitNanos == NANOS_PER_MINUTE) {
      return 1;
    } else if (unitNanos == NANOS_PER_SECOND) {
      return 2;
    } else if (unitNanos == NANOS_PER_MILLI) {
      return 3;
    } else if (unitNanos == NANOS_PER_MICRO) {
      return 4;
    }
    return 5;
  }

  private static String nextSmallerUnit(long unitNanos) {
    if (unitNanos == NANOS_PER_HOUR) {
      return "m";
    } else if (unitNanos == NANOS_PER_MINUTE) {
      return "s";
    } else if (unitNanos == NANOS_PER_SECOND) {
      return "ms";
    } else if (unitNanos == NANOS_PER_MILLI) {
      return "us";
    } else if (unitNanos == NANOS_PER_MICRO) {
      return "ns";
    }
    return null;
  }

  /**
   * The valid unit someone most likely meant by an invalid {@code unit}: the same letters in lower
   * case ({@code MS}), or a common long or alternative spelling ({@code sec}, {@code hours},
   * {@code msec}); {@code null} if there is no obvious one.
   */
  static String suggestUnit(String unit) {
    String lower = unit.toLowerCase(Locale.ROOT);
    if (unitNanos(lower) > 0) {
      return canonicalUnit(lower);
    }
    return UNIT_ALIASES.get(lower);
  }

  static boolean isNanOrInfinity(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return lower.equals("nan") || lower.equals("inf") || lower.equals("infinity");
  }

  /**
   * If the letter at {@code letterAt} is the {@code e} of a number in scientific notation ({@code
   * 1e3ms}, {@code 2.5E-2s}), the whole text with that number written out ({@code 1000ms}); else
   * {@code null}.
   */
  static String scientificSuggestion(String text, int start, int letterAt, int end) {
    char e = text.charAt(letterAt);
    if (e != 'e' && e != 'E') {
      return null;
    }
    int j = letterAt + 1;
    if (j < end && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
      j++;
    }
    int digitsStart = j;
    while (j < end && isDigit(text.charAt(j))) {
      j++;
    }
    if (j == digitsStart) {
      return null;
    }
    int numStart = letterAt;
    while (numStart > start && (isDigit(text.charAt(numStart - 1)) || text.charAt(numStart - 1) == '.')) {
      numStart--;
    }
    String exponent = text.substring(digitsStart, j);
    if (exponent.length() > 2) {
      return null; // huge exponents would make a huge suggestion
    }
    try {
      String plain =
          new BigDecimal(text.substring(numStart, j)).stripTrailingZeros().toPlainString();
      return text.substring(start, numStart) + plain + text.substring(j, end);
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The end of the number starting at {@code i}: ASCII digits with at most one decimal point. Ends
   * at {@code i} if there is no number there.
   *
   * @throws UnitParseException if the number has a second decimal point
   */
  static int scanNumber(String kind, String text, int i, int end, String example) {
    int j = i;
    while (j < end && isDigit(text.charAt(j))) {
      j++;
    }
    if (j < end && text.charAt(j) == '.') {
      j++;
      while (j < end && isDigit(text.charAt(j))) {
        j++;
      }
      if (j < end && text.charAt(j) == '.') {
        int k = j;
        while (k < end && (isDigit(text.charAt(k)) || text.charAt(k) == '.')) {
          k++;
        }
        throw new UnitParseException(
            kind,
            text,
            j,
            "the number "
                + quote(text.substring(i, k))
                + " has more than one decimal point; write it with one at most, e.g. "
                + example);
      }
    }
    return j;
  }

  static int scanLetters(String text, int i, int end) {
    int j = i;
    while (j < end && Character.isLetter(text.charAt(j))) {
      j++;
    }
    return j;
  }

  static int skipWhitespace(String text, int i) {
    int j = i;
    while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
      j++;
    }
    return j;
  }

  /** The end of {@code text} without trailing whitespace, but not before {@code start}. */
  static int trimEnd(String text, int start) {
    int end = text.length();
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** {@code text} without any whitespace. */
  static String withoutWhitespace(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        sb.append(text.charAt(i));
      }
    }
    return sb.toString();
  }

  /**
   * The error for a character at {@code i} that cannot be there: whitespace inside the text, a
   * sign after the start, or anything else that is not part of a number or a unit.
   */
  static UnitParseException unexpected(String kind, String text, int i, int start, int end) {
    char c = text.charAt(i);
    String example = kind.equals(KIND) ? "\"1m30s\"" : "\"1000/s\"";
    if (Character.isWhitespace(c)) {
      String joined = withoutWhitespace(text.substring(start, end));
      boolean valid;
      try {
        if (kind.equals(KIND)) {
          parseNanos(joined);
        } else {
          Rates.parsePerSecond(joined);
        }
        valid = true;
      } catch (UnitParseException e) {
        valid = false;
      }
      return new UnitParseException(
          kind,
          text,
          i,
          "spaces are not allowed inside a "
              + kind
              + "; write "
              + (valid ? quote(joined) : "it without them, e.g. " + example));
    }
    if (c == '-' || c == '+') {
      return new UnitParseException(
          kind,
          text,
          i,
          "a \""
              + c
              + "\" sign is not allowed inside a "
              + kind
              + "; write "
              + (kind.equals(KIND)
                  ? "every part as a positive number, e.g. \"1m30s\""
                  : "a count per unit of time, e.g. \"1000/s\""));
    }
    return new UnitParseException(
        kind,
        text,
        i,
        "unexpected character "
            + describe(c)
            + "; "
            + (kind.equals(KIND)
                ? "a duration is numbers with units, e.g. \"1m30s\" (units: " + UNIT_LIST + ")"
                : "a rate is a count per unit of time, e.g. \"1000/s\""));
  }

  /** A character for a message: in quotes if printable, else as {@code U+XXXX}. */
  static String describe(char c) {
    if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSurrogate(c)) {
      return String.format("U+%04X", (int) c);
    }
    return quote(String.valueOf(c));
  }

  static String quote(String text) {
    return UnitParseException.quote(text);
  }

  private static UnitParseException error(String text, int offset, String reason) {
    return new UnitParseException(KIND, text, offset, reason);
  }
}
