package dev.svcsim.reports;

import static dev.svcsim.reports.Ansi.BOLD;
import static dev.svcsim.reports.Ansi.GREEN;
import static dev.svcsim.reports.Ansi.RED;
import static dev.svcsim.reports.Ansi.YELLOW;
import static dev.svcsim.reports.ReportText.actual;
import static dev.svcsim.reports.ReportText.ms;
import static dev.svcsim.reports.ReportText.orDash;
import static dev.svcsim.reports.ReportText.printable;
import static dev.svcsim.reports.ReportText.seconds;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.NodeReport;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the report as plain text for a terminal: per Service a summary (connections, failures by
 * reason, requests, source IP, node hops, cross-zone traffic, latency), a table of pods (with the
 * uniform share beside each pod's share, and a bar of the share), a table of nodes and the skew
 * figures; then the expectations (PASS/FAIL) and the warnings. Numbers are formatted by
 * {@link Numbers}, so the text too is the same on every JDK.
 *
 * <p>The bars are drawn with Unicode blocks in eighths of a character ({@code █} and
 * {@code ▏▎▍▌▋▊▉}), scaled so that the longest bar, or the uniform share if it is larger, is
 * {@value #BAR_WIDTH} characters; a {@code │} in every row marks where the uniform share falls
 * (a footnote under the table says so). A pod with connections gets at least an eighth.
 *
 * <p>With colour (ANSI escape sequences, for a terminal that shows them), headings are bold,
 * {@code PASS} green and {@code FAIL} red, a nonzero count of failed connections or requests red
 * when it is at least 1% of those generated and yellow below, and the share and bar of a pod
 * that got more than 1.25 times the uniform share yellow. Without colour the text has no escape
 * characters at all. The writer does not decide: whoever knows the terminal (the command line)
 * asks for colour or not. Names and texts from the run are written {@link ReportText#printable
 * printable}, so that they cannot move the cursor, colour the terminal or break a line.
 */
public final class TableReportWriter implements ReportWriter {

  private static final String INDENT = "  ";

  /** The length of the longest bar, in characters. */
  static final int BAR_WIDTH = 20;

  /** Index {@code k} is a block {@code k} eighths wide (0: nothing). */
  private static final String EIGHTHS = " ▏▎▍▌▋▊▉";

  private static final char FULL = '█';

  private static final char UNIFORM_MARK = '│';

  /** A pod's share above this many times the uniform share is highlighted. */
  private static final double HIGH_SHARE = 1.25;

  /** Failures from this fraction of those generated up are red, below it yellow. */
  private static final double RED_FAILURES = 0.01;

  private final boolean colour;

  /** A writer without colour: plain text for files, pipes and tests. */
  public TableReportWriter() {
    this(false);
  }

  /** A writer that adds ANSI colour when {@code colour} is true. */
  public TableReportWriter(boolean colour) {
    this.colour = colour;
  }

  @Override
  public void write(Report r, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    StringBuilder title = new StringBuilder()
        .append("Scenario ").append(printable(r.scenario())).append(": seed ").append(r.seed())
        .append(", kube-proxy ").append(printable(r.kubeProxyMode())).append(", ")
        .append(seconds(r.simulatedSeconds())).append(" measured");
    if (r.warmupSeconds() > 0) {
      title.append(" after a ").append(seconds(r.warmupSeconds())).append(" warmup");
    }
    sb.append(paint(BOLD, title.toString())).append('\n');
    if (r.services().isEmpty()) {
      sb.append("\nNo Service received traffic.\n");
    }
    for (Map.Entry<String, ServiceReport> e : r.services().entrySet()) {
      sb.append('\n');
      service(sb, printable(e.getKey()), e.getValue());
    }
    if (!r.expectations().isEmpty()) {
      sb.append('\n').append(paint(BOLD, "Expectations")).append('\n');
      for (ExpectationRow row : r.expectations()) {
        sb.append(INDENT).append(row.passed() ? paint(GREEN, "PASS") : paint(RED, "FAIL")).append("  ")
            .append(printable(row.name()))
            .append(": ").append(printable(row.metric())).append(' ').append(row.op().symbol()).append(' ')
            .append(Numbers.json(row.value()));
        if (row.tolerance() > 0) {
          sb.append(" +/- ").append(Numbers.json(row.tolerance()));
        }
        sb.append(" (actual ").append(actual(row.actual())).append(")\n");
      }
    }
    if (!r.warnings().isEmpty()) {
      sb.append('\n').append(paint(BOLD, "Warnings")).append('\n');
      for (String w : r.warnings()) {
        sb.append(INDENT).append("- ").append(printable(w)).append('\n');
      }
    }
    out.write(sb.toString());
  }

  private void service(StringBuilder sb, String name, ServiceReport s) {
    sb.append(paint(BOLD, "Service " + name)).append('\n');
    ServiceReport.Connections c = s.connections();
    String failColour = failureColour(c.failed(), c.generated());
    sb.append(label("connections")).append(c.generated()).append(" generated, ")
        .append(c.delivered()).append(" delivered, ").append(paint(failColour, c.failed() + " failed"));
    String sep = ": ";
    for (Map.Entry<FailureReason, Long> f : c.failedBy().entrySet()) {
      if (f.getValue() != 0) {
        sb.append(sep).append(f.getKey().key()).append(' ').append(paint(failColour, f.getValue().toString()));
        sep = ", ";
      }
    }
    sb.append('\n');
    ServiceReport.Requests q = s.requests();
    sb.append(label("requests")).append(q.generated()).append(" generated, ")
        .append(q.completed()).append(" completed, ")
        .append(paint(failureColour(q.failed(), q.generated()), q.failed() + " failed")).append('\n');
    sb.append(label("source IP"));
    if (s.sourceIpPreserved() == null) {
      sb.append("no connection delivered\n");
    } else {
      sb.append("preserved ").append(Numbers.percent(s.sourceIpPreserved())).append(" (")
          .append(ReportText.sourceIpByPath(s)).append(")\n");
    }
    sb.append(label("node hops")).append(ReportText.nodeHops(s)).append('\n');
    sb.append(label("cross-zone")).append(Numbers.percent(s.crossZoneFraction())).append('\n');
    List<String> latency = ReportText.latencyFigures(s.latencyMs());
    sb.append(label("latency ms"))
        .append(latency.isEmpty() ? "no request completed" : String.join("  ", latency)).append('\n');

    if (!s.pods().isEmpty()) {
      sb.append('\n');
      Double uniform = s.uniformShare();
      double barScale = barScale(s);
      boolean bars = barScale > 0;
      TextTable pods = bars
          ? new TextTable("POD", "NODE", "ZONE", ">CONNECTIONS", ">SHARE", ">UNIFORM", "", ">UTILIZATION",
              ">P50 MS", ">P99 MS")
          : new TextTable("POD", "NODE", "ZONE", ">CONNECTIONS", ">SHARE", ">UNIFORM", ">UTILIZATION",
              ">P50 MS", ">P99 MS");
      boolean someNotReady = false;
      for (Map.Entry<String, PodReport> e : s.pods().entrySet()) {
        PodReport p = e.getValue();
        someNotReady |= !p.readyWholeWindow();
        boolean high = p.readyWholeWindow() && uniform != null && p.share() != null && p.share() > HIGH_SHARE * uniform;
        String shareColour = high ? YELLOW : null;
        List<String> cells = new ArrayList<>(List.of(
            printable(e.getKey()) + (p.readyWholeWindow() ? "" : " *"),
            printable(orDash(p.node())),
            printable(orDash(p.zone())),
            Long.toString(p.connections()),
            paint(shareColour, Numbers.percent(p.share())),
            p.readyWholeWindow() ? Numbers.percent(uniform) : "-"));
        if (bars) {
          cells.add(paint(shareColour, bar(p.share(), uniform, barScale)));
        }
        cells.add(Numbers.percent(p.utilization()));
        cells.add(ms(p.latencyMs().p50()));
        cells.add(ms(p.latencyMs().p99()));
        pods.row(cells.toArray(new String[0]));
      }
      sb.append(pods.render(INDENT));
      if (bars) {
        sb.append(INDENT).append(FULL).append(" the share, scaled so that the longest bar is ").append(BAR_WIDTH)
            .append(" characters; ").append(UNIFORM_MARK).append(" where the uniform share falls\n");
      }
      if (someNotReady) {
        sb.append(INDENT).append("* not Ready for the whole measured window: left out of the skew"
            + " figures and the uniform share\n");
      }
    }

    if (!s.outside().isEmpty()) {
      sb.append('\n');
      TextTable outside = new TextTable("OUTSIDE THE CLUSTER", ">CONNECTIONS", ">SHARE");
      for (Map.Entry<String, ServiceReport.OutsideReport> e : s.outside().entrySet()) {
        outside.row(printable(e.getKey()), Long.toString(e.getValue().connections()),
            Numbers.percent(e.getValue().share()));
      }
      sb.append(outside.render(INDENT));
    }

    if (!s.nodes().isEmpty()) {
      sb.append('\n');
      TextTable nodes = new TextTable(
          "NODE", "ZONE", ">INGRESS", ">INGRESS SHARE", ">POD CONNECTIONS", ">SHARE");
      for (Map.Entry<String, NodeReport> e : s.nodes().entrySet()) {
        NodeReport n = e.getValue();
        nodes.row(
            printable(e.getKey()),
            printable(orDash(n.zone())),
            Long.toString(n.ingressConnections()),
            Numbers.percent(n.ingressShare()),
            Long.toString(n.podConnections()),
            Numbers.percent(n.share()));
      }
      sb.append(nodes.render(INDENT));
    }

    sb.append('\n');
    List<String> skew = ReportText.skewFigures(s.skew());
    sb.append(label("skew"));
    if (!skew.isEmpty()) {
      sb.append(String.join("  ", skew)).append("  ");
    }
    sb.append(ReportText.skewCount(s)).append('\n');
  }

  /**
   * Characters per unit of share, so that the largest of the shares and the uniform share is
   * {@value #BAR_WIDTH} characters; 0 when no pod has a share above 0 (nothing to draw).
   */
  private static double barScale(ServiceReport s) {
    double max = 0;
    for (PodReport p : s.pods().values()) {
      if (p.share() != null) {
        max = Math.max(max, p.share());
      }
    }
    if (max == 0) {
      return 0;
    }
    Double uniform = s.uniformShare();
    return BAR_WIDTH / (uniform == null ? max : Math.max(max, uniform));
  }

  /**
   * A pod's share as a bar in eighths of a character, with {@link #UNIFORM_MARK} in the
   * character where the uniform share falls (over the bar, or after it with spaces between).
   */
  static String bar(Double share, Double uniform, double scale) {
    long eighths = share == null ? 0 : Math.round(share * scale * 8);
    if (eighths == 0 && share != null && share > 0) {
      eighths = 1;
    }
    StringBuilder bar = new StringBuilder();
    for (long i = 0; i < eighths / 8; i++) {
      bar.append(FULL);
    }
    if (eighths % 8 != 0) {
      bar.append(EIGHTHS.charAt((int) (eighths % 8)));
    }
    if (uniform != null) {
      int mark = (int) Math.round(uniform * scale);
      while (bar.length() <= mark) {
        bar.append(' ');
      }
      bar.setCharAt(mark, UNIFORM_MARK);
    }
    return bar.toString();
  }

  /** No colour for no failures, yellow for some, red from {@link #RED_FAILURES} of those generated up. */
  private static String failureColour(long failed, long generated) {
    if (failed == 0) {
      return null;
    }
    return failed >= RED_FAILURES * generated ? RED : YELLOW;
  }

  /** The text in the colour (an ANSI sequence, or null for none), if this writer colours. */
  private String paint(String ansi, String text) {
    return Ansi.paint(colour, ansi, text);
  }

  private static String label(String name) {
    return INDENT + name + " ".repeat(Math.max(1, 14 - name.length()));
  }
}
