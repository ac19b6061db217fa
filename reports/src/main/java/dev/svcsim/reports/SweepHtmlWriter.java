package dev.svcsim.reports;

import dev.svcsim.reports.SweepCharts.Param;
import dev.svcsim.reports.SweepCharts.Range;
import dev.svcsim.reports.SweepResults.Point;
import dev.svcsim.reports.SweepResults.Stat;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a sweep's {@code report.html}: one self-contained HTML5 page like the run report's
 * ({@link HtmlReportWriter}: its style sheet, inline SVG, no script, and a
 * Content-Security-Policy that lets it fetch nothing).
 *
 * <p>From the top: the sweep (name, seed, replications, points, failed points) and its
 * parameters; then per metric, a line chart of the metric's mean against each numeric parameter
 * that varies, one line per combination of the other varying parameters, with 95% confidence
 * intervals as error bars; and where two or more parameters vary, a heat map of the mean over the
 * first two (one per combination of the others, up to {@value #MAX_HEATMAPS}); then a table of
 * every point: its parameters, each metric's mean ± the half-width of its confidence interval,
 * and its error. Failed points are in the table and in no chart (a heat map marks their cells).
 * Charts are drawn by {@link SweepCharts}.
 *
 * <p>Every string is escaped, every number formatted by {@link Numbers}, and everything written
 * in the order of the results, so the same results give the same bytes. The page is well-formed
 * XML as well as HTML.
 */
public final class SweepHtmlWriter {

  /** Heat maps per metric at most, when more than two parameters vary. */
  static final int MAX_HEATMAPS = 6;

  /** Values listed per parameter in the parameters table at most. */
  static final int MAX_LISTED_VALUES = 24;

  static final String CSS = HtmlReportWriter.CSS + "\n" + String.join("\n",
      "h2 code, figure .title, .path { overflow-wrap: break-word; }",
      "table.points th { white-space: normal; overflow-wrap: break-word; vertical-align: bottom; }",
      "table.points td { white-space: nowrap; }",
      "table.points td.v { white-space: normal; overflow-wrap: break-word; }",
      "table.points td.err { white-space: normal; overflow-wrap: break-word; color: var(--fail); min-width: 16em; }",
      "table.params td.values { overflow-wrap: break-word; }",
      "svg .point:hover, svg .cell:hover { stroke: #1f2937; stroke-width: 2px; }",
      "svg .series:hover { stroke-width: 3.5px; }",
      "svg .cell-label { pointer-events: none; }");

  private SweepHtmlWriter() {}

  /** The page for the sweep's results. */
  public static String write(SweepResults r) {
    List<Param> params = SweepCharts.params(r);
    List<Param> varying = params.stream().filter(Param::varies).toList();
    long failed = r.points().stream().filter(p -> !p.ok()).count();
    long ran = r.points().size() - failed;

    Markup m = new Markup();
    HtmlReportWriter.head(m, "svcsim sweep: " + r.name(), CSS);
    header(m, r, failed);
    parameters(m, r, params, failed);
    if (ran == 0 && !r.points().isEmpty()) {
      m.open("section", "class", "panel", "id", "no-charts").element("p",
          "No point ran: every point failed, so there is nothing to chart. The table below lists each point"
              + " with its error.", "class", "verdict fail").close("section").nl();
    } else if (r.points().isEmpty()) {
      m.open("section", "class", "panel", "id", "no-charts")
          .element("p", "The sweep has no point.", "class", "meta").close("section").nl();
    } else {
      for (int i = 0; i < r.metrics().size(); i++) {
        metric(m, r, "metric-" + (i + 1), r.metrics().get(i), params, varying, failed);
      }
    }
    points(m, r, params);
    m.element("footer", "Written by svcsim from the sweep's results: " + r.points().size() + " points \u00d7 "
        + r.replications() + " replications, seed " + r.seed() + ".").nl();
    m.close("main").nl().close("body").nl().close("html").nl();
    return m.toString();
  }

  private static void header(Markup m, SweepResults r, long failed) {
    m.open("header").nl();
    m.open("h1").text("svcsim sweep ").element("span", r.name(), "class", "scenario").close("h1").nl();
    m.element("p", "seed " + r.seed() + " \u00b7 " + r.replications() + " replications per point \u00b7 "
        + r.points().size() + " points, " + failed + " failed \u00b7 " + r.parameters().size() + " parameters, "
        + r.metrics().size() + " metrics", "class", "meta").nl();
    m.open("div", "class", "cards").nl();
    HtmlReportWriter.card(m, "points", Integer.toString(r.points().size()), false);
    HtmlReportWriter.card(m, "failed points", Long.toString(failed), failed > 0);
    HtmlReportWriter.card(m, "replications per point", Integer.toString(r.replications()), false);
    HtmlReportWriter.card(m, "runs", Long.toString((long) r.points().size() * r.replications()), false);
    HtmlReportWriter.card(m, "seed", Long.toString(r.seed()), false);
    m.close("div").nl();
    m.open("nav").open("ul");
    m.open("li").element("a", "parameters", "href", "#parameters").close("li");
    if (r.points().size() > failed) {
      for (int i = 0; i < r.metrics().size(); i++) {
        m.open("li").open("a", "href", "#metric-" + (i + 1), "title", r.metrics().get(i))
            .text(SweepCharts.abbreviate(r.metrics().get(i), 48)).close("a").close("li");
      }
    }
    m.open("li").element("a", "all points", "href", "#points").close("li");
    m.close("ul").close("nav").nl();
    m.close("header").nl();
  }

  private static void parameters(Markup m, SweepResults r, List<Param> params, long failed) {
    m.open("section", "class", "panel", "id", "parameters").nl().element("h2", "Parameters");
    if (failed > 0) {
      m.element("p", failed + " of " + r.points().size() + " points failed: the table of all points lists them with"
          + " their error; the charts leave them out.", "class", "verdict fail").nl();
    }
    if (params.isEmpty()) {
      m.element("p", "The sweep has no parameter: every point runs the scenario as it is.", "class", "meta")
          .close("section").nl();
      return;
    }
    m.open("div", "class", "scroll").open("table", "class", "params").nl();
    HtmlReportWriter.headRow(m, "parameter", "kind", ">values", "values");
    for (Param p : params) {
      m.open("tr").open("td").open("code", "class", "path");
      breakable(m, p.path());
      m.close("code").close("td");
      m.element("td", p.numeric() ? "numeric" : "categorical");
      m.element("td", Integer.toString(p.values().size()), "class", "num");
      List<String> shown = p.values().subList(0, Math.min(MAX_LISTED_VALUES, p.values().size()));
      String list = String.join(", ", shown) + (shown.size() < p.values().size() ? ", \u2026" : "");
      m.element("td", list, "class", "values");
      m.close("tr").nl();
    }
    m.close("table").close("div").nl();
    m.close("section").nl();
  }

  private static void metric(Markup m, SweepResults r, String id, String metric, List<Param> params,
      List<Param> varying, long failed) {
    m.open("section", "class", "panel metric", "id", id).nl();
    m.open("h2").text("Metric ").open("code");
    breakable(m, metric);
    m.close("code").close("h2").nl();
    long noValue = r.points().stream().filter(p -> p.ok() && SweepCharts.mean(p, metric) == null).count();
    String left = failed == 0 && noValue == 0 ? ""
        : " Left out: " + (failed > 0 ? failed + " failed " + (failed == 1 ? "point" : "points") : "")
            + (failed > 0 && noValue > 0 ? " and " : "")
            + (noValue > 0 ? noValue + (noValue == 1 ? " point" : " points") + " without a value" : "") + ".";
    int charts = 0;
    for (int j = 0; j < params.size(); j++) {
      Param x = params.get(j);
      if (!x.numeric() || !x.varies()) {
        continue;
      }
      List<Param> others = varying.stream().filter(p -> p != x).toList();
      String grouping = others.isEmpty() ? ""
          : " One line per combination of " + String.join(", ", others.stream().map(Param::path).toList()) + ".";
      HtmlReportWriter.figure(m, metric + " against " + x.path(),
          SweepCharts.lineChart(id + "-x" + (j + 1), r, metric, x, others),
          "The mean over each point's replications; the bars are the 95% confidence interval of the mean"
              + " (none where a point has fewer than 2 replications with a value)." + grouping + left);
      charts++;
    }
    if (varying.size() >= 2) {
      Param a = varying.get(0);
      Param b = varying.get(1);
      Param xp = b.values().size() > a.values().size() ? b : a;
      Param yp = xp == a ? b : a;
      List<Param> rest = varying.subList(2, varying.size());
      Map<List<String>, List<Point>> groups = new LinkedHashMap<>();
      for (Point p : r.points()) {
        List<String> key = new ArrayList<>();
        for (Param o : rest) {
          key.add(SweepCharts.value(p, o.path()));
        }
        groups.computeIfAbsent(List.copyOf(key), k -> new ArrayList<>()).add(p);
      }
      Range range = Range.of(r, metric);
      int k = 0;
      for (Map.Entry<List<String>, List<Point>> g : groups.entrySet()) {
        if (k == MAX_HEATMAPS) {
          m.element("p", (groups.size() - MAX_HEATMAPS) + " more heat maps, one per combination of "
              + String.join(", ", rest.stream().map(Param::path).toList()) + ", are left out: the table"
              + " lists every point.", "class", "footnote").nl();
          break;
        }
        String with = rest.isEmpty() ? "" : " with " + SweepCharts.combination(rest, g.getKey(), 0);
        HtmlReportWriter.figure(m, metric + " over " + xp.path() + " and " + yp.path() + with,
            SweepCharts.heatMap(id + "-heat-" + ++k, metric, xp, yp, g.getValue(), range),
            "Each cell is a point, coloured by its mean (one scale for every heat map of the metric) and"
                + " labelled with it where it fits; hover a cell for its figures."
                + (rest.isEmpty() ? "" : " The other varying parameters are fixed as the title says."));
        charts++;
      }
    }
    if (charts == 0) {
      m.element("p", r.points().size() == 1 ? "One point: nothing varies, so there is nothing to chart; the table"
          + " below has its figures." : "Nothing to chart: no numeric parameter varies, and fewer than two"
          + " parameters vary. The table below has every point's figures.", "class", "meta").nl();
    }
    m.close("section").nl();
  }

  private static void points(Markup m, SweepResults r, List<Param> params) {
    m.open("section", "class", "panel", "id", "points").nl().element("h2", "All points");
    m.element("p", "Each metric's mean over the point's replications \u00b1 the half-width of its 95% confidence"
        + " interval (none with fewer than 2 replications with a value); hover a figure for n, the standard"
        + " deviation and the interval.", "class", "meta").nl();
    m.open("div", "class", "scroll").open("table", "class", "points").nl();
    m.open("thead").open("tr");
    m.element("th", "#", "class", "num");
    for (Param p : params) {
      m.open("th", "class", p.numeric() ? "num param" : "param");
      breakable(m, p.path());
      m.close("th");
    }
    for (String metric : r.metrics()) {
      m.open("th", "class", "num metric");
      breakable(m, metric);
      m.close("th");
    }
    m.element("th", "error");
    m.close("tr").close("thead").nl().open("tbody").nl();
    for (Point p : r.points()) {
      m.open("tr", "class", p.ok() ? null : "fail", "id", "point-" + p.index());
      m.element("td", Integer.toString(p.index()), "class", "num");
      for (Param param : params) {
        m.element("td", SweepCharts.value(p, param.path()), "class", param.numeric() ? "num v" : "v");
      }
      for (String metric : r.metrics()) {
        Stat s = p.ok() ? SweepCharts.stat(p, metric) : null;
        m.element("td", meanAndHalfWidth(s), "class", "num", "title", s == null ? null : details(s));
      }
      m.element("td", p.error(), "class", p.ok() ? null : "err");
      m.close("tr").nl();
    }
    m.close("tbody").close("table").close("div").nl();
    m.close("section").nl();
  }

  /**
   * A path, escaped, with a line break opportunity ({@code <wbr/>}) before each {@code .} and
   * {@code [} and after each {@code /}, so that a long path wraps where it reads well.
   */
  static void breakable(Markup m, String path) {
    int from = 0;
    for (int i = 1; i < path.length(); i++) {
      char c = path.charAt(i);
      char before = path.charAt(i - 1);
      if (c == '.' || c == '[' || before == '/') {
        m.text(path.substring(from, i)).empty("wbr");
        from = i;
      }
    }
    m.text(path.substring(from));
  }

  /**
   * A mean and the half-width of its confidence interval, the half-width to 2 significant digits
   * and the mean to as many decimals: {@code 1.235 ± 0.012}; a mean without an interval to 4
   * significant digits; {@code -} without a mean.
   */
  static String meanAndHalfWidth(Stat s) {
    if (s == null || s.mean() == null || !Double.isFinite(s.mean())) {
      return "-";
    }
    double mean = s.mean();
    if (s.ciLow() == null || s.ciHigh() == null || !Double.isFinite(s.ciLow()) || !Double.isFinite(s.ciHigh())) {
      return Numbers.significant(mean, 4);
    }
    double half = (s.ciHigh() - s.ciLow()) / 2;
    if (!(half > 0) || !Double.isFinite(half)) {
      return Numbers.significant(mean, 4) + " \u00b1 0";
    }
    BigDecimal h = new BigDecimal(half).round(new MathContext(2, RoundingMode.HALF_EVEN));
    if (Math.abs(mean) >= 1e15 || half >= 1e15 || h.scale() > 12) {
      return Numbers.significant(mean, 4) + " \u00b1 " + Numbers.significant(half, 2);
    }
    BigDecimal mu = new BigDecimal(mean).setScale(h.scale(), RoundingMode.HALF_EVEN);
    if (mu.signum() == 0) {
      mu = mu.abs();
    }
    return mu.toPlainString() + " \u00b1 " + h.toPlainString();
  }

  /** A statistic in full, for a tooltip. */
  static String details(Stat s) {
    return "n = " + s.n()
        + ", mean " + (s.mean() == null ? "-" : Numbers.significant(s.mean(), 12))
        + ", sd " + (s.sd() == null ? "-" : Numbers.significant(s.sd(), 6))
        + ", 95% CI " + (s.ciLow() == null || s.ciHigh() == null ? "-"
            : Numbers.significant(s.ciLow(), 6) + " to " + Numbers.significant(s.ciHigh(), 6));
  }
}
