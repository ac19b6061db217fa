package dev.svcsim.reports;

import static dev.svcsim.reports.HtmlReportWriterTest.SVG_NS;
import static dev.svcsim.reports.HtmlReportWriterTest.chart;
import static dev.svcsim.reports.HtmlReportWriterTest.elements;
import static dev.svcsim.reports.HtmlReportWriterTest.number;
import static dev.svcsim.reports.HtmlReportWriterTest.parse;
import static dev.svcsim.reports.HtmlReportWriterTest.svgs;
import static dev.svcsim.reports.SweepSamples.MODE;
import static dev.svcsim.reports.SweepSamples.P99;
import static dev.svcsim.reports.SweepSamples.REPLICAS;
import static dev.svcsim.reports.SweepSamples.SKEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.reports.SweepResults.Point;
import dev.svcsim.reports.SweepResults.Stat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The sweep page: well-formed, a line chart per metric and numeric parameter, a heat map where
 * two parameters vary, every point in the table, failed points out of the charts, escaped,
 * deterministic, and sensible at the edges (one point, all failed, no values, many points).
 */
class SweepHtmlWriterTest {

  /** The charts of a kind ({@code sweep-line} or {@code heatmap}), in page order. */
  static List<Document> charts(List<Document> svgs, String kind) {
    return svgs.stream()
        .filter(d -> List.of(d.getDocumentElement().getAttribute("class").split(" ")).contains(kind)).toList();
  }

