package dev.svcsim.engine.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long MIN = 60 * S;
  private static final long H = 60 * MIN;

  @ParameterizedTest(name = "\"{0}\" is {1}ns")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "0s|0",
        "0ns|0",
        "0.0h|0",
        "1h|3600000000000",
        "1m30s|90000000000",
        "10s|10000000000",
        "250ms|250000000",
        "50us|50000",
        "50µs|50000", // U+00B5 micro sign
        "50μs|50000", // U+03BC Greek mu
        "100ns|100",
        "1.5s|1500000000",
        "0.25ms|250000",
        ".5s|500000000",
        "5.s|5000000000",
        "007s|7000000000",
        "1h2m3.5s|3723500000000",
        "1h2m3s4ms5us6ns|3723004005006",
        "1.5h|5400000000000",
        "2h45m|9900000000000",
        "0.000000001s|1",
        "1.000000001s|1000000001",
        "1.0000000000000000000000s|1000000000",
        "  5s  |5000000000",
        "2562047h47m16.854775807s|9223372036854775807",
        "9223372036854775807ns|9223372036854775807",
      })
  void parsesGoodInput(String text, long nanos) {
    assertEquals(nanos, Durations.parseNanos(text));
  }

  @Test
  void ignoresSurroundingWhitespaceOfAnyKind() {
    assertEquals(60 * S, Durations.parseNanos("\t 1m\r\n"));
  }

  @ParameterizedTest(name = "{0}ns formats as \"{1}\"")
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "100, 100ns",
    "999, 999ns",
    "1000, 1us",
    "50000, 50us",
    "1500, 1.5us",
    "1000001, 1.000001ms",
    "1500000, 1.5ms",
    "250000000, 250ms",
    "999999999, 999.999999ms",
    "1000000000, 1s",
    "1000001000, 1.000001s",
    "1000000001, 1.000000001s",
    "1500000000, 1.5s",
    "60000000000, 1m",
    "90000000000, 1m30s",
    "3600000000000, 1h",
    "3600500000000, 1h0.5s",
    "3660000000000, 1h1m",
    "9900000000000, 2h45m",
    "3723500000000, 1h2m3.5s",
    "9223372036854775807, 2562047h47m16.854775807s",
  })
  void formatsCanonically(long nanos, String text) {
    assertEquals(text, Durations.format(nanos));
    assertEquals(nanos, Durations.parseNanos(text));
  }

  @Test
  void formatRejectsNegative() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.format(-1));
    assertEquals("a duration cannot be negative, got -1 nanoseconds", e.getMessage());
  }

  @Test
  void formatThenParseRoundTripsOverSeededRandomValues() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    for (int i = 0; i < 1000; i++) {
      long nanos =
          switch (i % 5) {
            case 0 -> rng.nextLong(Long.MAX_VALUE); // any, mostly huge
            case 1 -> rng.nextLong() >>> (1 + rng.nextInt(63)); // any order of magnitude
            case 2 -> rng.nextLong(1_000_000) * MS; // whole milliseconds, up to ~17 minutes
            case 3 -> rng.nextLong(100_000) * S + rng.nextLong(2) * 500 * MS; // s and half s
            default -> rng.nextLong(1000) * H + rng.nextLong(60) * MIN; // hours and minutes
          };
      String text = Durations.format(nanos);
      assertEquals(nanos, Durations.parseNanos(text), text);
      assertEquals(text, Durations.format(Durations.parseNanos(text)));
    }
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad(
            "5",
            0,
            "bad duration \"5\": a bare number has no unit; write it with one, e.g. \"5s\" or"
                + " \"5ms\" (units: ns, us, ms, s, m, h)"),
        bad("0", 0, "bad duration \"0\": a bare number has no unit, even zero; write \"0s\""),
        bad(
            "1m30",
            2,
            "bad duration \"1m30\": the last number \"30\" has no unit; write it with one, e.g."
                + " \"1m30s\" (units: ns, us, ms, s, m, h)"),
        bad(
            "1h30",
            2,
            "bad duration \"1h30\": the last number \"30\" has no unit; write it with one, e.g."
                + " \"1h30m\" (units: ns, us, ms, s, m, h)"),
        bad(
            "",
            0,
            "bad duration \"\": it is empty; write a duration such as \"250ms\" or \"1m30s\""),
        bad(
            "   ",
            0,
            "bad duration \"   \": it is empty; write a duration such as \"250ms\" or \"1m30s\""),
        bad(
            "5sec",
            1,
            "bad duration \"5sec\": unknown unit \"sec\"; did you mean \"s\"? (units: ns, us, ms,"
                + " s, m, h)"),
        bad(
            "5min",
            1,
            "bad duration \"5min\": unknown unit \"min\"; did you mean \"m\"? (units: ns, us, ms,"
                + " s, m, h)"),
        bad(
            "2hr",
            1,
            "bad duration \"2hr\": unknown unit \"hr\"; did you mean \"h\"? (units: ns, us, ms, s,"
                + " m, h)"),
        bad(
            "2hours",
            1,
            "bad duration \"2hours\": unknown unit \"hours\"; did you mean \"h\"? (units: ns, us,"
                + " ms, s, m, h)"),
        bad(
            "10msec",
            2,
            "bad duration \"10msec\": unknown unit \"msec\"; did you mean \"ms\"? (units: ns, us,"
                + " ms, s, m, h)"),
        bad(
            "5MS",
            1,
            "bad duration \"5MS\": unknown unit \"MS\"; did you mean \"ms\"? (units: ns, us, ms, s,"
                + " m, h)"),
        bad("5x", 1, "bad duration \"5x\": unknown unit \"x\"; use one of ns, us, ms, s, m, h"),
        bad(
            "2d",
            1,
            "bad duration \"2d\": unknown unit \"d\": there is no unit for days; write them in"
                + " hours, e.g. \"24h\" for one day"),
        bad("-5s", 0, "bad duration \"-5s\": durations cannot be negative; remove the \"-\" sign"),
        bad("  -5s", 2, "bad duration \"  -5s\": durations cannot be negative; remove the \"-\" sign"),
        bad("+5s", 0, "bad duration \"+5s\": a \"+\" sign is not allowed; remove it"),
        bad(
            "1m-5s",
            2,
            "bad duration \"1m-5s\": a \"-\" sign is not allowed inside a duration; write every"
                + " part as a positive number, e.g. \"1m30s\""),
        bad(
            "ms",
            0,
            "bad duration \"ms\": the unit \"ms\" has no number before it; write the number first,"
                + " e.g. \"5ms\""),
        bad(
            "abc",
            0,
            "bad duration \"abc\": expected a number, found \"abc\"; write a duration such as"
                + " \"250ms\" or \"1m30s\""),
        bad(
            "NaN",
            0,
            "bad duration \"NaN\": \"NaN\" is not a number; write a duration such as \"250ms\" or"
                + " \"1m30s\""),
        bad(
            "1.2.3s",
            3,
            "bad duration \"1.2.3s\": the number \"1.2.3\" has more than one decimal point; write it"
                + " with one at most, e.g. \"1.5s\""),
        bad(
            ".s",
            0,
            "bad duration \".s\": \".\" is not a number; write digits with it, e.g. \"0.5s\""),
        bad(
            "1e3ms",
            1,
            "bad duration \"1e3ms\": scientific notation is not supported; write the number out in"
                + " full, e.g. \"1000ms\""),
        bad(
            "1,000ms",
            1,
            "bad duration \"1,000ms\": unexpected character \",\"; a duration is numbers with"
                + " units, e.g. \"1m30s\" (units: ns, us, ms, s, m, h)"),
        bad(
            "1m 30s",
            2,
            "bad duration \"1m 30s\": spaces are not allowed inside a duration; write \"1m30s\""),
        bad(
            "5 x",
            1,
            "bad duration \"5 x\": spaces are not allowed inside a duration; write it without them,"
                + " e.g. \"1m30s\""),
        bad(
            "1s1m",
            2,
            "bad duration \"1s1m\": the unit \"m\" comes after the smaller unit \"s\"; write units"
                + " from largest to smallest, e.g. \"1m1s\""),
        bad(
            "1s2s",
            2,
            "bad duration \"1s2s\": the unit \"s\" appears twice; write each unit at most once,"
                + " e.g. \"3s\""),
        bad(
            "0.5ns",
            0,
            "bad duration \"0.5ns\": it is not a whole number of nanoseconds (the resolution is"
                + " 1ns); round it, e.g. \"1ns\""),
        bad(
            "1s1.0000005us",
            2,
            "bad duration \"1s1.0000005us\": it is not a whole number of nanoseconds (the"
                + " resolution is 1ns); round it, e.g. \"1.000001s\""),
        bad(
            "2562047h47m16.854775808s",
            11,
            "bad duration \"2562047h47m16.854775808s\": it is longer than the longest duration,"
                + " 2562047h47m16.854775807s (about 292 years); use a shorter one"),
        bad(
            "9223372036854775808ns",
            0,
            "bad duration \"9223372036854775808ns\": it is longer than the longest duration,"
                + " 2562047h47m16.854775807s (about 292 years); use a shorter one"),
        bad(
            "100000000000000000000000000000000h",
            0,
            "bad duration \"100000000000000000000000000000000h\": it is longer than the longest"
                + " duration, 2562047h47m16.854775807s (about 292 years); use a shorter one"),
        bad(
            "5\"",
            1,
            "bad duration \"5\\\"\": unexpected character \"\\\"\"; a duration is numbers with"
                + " units, e.g. \"1m30s\" (units: ns, us, ms, s, m, h)"));
  }

  private static Arguments bad(String input, int offset, String message) {
    return Arguments.of(input, offset, message);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("badInputs")
  void rejectsBadInputWithAClearMessage(String input, int offset, String message) {
    UnitParseException e =
        assertThrows(UnitParseException.class, () -> Durations.parseNanos(input));
    assertEquals(message, e.getMessage());
    assertEquals(offset, e.offset());
    assertEquals(input, e.input());
    assertEquals(message, "bad duration " + UnitParseException.quote(input) + ": " + e.reason());
  }

  @Test
  void rejectsNull() {
    UnitParseException e = assertThrows(UnitParseException.class, () -> Durations.parseNanos(null));
    assertEquals(
        "bad duration: there is no text (null); write a duration such as \"250ms\" or \"1m30s\"",
        e.getMessage());
    assertEquals(0, e.offset());
    assertEquals("", e.input());
  }

  @Test
  void quotesControlCharactersInMessages() {
    UnitParseException e =
        assertThrows(UnitParseException.class, () -> Durations.parseNanos("5\u0001s"));
    assertEquals(
        "bad duration \"5\\u0001s\": unexpected character U+0001; a duration is numbers with"
            + " units, e.g. \"1m30s\" (units: ns, us, ms, s, m, h)",
        e.getMessage());
    assertEquals(1, e.offset());
  }
}
