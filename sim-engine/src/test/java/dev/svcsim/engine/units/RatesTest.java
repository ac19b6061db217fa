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
import org.junit.jupiter.params.provider.ValueSource;

class RatesTest {

  @ParameterizedTest(name = "\"{0}\" is {1}/s")
  @CsvSource(
      delimiter = '|',
      value = {
        "1000/s|1000",
        "0/s|0",
        "0.0/h|0",
        "60/m|1",
        "90/m|1.5",
        "7200/h|2",
        "5/ms|5000",
        "5/us|5000000",
        "5/µs|5000000",
        "5/μs|5000000",
        "2/ns|2000000000",
        "0.5/s|0.5",
        ".5/s|0.5",
        "3./s|3",
        "0.001/ms|1",
        "  42/s  |42",
      })
  void parsesGoodInput(String text, double perSecond) {
    assertEquals(perSecond, Rates.parsePerSecond(text));
  }

  @Test
  void perMinuteAndPerHourAreCorrectlyRounded() {
    assertEquals(1.0 / 3600, Rates.parsePerSecond("1/h"));
    assertEquals(1.0 / 60, Rates.parsePerSecond("1/m"));
    assertEquals(100.0 / 3600, Rates.parsePerSecond("100/h"));
    assertEquals(0.1, Rates.parsePerSecond("6/m"));
  }

  @ParameterizedTest(name = "{0}/s formats as \"{1}\"")
  @CsvSource({
    "0, 0/s",
    "1000, 1000/s",
    "0.5, 0.5/s",
    "1, 1/s",
    "1e10, 10000000000/s",
    "1e-5, 0.00001/s",
    "0.1, 0.1/s",
    "123.456, 123.456/s",
  })
  void formatsCanonically(double perSecond, String text) {
    assertEquals(text, Rates.format(perSecond));
    assertEquals(perSecond, Rates.parsePerSecond(text));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY})
  void formatRejectsNegativeAndNonFinite(double perSecond) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Rates.format(perSecond));
    assertEquals(
        "a rate must be finite and not negative, got " + perSecond + " per second",
        e.getMessage());
  }

  @Test
  void formatThenParseRoundTripsOverSeededRandomValues() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    int checked = 0;
    while (checked < 1000) {
      double perSecond =
          switch (checked % 3) {
            case 0 -> rng.nextDouble() * Math.pow(10, rng.nextInt(13) - 6); // 1e-6 .. 1e6
            case 1 -> Double.longBitsToDouble(rng.nextLong() >>> 1); // any positive double
            default -> rng.nextInt(1_000_000) / 100.0; // two decimals
          };
      if (!Double.isFinite(perSecond)) {
        continue; // NaN and infinity bit patterns: not rates
      }
      String text = Rates.format(perSecond);
      assertEquals(perSecond, Rates.parsePerSecond(text), text);
      checked++;
    }
    assertEquals(Double.MAX_VALUE, Rates.parsePerSecond(Rates.format(Double.MAX_VALUE)));
    assertEquals(Double.MIN_VALUE, Rates.parsePerSecond(Rates.format(Double.MIN_VALUE)));
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad(
            "1000",
            0,
            "bad rate \"1000\": a rate needs a time unit, e.g. \"1000/s\" (units: /ns, /us, /ms,"
                + " /s, /m, /h)"),
        bad("", 0, "bad rate \"\": it is empty; write a rate such as \"1000/s\""),
        bad(
            "5s",
            1,
            "bad rate \"5s\": that is a duration, not a rate; a rate is a count per unit of time,"
                + " e.g. \"1000/s\""),
        bad(
            "5/sec",
            2,
            "bad rate \"5/sec\": unknown unit \"sec\"; did you mean \"/s\"? (units: /ns, /us, /ms,"
                + " /s, /m, /h)"),
        bad("5/x", 2, "bad rate \"5/x\": unknown unit \"x\"; use one of /ns, /us, /ms, /s, /m, /h"),
        bad(
            "-5/s",
            0,
            "bad rate \"-5/s\": rates cannot be negative; remove the \"-\" sign (\"0/s\" stops a"
                + " source)"),
        bad("+5/s", 0, "bad rate \"+5/s\": a \"+\" sign is not allowed; remove it"),
        bad(
            "/s",
            0,
            "bad rate \"/s\": there is no count before \"/s\"; write one first, e.g. \"1000/s\""),
        bad(
            "NaN/s",
            0,
            "bad rate \"NaN/s\": \"NaN\" is not a count; write a finite number of events per unit"
                + " of time, e.g. \"1000/s\""),
        bad(
            "Infinity/s",
            0,
            "bad rate \"Infinity/s\": \"Infinity\" is not a count; write a finite number of events"
                + " per unit of time, e.g. \"1000/s\""),
        bad(
            "abc/s",
            0,
            "bad rate \"abc/s\": expected a count, found \"abc\"; a rate is a count per unit of"
                + " time, e.g. \"1000/s\""),
        bad(
            "5x/s",
            1,
            "bad rate \"5x/s\": expected \"/\" after the count, found \"x\"; a rate is a count per"
                + " unit of time, e.g. \"1000/s\""),
        bad(
            "5%/s",
            1,
            "bad rate \"5%/s\": unexpected character \"%\"; a rate is a count per unit of time,"
                + " e.g. \"1000/s\""),
        bad(
            "1.2.3/s",
            3,
            "bad rate \"1.2.3/s\": the number \"1.2.3\" has more than one decimal point; write it"
                + " with one at most, e.g. \"1.5/s\""),
        bad(
            "1e3/s",
            1,
            "bad rate \"1e3/s\": scientific notation is not supported; write the number out in"
                + " full, e.g. \"1000/s\""),
        bad(
            "5/",
            2,
            "bad rate \"5/\": there is no time unit after \"/\"; write one, e.g. \"5/s\" (units:"
                + " /ns, /us, /ms, /s, /m, /h)"),
        bad(
            "5/2s",
            2,
            "bad rate \"5/2s\": after \"/\" write a time unit alone, not \"2s\": the same rate is"
                + " \"2.5/s\""),
        bad(
            "5/s/s",
            3,
            "bad rate \"5/s/s\": unexpected text \"/s\" after the unit; a rate is a count per unit"
                + " of time, e.g. \"1000/s\""),
        bad("5 / s", 1, "bad rate \"5 / s\": spaces are not allowed inside a rate; write \"5/s\""),
        bad(
            "1" + "0".repeat(400) + "/s",
            0,
            "bad rate \"1"
                + "0".repeat(400)
                + "/s\": it is too large to represent as events per second; use a smaller rate"),
        bad(
            "0." + "0".repeat(400) + "1/s",
            0,
            "bad rate \"0."
                + "0".repeat(400)
                + "1/s\": it is too small to represent as events per second; use \"0/s\" to stop a"
                + " source"));
  }

  private static Arguments bad(String input, int offset, String message) {
    return Arguments.of(input, offset, message);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("badInputs")
  void rejectsBadInputWithAClearMessage(String input, int offset, String message) {
    UnitParseException e =
        assertThrows(UnitParseException.class, () -> Rates.parsePerSecond(input));
    assertEquals(message, e.getMessage());
    assertEquals(offset, e.offset());
    assertEquals(input, e.input());
  }

  @Test
  void rejectsNull() {
    UnitParseException e = assertThrows(UnitParseException.class, () -> Rates.parsePerSecond(null));
    assertEquals(
        "bad rate: there is no text (null); write a rate such as \"1000/s\"", e.getMessage());
    assertEquals(0, e.offset());
  }
}
