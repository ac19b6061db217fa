package dev.svcsim.models.scenario;

import java.util.Objects;

/**
 * A check on the report: {@code metric op value}, e.g.
 * {@code services["default/web"].sourceIpPreserved >= 0.99}.
 *
 * @param metric a path into the JSON report
 * @param tolerance for {@code ==} and {@code !=} on numbers: how far apart still counts as equal
 */
public record Expectation(String name, String metric, Op op, double value, double tolerance) {

  /** A comparison operator. */
  public enum Op {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public static Op fromSymbol(String s) {
      for (Op o : values()) {
        if (o.symbol.equals(s)) {
          return o;
        }
      }
      return null;
    }

    /** Whether {@code actual op expected} holds. */
    public boolean test(double actual, double expected, double tolerance) {
      return switch (this) {
        case EQ -> Math.abs(actual - expected) <= tolerance;
        case NE -> Math.abs(actual - expected) > tolerance;
        case LT -> actual < expected;
        case LE -> actual <= expected;
        case GT -> actual > expected;
        case GE -> actual >= expected;
      };
    }
  }

  public Expectation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(op, "op");
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must not be negative");
    }
  }
}
