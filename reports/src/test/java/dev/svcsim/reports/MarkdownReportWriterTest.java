package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.models.scenario.ProxyMode;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownReportWriterTest {

  private static final List<Expectation> EXPECTATIONS = List.of(
      new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
      new Expectation("even | spread", "services[\"default/web\"].skew.maxOverMean", Op.EQ, 1.0, 0.05),
      new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0));

  private static final Pattern DELIMITER_ROW = Pattern.compile("\\|(-{3,}:?\\|)+");

  private static String md(Report report) throws IOException {
    StringWriter out = new StringWriter();
    ReportFormat.MD.writer().write(report, out);
    return out.toString();
  }

  /** A table as GitHub reads it: its lines' cells, split at the pipes no backslash escapes. */
  private record Table(List<String> header, List<List<String>> rows) {}

  /** The cells of a table line, split as GFM does: {@code \x} is one escaped character. */
  static List<String> cells(String line) {
    assertTrue(line.startsWith("| ") && line.endsWith(" |"), "a table line starts with '| ' and ends with ' |': " + line);
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cell.append(c).append(line.charAt(++i));
      } else if (c == '|') {
        cells.add(spacesTrimmed(cell.toString()));
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    return cells;
  }

  /** GFM trims the spaces and tabs around a cell's content. */
  static String spacesTrimmed(String s) {
    return s.replaceAll("^[ \t]+|[ \t]+$", "");
  }

  /** Every table of the text, checking that each is well formed: delimiter row, same cell count. */
  private static List<Table> tables(String text) {
    List<Table> tables = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("|")) {
        continue;
      }
      assertTrue(i == 0 || lines.get(i - 1).isEmpty(), "a blank line before the table at line " + (i + 1));
      List<String> header = cells(lines.get(i));
      String delimiter = lines.get(i + 1);
      assertTrue(DELIMITER_ROW.matcher(delimiter).matches(), "a delimiter row after line " + (i + 1) + ": " + delimiter);
      assertEquals(header.size(), delimiter.chars().filter(c -> c == '|').count() - 1, "delimiter cells: " + delimiter);
      List<List<String>> rows = new ArrayList<>();
      for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
        List<String> row = cells(lines.get(i));
        assertEquals(header.size(), row.size(), "line " + (i + 1) + " has " + row.size() + " cells, the header "
            + header.size() + ": " + lines.get(i));
        rows.add(row);
      }
      tables.add(new Table(header, rows));
    }
    return tables;
  }

  /** What a Markdown reader shows for escaped text: the escaped character, a line break for {@code <br>}. */
  static String shown(String escaped) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\' && i + 1 < escaped.length()) {
        char next = escaped.charAt(++i);
        assertTrue(next < 128 && !Character.isLetterOrDigit(next), "only ASCII punctuation is escaped: \\" + next);
        sb.append(next);
      } else if (escaped.startsWith("<br>", i)) {
        sb.append('\n');
        i += 3;
      } else {
        assertFalse("\\`*_[]<>|~&#$".indexOf(c) >= 0, "an unescaped '" + c + "' in " + escaped);
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String lineBreaksAsLf(String s) {
    return s.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static Table tableWithHeader(List<Table> tables, String firstColumn, int index) {
    return tables.stream().filter(t -> t.header().get(0).equals(firstColumn)).skip(index).findFirst().orElseThrow();
  }

  @Test
  void aTitleThenPerServiceTablesThenExpectationsAndWarnings() throws IOException {
    Report report = Report.of(Fixtures.run(), EXPECTATIONS);
    String md = md(report);
    assertEquals(md, md(report), "the same report gives the same bytes");
    assertTrue(md.startsWith("### svcsim: etp-local-imbalance, seed 42, kube-proxy iptables, 2s measured after a 5s"
        + " warmup\n\n❌ 2 of 3 expectations failed\n\n#### Service default/api\n\n| figure | value |\n"), md);
    List<Table> tables = tables(md);
    // Per Service: summary, pods, nodes; then the expectations.
    assertEquals(7, tables.size(), md);
    Table web = tableWithHeader(tables, "figure", 1);
    assertEquals(List.of("connections", "requests", "source IP preserved", "node hops", "cross-zone", "latency ms"),
        web.rows().stream().map(r -> r.get(0)).toList());
    assertEquals("10010 generated, 10000 delivered, 10 failed: noLocalEndpoints 10", web.rows().get(0).get(1));
    assertEquals("100.0% (loadBalancer 100.0%, nodePort -, clusterIP -)", web.rows().get(2).get(1));
    assertEquals("mean 2.251, p50 1.500, p90 4.803, p99 4.803, p99.9 4.803, max 4.803", web.rows().get(5).get(1));
    Table pods = tableWithHeader(tables, "pod", 1);
    assertEquals(List.of("pod", "node", "zone", "connections", "share", "uniform", "utilization", "p50 ms", "p99 ms"),
        pods.header());
    assertEquals(List.of("web-b-1", "node-b", "zone-1", "5000", "50.0%", "33.3%", "50.0%", "2.000", "3.001"),
        pods.rows().get(2));
    assertEquals("api-0 \\*", tableWithHeader(tables, "pod", 0).rows().get(0).get(0), "not Ready the whole window");
    assertTrue(md.contains("\n\\* not Ready for the whole measured window"), md);
    assertEquals(List.of("node", "zone", "ingress", "ingress share", "pod connections", "share"),
        tableWithHeader(tables, "node", 0).header());
    assertTrue(md.contains("\n**Skew**: max/mean 1.500, min/mean 0.750, cv 0.354, jain 0.889, gini 0.167,"
        + " chi-square p \\<0.001 (over 3 pods Ready the whole window)\n"), md);
    assertTrue(md.contains("\n**Skew**: none: no pod was Ready for the whole measured window\n"), md);

    Table expectations = tableWithHeader(tables, "result", 0);
    assertEquals(List.of("result", "expectation", "metric", "op", "value", "actual"), expectations.header());
    assertEquals(List.of("✅ PASS", "source IP preserved", "services\\[\"default/web\"\\].sourceIpPreserved", "\\>=",
        "0.99", "1.0"), expectations.rows().get(0));
    assertEquals(List.of("❌ FAIL", "even \\| spread", "services\\[\"default/web\"\\].skew.maxOverMean", "==",
        "1.0 ± 0.05", "1.5"), expectations.rows().get(1));
    assertEquals("none, see the warnings", expectations.rows().get(2).get(5));
    assertTrue(md.endsWith("#### Warnings\n\n- expectation 'typo': services\\[\"default/webb\"\\] names no service;"
        + " services are default/api, default/web\n"), md);
    assertTrue(md.lines().noneMatch(l -> l.endsWith(" ")), "no trailing spaces");
  }

  @Test
  void oddStringsStayInTheirCellsAndShowAsTheyAre() throws IOException {
    Report report = Fixtures.odd();
    String md = md(report);
    List<Table> tables = tables(md);
    ServiceReport busy = report.services().get("a: b/#c");
    List<String> shownPods = new ArrayList<>();
    for (List<String> row : tableWithHeader(tables, "pod", 0).rows()) {
      shownPods.add(shown(row.get(0)));
    }
    List<String> expectedPods = new ArrayList<>();
    for (Map.Entry<String, PodReport> e : busy.pods().entrySet()) {
      expectedPods.add(spacesTrimmed(lineBreaksAsLf(e.getKey()) + (e.getValue().readyWholeWindow() ? "" : " *")));
    }
    assertEquals(expectedPods, shownPods, "every pod name shows as it is");

    Table expectations = tableWithHeader(tables, "result", 0);
    assertEquals(report.expectations().size(), expectations.rows().size(), "a row per expectation");
    for (int i = 0; i < report.expectations().size(); i++) {
      ExpectationRow x = report.expectations().get(i);
      List<String> row = expectations.rows().get(i);
      assertEquals(x.passed() ? "✅ PASS" : "❌ FAIL", row.get(0), "row " + i);
      assertEquals(spacesTrimmed(lineBreaksAsLf(x.name())), shown(row.get(1)), "row " + i);
      assertEquals(spacesTrimmed(lineBreaksAsLf(x.metric())), shown(row.get(2)), "row " + i);
      assertEquals(x.op().symbol(), shown(row.get(3)), "row " + i);
    }

    List<String> bullets = md.substring(md.indexOf("#### Warnings\n\n") + 15).lines().toList();
    assertEquals(report.warnings().size(), bullets.size(), "a line per warning:\n" + bullets);
    for (int i = 0; i < bullets.size(); i++) {
      assertTrue(bullets.get(i).startsWith("- "), bullets.get(i));
      String item = bullets.get(i).substring(2);
      assertEquals(lineBreaksAsLf(report.warnings().get(i)), shown(item), "warning " + i);
      assertFalse(item.matches("([-+].*|\\d+[.)]( .*)?)"), "a warning must not start a nested list: " + item);
    }
    assertTrue(md.startsWith("### svcsim: a: b \\# c, seed " + Long.MIN_VALUE + ", kube-proxy on,"), md);
  }

  @Test
  void passingExpectationsAndNoServices() throws IOException {
    RunResult run = new RunResult("empty", 1, ProxyMode.IPVS, 0, Fixtures.SECOND, Fixtures.SECOND,
        List.of(), List.of(), List.of(), 0, 0);
    String md = md(Report.of(run, List.of(new Expectation("seeded", "seed", Op.EQ, 1, 0))));
    assertEquals("### svcsim: empty, seed 1, kube-proxy ipvs, 1s measured\n\n✅ the expectation passed\n\n"
        + "No Service received traffic.\n\n#### Expectations\n\n| result | expectation | metric | op | value | actual |\n"
        + "|---|---|---|---|---:|---:|\n| ✅ PASS | seeded | seed | == | 1.0 | 1 |\n", md);
    tables(md);
  }

  @Test
  void escaping() {
    assertEquals("default/web", MarkdownReportWriter.text("default/web"));
    assertEquals("a \\| b \\\\ \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\&amp; \\~i\\~ \\#1 \\$x\\$",
        MarkdownReportWriter.text("a | b \\ *c* _d_ `e` [f](g) <h> &amp; ~i~ #1 $x$"));
    assertEquals("one<br>two<br>three<br>four", MarkdownReportWriter.text("one\ntwo\r\nthree\rfour"));
    assertEquals("\\- item", MarkdownReportWriter.text("- item"));
    assertEquals("12\\. item", MarkdownReportWriter.text("12. item"));
    assertEquals("1\\) item", MarkdownReportWriter.text("1) item"));
    assertEquals("1.5 - 2.5", MarkdownReportWriter.text("1.5 - 2.5"), "a number is no list marker");
    assertEquals("2001-12-14", MarkdownReportWriter.text("2001-12-14"));
  }
}
