package dev.svcsim.reports;

import dev.svcsim.reports.Report.EventRow;
import dev.svcsim.reports.Report.TimelineRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTML report's charts, drawn as inline SVG: the per-pod share bars against the uniform
 * share, the per-node shares (pod connections and ingress), and the delivered and failed
 * connections over time with the timeline's events. Every chart is {@value #WIDTH} units wide
 * (its {@code viewBox}; the page scales it to the column's width) and grows in height with its
 * rows, so a chart of 200 pods stays readable: bars get thinner, and below
 * {@value #MIN_LABEL_ROW} units per row only every k-th label is printed (every bar keeps its
 * {@code <title>} tooltip); with more than {@value #MAX_EVENT_LABELS} events, the events are
 * lines with tooltips, without labels.
 */
final class HtmlCharts {

  /** The width of every chart, in SVG user units. */
  static final int WIDTH = 960;

  /** Pod connections, delivered connections: the main series colour. */
  static final String DELIVERED = "#2563eb";
  /** Ingress connections per node. */
  static final String INGRESS = "#f59e0b";
  /** Failed connections. */
  static final String FAILED = "#dc2626";
  /** Timeline events. */
  static final String EVENT = "#7c3aed";
  /** Muted things: pods not Ready the whole window, the warmup. */
  static final String MUTED = "#9ca3af";

  static final String INK = "#1f2937";
  static final String SOFT_INK = "#6b7280";
  static final String GRID = "#e5e7eb";

  /** With more events than this, the chart marks each with a line and its tooltip only. */
  static final int MAX_EVENT_LABELS = 12;

  /** Rows thinner than this get no label of their own (every k-th row is labelled). */
  static final int MIN_LABEL_ROW = 13;

  private static final double CHAR_WIDTH = 6.6;
  private static final int MIN_ROW = 4;
  /** Rows share this much height before they start to shrink. */
  private static final int ROWS_HEIGHT_BUDGET = 780;

  private HtmlCharts() {}

  // ------------------------------------------------------------------ the charts

  /**
   * One bar per pod (sorted by name): its share of the Service's delivered connections, with a
   * dashed line at the uniform share {@code 1/n} over the pods Ready for the whole window. Pods
   * not Ready the whole window are hatched and say so.
   */
  static String podShares(String id, ServiceReport s) {
    int counted = s.skew().podsCounted();
    Double uniform = s.connections().delivered() == 0 ? null : s.uniformShare();
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
      PodReport p = e.getValue();
      String tip = e.getKey() + " on " + p.node() + ": " + Numbers.percent(p.share()) + " ("
          + p.connections() + " connections)" + (p.readyWholeWindow() ? "" : ", not Ready the whole window");
      rows.add(new Row(e.getKey(), !p.readyWholeWindow(),
          List.of(new Bar(p.share(), Numbers.percent(p.share()), tip))));
    }
    String empty = s.pods().isEmpty() ? "No pod was an endpoint of this Service."
        : s.connections().delivered() == 0 ? "No connection was delivered, so no pod has a share." : null;
    return barChart(id, "pod-shares", "Share of delivered connections per pod",
        List.of(new Series("share of connections", DELIVERED)), rows,
        uniform, uniform == null ? null : "uniform 1/" + counted + " = " + Numbers.percent(uniform),
        "not Ready the whole window", empty);
  }

  /** Two bars per node (sorted by name): its pods' share of the connections and its ingress share. */
  static String nodeShares(String id, ServiceReport s) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
      NodeReport n = e.getValue();
      String name = e.getKey();
      String label = n.zone() == null || n.zone().isEmpty() ? name : name + " (" + n.zone() + ")";
      rows.add(new Row(label, false, List.of(
          new Bar(n.share(), Numbers.percent(n.share()),
              name + ": pods served " + Numbers.percent(n.share()) + " (" + n.podConnections() + " connections)"),
          new Bar(n.ingressShare(), Numbers.percent(n.ingressShare()),
              name + ": entered here " + Numbers.percent(n.ingressShare()) + " (" + n.ingressConnections()
                  + " connections)"))));
    }
    String empty = s.nodes().isEmpty() ? "No node took part."
        : s.connections().delivered() == 0 ? "No connection was delivered, so no node has a share." : null;
    return barChart(id, "node-shares", "Share of delivered connections per node",
        List.of(new Series("served by the node's pods", DELIVERED), new Series("entered the cluster here", INGRESS)),
        rows, null, null, null, empty);
  }

  /**
   * Delivered (filled, blue) and failed (red) connections per interval for one Service, as
   * steps over each interval, with a dashed vertical line and a label per timeline event. The
   * time axis covers the measured window and every event (a warmup event is drawn left of 0,
   * over a grey warmup band).
   */
  static String timeline(String id, String service, Report r) {
    List<TimelineRow> rows = r.timeline().stream().filter(t -> t.service().equals(service)).toList();
    double step = r.intervalSeconds() > 0 ? r.intervalSeconds() : 1.0;
    double xMin = 0;
    double xMax = r.simulatedSeconds();
    long yMaxData = 0;
    for (TimelineRow t : rows) {
      xMin = Math.min(xMin, t.t());
      xMax = Math.max(xMax, t.t() + step);
      yMaxData = Math.max(yMaxData, Math.max(t.delivered(), t.failed()));
    }
    for (EventRow e : r.events()) {
      xMin = Math.min(xMin, e.t());
      xMax = Math.max(xMax, e.t());
    }
    if (!(xMax > xMin)) {
      xMax = xMin + 1;
    }
    boolean labelled = r.events().size() <= MAX_EVENT_LABELS;
    int lanes = labelled ? Math.min(3, r.events().size()) : 0;
    double left = 64;
    double right = 24;
    double top = 34 + lanes * 16;
    double plotH = 220;
    double bottom = 44;
    double height = top + plotH + bottom;
    Axis yAxis = Axis.of(yMaxData, 6, true);
    Axis xAxis = Axis.of(xMax - xMin, 10, false);
    double plotW = WIDTH - left - right;
    Scale x = new Scale(xMin, xMax, left, left + plotW);
    Scale y = new Scale(0, yAxis.top(), top + plotH, top);

    Markup m = open(id, "timeline", height,
        "Delivered and failed connections per interval of " + service);
    legend(m, 0, List.of(new Series("delivered", DELIVERED), new Series("failed", FAILED)),
        r.events().isEmpty() ? null : labelled ? "event" : r.events().size() + " events: hover a line for each",
        EVENT, null);
    if (xMin < 0) {
      m.empty("rect", "class", "warmup", "x", x.at(xMin), "y", top, "width",
          x.at(0) - x.at(xMin), "height", plotH, "fill", "#f3f4f6");
      m.element("text", "warmup", "x", x.at(xMin) + 4, "y", top + 14, "fill", SOFT_INK,
          "font-size", "11");
    }
    for (BigDecimal tick : yAxis.ticks()) {
      double ty = y.at(tick.doubleValue());
      m.empty("line", "x1", left, "x2", left + plotW, "y1", ty, "y2", ty, "stroke", GRID);
      m.element("text", label(tick), "x", left - 8, "y", ty + 4, "text-anchor", "end", "fill", SOFT_INK);
    }
    for (BigDecimal tick : xAxis.ticksWithin(xMin, xMax)) {
      double tx = x.at(tick.doubleValue());
      m.empty("line", "x1", tx, "x2", tx, "y1", top + plotH, "y2", top + plotH + 5, "stroke", SOFT_INK);
      m.element("text", label(tick), "x", tx, "y", top + plotH + 18, "text-anchor", "middle", "fill", SOFT_INK);
    }
    m.empty("line", "x1", left, "x2", left + plotW, "y1", top + plotH, "y2", top + plotH, "stroke", SOFT_INK);
    m.element("text", "seconds from the start of the measured window", "x", left + plotW / 2, "y", height - 8,
        "text-anchor", "middle", "fill", SOFT_INK);
    m.element("text", "connections per " + ReportText.seconds(step), "x", 14.0, "y", top + plotH / 2,
        "text-anchor", "middle", "fill", SOFT_INK,
        "transform", "rotate(-90 14 " + Markup.num(top + plotH / 2) + ")");

    if (rows.isEmpty()) {
      m.element("text", "No timeline rows for this Service.", "x", left + plotW / 2, "y", top + plotH / 2,
          "text-anchor", "middle", "fill", SOFT_INK, "class", "note");
    } else {
      StringBuilder area = new StringBuilder();
      StringBuilder deliveredLine = new StringBuilder();
      StringBuilder failedLine = new StringBuilder();
      double base = y.at(0);
      area.append("M").append(Markup.num(x.at(rows.get(0).t()))).append(' ').append(Markup.num(base));
      for (int i = 0; i < rows.size(); i++) {
        TimelineRow t = rows.get(i);
        double a = x.at(t.t());
        double b = x.at(t.t() + step);
        double d = y.at(t.delivered());
        double f = y.at(t.failed());
        step(area, "L", a, d, b);
        step(deliveredLine, i == 0 ? "M" : "L", a, d, b);
        step(failedLine, i == 0 ? "M" : "L", a, f, b);
      }
      area.append(" L").append(Markup.num(x.at(rows.get(rows.size() - 1).t() + step)))
          .append(' ').append(Markup.num(base)).append(" Z");
      m.empty("path", "class", "series delivered-area", "d", area.toString(), "fill", DELIVERED,
          "fill-opacity", "0.18", "stroke", "none");
      m.empty("path", "class", "series delivered", "d", deliveredLine.toString(), "fill", "none",
          "stroke", DELIVERED, "stroke-width", "2");
      m.empty("path", "class", "series failed", "d", failedLine.toString(), "fill", "none",
          "stroke", FAILED, "stroke-width", "2.5");
      for (TimelineRow t : rows) {
        double a = x.at(t.t());
        double b = x.at(t.t() + step);
        m.open("rect", "class", "hover", "x", a, "y", top, "width", Math.max(0, b - a), "height", plotH,
            "fill", "transparent");
        m.element("title", "t = " + ReportText.seconds(t.t()) + ": " + t.delivered() + " delivered, "
            + t.failed() + " failed");
        m.close("rect");
      }
    }

    for (int i = 0; i < r.events().size(); i++) {
      EventRow e = r.events().get(i);
      double ex = x.at(e.t());
      String text = e.action() + " " + e.target();
      m.open("g", "class", "event");
      m.element("title", "t = " + ReportText.seconds(e.t()) + ": " + text);
      if (labelled) {
        double labelY = 30 + (i % lanes) * 16;
        m.empty("line", "x1", ex, "x2", ex, "y1", labelY + 3, "y2", top + plotH, "stroke", EVENT,
            "stroke-width", "1.5", "stroke-dasharray", "5 3");
        boolean toTheLeft = ex > left + plotW * 0.7;
        m.element("text", ReportText.seconds(e.t()) + " " + text, "x", toTheLeft ? ex - 4 : ex + 4,
            "y", labelY, "fill", EVENT, "font-size", "11", "text-anchor", toTheLeft ? "end" : "start");
      } else {
        m.empty("line", "x1", ex, "x2", ex, "y1", top, "y2", top + plotH, "stroke", EVENT,
            "stroke-width", "1.5", "stroke-dasharray", "5 3");
      }
      m.close("g");
    }
    return m.close("svg").nl().toString();
  }

  private static void step(StringBuilder path, String command, double a, double v, double b) {
    path.append(path.length() == 0 ? "" : " ").append(command).append(Markup.num(a)).append(' ')
        .append(Markup.num(v)).append(" L").append(Markup.num(b)).append(' ').append(Markup.num(v));
  }

  // ------------------------------------------------------------------ horizontal bars

  /** A series of bars: one bar per row. */
  record Series(String name, String color) {}

  /** One bar: a fraction (null when there is none), the text printed beside it, its tooltip. */
  record Bar(Double value, String text, String tooltip) {}

  /** One row of bars, one per series; a muted row is hatched. */
  record Row(String label, boolean muted, List<Bar> bars) {}

  private static String barChart(
      String id, String kind, String title, List<Series> series, List<Row> rows,
      Double reference, String referenceLabel, String mutedLabel, String emptyNote) {
    int n = rows.size();
    int perRow = series.size();
    double rowH = Math.max(MIN_ROW, Math.min(8 + 14 * perRow, (double) ROWS_HEIGHT_BUDGET / Math.max(1, n)));
    rowH = Math.floor(rowH * 2) / 2;
    int labelEvery = rowH >= MIN_LABEL_ROW ? 1 : (int) Math.ceil(MIN_LABEL_ROW / rowH);
    boolean values = rowH >= MIN_LABEL_ROW;
    int longest = 0;
    for (Row r : rows) {
      longest = Math.max(longest, r.label().length());
    }
    double left = Math.min(260, Math.max(90, 16 + CHAR_WIDTH * longest));
    double right = 150;
    double top = emptyNote == null ? 48 : 70;
    double plotW = WIDTH - left - right;
    double plotH = Math.max(rowH, n * rowH);
    double bottom = 46 + (labelEvery > 1 ? 16 : 0);
    double height = top + plotH + bottom;
    double max = reference == null ? 0 : reference;
    for (Row r : rows) {
      for (Bar b : r.bars()) {
        if (b.value() != null) {
          max = Math.max(max, b.value());
        }
      }
    }
    Axis axis = Axis.of(max > 0 ? max * 100 : 10, 8, false);
    double scale = plotW / (axis.top() / 100);
    String hatch = id + "-hatch";

    Markup m = open(id, kind, height, title);
    if (mutedLabel != null && rows.stream().anyMatch(Row::muted)) {
      m.open("defs").open("pattern", "id", hatch, "patternUnits", "userSpaceOnUse", "width", 6, "height", 6,
          "patternTransform", "rotate(45)");
      m.empty("rect", "width", 6, "height", 6, "fill", "#f3f4f6");
      m.empty("line", "x1", 0, "y1", 0, "x2", 0, "y2", 6, "stroke", MUTED, "stroke-width", 3);
      m.close("pattern").close("defs");
    } else {
      mutedLabel = null;
    }
    legend(m, left, series, referenceLabel, INK, mutedLabel == null ? null : new String[] {hatch, mutedLabel});
    for (BigDecimal tick : axis.ticks()) {
      double tx = left + tick.doubleValue() / 100 * scale;
      m.empty("line", "x1", tx, "x2", tx, "y1", top, "y2", top + plotH, "stroke", GRID);
      m.element("text", label(tick) + "%", "x", tx, "y", top + plotH + 18, "text-anchor", "middle",
          "fill", SOFT_INK);
    }
    m.element("text", "share of the Service's delivered connections", "x", left + plotW / 2,
        "y", top + plotH + 36, "text-anchor", "middle", "fill", SOFT_INK);
    if (labelEvery > 1) {
      m.element("text", n + " rows, one label in " + labelEvery + "; hover a bar for its figures",
          "x", left + plotW / 2, "y", top + plotH + 52, "text-anchor", "middle", "fill", SOFT_INK,
          "font-size", "11");
    }
    double barH = rowH * (perRow == 1 ? 0.72 : 0.8) / perRow;
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      double rowTop = top + i * rowH;
      double pad = (rowH - barH * perRow) / 2;
      if (i % labelEvery == 0) {
        boolean cut = r.label().length() > 38;
        m.open("text", "x", left - 8, "y", rowTop + rowH / 2 + 4, "text-anchor", "end",
            "fill", r.muted() ? SOFT_INK : INK, "class", "label", "font-size", rowH < MIN_LABEL_ROW ? "10" : null);
        if (cut) {
          m.element("title", r.label()).text(r.label().substring(0, 37) + "\u2026");
        } else {
          m.text(r.label());
        }
        m.close("text");
      }
      double furthest = 0;
      for (int k = 0; k < perRow; k++) {
        Bar b = r.bars().get(k);
        double w = b.value() == null ? 0 : b.value() * scale;
        furthest = Math.max(furthest, w);
        String fill = r.muted() ? "url(#" + hatch + ")" : series.get(k).color();
        m.open("rect", "class", "bar s" + k, "x", left, "y", rowTop + pad + k * barH, "width", w,
            "height", barH - (perRow > 1 ? 1 : 0), "fill", fill,
            "stroke", r.muted() ? MUTED : null, "stroke-width", r.muted() ? "0.5" : null);
        m.element("title", b.tooltip()).close("rect");
        if (values && perRow > 1) {
          m.element("text", b.text(), "x", left + w + 6, "y", rowTop + pad + k * barH + barH / 2 + 4,
              "fill", SOFT_INK, "font-size", "11", "class", "value");
        }
      }
      if (values && perRow == 1) {
        String text = r.bars().get(0).text() + (r.muted() ? " \u00b7 not Ready the whole window" : "");
        m.element("text", text, "x", left + furthest + 6, "y", rowTop + rowH / 2 + 4,
            "fill", r.muted() ? SOFT_INK : INK, "font-size", "12", "class", "value");
      }
    }
    m.empty("line", "x1", left, "x2", left, "y1", top, "y2", top + plotH, "stroke", SOFT_INK);
    if (reference != null) {
      double rx = left + reference * scale;
      m.empty("line", "class", "reference", "x1", rx, "x2", rx, "y1", top - 6, "y2", top + plotH, "stroke", INK,
          "stroke-width", "1.5", "stroke-dasharray", "6 4");
    }
    if (emptyNote != null) {
      m.element("text", emptyNote, "x", left, "y", 44.0, "fill", SOFT_INK, "class", "note");
    }
    return m.close("svg").nl().toString();
  }

  // ------------------------------------------------------------------ shared parts

  /** The opening {@code <svg>} of a chart, with its accessible title. */
  static Markup open(String id, String kind, double height, String title) {
    Markup m = new Markup();
    m.open("svg", "xmlns", "http://www.w3.org/2000/svg", "id", id, "class", "chart " + kind,
        "viewBox", "0 0 " + WIDTH + " " + Markup.num(Math.ceil(height)), "width", WIDTH,
        "height", Math.ceil(height), "role", "img", "aria-label", title);
    return m.element("title", title);
  }

  /**
   * A legend along the top: a swatch per series, then optionally a dashed line (a reference or
   * an event) and a hatched swatch ({@code hatch[0]} is the pattern's id, {@code hatch[1]} its
   * label).
   */
  private static void legend(Markup m, double x, List<Series> series, String lineLabel, String lineColor,
      String[] hatch) {
    double at = Math.max(x, 12);
    double y = 16;
    for (Series s : series) {
      m.empty("rect", "x", at, "y", y - 9, "width", 12, "height", 12, "rx", 2, "fill", s.color());
      m.element("text", s.name(), "x", at + 17, "y", y + 1, "fill", INK);
      at += 17 + CHAR_WIDTH * s.name().length() + 22;
    }
    if (hatch != null) {
      m.empty("rect", "x", at, "y", y - 9, "width", 12, "height", 12, "fill", "url(#" + hatch[0] + ")",
          "stroke", MUTED, "stroke-width", "0.5");
      m.element("text", hatch[1], "x", at + 17, "y", y + 1, "fill", INK);
      at += 17 + CHAR_WIDTH * hatch[1].length() + 22;
    }
    if (lineLabel != null) {
      m.empty("line", "x1", at, "x2", at + 18, "y1", y - 3, "y2", y - 3, "stroke", lineColor,
          "stroke-width", "1.5", "stroke-dasharray", "5 3");
      m.element("text", lineLabel, "x", at + 23, "y", y + 1, "fill", INK);
    }
  }

  /** A linear map from a domain {@code [d0, d1]} to SVG coordinates {@code [r0, r1]}. */
  record Scale(double d0, double d1, double r0, double r1) {
    double at(double v) {
      return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
    }
  }

  /** A tick's label: its exact decimal value, without trailing zeros. */
  static String label(BigDecimal tick) {
    return tick.signum() == 0 ? "0" : tick.stripTrailingZeros().toPlainString();
  }

  /**
   * A linear axis whose step is "nice" (1, 2 or 5 times a power of ten), computed in decimal so
   * that the labels are exact and the same on every JDK.
   *
   * @param start the first tick, a multiple of the step (0 for an axis from 0)
   * @param step the distance between ticks
   * @param count the number of steps from the start to the top
   */
  record Axis(BigDecimal start, BigDecimal step, int count) {

    /** An axis from 0 covering {@code max} in at most about {@code ticks} steps. */
    static Axis of(double max, int ticks, boolean integers) {
      double cover = max > 0 ? max : 1;
      BigDecimal exact = new BigDecimal(cover);
      BigDecimal step = niceStep(exact, ticks, integers ? 0 : -6);
      int count = exact.divide(step, 0, RoundingMode.CEILING).intValueExact();
      return new Axis(BigDecimal.ZERO, step, Math.max(1, count));
    }

    /**
     * An axis covering {@code [low, high]} (with {@code low < high}) in at most about
     * {@code ticks} steps, from the multiple of the step at or below {@code low} to the one at
     * or above {@code high}: not necessarily from 0.
     */
    static Axis between(double low, double high, int ticks) {
      if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
        throw new IllegalArgumentException("no axis from " + low + " to " + high);
      }
      // Twelve significant digits, so that the double nearest 1.3 ends an axis at 1.3, not above.
      MathContext digits = new MathContext(Numbers.SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
      BigDecimal lo = new BigDecimal(low).round(digits);
      BigDecimal hi = new BigDecimal(high).round(digits);
      if (lo.compareTo(hi) == 0) {
        lo = new BigDecimal(low);
        hi = new BigDecimal(high);
      }
      BigDecimal step = niceStep(hi.subtract(lo), ticks, Integer.MIN_VALUE);
      BigDecimal start = lo.divide(step, 0, RoundingMode.FLOOR).multiply(step);
      int count = hi.subtract(start).divide(step, 0, RoundingMode.CEILING).intValueExact();
      return new Axis(start, step, Math.max(1, count));
    }

    /**
     * The smallest of 1, 2, 5 times a power of ten (from {@code 10^minPower}) whose
     * {@code ticks} steps cover {@code span}, a positive number.
     */
    private static BigDecimal niceStep(BigDecimal span, int ticks, int minPower) {
      // The answer is at least span / ticks: start one power of ten below that.
      int magnitude = span.precision() - span.scale() - 1 - Integer.toString(ticks).length() - 1;
      for (int power = Math.max(minPower, magnitude); power < 310; power++) {
        for (int mantissa : new int[] {1, 2, 5}) {
          BigDecimal step = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(power);
          if (step.multiply(BigDecimal.valueOf(ticks)).compareTo(span) >= 0) {
            return step;
          }
        }
      }
      throw new IllegalArgumentException("no axis for " + span);
    }

    /** The axis' end, a multiple of the step. */
    double top() {
      return start.add(step.multiply(BigDecimal.valueOf(count))).doubleValue();
    }

    /** The axis' start. */
    double bottom() {
      return start.doubleValue();
    }

    /** The ticks from the start to the top. */
    List<BigDecimal> ticks() {
      List<BigDecimal> out = new ArrayList<>();
      for (int i = 0; i <= count; i++) {
        out.add(start.add(step.multiply(BigDecimal.valueOf(i))));
      }
      return out;
    }

    /** The multiples of the step within {@code [from, to]}. */
    List<BigDecimal> ticksWithin(double from, double to) {
      List<BigDecimal> out = new ArrayList<>();
      BigDecimal end = new BigDecimal(to);
      BigDecimal t = new BigDecimal(from).divide(step, 0, RoundingMode.CEILING).multiply(step);
      for (; t.compareTo(end) <= 0; t = t.add(step)) {
        out.add(t);
      }
      return out;
    }
  }
}
