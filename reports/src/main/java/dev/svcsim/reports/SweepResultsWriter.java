package dev.svcsim.reports;

import dev.svcsim.reports.Report.ExpectationRow;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a sweep's results (docs/sweeps.md, "Results"): {@code results.json} and
 * {@code results.csv}, one row per point in point order. Numbers are written as the JSON report
 * writes them ({@link Numbers#json(double)}, counts as integers), so the same results give the
 * same bytes on every JDK.
 */
public final class SweepResultsWriter {

  /** The statistics written per metric, in order: as CSV column suffixes and JSON keys. */
  public static final List<String> STAT_COLUMNS = List.of("mean", "sd", "ciLow", "ciHigh", "n");

  private SweepResultsWriter() {}

  /**
   * The results as JSON: {@code sweep}, {@code seed}, {@code replications}, {@code parameters},
   * {@code metrics}, {@code expectations} (their names), then {@code points}, each with
   * {@code point} (its index), {@code values} (by parameter path), {@code metrics} (by metric
   * path: {@code n}, {@code mean}, {@code sd}, {@code ciLow}, {@code ciHigh}, null when unknown),
   * {@code expectations} (as in the report, with {@code problem} when there is no actual value)
   * and {@code error} (null when the point ran).
   */
  public static void json(SweepResults r, Writer out) throws IOException {
    List<JsonValue> points = new ArrayList<>(r.points().size());
    for (SweepResults.Point p : r.points()) {
      JsonValue.ObjBuilder values = JsonValue.object();
      for (Map.Entry<String, String> e : p.values().entrySet()) {
        values.put(e.getKey(), e.getValue());
      }
      JsonValue.ObjBuilder metrics = JsonValue.object();
      for (String metric : r.metrics()) {
        SweepResults.Stat s = p.stats().get(metric);
        metrics.put(metric, s == null ? JsonValue.Null.NULL : JsonValue.object()
            .put("n", s.n())
            .put("mean", s.mean())
            .put("sd", s.sd())
            .put("ciLow", s.ciLow())
            .put("ciHigh", s.ciHigh())
            .build());
      }
      List<JsonValue> expectations = new ArrayList<>();
      for (ExpectationRow row : p.expectations()) {
        expectations.add(expectation(row));
      }
      points.add(JsonValue.object()
          .put("point", p.index())
          .put("values", values.build())
          .put("metrics", metrics.build())
          .put("expectations", new JsonValue.Arr(expectations))
          .put("error", p.ok() ? null : p.error())
          .build());
    }
    JsonValue.Obj tree = JsonValue.object()
        .put("sweep", r.name())
        .put("seed", r.seed())
        .put("replications", r.replications())
        .put("parameters", strings(r.parameters()))
        .put("metrics", strings(r.metrics()))
        .put("expectations", strings(r.expectations()))
        .put("points", new JsonValue.Arr(points))
        .build();
    JsonReportWriter.write(tree, out);
  }

  private static JsonValue expectation(ExpectationRow row) {
    return JsonValue.object()
        .put("name", row.name())
        .put("metric", row.metric())
        .put("op", row.op().symbol())
        .put("value", row.value())
        .put("tolerance", row.tolerance())
        .put("actual", ReportTree.actual(row))
        .put("passed", row.passed())
        .put("problem", row.problem())
        .build();
  }

  private static JsonValue strings(List<String> list) {
    List<JsonValue> items = new ArrayList<>(list.size());
    for (String s : list) {
      items.add(JsonValue.of(s));
    }
    return new JsonValue.Arr(items);
  }

  /** The CSV header: see {@link #csv}. */
  public static List<String> header(SweepResults r) {
    List<String> h = new ArrayList<>();
    h.add("point");
    h.addAll(r.parameters());
    for (String metric : r.metrics()) {
      for (String stat : STAT_COLUMNS) {
        h.add(metric + "." + stat);
      }
    }
    for (String name : r.expectations()) {
      h.add("expectation:" + name);
    }
    h.add("error");
    return h;
  }

  /**
   * The results as CSV (RFC 4180, as {@link CsvReportWriter} writes it: LF line ends, fields
   * quoted only when they must be): a header row, {@code point}, one column per parameter named
   * by its path, per metric {@code PATH.mean}, {@code PATH.sd}, {@code PATH.ciLow},
   * {@code PATH.ciHigh} and {@code PATH.n}, per expectation {@code expectation:NAME} (PASS or
   * FAIL), and {@code error}; then one row per point. An unknown figure is an empty field.
   */
  public static void csv(SweepResults r, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    CsvReportWriter.line(sb, header(r));
    for (SweepResults.Point p : r.points()) {
      List<String> cells = new ArrayList<>();
      cells.add(Integer.toString(p.index()));
      for (String parameter : r.parameters()) {
        cells.add(p.values().get(parameter));
      }
      for (String metric : r.metrics()) {
        SweepResults.Stat s = p.stats().get(metric);
        cells.add(s == null ? null : CsvReportWriter.number(s.mean()));
        cells.add(s == null ? null : CsvReportWriter.number(s.sd()));
        cells.add(s == null ? null : CsvReportWriter.number(s.ciLow()));
        cells.add(s == null ? null : CsvReportWriter.number(s.ciHigh()));
        cells.add(s == null ? null : Integer.toString(s.n()));
      }
      for (String name : r.expectations()) {
        ExpectationRow row = p.expectations().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        cells.add(row == null ? null : row.passed() ? "PASS" : "FAIL");
      }
      cells.add(p.ok() ? null : p.error());
      CsvReportWriter.line(sb, cells);
    }
    out.write(sb.toString());
  }
}
