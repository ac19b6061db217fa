package dev.svcsim.reports;

import dev.svcsim.reports.HtmlCharts.Axis;
import dev.svcsim.reports.HtmlCharts.Scale;
import dev.svcsim.reports.SweepResults.Point;
import dev.svcsim.reports.SweepResults.Stat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The charts of the sweep page ({@link SweepHtmlWriter}), drawn as inline SVG with the run
 * report's parts ({@link HtmlCharts#open}, its axes and scales): a line chart of a metric's mean
 * against a numeric parameter, one line per combination of the other varying parameters, with
 * the 95% confidence interval of each mean as an error bar; and a heat map of a metric's mean
 * over two parameters, one cell per point.
 *
 * <p>Only points that ran are drawn in the line charts; in a heat map a failed point's cell is
 * marked "failed" and has no colour. Lines are told apart by colour (Okabe and Ito's palette,
 * safe for colour-blind readers, without its yellow), dash pattern and marker shape together;
 * with more than {@value #MAX_STYLED} lines, they are drawn alike, each with its tooltip.
 * Charts of more than {@value #MAX_MARKERS} points draw lines only: no markers, error bars or
 * tooltips per point, so that the page stays small.
 */
final class SweepCharts {

  /** Okabe and Ito's colour-blind safe palette without its yellow (too light on white). */
  static final List<String> PALETTE =
      List.of("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000");

  /** Dash patterns, cycled with the colours ("" is a solid line). */
  static final List<String> DASHES = List.of("", "8 4", "2 3", "10 3 2 3");

  /** With more lines than this, every line is drawn alike and the legend becomes a note. */
  static final int MAX_STYLED = 12;

  /** With more points than this, a line chart draws lines only, without markers. */
  static final int MAX_MARKERS = 200;

  /** The colours of the heat map's scale, low to high: viridis at nine even steps. */
  static final List<String> VIRIDIS = List.of("#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c",
      "#28ae80", "#5ec962", "#addc30", "#fde725");

  /** A heat map cell of a point that failed. */
  static final String FAILED_CELL = "#fecaca";
  /** A heat map cell of a point that ran but has no value for the metric. */
  static final String NO_VALUE_CELL = "#d1d5db";
  /** The heat map's background: no point has these values. */
  static final String NO_POINT = "#f9fafb";

  private static final double CHAR_WIDTH = 6.6;
  private static final double PLOT_HEIGHT = 280;
  /** Heat map rows share this much height before they get thinner. */
  private static final double HEAT_HEIGHT_BUDGET = 480;

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

  private SweepCharts() {}

  // ------------------------------------------------------------------ the sweep's parameters

  /**
   * A parameter as the page draws it.
   *
   * @param path the parameter's path, as the sweep names it
   * @param numeric whether the value of every point that ran parses as a number (and some point
   *     ran)
   * @param values its distinct values over all points: in numeric order for a numeric
   *     parameter, else in the order of the points
   */
  record Param(String path, boolean numeric, List<String> values) {
    /** Whether the points have more than one value. */
    boolean varies() {
      return values.size() > 1;
    }
  }

  /** The sweep's parameters, in its order. */
  static List<Param> params(SweepResults r) {
    List<Param> out = new ArrayList<>();
    for (String path : r.parameters()) {
      LinkedHashSet<String> seen = new LinkedHashSet<>();
      boolean ran = false;
      boolean numbers = true;
      for (Point p : r.points()) {
        String v = value(p, path);
        seen.add(v);
        if (p.ok()) {
          ran = true;
          numbers &= number(v) != null;
        }
      }
      List<String> values = new ArrayList<>(seen);
      boolean numeric = ran && numbers;
      if (numeric) {
        // Stable: values that are no number (of failed points) stay last, in the points' order.
        values.sort(Comparator.comparing(SweepCharts::number, Comparator.nullsLast(Comparator.naturalOrder())));
      }
      out.add(new Param(path, numeric, List.copyOf(values)));
    }
    return out;
  }

  /** A point's value of a parameter, "" when it has none. */
  static String value(Point p, String path) {
    String v = p.values().get(path);
    return v == null ? "" : v;
  }

  /** The number a value is (a decimal, optionally with an exponent), or null. */
  static BigDecimal number(String value) {
    String s = value.strip();
    if (!NUMBER.matcher(s).matches()) {
      return null;
    }
    BigDecimal d = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
    return Double.isFinite(d.doubleValue()) ? d : null;
  }

  /** A point's statistics of a metric, or null. */
  static Stat stat(Point p, String metric) {
    return p.stats().get(metric);
  }

  /** A point's finite mean of a metric, or null. */
  static Double mean(Point p, String metric) {
    Stat s = stat(p, metric);
    return s == null || s.mean() == null || !Double.isFinite(s.mean()) ? null : s.mean();
  }

  /** The finite bounds of a point's confidence interval of a metric, or null. */
  static double[] ci(Point p, String metric) {
    Stat s = stat(p, metric);
    if (s == null || s.ciLow() == null || s.ciHigh() == null || !Double.isFinite(s.ciLow())
        || !Double.isFinite(s.ciHigh())) {
      return null;
    }
    return new double[] {s.ciLow(), s.ciHigh()};
  }

  /**
   * Text of at most {@code max} characters: a longer one keeps its end (the end of a path names
   * the field), starting after a {@code .} or {@code /} where one is near, behind an ellipsis.
   */
  static String abbreviate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    String tail = s.substring(s.length() - (max - 1));
    for (int i = 0; i < Math.min(tail.length() - 4, max / 3); i++) {
      char c = tail.charAt(i);
      if (c == '.' || c == '/') {
        tail = tail.substring(i + 1);
        break;
      }
    }
    return "\u2026" + tail;
  }

  /** {@code text} abbreviated, with the whole of it as a tooltip when it was cut. */
  private static void abbreviated(Markup m, String text, int max, Object... attrs) {
    String shortened = abbreviate(text, max);
    m.open("text", attrs);
    if (!shortened.equals(text)) {
      m.element("title", text);
    }
    m.text(shortened).close("text");
  }

  /** "path = value" for each parameter, for legends and tooltips. */
  static String combination(List<Param> params, List<String> values, int max) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      parts.add(max > 0 ? abbreviate(params.get(i).path(), max) + " = " + abbreviate(values.get(i), max)
          : params.get(i).path() + " = " + values.get(i));
    }
    return String.join(", ", parts);
  }

  /** The mean, its interval and its count, for a tooltip. */
  static String figures(Point p, String metric) {
    Stat s = stat(p, metric);
    Double mean = mean(p, metric);
    if (mean == null) {
      return "no value";
    }
    double[] ci = ci(p, metric);
    return "mean " + Numbers.significant(mean, 6)
        + (ci == null ? "" : ", 95% CI " + Numbers.significant(ci[0], 6) + " to " + Numbers.significant(ci[1], 6))
        + ", n = " + s.n();
  }

  // ------------------------------------------------------------------ the line chart

  /** A point of a line: its parameter's number, the point. */
  private record Dot(double x, Point point) {}

  /** A line: the other parameters' values it stands for, its points in the order of x. */
  private record Line(List<String> values, List<Dot> dots) {}

  /**
   * The metric's mean against the numeric parameter {@code x}, one line per combination of the
   * values of {@code others} (the other varying parameters), over the points that ran.
   */
  static String lineChart(String id, SweepResults r, String metric, Param x, List<Param> others) {
    Map<List<String>, Line> byValues = new LinkedHashMap<>();
    int dotCount = 0;
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    LinkedHashSet<BigDecimal> xs = new LinkedHashSet<>();
    for (Point p : r.points()) {
      BigDecimal bx = number(value(p, x.path()));
      if (!p.ok() || bx == null) {
        continue;
      }
      List<String> key = new ArrayList<>();
      for (Param o : others) {
        key.add(value(p, o.path()));
      }
      byValues.computeIfAbsent(List.copyOf(key), k -> new Line(k, new ArrayList<>()))
          .dots().add(new Dot(bx.doubleValue(), p));
      xs.add(bx.stripTrailingZeros());
      xMin = Math.min(xMin, bx.doubleValue());
      xMax = Math.max(xMax, bx.doubleValue());
      Double mean = mean(p, metric);
      if (mean != null) {
        dotCount++;
        yMin = Math.min(yMin, mean);
        yMax = Math.max(yMax, mean);
      }
    }
    List<Line> lines = new ArrayList<>(byValues.values());
    for (Line l : lines) {
      l.dots().sort(Comparator.comparingDouble(Dot::x));
    }
    boolean markers = dotCount <= MAX_MARKERS;
    if (markers) {
      for (Point p : r.points()) {
        double[] ci = p.ok() && number(value(p, x.path())) != null && mean(p, metric) != null ? ci(p, metric) : null;
        if (ci != null) {
          yMin = Math.min(yMin, ci[0]);
          yMax = Math.max(yMax, ci[1]);
        }
      }
    }
    boolean empty = dotCount == 0;
    if (empty) {
      yMin = 0;
      yMax = 1;
    } else if (!(yMax > yMin)) {
      double pad = yMin == 0 ? 1 : Math.abs(yMin) * 0.05;
      yMin -= pad;
      yMax += pad;
    }
    if (xs.isEmpty()) {
      xMin = 0;
      xMax = 1;
    } else if (!(xMax > xMin)) {
      double pad = xMin == 0 ? 1 : Math.abs(xMin) * 0.5;
      xMin -= pad;
      xMax += pad;
    }
    boolean styled = lines.size() <= MAX_STYLED;
    boolean legend = styled && !others.isEmpty();

    // The legend's entries, laid out in rows.
    List<double[]> places = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int legendRows = 0;
    if (legend) {
      double at = 12;
      legendRows = 1;
      for (Line l : lines) {
        String label = combination(others, l.values(), 28);
        double w = 36 + CHAR_WIDTH * label.length() + 18;
        if (at > 12 && at + w > HtmlCharts.WIDTH - 12) {
          legendRows++;
          at = 12;
        }
        places.add(new double[] {at, 16 + (legendRows - 1) * 18});
        labels.add(label);
        at += w;
      }
    } else if (!others.isEmpty()) {
      legendRows = 1;
    }

    Axis yAxis = Axis.between(yMin, yMax, 6);
    int longest = 0;
    for (BigDecimal t : yAxis.ticks()) {
      longest = Math.max(longest, HtmlCharts.label(t).length());
    }
    double left = Math.max(64, 34 + CHAR_WIDTH * longest);
    double right = 24;
    double top = 22 + legendRows * 18;
    double plotH = PLOT_HEIGHT;
    double bottom = 52;
    double height = top + plotH + bottom;
    double plotW = HtmlCharts.WIDTH - left - right;
    Scale sx = new Scale(xMin, xMax, left + 14, left + plotW - 14);
    Scale sy = new Scale(yAxis.bottom(), yAxis.top(), top + plotH, top);

    String title = "Mean of " + metric + " against " + x.path();
    Markup m = HtmlCharts.open(id, "sweep-line", height, title);
    if (legend) {
      for (int i = 0; i < lines.size(); i++) {
        double[] at = places.get(i);
        m.open("g", "class", "legend-entry");
        m.empty("line", "x1", at[0], "x2", at[0] + 30, "y1", at[1] - 4, "y2", at[1] - 4, "stroke", color(i),
            "stroke-width", "2", "stroke-dasharray", dash(i));
        marker(m, i, at[0] + 15, at[1] - 4, true, null);
        String full = combination(others, lines.get(i).values(), 0);
        m.open("text", "x", at[0] + 36, "y", at[1], "fill", HtmlCharts.INK);
        if (!full.equals(labels.get(i))) {
          m.element("title", full);
        }
        m.text(labels.get(i)).close("text").close("g");
      }
    } else if (!others.isEmpty()) {
      List<String> names = others.stream().map(o -> abbreviate(o.path(), 28)).toList();
      m.element("text", lines.size() + " lines, one per combination of " + String.join(", ", names)
          + ": hover a line for its values", "x", 12.0, "y", 16.0, "fill", HtmlCharts.SOFT_INK, "class", "note");
    }

    // Axes and grid.
    for (BigDecimal tick : yAxis.ticks()) {
      double ty = sy.at(tick.doubleValue());
      m.empty("line", "x1", left, "x2", left + plotW, "y1", ty, "y2", ty, "stroke", HtmlCharts.GRID);
      m.element("text", HtmlCharts.label(tick), "x", left - 8, "y", ty + 4, "text-anchor", "end",
          "fill", HtmlCharts.SOFT_INK);
    }
    for (Tick t : xTicks(xs, xMin, xMax, sx)) {
      double tx = sx.at(t.at());
      m.empty("line", "x1", tx, "x2", tx, "y1", top + plotH, "y2", top + plotH + 5, "stroke", HtmlCharts.SOFT_INK);
      m.element("text", t.label(), "x", tx, "y", top + plotH + 18, "text-anchor", "middle",
          "fill", HtmlCharts.SOFT_INK);
    }
    m.empty("line", "x1", left, "x2", left + plotW, "y1", top + plotH, "y2", top + plotH, "stroke",
        HtmlCharts.SOFT_INK);
    m.empty("line", "x1", left, "x2", left, "y1", top, "y2", top + plotH, "stroke", HtmlCharts.SOFT_INK);
    abbreviated(m, x.path(), 110, "x", left + plotW / 2, "y", height - 10, "text-anchor", "middle",
        "fill", HtmlCharts.SOFT_INK, "class", "axis-title");
    abbreviated(m, metric, 44, "x", 14.0, "y", top + plotH / 2, "text-anchor", "middle",
        "fill", HtmlCharts.SOFT_INK, "class", "axis-title",
        "transform", "rotate(-90 14 " + Markup.num(top + plotH / 2) + ")");

    if (empty) {
      m.element("text", xs.isEmpty() ? "No point ran." : "No point that ran has a value for this metric.",
          "x", left + plotW / 2, "y", top + plotH / 2, "text-anchor", "middle", "fill", HtmlCharts.SOFT_INK,
          "class", "note");
      return m.close("svg").nl().toString();
    }

    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      String name = others.isEmpty() ? "" : combination(others, l.values(), 0);
      String color = styled ? color(i) : PALETTE.get(0);
      // The confidence intervals, one path per line.
      StringBuilder ci = new StringBuilder();
      StringBuilder path = new StringBuilder();
      int drawn = 0;
      for (Dot d : l.dots()) {
        Double mean = mean(d.point(), metric);
        if (mean == null) {
          continue;
        }
        double px = sx.at(d.x());
        double py = sy.at(mean);
        path.append(path.length() == 0 ? "M" : " L").append(Markup.num(px)).append(' ').append(Markup.num(py));
        drawn++;
        double[] bounds = ci(d.point(), metric);
        if (markers && bounds != null) {
          double lo = sy.at(bounds[0]);
          double hi = sy.at(bounds[1]);
          ci.append(ci.length() == 0 ? "" : " ").append("M").append(Markup.num(px)).append(' ').append(Markup.num(lo))
              .append(" V").append(Markup.num(hi))
              .append(" M").append(Markup.num(px - 4)).append(' ').append(Markup.num(lo)).append(" H")
              .append(Markup.num(px + 4))
              .append(" M").append(Markup.num(px - 4)).append(' ').append(Markup.num(hi)).append(" H")
              .append(Markup.num(px + 4));
        }
      }
      if (drawn == 0) {
        continue;
      }
      if (ci.length() > 0) {
        m.empty("path", "class", "ci s" + i, "d", ci.toString(), "fill", "none", "stroke", color,
            "stroke-width", "1.25", "stroke-opacity", "0.7");
      }
      m.open("path", "class", "series s" + i, "d", path.toString(), "fill", "none", "stroke", color,
          "stroke-width", styled ? "2" : "1.25", "stroke-opacity", styled ? null : "0.6",
          "stroke-dasharray", styled ? dash(i) : null, "stroke-linejoin", "round", "stroke-linecap", "round");
      m.element("title", name.isEmpty() ? "mean of " + metric : name).close("path");
      if (markers || drawn == 1) {
        for (Dot d : l.dots()) {
          Double mean = mean(d.point(), metric);
          if (mean == null) {
            continue;
          }
          String tip = (name.isEmpty() ? "" : name + "; ") + x.path() + " = " + value(d.point(), x.path()) + ": "
              + figures(d.point(), metric) + " (point " + d.point().index() + ")";
          marker(m, i, sx.at(d.x()), sy.at(mean), styled, tip);
        }
      }
    }
    return m.close("svg").nl().toString();
  }

  /** A tick of the x axis: where, and its label. */
  private record Tick(double at, String label) {}

  /**
   * The x axis' ticks: at the parameter's values when they are few and far enough apart for
   * their labels, else at round numbers.
   */
  private static List<Tick> xTicks(LinkedHashSet<BigDecimal> values, double xMin, double xMax, Scale sx) {
    List<BigDecimal> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    List<Tick> out = new ArrayList<>();
    if (!sorted.isEmpty() && sorted.size() <= 12) {
      boolean fits = true;
      for (int i = 0; i < sorted.size(); i++) {
        out.add(new Tick(sorted.get(i).doubleValue(), HtmlCharts.label(sorted.get(i))));
        if (i > 0) {
          double gap = sx.at(out.get(i).at()) - sx.at(out.get(i - 1).at());
          double need = CHAR_WIDTH * (out.get(i).label().length() + out.get(i - 1).label().length()) / 2 + 10;
          fits &= gap >= need;
        }
      }
      if (fits) {
        return out;
      }
      out.clear();
    }
    for (BigDecimal t : Axis.between(xMin, xMax, 8).ticksWithin(xMin, xMax)) {
      out.add(new Tick(t.doubleValue(), HtmlCharts.label(t)));
    }
    return out;
  }

  static String color(int line) {
    return PALETTE.get(line % PALETTE.size());
  }

  /** The dash pattern of a line, null for solid. */
  static String dash(int line) {
    String d = DASHES.get(line % DASHES.size());
    return d.isEmpty() ? null : d;
  }

  /** A marker: a circle, a square, a diamond or a triangle by line, with its tooltip. */
  private static void marker(Markup m, int line, double x, double y, boolean styled, String tip) {
    String color = styled ? color(line) : PALETTE.get(0);
    int shape = styled ? line % 4 : 0;
    double r = styled ? 4 : 2.5;
    Object[] paint = {"class", tip == null ? "swatch" : "point s" + line, "fill", color,
        "stroke", "#ffffff", "stroke-width", "1"};
    String tag;
    Object[] geometry;
    switch (shape) {
      case 0 -> {
        tag = "circle";
        geometry = new Object[] {"cx", x, "cy", y, "r", r};
      }
      case 1 -> {
        tag = "rect";
        geometry = new Object[] {"x", x - r * 0.9, "y", y - r * 0.9, "width", r * 1.8, "height", r * 1.8};
      }
      case 2 -> {
        tag = "path";
        double d = r * 1.25;
        geometry = new Object[] {"d", "M" + Markup.num(x) + " " + Markup.num(y - d) + " L" + Markup.num(x + d) + " "
            + Markup.num(y) + " L" + Markup.num(x) + " " + Markup.num(y + d) + " L" + Markup.num(x - d) + " "
            + Markup.num(y) + " Z"};
      }
      default -> {
        tag = "path";
        double d = r * 1.25;
        geometry = new Object[] {"d", "M" + Markup.num(x) + " " + Markup.num(y - d) + " L" + Markup.num(x + d) + " "
            + Markup.num(y + d * 0.8) + " L" + Markup.num(x - d) + " " + Markup.num(y + d * 0.8) + " Z"};
      }
    }
    Object[] attrs = new Object[geometry.length + paint.length];
    System.arraycopy(geometry, 0, attrs, 0, geometry.length);
    System.arraycopy(paint, 0, attrs, geometry.length, paint.length);
    if (tip == null) {
      m.empty(tag, attrs);
    } else {
      m.open(tag, attrs).element("title", tip).close(tag);
    }
  }

  // ------------------------------------------------------------------ the heat map

  /** The range of a metric's means that the heat maps' colours span. */
  record Range(double low, double high) {
    /** Where {@code v} is between low and high, from 0 to 1 (0.5 when they are equal). */
    double at(double v) {
      return high > low ? Math.max(0, Math.min(1, (v - low) / (high - low))) : 0.5;
    }

    /** The range of the finite means of the points that ran, or null when there is none. */
    static Range of(SweepResults r, String metric) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Point p : r.points()) {
        Double mean = p.ok() ? mean(p, metric) : null;
        if (mean != null) {
          lo = Math.min(lo, mean);
          hi = Math.max(hi, mean);
        }
      }
      return lo <= hi ? new Range(lo, hi) : null;
    }
  }

  /**
   * The metric's mean over two parameters: a column per value of {@code xp}, a row per value of
   * {@code yp} (a numeric one upwards), a cell per point of {@code points} (the first where two
   * share the values), coloured by {@code range} (null when no point has a value).
   */
  static String heatMap(String id, String metric, Param xp, Param yp, List<Point> points, Range range) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (String v : xp.values()) {
      columns.put(v, columns.size());
    }
    List<String> rowValues = new ArrayList<>(yp.values());
    if (yp.numeric()) {
      Collections.reverse(rowValues);
    }
    Map<String, Integer> rows = new LinkedHashMap<>();
    for (String v : rowValues) {
      rows.put(v, rows.size());
    }
    Map<List<Integer>, Point> cells = new LinkedHashMap<>();
    boolean anyFailed = false;
    boolean anyNoValue = false;
    for (Point p : points) {
      Integer c = columns.get(value(p, xp.path()));
      Integer row = rows.get(value(p, yp.path()));
      if (c == null || row == null || cells.putIfAbsent(List.of(c, row), p) != null) {
        continue;
      }
      anyFailed |= !p.ok();
      anyNoValue |= p.ok() && mean(p, metric) == null;
    }
    boolean anyMissing = cells.size() < columns.size() * rows.size();

    int nCols = columns.size();
    int nRows = rows.size();
    int longestRow = 0;
    for (String v : rowValues) {
      longestRow = Math.max(longestRow, abbreviate(v, 24).length());
    }
    double left = Math.min(240, Math.max(80, 40 + CHAR_WIDTH * longestRow));
    double right = 24;
    double top = 62;
    double plotW = HtmlCharts.WIDTH - left - right;
    double cellW = plotW / nCols;
    double cellH = Math.floor(Math.max(6, Math.min(40, HEAT_HEIGHT_BUDGET / nRows)) * 2) / 2;
    double plotH = cellH * nRows;
    int rowLabelEvery = cellH >= 13 ? 1 : (int) Math.ceil(13 / cellH);
    int longestCol = 0;
    for (String v : xp.values()) {
      longestCol = Math.max(longestCol, abbreviate(v, 16).length());
    }
    int colLabelEvery = (int) Math.max(1, Math.ceil((CHAR_WIDTH * longestCol + 8) / cellW));
    double bottom = 52;
    double height = top + plotH + bottom;

    String title = "Mean of " + metric + " over " + xp.path() + " and " + yp.path();
    Markup m = HtmlCharts.open(id, "heatmap", height, title);
    scaleLegend(m, id, left, range, anyFailed, anyNoValue, anyMissing);

    m.empty("rect", "class", "plot", "x", left, "y", top, "width", plotW, "height", plotH, "fill", NO_POINT,
        "stroke", HtmlCharts.GRID);
    for (Map.Entry<List<Integer>, Point> e : cells.entrySet()) {
      int c = e.getKey().get(0);
      int row = e.getKey().get(1);
      Point p = e.getValue();
      Double mean = p.ok() ? mean(p, metric) : null;
      String fill = !p.ok() ? FAILED_CELL : mean == null ? NO_VALUE_CELL : viridis(range.at(mean));
      String kind = !p.ok() ? "cell failed" : mean == null ? "cell no-value" : "cell";
      String tip = xp.path() + " = " + value(p, xp.path()) + ", " + yp.path() + " = " + value(p, yp.path()) + ": "
          + (p.ok() ? figures(p, metric) : "failed: " + p.error()) + " (point " + p.index() + ")";
      double cx = left + c * cellW;
      double cy = top + row * cellH;
      m.open("rect", "class", kind, "x", cx, "y", cy, "width", cellW, "height", cellH, "fill", fill,
          "stroke", "#ffffff", "stroke-width", "1").element("title", tip).close("rect");
      String text = !p.ok() ? "failed" : mean == null ? "none" : Numbers.significant(mean, 3);
      if (cellH >= 14 && CHAR_WIDTH * text.length() + 6 <= cellW) {
        m.element("text", text, "x", cx + cellW / 2, "y", cy + cellH / 2 + 4, "text-anchor", "middle",
            "font-size", "11", "fill", p.ok() && mean != null ? textOn(fill) : HtmlCharts.INK, "class", "cell-label");
      }
    }
    for (Map.Entry<String, Integer> e : rows.entrySet()) {
      if (e.getValue() % rowLabelEvery == 0) {
        abbreviated(m, e.getKey(), 24, "x", left - 8, "y", top + (e.getValue() + 0.5) * cellH + 4,
            "text-anchor", "end", "fill", HtmlCharts.INK, "class", "label",
            "font-size", cellH < 13 ? "10" : null);
      }
    }
    for (Map.Entry<String, Integer> e : columns.entrySet()) {
      if (e.getValue() % colLabelEvery == 0) {
        abbreviated(m, e.getKey(), 16, "x", left + (e.getValue() + 0.5) * cellW, "y", top + plotH + 16,
            "text-anchor", "middle", "fill", HtmlCharts.INK, "class", "label");
      }
    }
    abbreviated(m, xp.path(), 110, "x", left + plotW / 2, "y", height - 10, "text-anchor", "middle",
        "fill", HtmlCharts.SOFT_INK, "class", "axis-title");
    abbreviated(m, yp.path(), 30, "x", 14.0, "y", top + plotH / 2, "text-anchor", "middle",
        "fill", HtmlCharts.SOFT_INK, "class", "axis-title",
        "transform", "rotate(-90 14 " + Markup.num(top + plotH / 2) + ")");
    return m.close("svg").nl().toString();
  }

  /** The colour scale along the top: a gradient from the lowest to the highest mean, and the swatches. */
  private static void scaleLegend(Markup m, String id, double left, Range range, boolean failed, boolean noValue,
      boolean missing) {
    double x = left;
    double y = 12;
    double w = 220;
    if (range == null) {
      m.element("text", "No point that ran has a value for this metric.", "x", x, "y", y + 10,
          "fill", HtmlCharts.SOFT_INK, "class", "note");
      x += 320;
    } else if (range.high() > range.low()) {
      String gradient = id + "-scale";
      m.open("defs").open("linearGradient", "id", gradient, "x1", "0", "x2", "1", "y1", "0", "y2", "0");
      for (int i = 0; i < VIRIDIS.size(); i++) {
        m.empty("stop", "offset", Markup.num((double) i / (VIRIDIS.size() - 1)), "stop-color", VIRIDIS.get(i));
      }
      m.close("linearGradient").close("defs");
      m.empty("rect", "class", "scale", "x", x, "y", y, "width", w, "height", 12, "fill", "url(#" + gradient + ")");
      m.element("text", Numbers.significant(range.low(), 4), "x", x, "y", y + 28, "fill", HtmlCharts.SOFT_INK,
          "font-size", "11");
      m.element("text", Numbers.significant((range.low() + range.high()) / 2, 4), "x", x + w / 2, "y", y + 28,
          "fill", HtmlCharts.SOFT_INK, "font-size", "11", "text-anchor", "middle");
      m.element("text", Numbers.significant(range.high(), 4), "x", x + w, "y", y + 28, "fill", HtmlCharts.SOFT_INK,
          "font-size", "11", "text-anchor", "end");
      x += w + 28;
    } else {
      m.empty("rect", "class", "scale", "x", x, "y", y, "width", 24, "height", 12, "fill", viridis(0.5));
      String text = "every point: " + Numbers.significant(range.low(), 4);
      m.element("text", text, "x", x + 30, "y", y + 10, "fill", HtmlCharts.INK);
      x += 30 + CHAR_WIDTH * text.length() + 24;
    }
    String[][] swatches = {
        failed ? new String[] {FAILED_CELL, "failed"} : null,
        noValue ? new String[] {NO_VALUE_CELL, "no value"} : null,
        missing ? new String[] {NO_POINT, "no point"} : null};
    for (String[] s : swatches) {
      if (s == null) {
        continue;
      }
      m.empty("rect", "x", x, "y", y, "width", 12, "height", 12, "fill", s[0], "stroke", HtmlCharts.MUTED,
          "stroke-width", "0.5");
      m.element("text", s[1], "x", x + 17, "y", y + 10, "fill", HtmlCharts.INK);
      x += 17 + CHAR_WIDTH * s[1].length() + 20;
    }
  }

  /** The viridis colour at {@code t} in [0, 1], interpolated between its nine steps. */
  static String viridis(double t) {
    double at = Math.max(0, Math.min(1, t)) * (VIRIDIS.size() - 1);
    int i = Math.min(VIRIDIS.size() - 2, (int) Math.floor(at));
    double f = at - i;
    int a = Integer.parseInt(VIRIDIS.get(i).substring(1), 16);
    int b = Integer.parseInt(VIRIDIS.get(i + 1).substring(1), 16);
    StringBuilder sb = new StringBuilder("#");
    for (int shift = 16; shift >= 0; shift -= 8) {
      int ca = a >> shift & 0xff;
      int cb = b >> shift & 0xff;
      int c = (int) Math.round(ca + (cb - ca) * f);
      sb.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
    }
    return sb.toString();
  }

  /** Dark text on a light colour, white on a dark one. */
  static String textOn(String fill) {
    int rgb = Integer.parseInt(fill.substring(1), 16);
    double luma = 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
    return luma > 140 ? HtmlCharts.INK : "#ffffff";
  }
}
