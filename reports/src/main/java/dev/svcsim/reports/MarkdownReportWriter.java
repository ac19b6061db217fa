package dev.svcsim.reports;

import static dev.svcsim.reports.ReportText.actual;
import static dev.svcsim.reports.ReportText.ms;
import static dev.svcsim.reports.ReportText.seconds;

import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the report as GitHub-flavoured Markdown, for a pull-request comment: a title line
 * (scenario, seed, kube-proxy mode, measured time) and how many expectations passed; per Service
 * a summary table (connections with the reasons of failures, requests, source IP overall and by
 * entry path, node hops, cross-zone fraction, latency), a table of pods (with the uniform share
 * beside each share), a table of nodes and the skew figures; then a table of the expectations
 * ({@code ✅ PASS} or {@code ❌ FAIL}) and the warnings. The figures are spelled as in the text
 * table.
 *
 * <p>Every name and text from the run is escaped ({@link #text(String)}): Markdown's
 * punctuation gets a backslash, so that a {@code |} cannot split a table cell, a {@code *} or
 * {@code _} cannot start emphasis and a {@code <} cannot start HTML; line breaks become
 * {@code <br>}, so that a cell or a list item stays on its line.
 */
public final class MarkdownReportWriter implements ReportWriter {

  /** Characters that a backslash makes literal wherever they stand. */
  private static final String PUNCTUATION = "\\`*_[]<>|~&#$";

  @Override
  public void write(Report r, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("### svcsim: ").append(text(r.scenario())).append(", seed ").append(r.seed())
        .append(", kube-proxy ").append(text(r.kubeProxyMode())).append(", ")
        .append(seconds(r.simulatedSeconds())).append(" measured");
    if (r.warmupSeconds() > 0) {
      sb.append(" after a ").append(seconds(r.warmupSeconds())).append(" warmup");
    }
    sb.append("\n\n");
    if (!r.expectations().isEmpty()) {
      int n = r.expectations().size();
      long failed = r.expectations().stream().filter(x -> !x.passed()).count();
      if (failed == 0) {
        sb.append(n == 1 ? "✅ the expectation passed" : "✅ all " + n + " expectations passed");
      } else {
        sb.append("❌ ").append(failed).append(" of ").append(n).append(n == 1 ? " expectation" : " expectations")
            .append(" failed");
      }
      sb.append("\n\n");
    }
    if (r.services().isEmpty()) {
      sb.append("No Service received traffic.\n\n");
    }
    for (Map.Entry<String, ServiceReport> e : r.services().entrySet()) {
      service(sb, e.getKey(), e.getValue());
    }
    if (!r.expectations().isEmpty()) {
      sb.append("#### Expectations\n\n");
      List<List<String>> rows = new ArrayList<>();
      for (ExpectationRow x : r.expectations()) {
        String value = Numbers.json(x.value());
        if (x.tolerance() > 0) {
          value += " ± " + Numbers.json(x.tolerance());
        }
        rows.add(List.of(x.passed() ? "✅ PASS" : "❌ FAIL", text(x.name()), text(x.metric()),
            text(x.op().symbol()), value, text(actual(x.actual()))));
      }
      table(sb, List.of("result", "expectation", "metric", "op", ">value", ">actual"), rows);
      sb.append('\n');
    }
    if (!r.warnings().isEmpty()) {
      sb.append("#### Warnings\n\n");
      for (String w : r.warnings()) {
        sb.append("- ").append(text(w)).append('\n');
      }
      sb.append('\n');
    }
    // One newline at the end, not a blank line.
    sb.setLength(sb.length() - 1);
    out.write(sb.toString());
  }

  private static void service(StringBuilder sb, String name, ServiceReport s) {
    sb.append("#### Service ").append(text(name)).append("\n\n");
    ServiceReport.Connections c = s.connections();
    StringBuilder connections = new StringBuilder()
        .append(c.generated()).append(" generated, ").append(c.delivered()).append(" delivered, ")
        .append(c.failed()).append(" failed");
    List<String> reasons = ReportText.failureReasons(c);
    if (!reasons.isEmpty()) {
      connections.append(": ").append(String.join(", ", reasons));
    }
    ServiceReport.Requests q = s.requests();
    String requests = q.generated() + " generated, " + q.completed() + " completed, " + q.failed() + " failed";
    String sourceIp = s.sourceIpPreserved() == null ? "no connection delivered"
        : Numbers.percent(s.sourceIpPreserved()) + " (" + ReportText.sourceIpByPath(s) + ")";
    List<String> latency = ReportText.latencyFigures(s.latencyMs());
    table(sb, List.of("figure", "value"), List.of(
        List.of("connections", connections.toString()),
        List.of("requests", requests),
        List.of("source IP preserved", text(sourceIp)),
        List.of("node hops", text(ReportText.nodeHops(s))),
        List.of("cross-zone", Numbers.percent(s.crossZoneFraction())),
        List.of("latency ms", latency.isEmpty() ? "no request completed" : String.join(", ", latency))));
    sb.append('\n');

    if (!s.pods().isEmpty()) {
      Double uniform = s.uniformShare();
      boolean someNotReady = false;
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
        PodReport p = e.getValue();
        someNotReady |= !p.readyWholeWindow();
        rows.add(List.of(
            text(e.getKey()) + (p.readyWholeWindow() ? "" : " \\*"),
            name(p.node()),
            name(p.zone()),
            Long.toString(p.connections()),
            Numbers.percent(p.share()),
            p.readyWholeWindow() ? Numbers.percent(uniform) : "-",
            Numbers.percent(p.utilization()),
            ms(p.latencyMs().p50()),
            ms(p.latencyMs().p99())));
      }
      table(sb, List.of("pod", "node", "zone", ">connections", ">share", ">uniform", ">utilization", ">p50 ms",
          ">p99 ms"), rows);
      if (someNotReady) {
        sb.append("\n\\* not Ready for the whole measured window: left out of the skew figures and the"
            + " uniform share\n");
      }
      sb.append('\n');
    }

    if (!s.nodes().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
        NodeReport n = e.getValue();
        rows.add(List.of(
            text(e.getKey()),
            name(n.zone()),
            Long.toString(n.ingressConnections()),
            Numbers.percent(n.ingressShare()),
            Long.toString(n.podConnections()),
            Numbers.percent(n.share())));
      }
      table(sb, List.of("node", "zone", ">ingress", ">ingress share", ">pod connections", ">share"), rows);
      sb.append('\n');
    }

    List<String> skew = ReportText.skewFigures(s.skew());
    sb.append("**Skew**: ");
    if (!skew.isEmpty()) {
      sb.append(text(String.join(", ", skew))).append(' ');
    }
    sb.append(ReportText.skewCount(s)).append("\n\n");
  }

  /**
   * A table: a header row, the delimiter row ({@code ---:} for a column whose header starts with
   * {@code >}, which is not printed) and the rows, whose cells must already be escaped.
   */
  private static void table(StringBuilder sb, List<String> columns, List<List<String>> rows) {
    StringBuilder delimiter = new StringBuilder("|");
    sb.append('|');
    for (String c : columns) {
      boolean right = c.startsWith(">");
      sb.append(' ').append(right ? c.substring(1) : c).append(" |");
      delimiter.append(right ? "---:|" : "---|");
    }
    sb.append('\n').append(delimiter).append('\n');
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + row.size());
      }
      sb.append('|');
      for (String cell : row) {
        sb.append(' ').append(cell).append(" |");
      }
      sb.append('\n');
    }
  }

  /** A node's or zone's name as {@link #text(String)}, or {@code -} when there is none. */
  private static String name(String s) {
    return s == null || s.isEmpty() ? "-" : text(s);
  }

  /**
   * Text from the run as Markdown that shows it as it is, in a table cell, a heading or a list
   * item: a backslash before {@code \ ` * _ [ ] < > | ~ & # $}, before a leading {@code -} or
   * {@code +}, and before the {@code .} or {@code )} of a leading number followed by a space
   * (which would start a list inside a list item); each line break ({@code \r\n}, {@code \r},
   * {@code \n}) as {@code <br>}.
   */
  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    int digits = 0;
    while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
      digits++;
    }
    boolean numberedItem = digits > 0 && digits < s.length() && (s.charAt(digits) == '.' || s.charAt(digits) == ')')
        && (digits + 1 == s.length() || s.charAt(digits + 1) == ' ' || s.charAt(digits + 1) == '\t');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        sb.append("<br>");
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        continue;
      }
      boolean marker = i == 0 && (c == '-' || c == '+') || numberedItem && i == digits;
      if (marker || PUNCTUATION.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
