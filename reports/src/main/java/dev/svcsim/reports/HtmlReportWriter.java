package dev.svcsim.reports;

import dev.svcsim.reports.Report.EventRow;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Writes the report as one self-contained HTML5 page: inline CSS and inline SVG, no script, no
 * font, image or link to any other host (a Content-Security-Policy forbids fetching anything),
 * so it opens offline and can be attached to a CI run. The page starts with the run (scenario,
 * seed, kube-proxy mode, measured time), the expectations (PASS/FAIL), the warnings and the
 * timeline's events; then per Service: key figures, the per-pod share chart against the uniform
 * share, the per-node share chart, the connections over time with the events, the topology
 * picture ({@link TopologyPicture}, built with JGraphT), and the tables of the text report.
 *
 * <p>Every string is escaped and every number formatted by {@link Numbers} (coordinates by
 * {@link Markup#num}), and everything is written in the report's sorted order, so the same
 * report gives the same bytes on every JDK. The page is well-formed XML as well as HTML.
 */
public final class HtmlReportWriter implements ReportWriter {

  static final String FONTS = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\","
      + " \"Noto Sans\", \"Liberation Sans\", Arial, sans-serif";

  /** The page's style sheet, shared with the sweep page ({@link SweepHtmlWriter}). */
  static final String CSS = String.join("\n",
      ":root { color-scheme: light; --ink: #1f2937; --soft: #6b7280; --line: #e5e7eb; --panel: #f9fafb;"
          + " --pass: #15803d; --fail: #b91c1c; }",
      "* { box-sizing: border-box; }",
      "body { margin: 0; background: #f3f4f6; color: var(--ink); font: 15px/1.5 " + FONTS + "; }",
      "main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 48px; }",
      "h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }",
      "h1 .scenario { color: #2563eb; }",
      "h2 { font-size: 20px; margin: 0 0 12px; }",
      "h3 { font-size: 13px; margin: 26px 0 8px; text-transform: uppercase; letter-spacing: 0.05em;"
          + " color: var(--soft); }",
      ".meta { color: var(--soft); margin: 0; }",
      ".panel { background: #ffffff; border: 1px solid var(--line); border-radius: 12px;"
          + " padding: 18px 22px; margin: 18px 0; }",
      ".verdict { font-weight: 600; margin: 0 0 10px; }",
      ".verdict.pass { color: var(--pass); }",
      ".verdict.fail { color: var(--fail); }",
      ".scroll { overflow-x: auto; }",
      "table { border-collapse: collapse; width: 100%; font-size: 14px; }",
      "th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line);"
          + " vertical-align: top; }",
      "th { font-weight: 600; color: var(--soft); background: var(--panel); white-space: nowrap; }",
      ".num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }",
      "table.kv th { width: 190px; background: none; }",
      "table.pods td, table.nodes td { white-space: nowrap; }",
      "table.pods th, table.pods td { padding-left: 8px; padding-right: 8px; }",
      "tr.muted td { color: var(--soft); }",
      "tr.fail td { background: #fef2f2; }",
      ".badge { display: inline-block; min-width: 46px; text-align: center; padding: 1px 8px;"
          + " border-radius: 999px; font-weight: 700; font-size: 12px; letter-spacing: 0.04em; color: #ffffff; }",
      ".badge.pass { background: var(--pass); }",
      ".badge.fail { background: var(--fail); }",
      "code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, \"Liberation Mono\", monospace;"
          + " font-size: 13px; }",
      "ul.warnings { margin: 0; padding: 0; list-style: none; }",
      "ul.warnings li { background: #fffbeb; border-left: 4px solid #f59e0b; padding: 6px 10px; margin: 6px 0; }",
      "nav ul { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 8px; }",
      "nav a { display: inline-block; padding: 4px 10px; border: 1px solid var(--line); border-radius: 999px;"
          + " background: #ffffff; color: var(--ink); text-decoration: none; }",
      ".cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 10px;"
          + " margin: 4px 0 8px; }",
      ".card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }",
      ".card .v { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }",
      ".card .k { color: var(--soft); font-size: 12px; }",
      ".card.bad .v { color: var(--fail); }",
      "figure { margin: 18px 0 6px; }",
      "figcaption, .footnote { color: var(--soft); font-size: 13px; margin: 6px 0 0; }",
      "figure .title { color: var(--ink); font-weight: 600; font-size: 14px; margin: 0 0 6px; }",
      "svg.chart { display: block; width: 100%; height: auto; font-family: " + FONTS + "; font-size: 12px; }",
      "svg .column { font-weight: 600; fill: #6b7280; }",
      "svg .box-title { font-weight: 600; fill: #1f2937; }",
      "svg .edge-label, svg .value { paint-order: stroke; stroke: #ffffff; stroke-width: 3px;"
          + " stroke-linejoin: round; }",
      "svg .hover:hover { fill: rgba(37, 99, 235, 0.06); }",
      "footer { color: var(--soft); font-size: 12px; text-align: center; margin-top: 24px; }");

  @Override
  public void write(Report r, Writer out) throws IOException {
    Markup m = new Markup();
    head(m, "svcsim report: " + r.scenario(), CSS);

    header(m, r);
    expectations(m, r);
    warnings(m, r);
    events(m, r);
    if (r.services().isEmpty()) {
      m.open("section", "class", "panel").element("p", "No Service received traffic.").close("section").nl();
    }
    int i = 0;
    for (Map.Entry<String, ServiceReport> e : r.services().entrySet()) {
      service(m, r, "svc-" + ++i, e.getKey(), e.getValue());
    }
    m.element("footer", "Written by svcsim from report format v1. Engine: " + r.engine().eventsFired()
        + " events fired, " + r.engine().connectionsSimulated() + " connections simulated (warmup included).")
        .nl();
    m.close("main").nl().close("body").nl().close("html").nl();
    out.write(m.toString());
  }

  /**
   * Everything up to the opening {@code <main>}: the doctype, the character set, a
   * Content-Security-Policy that lets the page fetch nothing (inline styles only), the title and
   * the style sheet.
   */
  static void head(Markup m, String title, String css) {
    m.raw("<!DOCTYPE html>").nl().open("html", "lang", "en").nl().open("head").nl();
    m.empty("meta", "charset", "utf-8").nl();
    m.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").nl();
    m.empty("meta", "http-equiv", "Content-Security-Policy",
        "content", "default-src 'none'; style-src 'unsafe-inline'").nl();
    m.element("title", title).nl();
    m.open("style").nl().raw(css).nl().close("style").nl();
    m.close("head").nl().open("body").nl().open("main").nl();
  }

  private static void header(Markup m, Report r) {
    m.open("header").nl();
    m.open("h1").text("svcsim report ").element("span", r.scenario(), "class", "scenario").close("h1").nl();
    StringBuilder meta = new StringBuilder();
    meta.append("seed ").append(r.seed()).append(" \u00b7 kube-proxy ").append(r.kubeProxyMode()).append(" \u00b7 ")
        .append(ReportText.seconds(r.simulatedSeconds())).append(" measured");
    if (r.warmupSeconds() > 0) {
      meta.append(" after a ").append(ReportText.seconds(r.warmupSeconds())).append(" warmup");
    }
    meta.append(" \u00b7 timeline interval ").append(ReportText.seconds(r.intervalSeconds()));
    m.element("p", meta.toString(), "class", "meta").nl();
    if (r.services().size() > 1) {
      m.open("nav").open("ul");
      int i = 0;
      for (String name : r.services().keySet()) {
        m.open("li").element("a", name, "href", "#svc-" + ++i).close("li");
      }
      m.close("ul").close("nav").nl();
    }
    m.close("header").nl();
  }

  private static void expectations(Markup m, Report r) {
    m.open("section", "class", "panel", "id", "expectations").nl().element("h2", "Expectations");
    if (r.expectations().isEmpty()) {
      m.element("p", "The scenario has no expectations.", "class", "meta").close("section").nl();
      return;
    }
    long passed = r.expectations().stream().filter(ExpectationRow::passed).count();
    boolean all = passed == r.expectations().size();
    m.element("p", all ? "All " + passed + " expectations passed."
        : (r.expectations().size() - passed) + " of " + r.expectations().size() + " expectations failed.",
        "class", "verdict " + (all ? "pass" : "fail")).nl();
    m.open("div", "class", "scroll").open("table", "class", "expectations").nl();
    headRow(m, "", "expectation", "metric", "op", ">value", ">actual");
    for (ExpectationRow row : r.expectations()) {
      m.open("tr", "class", row.passed() ? "pass" : "fail");
      m.open("td").element("span", row.passed() ? "PASS" : "FAIL", "class", "badge " + (row.passed() ? "pass" : "fail"))
          .close("td");
      m.element("td", row.name());
      m.open("td").element("code", row.metric()).close("td");
      m.element("td", row.op().symbol());
      m.element("td", Numbers.json(row.value()) + (row.tolerance() > 0 ? " \u00b1 " + Numbers.json(row.tolerance()) : ""),
          "class", "num");
      m.element("td", ReportText.actual(row.actual()), "class", "num");
      m.close("tr").nl();
    }
    m.close("table").close("div").close("section").nl();
  }

  private static void warnings(Markup m, Report r) {
    if (r.warnings().isEmpty()) {
      return;
    }
    m.open("section", "class", "panel", "id", "warnings").nl().element("h2", "Warnings").open("ul", "class", "warnings");
    for (String w : r.warnings()) {
      m.element("li", w).nl();
    }
    m.close("ul").close("section").nl();
  }

  private static void events(Markup m, Report r) {
    if (r.events().isEmpty()) {
      return;
    }
    m.open("section", "class", "panel", "id", "events").nl().element("h2", "Timeline events");
    m.element("p", "Seconds from the start of the measured window; negative during the warmup. Each is marked"
        + " on the connections-over-time charts below.", "class", "meta");
    m.open("div", "class", "scroll").open("table").nl();
    headRow(m, ">t", "action", "target");
    for (EventRow e : r.events()) {
      m.open("tr").element("td", ReportText.seconds(e.t()), "class", "num").element("td", e.action())
          .open("td").element("code", e.target()).close("td").close("tr").nl();
    }
    m.close("table").close("div").close("section").nl();
  }

  private static void service(Markup m, Report r, String id, String name, ServiceReport s) {
    m.open("section", "class", "panel service", "id", id).nl();
    m.open("h2").text("Service ").element("code", name).close("h2").nl();
    cards(m, s);

    figure(m, "Share per pod",
        HtmlCharts.podShares(id + "-pods", s),
        "Each bar is a pod's share of the Service's delivered connections; the dashed line is the uniform"
            + " share 1/n over the pods Ready for the whole window. Hatched pods were not Ready the whole"
            + " window and do not count for skew.");
    figure(m, "Share per node",
        HtmlCharts.nodeShares(id + "-nodes", s),
        "Blue: connections served by the node's pods (share); amber: connections that entered the cluster at"
            + " the node (ingressShare). Where they differ, connections crossed to another node.");
    figure(m, "Connections over time",
        HtmlCharts.timeline(id + "-timeline", name, r),
        "Delivered (blue) and failed (red) connections that started in each "
            + ReportText.seconds(r.intervalSeconds()) + " interval"
            + (r.events().isEmpty() ? "." : "; dashed purple lines are the timeline's events."));
    figure(m, "Topology", TopologyPicture.svg(id + "-topology", name, s), TopologyPicture.caption(s));

    summary(m, s);
    pods(m, s);
    nodes(m, s);
    m.close("section").nl();
  }

  private static void cards(Markup m, ServiceReport s) {
    ServiceReport.Connections c = s.connections();
    Long twoHops = s.nodeHops().get("2");
    m.open("div", "class", "cards").nl();
    card(m, "delivered of " + c.generated() + " connections", Long.toString(c.delivered()), false);
    card(m, "failed connections", Long.toString(c.failed()), c.failed() > 0);
    card(m, "source IP preserved", Numbers.percent(s.sourceIpPreserved()), false);
    card(m, "crossed to another node", Numbers.percent(twoHops == null ? null
        : ReportBuilder.fraction(twoHops, c.delivered())), false);
    card(m, "cross-zone", Numbers.percent(s.crossZoneFraction()), false);
    card(m, "busiest pod / mean", Numbers.fixed(s.skew().maxOverMean(), 2), false);
    card(m, "p99 latency ms", ReportText.ms(s.latencyMs().p99()), false);
    m.close("div").nl();
  }

  static void card(Markup m, String key, String value, boolean bad) {
    m.open("div", "class", bad ? "card bad" : "card").element("div", value, "class", "v")
        .element("div", key, "class", "k").close("div").nl();
  }

  static void figure(Markup m, String title, String svg, String caption) {
    m.open("figure").nl().element("p", title, "class", "title").nl().raw(svg)
        .element("figcaption", caption).nl().close("figure").nl();
  }

  private static void summary(Markup m, ServiceReport s) {
    ServiceReport.Connections c = s.connections();
    m.element("h3", "Summary").nl().open("div", "class", "scroll").open("table", "class", "kv summary").nl();
    kv(m, "connections", c.generated() + " generated, " + c.delivered() + " delivered, " + c.failed() + " failed");
    List<String> reasons = ReportText.failureReasons(c);
    kv(m, "failed by", reasons.isEmpty() ? "-" : String.join(", ", reasons));
    ServiceReport.Requests q = s.requests();
    kv(m, "requests", q.generated() + " generated, " + q.completed() + " completed, " + q.failed() + " failed");
    kv(m, "source IP preserved", Numbers.percent(s.sourceIpPreserved()));
    kv(m, "source IP by entry path", ReportText.sourceIpByPath(s));
    kv(m, "node hops", ReportText.nodeHops(s));
    kv(m, "cross-zone", Numbers.percent(s.crossZoneFraction()));
    m.close("table").close("div").nl();

    Latency l = s.latencyMs();
    m.element("h3", "Latency (ms)").nl().open("div", "class", "scroll").open("table", "class", "latency").nl();
    headRow(m, ">mean", ">p50", ">p90", ">p99", ">p99.9", ">max");
    row(m, ReportText.ms(l.mean()), ReportText.ms(l.p50()), ReportText.ms(l.p90()),
        ReportText.ms(l.p99()), ReportText.ms(l.p999()), ReportText.ms(l.max()));
    m.close("table").close("div").nl();

    Skew k = s.skew();
    m.element("h3", "Skew over the pods Ready the whole window").nl()
        .open("div", "class", "scroll").open("table", "class", "skew").nl();
    headRow(m, ">max/mean", ">min/mean", ">cv", ">jain", ">gini", ">chi-square p", ">pods counted");
    row(m, Numbers.fixed(k.maxOverMean(), 3), Numbers.fixed(k.minOverMean(), 3), Numbers.fixed(k.cv(), 3),
        Numbers.fixed(k.jain(), 3), Numbers.fixed(k.gini(), 3), ReportText.pValue(k.chiSquareP()),
        Integer.toString(k.podsCounted()));
    m.close("table").close("div").nl();
  }

  private static void pods(Markup m, ServiceReport s) {
    m.element("h3", "Pods").nl();
    if (s.pods().isEmpty()) {
      m.element("p", "No pod was an endpoint of this Service.", "class", "meta").nl();
      return;
    }
    Double uniform = s.uniformShare();
    m.open("div", "class", "scroll").open("table", "class", "pods").nl();
    headRow(m, "pod", "node", "zone", ">connections", ">requests", ">share", ">uniform", ">utilization",
        ">p50 ms", ">p99 ms", "Ready");
    for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
      PodReport p = e.getValue();
      m.open("tr", "class", p.readyWholeWindow() ? null : "muted");
      m.open("td").element("code", e.getKey() + (p.readyWholeWindow() ? "" : " *")).close("td");
      m.element("td", p.node()).element("td", ReportText.orDash(p.zone()));
      cells(m, Long.toString(p.connections()), Long.toString(p.requests()), Numbers.percent(p.share()),
          p.readyWholeWindow() ? Numbers.percent(uniform) : "-", Numbers.percent(p.utilization()),
          ReportText.ms(p.latencyMs().p50()), ReportText.ms(p.latencyMs().p99()));
      m.element("td", p.readyWholeWindow() ? "whole window" : "part of it");
      m.close("tr").nl();
    }
    m.close("table").close("div").nl();
    if (s.pods().values().stream().anyMatch(p -> !p.readyWholeWindow())) {
      m.element("p", "* not Ready for the whole measured window: left out of the skew figures and the"
          + " uniform share.", "class", "footnote").nl();
    }
  }

  private static void nodes(Markup m, ServiceReport s) {
    m.element("h3", "Nodes").nl();
    if (s.nodes().isEmpty()) {
      m.element("p", "No node took part.", "class", "meta").nl();
      return;
    }
    m.open("div", "class", "scroll").open("table", "class", "nodes").nl();
    headRow(m, "node", "zone", ">ingress", ">ingress share", ">pod connections", ">share");
    for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
      NodeReport n = e.getValue();
      m.open("tr").open("td").element("code", e.getKey()).close("td")
          .element("td", ReportText.orDash(n.zone()));
      cells(m, Long.toString(n.ingressConnections()), Numbers.percent(n.ingressShare()),
          Long.toString(n.podConnections()), Numbers.percent(n.share()));
      m.close("tr").nl();
    }
    m.close("table").close("div").nl();
  }

  /** A header row; a name starting with {@code >} is a right-aligned number column. */
  static void headRow(Markup m, String... names) {
    m.open("thead").open("tr");
    for (String n : names) {
      boolean num = n.startsWith(">");
      m.element("th", num ? n.substring(1) : n, "class", num ? "num" : null);
    }
    m.close("tr").close("thead").nl();
  }

  private static void row(Markup m, String... numbers) {
    m.open("tr");
    cells(m, numbers);
    m.close("tr").nl();
  }

  private static void cells(Markup m, String... numbers) {
    for (String n : numbers) {
      m.element("td", n, "class", "num");
    }
  }

  private static void kv(Markup m, String key, String value) {
    m.open("tr").element("th", key).element("td", value).close("tr").nl();
  }
}
