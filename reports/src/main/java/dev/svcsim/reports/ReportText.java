package dev.svcsim.reports;

import dev.svcsim.models.result.FailureReason;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /** The failure reasons that happened, with their counts, in failedBy's order: {@code noEndpoints 40}. */
  static List<String> failureReasons(ServiceReport.Connections c) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<FailureReason, Long> f : c.failedBy().entrySet()) {
      if (f.getValue() != 0) {
        parts.add(f.getKey().key() + " " + f.getValue());
      }
    }
    return parts;
  }

  /**
   * Source IP preservation per entry path, e.g. {@code loadBalancer 100.0%, nodePort -,
   * clusterIP -}.
   */
  static String sourceIpByPath(ServiceReport s) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Double> p : s.sourceIpPreservedBy().entrySet()) {
      parts.add(p.getKey() + " " + Numbers.percent(p.getValue()));
    }
    return String.join(", ", parts);
  }

  /** Delivered connections by node hops and their share, e.g. {@code 1: 10000 (100.0%), 2: 0 (0.0%)}. */
  static String nodeHops(ServiceReport s) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Long> h : s.nodeHops().entrySet()) {
      parts.add(h.getKey() + ": " + h.getValue() + " ("
          + Numbers.percent(ReportBuilder.fraction(h.getValue(), s.connections().delivered())) + ")");
    }
    return String.join(", ", parts);
  }

  /**
   * The latency figures in milliseconds, {@code mean 2.251}, {@code p50 1.500} up to
   * {@code max}; none when no request completed.
   */
  static List<String> latencyFigures(Latency l) {
    if (l.mean() == null) {
      return List.of();
    }
    return List.of("mean " + ms(l.mean()), "p50 " + ms(l.p50()), "p90 " + ms(l.p90()), "p99 " + ms(l.p99()),
        "p99.9 " + ms(l.p999()), "max " + ms(l.max()));
  }

  /**
   * The skew figures, {@code max/mean 1.500} up to {@code chi-square p <0.001}; none when there
   * are none (then {@link #skewCount(ServiceReport)} says why).
   */
  static List<String> skewFigures(Skew k) {
    if (k.maxOverMean() == null) {
      return List.of();
    }
    return List.of("max/mean " + Numbers.fixed(k.maxOverMean(), 3), "min/mean " + Numbers.fixed(k.minOverMean(), 3),
        "cv " + Numbers.fixed(k.cv(), 3), "jain " + Numbers.fixed(k.jain(), 3), "gini " + Numbers.fixed(k.gini(), 3),
        "chi-square p " + pValue(k.chiSquareP()));
  }

  /**
   * What the skew figures are over, {@code (over 3 pods Ready the whole window)}, or why there
   * are none.
   */
  static String skewCount(ServiceReport s) {
    Skew k = s.skew();
    if (k.maxOverMean() == null) {
      return k.podsCounted() == 0 && s.pods().isEmpty() && !s.outside().isEmpty()
          ? "none: the Service's backends are outside the cluster, not pods"
          : k.podsCounted() == 0
          ? "none: no pod was Ready for the whole measured window"
          : "none: no connection was delivered to the pods Ready for the whole window";
    }
    return "(over " + k.podsCounted() + (k.podsCounted() == 1 ? " pod" : " pods") + " Ready the whole window)";
  }
}
