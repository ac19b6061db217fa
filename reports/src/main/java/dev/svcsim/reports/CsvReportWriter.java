package dev.svcsim.reports;

import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes the report as CSV (RFC 4180) for spreadsheets: one header row, then one row per pod
 * (Services in order, then pods in order), then one row per expectation (in file order). The
 * first column, {@code record}, says which ({@code pod} or {@code expectation}), so that a filter
 * on it keeps one kind; the columns of the other kind are empty. The columns are
 * {@link #COLUMNS}: {@code record}, the {@link #POD_COLUMNS}, the {@link #EXPECTATION_COLUMNS}.
 *
 * <p>Fields are separated by commas; a field holding a comma, a double quote, a carriage return
 * or a line feed is double-quoted, its quotes doubled. Lines end with LF alone (RFC 4180 says
 * CRLF; every CSV reader takes LF, and Unix tools prefer it). Null figures are empty fields;
 * numbers are written as the JSON writes them ({@link Numbers#json(double)}, integers as
 * integers), booleans as {@code true} and {@code false}.
 */
public final class CsvReportWriter implements ReportWriter {

  /**
   * The pod columns: {@code service, pod, node, zone, connections, requests, share,
   * uniformShare} (1/n over the pods Ready for the whole window, empty for the others),
   * {@code utilization, latencyP50Ms, latencyP99Ms, readyWholeWindow}.
   */
  public static final List<String> POD_COLUMNS = List.of(
      "service", "pod", "node", "zone", "connections", "requests", "share", "uniformShare",
      "utilization", "latencyP50Ms", "latencyP99Ms", "readyWholeWindow");

  /**
   * The expectation columns: {@code expectation} (its name), {@code metric, op, value,
   * tolerance, actual, passed}.
   */
  public static final List<String> EXPECTATION_COLUMNS =
      List.of("expectation", "metric", "op", "value", "tolerance", "actual", "passed");

  /** The header: {@code record}, the {@link #POD_COLUMNS}, the {@link #EXPECTATION_COLUMNS}. */
  public static final List<String> COLUMNS = header();

  private static List<String> header() {
    List<String> all = new ArrayList<>();
    all.add("record");
    all.addAll(POD_COLUMNS);
    all.addAll(EXPECTATION_COLUMNS);
    return List.copyOf(all);
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    line(sb, COLUMNS);
    for (Map.Entry<String, ServiceReport> s : report.services().entrySet()) {
      Double uniform = s.getValue().uniformShare();
      for (Map.Entry<String, PodReport> e : s.getValue().pods().entrySet()) {
        PodReport p = e.getValue();
        row(sb, "pod", Arrays.asList(
            s.getKey(),
            e.getKey(),
            p.node(),
            p.zone(),
            Long.toString(p.connections()),
            Long.toString(p.requests()),
            number(p.share()),
            p.readyWholeWindow() ? number(uniform) : null,
            number(p.utilization()),
            number(p.latencyMs().p50()),
            number(p.latencyMs().p99()),
            Boolean.toString(p.readyWholeWindow())), null);
      }
    }
    for (ExpectationRow x : report.expectations()) {
      row(sb, "expectation", null, Arrays.asList(
          x.name(),
          x.metric(),
          x.op().symbol(),
          Numbers.json(x.value()),
          Numbers.json(x.tolerance()),
          x.actual() == null ? null : ReportText.actual(x.actual()),
          Boolean.toString(x.passed())));
    }
    out.write(sb.toString());
  }

  /** One row: its kind, then its own cells, empty cells for the other kind's columns. */
  private static void row(StringBuilder sb, String kind, List<String> pod, List<String> expectation) {
    List<String> cells = new ArrayList<>(COLUMNS.size());
    cells.add(kind);
    cells.addAll(pod != null ? pod : Collections.nCopies(POD_COLUMNS.size(), null));
    cells.addAll(expectation != null ? expectation : Collections.nCopies(EXPECTATION_COLUMNS.size(), null));
    if (cells.size() != COLUMNS.size()) {
      throw new IllegalStateException(cells.size() + " cells for " + COLUMNS.size() + " columns");
    }
    line(sb, cells);
  }

  /** One record: the cells as {@link #field} writes them, separated by commas, ending in LF. */
  static void line(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(cells.get(i)));
    }
    sb.append('\n');
  }

  /** A figure as the JSON writes it, or null (an empty field). */
  static String number(Double x) {
    return x == null ? null : Numbers.json(x);
  }

  /** The field as written: empty for null, quoted when it holds a comma, a quote or a line break. */
  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
