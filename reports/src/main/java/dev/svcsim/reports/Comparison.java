package dev.svcsim.reports;

import dev.svcsim.reports.Report.ExpectationRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two reports side by side, figure by figure: every number, string and boolean of the report
 * contract that either report holds (the per-interval {@code timeline}, the {@code events}, the
 * engine's counters and the expectations are left out of the figures; expectations get their own
 * rows, and warnings are listed apart), named by the metric path an expectation would use, with the change from A to B.
 * Figures come in report order; a figure only one side has (a pod only one run created) is
 * listed with the other side absent.
 *
 * @param a the first report's label (a file name, or {@code FILE} and the overrides)
 * @param b the second report's label
 * @param figures one row per figure
 * @param expectations one row per expectation name either report checked, A's order first
 * @param warningsA A's warnings, as its report lists them
 * @param warningsB B's warnings
 */
public record Comparison(
    String a, String b, List<Figure> figures, List<ExpectationPair> expectations, List<String> warningsA,
    List<String> warningsB) {

  /** The top-level keys whose figures are compared. */
  private static final Set<String> COMPARED = Set.of("scenario", "seed", "simulatedSeconds", "kubeProxyMode",
      "services", "warmupSeconds", "intervalSeconds");

  public Comparison {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    figures = List.copyOf(figures);
    expectations = List.copyOf(expectations);
    warningsA = List.copyOf(warningsA);
    warningsB = List.copyOf(warningsB);
  }

  /**
   * One figure in both reports.
   *
   * @param metric the path into the JSON report, e.g. {@code services["default/web"].skew.jain}
   * @param a its value in A ({@code null} JSON value included); null when A has no such figure
   * @param b its value in B; null when B has none
   */
  public record Figure(String metric, JsonValue a, JsonValue b) {
    public Figure {
      Objects.requireNonNull(metric, "metric");
    }

    /** Whether the two sides differ (a figure only one side has differs). */
    public boolean differs() {
      return !Objects.equals(a, b);
    }

    /** B minus A when both are numbers, else null. */
    public Double delta() {
      Double x = number(a);
      Double y = number(b);
      return x == null || y == null ? null : y - x;
    }

    /** (B - A) / |A| when both are numbers and A is not 0, else null. */
    public Double relative() {
      Double x = number(a);
      Double d = delta();
      return d == null || x == 0 ? null : d / Math.abs(x);
    }

    private static Double number(JsonValue v) {
      if (v instanceof JsonValue.Int i) {
        return (double) i.value();
      }
      return v instanceof JsonValue.Dbl d ? d.value() : null;
    }
  }

  /** One expectation's outcome on each side; a side that did not check it is null. */
  public record ExpectationPair(String name, ExpectationRow a, ExpectationRow b) {
    public ExpectationPair {
      Objects.requireNonNull(name, "name");
    }

    /** Whether the verdicts differ (or only one side checked it). */
    public boolean differs() {
      return a == null || b == null || a.passed() != b.passed();
    }
  }

  /** Compares two reports. */
  public static Comparison of(String labelA, Report a, String labelB, Report b) {
    List<Figure> figures = new ArrayList<>();
    JsonValue.Obj treeA = ReportTree.of(a);
    JsonValue.Obj treeB = ReportTree.of(b);
    for (String key : union(treeA, treeB)) {
      if (COMPARED.contains(key)) {
        walk(List.of(new MetricPath.Key(key)), treeA.fields().get(key), treeB.fields().get(key), figures);
      }
    }
    List<ExpectationPair> pairs = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    a.expectations().forEach(e -> names.add(e.name()));
    b.expectations().forEach(e -> names.add(e.name()));
    for (String name : names) {
      pairs.add(new ExpectationPair(name, find(a, name), find(b, name)));
    }
    return new Comparison(labelA, labelB, figures, pairs, a.warnings(), b.warnings());
  }

  /** The figures that differ. */
  public List<Figure> differences() {
    return figures.stream().filter(Figure::differs).toList();
  }

  private static ExpectationRow find(Report r, String name) {
    return r.expectations().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  private static void walk(List<MetricPath.Segment> path, JsonValue a, JsonValue b, List<Figure> out) {
    if (a instanceof JsonValue.Obj oa && b instanceof JsonValue.Obj ob) {
      for (String key : union(oa, ob)) {
        walk(append(path, new MetricPath.Key(key)), oa.fields().get(key), ob.fields().get(key), out);
      }
    } else if (a instanceof JsonValue.Obj || b instanceof JsonValue.Obj) {
      // one side has an object where the other has nothing (a Service only one run had)
      JsonValue.Obj only = a instanceof JsonValue.Obj oa ? oa : (JsonValue.Obj) b;
      for (Map.Entry<String, JsonValue> e : only.fields().entrySet()) {
        boolean left = only == a;
        walk(append(path, new MetricPath.Key(e.getKey())), left ? e.getValue() : null, left ? null : e.getValue(), out);
      }
    } else if (a instanceof JsonValue.Arr || b instanceof JsonValue.Arr) {
      List<JsonValue> la = a instanceof JsonValue.Arr x ? x.items() : List.of();
      List<JsonValue> lb = b instanceof JsonValue.Arr x ? x.items() : List.of();
      for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
        walk(append(path, new MetricPath.Index(i)), i < la.size() ? la.get(i) : null, i < lb.size() ? lb.get(i) : null, out);
      }
    } else {
      out.add(new Figure(new MetricPath(path).toString(), a, b));
    }
  }

  private static List<MetricPath.Segment> append(List<MetricPath.Segment> path, MetricPath.Segment next) {
    List<MetricPath.Segment> longer = new ArrayList<>(path);
    longer.add(next);
    return longer;
  }

  private static Set<String> union(JsonValue.Obj a, JsonValue.Obj b) {
    Set<String> keys = new LinkedHashSet<>(a.fields().keySet());
    keys.addAll(b.fields().keySet());
    return keys;
  }
}
