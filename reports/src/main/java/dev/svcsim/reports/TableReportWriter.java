package dev.svcsim.reports;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Writes the report as plain text for a terminal: per Service a summary (connections, failures by
 * reason, requests, source IP, node hops, cross-zone traffic, latency), a table of pods (with the
 * uniform share beside each pod's share), a table of nodes and the skew figures; then the
 * expectations (PASS/FAIL) and the warnings. Numbers are formatted by {@link Numbers}, so the
 * text too is the same on every JDK.
 */
public final class TableReportWriter implements ReportWriter {

  private static final String INDENT = "  ";

  @Override
  public void write(Report r, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("Scenario ").append(r.scenario()).append(": seed ").append(r.seed())
        .append(", kube-proxy ").append(r.kubeProxyMode()).append(", ")
        .append(seconds(r.simulatedSeconds())).append(" measured");
    if (r.warmupSeconds() > 0) {
      sb.append(" after a ").append(seconds(r.warmupSeconds())).append(" warmup");
    }
    sb.append('\n');
    if (r.services().isEmpty()) {
      sb.append("\nNo Service received traffic.\n");
    }
    for (Map.Entry<String, ServiceReport> e : r.services().entrySet()) {
      sb.append('\n');
      service(sb, e.getKey(), e.getValue());
    }
    if (!r.expectations().isEmpty()) {
      sb.append("\nExpectations\n");
      for (ExpectationRow row : r.expectations()) {
        sb.append(INDENT).append(row.passed() ? "PASS" : "FAIL").append("  ").append(row.name())
            .append(": ").append(row.metric()).append(' ').append(row.op().symbol()).append(' ')
            .append(Numbers.json(row.value()));
        if (row.tolerance() > 0) {
          sb.append(" +/- ").append(Numbers.json(row.tolerance()));
        }
        sb.append(" (actual ").append(actual(row.actual())).append(")\n");
      }
    }
    if (!r.warnings().isEmpty()) {
      sb.append("\nWarnings\n");
      for (String w : r.warnings()) {
        sb.append(INDENT).append("- ").append(w).append('\n');
      }
    }
    out.write(sb.toString());
  }

  private static void service(StringBuilder sb, String name, ServiceReport s) {
    sb.append("Service ").append(name).append('\n');
    ServiceReport.Connections c = s.connections();
    sb.append(label("connections")).append(c.generated()).append(" generated, ")
        .append(c.delivered()).append(" delivered, ").append(c.failed()).append(" failed");
    String sep = ": ";
    for (Map.Entry<FailureReason, Long> f : c.failedBy().entrySet()) {
      if (f.getValue() != 0) {
        sb.append(sep).append(f.getKey().key()).append(' ').append(f.getValue());
        sep = ", ";
      }
    }
    sb.append('\n');
    ServiceReport.Requests q = s.requests();
    sb.append(label("requests")).append(q.generated()).append(" generated, ")
        .append(q.completed()).append(" completed, ").append(q.failed()).append(" failed\n");
    sb.append(label("source IP"));
    if (s.sourceIpPreserved() == null) {
      sb.append("no connection delivered\n");
    } else {
      sb.append("preserved ").append(Numbers.percent(s.sourceIpPreserved())).append(" (");
      sep = "";
      for (Map.Entry<String, Double> p : s.sourceIpPreservedBy().entrySet()) {
        sb.append(sep).append(p.getKey()).append(' ').append(Numbers.percent(p.getValue()));
        sep = ", ";
      }
      sb.append(")\n");
    }
    sb.append(label("node hops"));
    sep = "";
    for (Map.Entry<String, Long> h : s.nodeHops().entrySet()) {
      sb.append(sep).append(h.getKey()).append(": ").append(h.getValue()).append(" (")
          .append(Numbers.percent(ReportBuilder.fraction(h.getValue(), c.delivered()))).append(')');
      sep = ", ";
    }
    sb.append('\n');
    sb.append(label("cross-zone")).append(Numbers.percent(s.crossZoneFraction())).append('\n');
    Latency l = s.latencyMs();
    sb.append(label("latency ms"));
    if (l.mean() == null) {
      sb.append("no request completed\n");
    } else {
      sb.append("mean ").append(ms(l.mean())).append("  p50 ").append(ms(l.p50()))
          .append("  p90 ").append(ms(l.p90())).append("  p99 ").append(ms(l.p99()))
          .append("  p99.9 ").append(ms(l.p999())).append("  max ").append(ms(l.max()))
          .append('\n');
    }

    if (!s.pods().isEmpty()) {
      sb.append('\n');
      Double uniform = s.skew().podsCounted() == 0 ? null : 1.0 / s.skew().podsCounted();
      TextTable pods = new TextTable(
          "POD", "NODE", "ZONE", ">CONNECTIONS", ">SHARE", ">UNIFORM", ">UTILIZATION", ">P50 MS", ">P99 MS");
      boolean someNotReady = false;
      for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
        PodReport p = e.getValue();
        someNotReady |= !p.readyWholeWindow();
        pods.row(
            e.getKey() + (p.readyWholeWindow() ? "" : " *"),
            p.node(),
            orDash(p.zone()),
            Long.toString(p.connections()),
            Numbers.percent(p.share()),
            p.readyWholeWindow() ? Numbers.percent(uniform) : "-",
            Numbers.percent(p.utilization()),
            ms(p.latencyMs().p50()),
            ms(p.latencyMs().p99()));
      }
      sb.append(pods.render(INDENT));
      if (someNotReady) {
        sb.append(INDENT).append("* not Ready for the whole measured window: left out of the skew"
            + " figures and the uniform share\n");
      }
    }

    if (!s.nodes().isEmpty()) {
      sb.append('\n');
      TextTable nodes = new TextTable(
          "NODE", "ZONE", ">INGRESS", ">INGRESS SHARE", ">POD CONNECTIONS", ">SHARE");
      for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
        NodeReport n = e.getValue();
        nodes.row(
            e.getKey(),
            orDash(n.zone()),
            Long.toString(n.ingressConnections()),
            Numbers.percent(n.ingressShare()),
            Long.toString(n.podConnections()),
            Numbers.percent(n.share()));
      }
      sb.append(nodes.render(INDENT));
    }

    sb.append('\n');
    Skew k = s.skew();
    sb.append(label("skew"));
    if (k.maxOverMean() == null) {
      sb.append(k.podsCounted() == 0
          ? "none: no pod was Ready for the whole measured window\n"
          : "none: no connection was delivered to the pods Ready for the whole window\n");
    } else {
      sb.append("max/mean ").append(Numbers.fixed(k.maxOverMean(), 3))
          .append("  min/mean ").append(Numbers.fixed(k.minOverMean(), 3))
          .append("  cv ").append(Numbers.fixed(k.cv(), 3))
          .append("  jain ").append(Numbers.fixed(k.jain(), 3))
          .append("  gini ").append(Numbers.fixed(k.gini(), 3))
          .append("  chi-square p ").append(pValue(k.chiSquareP()))
          .append("  (over ").append(k.podsCounted())
          .append(k.podsCounted() == 1 ? " pod" : " pods").append(" Ready the whole window)\n");
    }
  }

  private static String label(String name) {
    return INDENT + name + " ".repeat(Math.max(1, 14 - name.length()));
  }

  static String ms(Double x) {
    return Numbers.fixed(x, 3);
  }

  static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  static String pValue(Double p) {
    if (p == null) {
      return "-";
    }
    return p < 0.001 ? "<0.001" : Numbers.fixed(p, 3);
  }

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
}
