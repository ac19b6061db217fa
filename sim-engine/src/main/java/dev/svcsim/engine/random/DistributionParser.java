package dev.svcsim.engine.random;

import dev.svcsim.engine.units.Durations;
import dev.svcsim.engine.units.UnitParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parser behind {@link Distribution#parse(String)}. */
final class DistributionParser {

  private static final String KIND = "distribution";
  private static final String EXAMPLES =
      "write a distribution such as \"exp(5ms)\" or a duration such as \"2ms\"";
  private static final String VALID =
      "const, exp, uniform, lognormal, pareto, empirical, or a plain duration such as \"2ms\"";
  private static final String LARGEST =
      Durations.format(Distribution.MAX_SAMPLE_NANOS) + " (2^50 ns, about 13 days)";

  /** The functions, their arguments (for messages) and an example of each. */
  private enum Function {
    CONST("const", "the value", "\"const(2ms)\"", "value"),
    EXP("exp", "the mean", "\"exp(5ms)\"", "mean"),
    UNIFORM("uniform", "min and max", "\"uniform(1ms,3ms)\"", "min", "max"),
    LOGNORMAL(
        "lognormal",
        "mean and standard deviation",
        "\"lognormal(5ms,2ms)\"",
        "mean",
        "standard deviation"),
    PARETO(
        "pareto",
        "the scale, a duration, and the shape, a plain number",
        "\"pareto(1ms,2.5)\"",
        "scale",
        "shape"),
    EMPIRICAL("empirical", "one or more durations", "\"empirical(1ms,2ms,5ms)\"");

    final String name;
    final String description;
    final String example;
    final List<String> argumentNames;

    Function(String name, String description, String example, String... argumentNames) {
      this.name = name;
      this.description = description;
      this.example = example;
      this.argumentNames = List.of(argumentNames);
    }

    /** The number of arguments, or -1 for any positive number. */
    int arity() {
      return this == EMPIRICAL ? -1 : argumentNames.size();
    }

    String argumentName(int index) {
      return this == EMPIRICAL ? "value" : argumentNames.get(index);
    }

    static Function named(String name) {
      for (Function f : values()) {
        if (f.name.equals(name)) {
          return f;
        }
      }
      return null;
    }
  }

  /** Other names people use for our functions. */
  private static final Map<String, String> ALIASES =
      Map.of(
          "fixed", "const",
          "deterministic", "const",
          "det", "const",
          "powerlaw", "pareto",
          "choice", "empirical",
          "sample", "empirical");

  /** An argument: the raw span between the delimiters and the span without whitespace. */
  private record Arg(int index, int rawStart, int rawEnd, int start, int end) {}

  private DistributionParser() {}

  static Distribution parse(String text) {
    if (text == null) {
      throw error(null, 0, "there is no text (null); " + EXAMPLES);
    }
    int start = skipWhitespace(text, 0, text.length());
    int end = trimEnd(text, start);
    if (start == end) {
      throw error(text, 0, "it is empty; " + EXAMPLES);
    }
    if (!Character.isLetter(text.charAt(start))) {
      return shorthand(text, start);
    }

    int nameEnd = start;
    while (nameEnd < end && Character.isLetter(text.charAt(nameEnd))) {
      nameEnd++;
    }
    String name = text.substring(start, nameEnd);
    Function function = Function.named(name);
    if (function == null && isDurationUnit(name)) {
      return shorthand(text, start); // a unit without its number, e.g. "ms"
    }
    if (function == null) {
      String suggestion = suggest(name);
      throw error(
          text,
          start,
          "unknown distribution "
              + quote(name)
              + (suggestion == null
                  ? "; use one of " + VALID
                  : "; did you mean " + quote(suggestion) + "? (valid: " + VALID + ")"));
    }
    int open = skipWhitespace(text, nameEnd, end);
    if (open == end || text.charAt(open) != '(') {
      throw error(
          text,
          nameEnd,
          "missing \"(\" after " + quote(name) + "; write e.g. " + function.example);
    }
    int close = text.indexOf(')', open + 1);
    if (close < 0 || close >= end) {
      throw error(text, end, "missing \")\" at the end; write e.g. " + function.example);
    }
    int nested = text.indexOf('(', open + 1);
    if (nested >= 0 && nested < close) {
      throw error(
          text,
          nested,
          "unexpected \"(\" inside the arguments; they are plain durations or numbers, e.g. "
              + function.example);
    }
    if (close + 1 < end) {
      int trailing = skipWhitespace(text, close + 1, end);
      throw error(
          text,
          trailing,
          "unexpected text "
              + quote(text.substring(trailing, end))
              + " after \")\"; remove it");
    }

    List<Arg> args = split(text, open + 1, close);
    int arity = function.arity();
    if (arity < 0 && args.isEmpty()) {
      throw error(
          text, close, function.name + " needs at least one duration, e.g. " + function.example);
    }
    if (arity >= 0 && args.size() != arity) {
      int offset = args.size() > arity ? args.get(arity).start() : close;
      throw error(
          text,
          offset,
          function.name
              + " takes "
              + arity
              + (arity == 1 ? " argument (" : " arguments (")
              + function.description
              + "), e.g. "
              + function.example
              + "; got "
              + (args.isEmpty() ? "none" : String.valueOf(args.size())));
    }
    for (Arg arg : args) {
      if (arg.start() == arg.end()) {
        throw error(
            text,
            arg.start(),
            argument(function, arg) + " is empty; write e.g. " + function.example);
      }
    }
    return build(text, function, args);
  }

  private static Distribution build(String text, Function function, List<Arg> args) {
    return switch (function) {
      case CONST -> new Distribution.Constant(duration(text, function, args.get(0)));
      case EXP -> {
        long mean = duration(text, function, args.get(0));
        if (mean == 0) {
          throw mustBePositive(text, function, args.get(0), "; for no delay write \"const(0s)\"");
        }
        yield new Distribution.Exponential(mean);
      }
      case UNIFORM -> {
        long min = duration(text, function, args.get(0));
        long max = duration(text, function, args.get(1));
        if (min > max) {
          throw error(
              text,
              args.get(0).start(),
              argument(function, args.get(0))
                  + " "
                  + Durations.format(min)
                  + " is greater than "
                  + argument(function, args.get(1))
                  + " "
                  + Durations.format(max)
                  + "; write the smaller one first, e.g. "
                  + quote(new Distribution.Uniform(max, min).toString()));
        }
        yield new Distribution.Uniform(min, max);
      }
      case LOGNORMAL -> {
        long mean = duration(text, function, args.get(0));
        long sd = duration(text, function, args.get(1));
        if (mean == 0) {
          throw mustBePositive(text, function, args.get(0), "; for no delay write \"const(0s)\"");
        }
        yield new Distribution.LogNormal(mean, sd);
      }
      case PARETO -> {
        long scale = duration(text, function, args.get(0));
        if (scale == 0) {
          throw mustBePositive(text, function, args.get(0), ", e.g. " + function.example);
        }
        yield new Distribution.Pareto(scale, shape(text, function, args.get(1)));
      }
      case EMPIRICAL -> {
        long[] values = new long[args.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = duration(text, function, args.get(i));
        }
        yield new Distribution.Empirical(values);
      }
    };
  }

  /** A bare duration, short for {@code const(...)}. */
  private static Distribution shorthand(String text, int start) {
    long nanos;
    try {
      nanos = Durations.parseNanos(text);
    } catch (UnitParseException e) {
      throw error(text, e.offset(), e.reason());
    }
    if (nanos > Distribution.MAX_SAMPLE_NANOS) {
      throw error(
          text,
          start,
          "it is longer than the largest sample, " + LARGEST + "; use a shorter duration");
    }
    return new Distribution.Constant(nanos);
  }

  /** The arguments between {@code from} and {@code to}: none if that is blank. */
  private static List<Arg> split(String text, int from, int to) {
    List<Arg> args = new ArrayList<>();
    if (skipWhitespace(text, from, to) == to) {
      return args;
    }
    int rawStart = from;
    while (true) {
      int comma = text.indexOf(',', rawStart);
      int rawEnd = comma < 0 || comma > to ? to : comma;
      int start = skipWhitespace(text, rawStart, rawEnd);
      int end = rawEnd;
      while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      args.add(new Arg(args.size(), rawStart, rawEnd, start, end));
      if (rawEnd == to) {
        return args;
      }
      rawStart = rawEnd + 1;
    }
  }

  /** A duration argument, with errors from {@link Durations} prefixed by which argument. */
  private static long duration(String text, Function function, Arg arg) {
    String raw = text.substring(arg.rawStart(), arg.rawEnd());
    long nanos;
    try {
      nanos = Durations.parseNanos(raw);
    } catch (UnitParseException e) {
      throw error(
          text,
          arg.rawStart() + e.offset(),
          argument(function, arg) + " " + quote(raw.strip()) + ": " + e.reason());
    }
    if (nanos > Distribution.MAX_SAMPLE_NANOS) {
      throw error(
          text,
          arg.start(),
          argument(function, arg)
              + " "
              + Durations.format(nanos)
              + " is longer than the largest sample, "
              + LARGEST
              + "; use a shorter duration");
    }
    return nanos;
  }

  /** The Pareto shape: a plain positive decimal number. */
  private static double shape(String text, Function function, Arg arg) {
    String shape = text.substring(arg.start(), arg.end());
    String prefix = argument(function, arg) + " " + quote(shape);
    if (shape.charAt(0) == '-') {
      throw error(text, arg.start(), prefix + " must be greater than 0, e.g. " + function.example);
    }
    int i = 0;
    int digits = 0;
    while (i < shape.length() && isDigit(shape.charAt(i))) {
      i++;
      digits++;
    }
    if (i < shape.length() && shape.charAt(i) == '.') {
      i++;
      while (i < shape.length() && isDigit(shape.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0 || i < shape.length()) {
      String number = shape.substring(0, i);
      boolean isDuration = digits > 0 && i < shape.length() && Character.isLetter(shape.charAt(i));
      if (isDuration) {
        try {
          Durations.parseNanos(shape);
        } catch (UnitParseException e) {
          isDuration = false;
        }
      }
      throw error(
          text,
          arg.start() + (digits == 0 ? 0 : i),
          prefix
              + (isDuration
                  ? " is a plain number and takes no unit; write " + quote(number)
                  : " is not a number; write a positive number such as \"2.5\""));
    }
    double value = Double.parseDouble(shape);
    if (value == 0) {
      throw error(text, arg.start(), prefix + " must be greater than 0, e.g. " + function.example);
    }
    if (Double.isInfinite(value)) {
      throw error(text, arg.start(), prefix + " is too large; use a number such as \"2.5\"");
    }
    return value;
  }

  private static boolean isDurationUnit(String word) {
    try {
      Durations.parseNanos("1" + word);
      return true;
    } catch (UnitParseException e) {
      return false;
    }
  }

  private static UnitParseException mustBePositive(
      String text, Function function, Arg arg, String advice) {
    return error(text, arg.start(), argument(function, arg) + " must be greater than 0" + advice);
  }

  private static String argument(Function function, Arg arg) {
    return "argument " + (arg.index() + 1) + " (" + function.argumentName(arg.index()) + ")";
  }

  /**
   * The function someone most likely meant by {@code name}: the same in lower case, a known alias,
   * a prefix of it or it a prefix of one (3 letters or more: {@code exponential}, {@code unif}), or
   * the only one within 2 typing errors; {@code null} if none.
   */
  static String suggest(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (Function.named(lower) != null) {
      return lower;
    }
    String alias = ALIASES.get(lower);
    if (alias != null) {
      return alias;
    }
    if (lower.length() >= 3) {
      for (Function f : Function.values()) {
        if (lower.startsWith(f.name) || f.name.startsWith(lower)) {
          return f.name;
        }
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (Function f : Function.values()) {
      int d = editDistance(lower, f.name);
      if (d < bestDistance) {
        best = f.name;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance) {
        tie = true;
      }
    }
    return bestDistance <= 2 && bestDistance < lower.length() && !tie ? best : null;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipWhitespace(String text, int from, int to) {
    int i = from;
    while (i < to && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int trimEnd(String text, int start) {
    int end = text.length();
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static String quote(String text) {
    return UnitParseException.quote(text);
  }

  private static UnitParseException error(String text, int offset, String reason) {
    return new UnitParseException(KIND, text, offset, reason);
  }
}