  /** The rows of the table of all points. */
  static List<Element> tableRows(Document page) {
    List<Element> out = new ArrayList<>();
    for (Element table : elements(page, "table", "points")) {
      NodeList rows = table.getElementsByTagName("tbody").getLength() == 0 ? null
          : ((Element) table.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
      for (int i = 0; rows != null && i < rows.getLength(); i++) {
        out.add((Element) rows.item(i));
      }
    }
    return out;
  }

  static List<String> cells(Element row) {
    List<String> out = new ArrayList<>();
    NodeList tds = row.getElementsByTagName("td");
    for (int i = 0; i < tds.getLength(); i++) {
      out.add(tds.item(i).getTextContent());
    }
    return out;
  }

  static String text(Document d) {
    return d.getDocumentElement().getTextContent();
  }

  @Test
  void thePageIsWellFormedAndSelfContained() throws Exception {
    String html = SweepHtmlWriter.write(SweepSamples.replicasByMode());
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html.substring(0, 60));
    Document page = parse(html);
    assertEquals("html", page.getDocumentElement().getTagName());
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
        + " style-src &#39;unsafe-inline&#39;\"/>"), "the run report's policy: fetch nothing");
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script");
    assertFalse(html.contains("src="), "no src attribute");
    assertFalse(html.contains("@import"));
    assertFalse(html.contains("NaN") || html.contains("Infinity"));
    Matcher url = Pattern.compile("https?://[^\"'\\s)]*").matcher(html);
    while (url.find()) {
      assertEquals(SVG_NS, url.group(), "the only URL is the SVG namespace");
    }
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      assertTrue(href.group(1).startsWith("#"), "links stay in the page: " + href.group());
    }
    Matcher cssUrl = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
    while (cssUrl.find()) {
      assertTrue(cssUrl.group(1).startsWith("#"), "url() only for gradients of the page: " + cssUrl.group());
    }
    String header = text(page);
    assertTrue(header.contains("svcsim sweep replicas-by-mode"), "the sweep's name");
    assertTrue(header.contains("seed 42 \u00b7 5 replications per point \u00b7 10 points, 0 failed"), header);
  }

  @Test
  void aLineChartPerMetricAndNumericParameterAndAHeatMapPerMetric() throws Exception {
    SweepResults r = SweepSamples.replicasByMode();
    List<Document> svgs = svgs(SweepHtmlWriter.write(r));
    List<Document> lines = charts(svgs, "sweep-line");
    assertEquals(2 * 1, lines.size(), "2 metrics x 1 numeric parameter (mode is categorical)");
    assertEquals(2, charts(svgs, "heatmap").size(), "two parameters vary: a heat map per metric");
    assertEquals(lines.size() + 2, svgs.size(), "nothing else");

    Document skew = chart(svgs, "metric-1-x1");
    assertTrue(text(skew).contains(SKEW) && text(skew).contains(REPLICAS));
    assertEquals(2, elements(skew, "path", "series").size(), "a line per mode");
    assertEquals(10, elements(skew, "circle", "point").size() + elements(skew, "rect", "point").size(),
        "a marker per point");
    assertEquals(2, elements(skew, "path", "ci").size(), "error bars per line");
    assertEquals(2, elements(skew, "g", "legend-entry").size(), "a legend entry per line");
    assertTrue(text(skew).contains(MODE + " = iptables") && text(skew).contains(MODE + " = ipvs"));

    // The x of a marker grows with replicas; its y falls with the mean (skew falls with replicas).
    List<Element> iptables = elements(skew, "circle", "s0");
    assertEquals(5, iptables.size());
    for (int i = 1; i < iptables.size(); i++) {
      assertTrue(number(iptables.get(i), "cx") > number(iptables.get(i - 1), "cx"), "x in replicas' order");
      assertTrue(number(iptables.get(i), "cy") > number(iptables.get(i - 1), "cy"), "lower skew lower down");
    }
    assertTrue(iptables.get(0).getTextContent().contains(REPLICAS + " = 2: mean 1.3, 95% CI 1.28 to 1.32, n = 5"),
        iptables.get(0).getTextContent());

    // The two lines differ in colour and in dash pattern.
    List<Element> series = elements(skew, "path", "series");
    assertNotEquals(series.get(0).getAttribute("stroke"), series.get(1).getAttribute("stroke"));
    assertNotEquals(series.get(0).getAttribute("stroke-dasharray"), series.get(1).getAttribute("stroke-dasharray"));

    Document heat = chart(svgs, "metric-2-heat-1");
    List<Element> cells = elements(heat, "rect", "cell");
    assertEquals(10, cells.size(), "a cell per point");
    assertEquals(1, elements(heat, "rect", "scale").size(), "a colour scale");
    Set<String> fills = new HashSet<>();
    for (Element c : cells) {
      fills.add(c.getAttribute("fill"));
    }
    assertTrue(fills.size() >= 8, "the means differ, so do the colours: " + fills);
    List<String> labels = elements(heat, "text", "cell-label").stream().map(Element::getTextContent).toList();
    assertTrue(labels.contains("11") && labels.contains("8.6"), "cells labelled with the mean: " + labels);
    // The lowest p99 (ipvs, 2 replicas) has the scale's lowest colour, the highest its highest.
    assertEquals(SweepCharts.VIRIDIS.get(0), fill(cells, REPLICAS + " = 2, " + MODE + " = ipvs"));
    assertEquals(SweepCharts.VIRIDIS.get(8), fill(cells, REPLICAS + " = 10, " + MODE + " = iptables"));
  }

  private static String fill(List<Element> cells, String values) {
    return cells.stream().filter(c -> c.getTextContent().startsWith(values)).findFirst()
        .orElseThrow(() -> new AssertionError("no cell " + values)).getAttribute("fill");
  }

  @Test
  void everyPointIsInTheTableWithItsFigures() throws Exception {
    SweepResults r = SweepSamples.replicasByMode();
    Document page = parse(SweepHtmlWriter.write(r));
    List<Element> rows = tableRows(page);
    assertEquals(r.points().size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Point p = r.points().get(i);
      List<String> cells = cells(rows.get(i));
      assertEquals(List.of(Integer.toString(p.index()), p.values().get(REPLICAS), p.values().get(MODE)),
          cells.subList(0, 3));
      assertEquals("", cells.get(5), "no error");
    }
    assertEquals(List.of("0", "2", "iptables", "1.300 \u00b1 0.020", "11.00 \u00b1 0.40", ""), cells(rows.get(0)));
    Element skewCell = (Element) rows.get(0).getElementsByTagName("td").item(3);
    assertTrue(skewCell.getAttribute("title").startsWith("n = 5, mean 1.3, sd 0.0072"), skewCell.getAttribute("title"));
  }

  @Test
  void failedPointsAreInTheTableAndInNoChart() throws Exception {
    SweepResults r = SweepSamples.replicasByMode(3, 8);
    String html = SweepHtmlWriter.write(r);
    Document page = parse(html);
    List<Element> rows = tableRows(page);
    assertEquals(10, rows.size(), "the failed points too");
    for (int i : List.of(3, 8)) {
      assertEquals("fail", rows.get(i).getAttribute("class"));
      List<String> cells = cells(rows.get(i));
      assertEquals(List.of("-", "-"), cells.subList(3, 5), "no figures");
      assertTrue(cells.get(5).startsWith("replication 0: bad value"), cells.get(5));
      assertTrue(cells.get(5).contains("<boom> & done"), "the error reads as written");
    }
    assertTrue(html.contains("&lt;boom&gt; &amp; done"));
    assertTrue(text(page).contains("2 of 10 points failed"));

    List<Document> svgs = svgs(html);
    for (Document line : charts(svgs, "sweep-line")) {
      int markers = elements(line, "circle", "point").size() + elements(line, "rect", "point").size();
      assertEquals(8, markers, "the 8 points that ran");
      assertFalse(text(line).contains("point 3)") || text(line).contains("point 8)"), "no failed point");
      // ipvs at 4 replicas (point 3) failed: its line has 4 points, joined over the gap.
      Element ipvs = elements(line, "path", "s1").stream().filter(e -> e.getAttribute("class").contains("series"))
          .findFirst().orElseThrow();
      assertEquals(4, ipvs.getAttribute("d").split("[ML]").length - 1, ipvs.getAttribute("d"));
    }
    for (Document heat : charts(svgs, "heatmap")) {
      assertEquals(2, elements(heat, "rect", "failed").size(), "failed cells are marked, without colour");
      for (Element c : elements(heat, "rect", "failed")) {
        assertEquals(SweepCharts.FAILED_CELL, c.getAttribute("fill"));
        assertTrue(c.getTextContent().contains("failed: replication 0"), c.getTextContent());
      }
    }
    // The colour scale spans the points that ran only.
    assertTrue(html.contains("failed points") && html.contains("Left out: 2 failed points."));
  }

  @Test
  void aScriptInAParameterValueIsText() throws Exception {
    String evil = "<script>alert('x')</script>";
    String evilPath = "spec.\"a\"&<b>";
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(REPLICAS, List.of("2", "4"));
    params.put(evilPath, List.of("iptables", evil));
    SweepResults r = SweepSamples.grid("</title><script>x</script>", params, List.of(SKEW, "a<b>.c"),
        SweepSamples::figures, Set.of(1));
    String html = SweepHtmlWriter.write(r);
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "never raw");
    assertFalse(html.contains(evilPath) || html.contains("<b>"));
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    Document page = parse(html);
    assertTrue(text(page).contains(evil), "reads as written");
    assertEquals("svcsim sweep: </title><script>x</script>", page.getElementsByTagName("title").item(0).getTextContent());
    List<Document> svgs = svgs(html);
    assertTrue(text(chart(svgs, "metric-1-x1")).contains(evilPath + " = " + evil), "the legend");
    assertTrue(text(chart(svgs, "metric-2-heat-1")).contains(evil), "the heat map's rows");
    assertTrue(cells(tableRows(page).get(3)).contains(evil), "the table");
  }

  @Test
  void theSameResultsGiveTheSameBytes() {
    String first = SweepHtmlWriter.write(SweepSamples.replicasByMode(3));
    assertEquals(first, SweepHtmlWriter.write(SweepSamples.replicasByMode(3)), "built twice, written twice");
    SweepResults many = many();
    assertEquals(SweepHtmlWriter.write(many), SweepHtmlWriter.write(many));
  }

  @Test
  void onePoint() throws Exception {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(REPLICAS, List.of("3"));
    params.put(MODE, List.of("ipvs"));
    String html = SweepHtmlWriter.write(SweepSamples.grid("one", params, List.of(SKEW), SweepSamples::figures, Set.of()));
    Document page = parse(html);
    assertTrue(svgs(html).isEmpty(), "nothing varies, nothing to chart");
    assertTrue(text(page).contains("One point: nothing varies"));
    assertEquals(1, tableRows(page).size());
  }

  @Test
  void allPointsFailed() throws Exception {
    String html = SweepHtmlWriter.write(SweepSamples.replicasByMode(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    Document page = parse(html);
    assertTrue(svgs(html).isEmpty());
    assertTrue(text(page).contains("No point ran: every point failed"));
    assertEquals(10, tableRows(page).size());
    assertTrue(tableRows(page).stream().allMatch(row -> row.getAttribute("class").equals("fail")));
  }

  @Test
  void nullMeansAndAConstantMetric() throws Exception {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(REPLICAS, SweepSamples.range(2, 10, 2));
    params.put(MODE, List.of("iptables", "ipvs"));
    SweepResults r = SweepSamples.grid("edges", params, List.of("nothing", "constant", "some"), (values, metric) ->
        switch (metric) {
          case "nothing" -> new Stat(0, null, null, null, null);
          case "constant" -> new Stat(5, 0.25, 0.0, 0.25, 0.25);
          default -> values.get(REPLICAS).equals("4") ? new Stat(0, null, null, null, null)
              : new Stat(1, 2.0, null, null, null);
        }, Set.of());
    String html = SweepHtmlWriter.write(r);
    assertFalse(html.contains("NaN") || html.contains("Infinity"));
    List<Document> svgs = svgs(html);
    assertEquals(6, svgs.size(), "every chart is drawn");

    Document nothing = chart(svgs, "metric-1-x1");
    assertTrue(elements(nothing, "path", "series").isEmpty());
    assertEquals("No point that ran has a value for this metric.", elements(nothing, "text", "note").get(0)
        .getTextContent());
    Document nothingHeat = chart(svgs, "metric-1-heat-1");
    assertEquals(10, elements(nothingHeat, "rect", "no-value").size());

    Document constant = chart(svgs, "metric-2-x1");
    assertEquals(2, elements(constant, "path", "series").size());
    for (Element e : elements(constant, "circle", "point")) {
      assertEquals(elements(constant, "circle", "point").get(0).getAttribute("cy"), e.getAttribute("cy"), "flat");
    }
    Document constantHeat = chart(svgs, "metric-2-heat-1");
    assertTrue(text(constantHeat).contains("every point: 0.25"), "the scale says so");
    assertEquals(Set.of(SweepCharts.viridis(0.5)),
        Set.copyOf(elements(constantHeat, "rect", "cell").stream().map(c -> c.getAttribute("fill")).toList()));

    // No interval (n = 1): markers without error bars; the lines join over the points without a value.
    Document some = chart(svgs, "metric-3-x1");
    assertTrue(elements(some, "path", "ci").isEmpty());
    assertEquals(8, elements(some, "circle", "point").size() + elements(some, "rect", "point").size());
    for (Element line : elements(some, "path", "series")) {
      assertEquals(4, line.getAttribute("d").split("[ML]").length - 1, "4 of 5 replicas: " + line.getAttribute("d"));
    }
    assertTrue(html.contains("Left out: 2 points without a value."));
    List<String> row = cells(tableRows(parse(html)).get(0));
    assertEquals(List.of("-", "0.25 \u00b1 0", "2"), row.subList(3, 6), "no mean, no interval, no interval");
  }

  /** 10 x 5 x 8 = 400 points, two parameters numeric: lines only. */
  static SweepResults many() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(REPLICAS, SweepSamples.range(2, 20, 2));
    params.put("spec.clients[0].requestsPerConnection", List.of("1", "10", "25", "50", "100"));
    params.put(MODE, List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"));
    return SweepSamples.grid("many", params, List.of(SKEW, P99), SweepSamples::figures, Set.of(17));
  }

  @Test
  void hundredsOfPointsKeepTheSvgSmall() throws Exception {
    SweepResults r = many();
    String html = SweepHtmlWriter.write(r);
    List<Document> svgs = svgs(html);
    assertEquals(2 * 2, charts(svgs, "sweep-line").size(), "2 metrics x 2 numeric parameters");
    assertEquals(2 * SweepHtmlWriter.MAX_HEATMAPS, charts(svgs, "heatmap").size(), "small multiples, capped");
    assertTrue(html.contains("more heat maps, one per combination of " + MODE + ", are left out"), "says so");
    Document byReplicas = chart(svgs, "metric-1-x1");
    assertTrue(elements(byReplicas, "circle", "point").isEmpty(), "over " + SweepCharts.MAX_MARKERS + ": no markers");
    assertEquals(40, elements(byReplicas, "path", "series").size(), "one line per mode x requests");
    assertTrue(text(byReplicas).contains("40 lines, one per combination of"), "a note instead of a legend");
    Matcher svg = Pattern.compile("<svg[ >].*?</svg>", Pattern.DOTALL).matcher(html);
    while (svg.find()) {
      assertTrue(svg.group().length() < 80_000, "a chart of " + svg.group().length() + " characters");
    }
    assertTrue(html.length() < 1_000_000, "the page: " + html.length() + " characters");
    assertEquals(400, tableRows(parse(html)).size());
  }

  @Test
  void threeVaryingParametersGiveAHeatMapPerCombinationOfTheThird() throws Exception {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(MODE, List.of("iptables", "ipvs"));
    params.put(REPLICAS, SweepSamples.range(2, 10, 2));
    params.put("spec.manifests[1].spec.externalTrafficPolicy", List.of("Cluster", "Local"));
    List<Document> svgs = svgs(SweepHtmlWriter.write(
        SweepSamples.grid("three", params, List.of(SKEW), SweepSamples::figures, Set.of())));
    List<Document> heat = charts(svgs, "heatmap");
    assertEquals(2, heat.size(), "one per traffic policy");
    for (Document h : heat) {
      assertEquals(10, elements(h, "rect", "cell").size());
      // replicas has more values than mode: it goes across.
      List<String> columns = elements(h, "text", "label").stream().map(Element::getTextContent).toList();
      assertTrue(columns.containsAll(List.of("2", "4", "6", "8", "10", "iptables", "ipvs")), columns.toString());
    }
    assertTrue(text(chart(svgs, "metric-1-x2")).contains(MODE + " = ipvs, spec.manifests[1].spec.externalTrafficPolicy"
        + " = Local"), "lines by the combination of the two others");
  }

  @Test
  void longPathsAreAbbreviatedInTheChartsWithTheWholeAsATooltip() throws Exception {
    String longPath = "spec.manifests[12].spec.template.spec.containers[0].resources.limits.cpuMillicoresPerReplica";
    String longMetric = "services[\"a-very-long-namespace/a-very-long-service-name\"].latencyMs.p999";
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(longPath, List.of("100", "200", "400"));
    params.put(MODE, List.of("iptables", "ipvs"));
    String html = SweepHtmlWriter.write(SweepSamples.grid("long", params, List.of(longMetric),
        (v, m) -> SweepSamples.stat(Double.parseDouble(v.get(longPath)) / 100, 0.1), Set.of()));
    List<Document> svgs = svgs(html);
    Document line = chart(svgs, "metric-1-x1");
    Element yTitle = elements(line, "text", "axis-title").get(1);
    assertTrue(yTitle.getTextContent().startsWith(longMetric), "the tooltip holds the whole path");
    String shown = yTitle.getLastChild().getTextContent();
    assertTrue(shown.startsWith("\u2026") && shown.length() <= 44 && longMetric.endsWith(shown.substring(1)), shown);
    assertEquals(SweepCharts.abbreviate(longPath, 110), longPath, "fits under the chart");
    assertEquals("\u2026cpuMillicoresPerReplica", SweepCharts.abbreviate(longPath, 28), "cut after a dot");
    // In the page's text, a long path may break before each dot.
    assertTrue(html.contains("<code class=\"path\">spec<wbr/>.manifests<wbr/>[12]<wbr/>.spec"));
  }

  @Test
  void meansAndHalfWidthsAreRoundedTogether() {
    assertEquals("1.235 \u00b1 0.012", SweepHtmlWriter.meanAndHalfWidth(new Stat(5, 1.23456, 0.01, 1.2222, 1.2469)));
    assertEquals("12300 \u00b1 1200", SweepHtmlWriter.meanAndHalfWidth(new Stat(5, 12345.0, 1.0, 11111.0, 13579.0)));
    assertEquals("0.1235", SweepHtmlWriter.meanAndHalfWidth(new Stat(1, 0.123456, null, null, null)));
    assertEquals("-0.01 \u00b1 0.10", SweepHtmlWriter.meanAndHalfWidth(new Stat(3, -0.01, 0.05, -0.11, 0.09)));
    assertEquals("0.00 \u00b1 0.10", SweepHtmlWriter.meanAndHalfWidth(new Stat(3, -0.001, 0.05, -0.101, 0.099)),
        "no negative zero");
    assertEquals("-", SweepHtmlWriter.meanAndHalfWidth(new Stat(0, null, null, null, null)));
    assertEquals("-", SweepHtmlWriter.meanAndHalfWidth(null));
  }

  @Test
  void numericParametersAreThoseWhoseValuesAllParse() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("a", List.of("10", "2", "1e1", "-0.5"));
    params.put("b", List.of("1", "two"));
    params.put("c", List.of("0x10", "NaN"));
    List<SweepCharts.Param> p = SweepCharts.params(
        SweepSamples.grid("kinds", params, List.of(SKEW), (v, m) -> SweepSamples.stat(1, 0.1), Set.of()));
    assertTrue(p.get(0).numeric());
    assertEquals(List.of("-0.5", "2", "10", "1e1"), p.get(0).values(), "numeric order, stable for equal numbers");
    assertFalse(p.get(1).numeric());
    assertEquals(List.of("1", "two"), p.get(1).values(), "the points' order");
    assertFalse(p.get(2).numeric(), "hexadecimal and NaN are not numbers here");
  }

  @Test
  void axesBetweenTwoValuesEndOnRoundNumbers() {
    HtmlCharts.Axis a = HtmlCharts.Axis.between(1.02, 1.3, 6);
    assertEquals(List.of("1", "1.05", "1.1", "1.15", "1.2", "1.25", "1.3"),
        a.ticks().stream().map(HtmlCharts::label).toList(), "1.3 (a little above in binary) ends the axis");
    HtmlCharts.Axis b = HtmlCharts.Axis.between(-3.5, 7, 5);
    assertEquals(List.of("-5", "0", "5", "10"), b.ticks().stream().map(HtmlCharts::label).toList());
    assertEquals(-5.0, b.bottom());
    assertEquals(10.0, b.top());
    HtmlCharts.Axis c = HtmlCharts.Axis.between(1e-9, 3e-9, 4);
    assertEquals(List.of("0.000000001", "0.0000000015", "0.000000002", "0.0000000025", "0.000000003"),
        c.ticks().stream().map(HtmlCharts::label).toList(), "tiny values too");
  }
}
