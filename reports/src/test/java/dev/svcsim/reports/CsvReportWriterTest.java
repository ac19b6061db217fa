package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvReportWriterTest {

  private static final List<Expectation> EXPECTATIONS = List.of(
      new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
      new Expectation("even, \"really\"", "services[\"default/web\"].skew.maxOverMean", Op.EQ, 1.0, 0.05),
      new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0),
      new Expectation("count", "services[\"default/web\"].connections.delivered", Op.GT, 0, 0));

  private static String csv(Report report) throws IOException {
    StringWriter out = new StringWriter();
    ReportFormat.CSV.writer().write(report, out);
    return out.toString();
  }

  /**
   * A strict RFC 4180 reader (LF line ends): a quoted field runs to the quote not followed by
   * another quote; anything else after a closing quote than a comma or the line end is an error.
   */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted field in row " + (rows.size() + 1));
          }
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < text.length() && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\n') {
          throw new IllegalArgumentException("'" + text.charAt(i) + "' after a closing quote in row " + (rows.size() + 1));
        }
      } else {
        while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\n') {
          char c = text.charAt(i++);
          if (c == '"' || c == '\r') {
            throw new IllegalArgumentException("a bare " + (c == '"' ? "quote" : "CR") + " in row " + (rows.size() + 1));
          }
          field.append(c);
        }
      }
      row.add(field.toString());
      field.setLength(0);
      if (i >= text.length()) {
        throw new IllegalArgumentException("the last row has no line end");
      }
      if (text.charAt(i++) == '\n') {
        rows.add(row);
        row = new ArrayList<>();
      }
    }
    return rows;
  }

  @Test
  void theParserIsStrict() {
    assertEquals(List.of(List.of("a", "b,c", "d\"e", ""), List.of("x\ny", "", "")),
        parse("a,\"b,c\",\"d\"\"e\",\n\"x\ny\",,\n"));
    assertThrows(IllegalArgumentException.class, () -> parse("a\"b\n"));
    assertThrows(IllegalArgumentException.class, () -> parse("\"a\"b\n"));
    assertThrows(IllegalArgumentException.class, () -> parse("\"a\n"));
    assertThrows(IllegalArgumentException.class, () -> parse("a"));
  }

  /** The rows as maps from column name to field, checking that every row has every column. */
  private static List<Map<String, String>> records(String text) {
    List<List<String>> rows = parse(text);
    assertEquals(CsvReportWriter.COLUMNS, rows.get(0), "the header");
    List<Map<String, String>> out = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      assertEquals(CsvReportWriter.COLUMNS.size(), row.size(), "row " + (r + 1) + " has another number of fields: " + row);
      Map<String, String> m = new HashMap<>();
      for (int c = 0; c < row.size(); c++) {
        m.put(CsvReportWriter.COLUMNS.get(c), row.get(c));
      }
      out.add(m);
    }
    return out;
  }

  private static String num(Double d) {
    return d == null ? "" : Numbers.json(d);
  }

  /** Every pod and every expectation of the report is a row with its figures, in order. */
  private static void assertRowsMatch(Report report) throws IOException {
    String text = csv(report);
    List<Map<String, String>> rows = records(text);
    int r = 0;
    for (Map.Entry<String, ServiceReport> s : report.services().entrySet()) {
      for (Map.Entry<String, PodReport> e : s.getValue().pods().entrySet()) {
        Map<String, String> row = rows.get(r++);
        PodReport p = e.getValue();
        String where = "row " + (r + 1) + " " + row;
        assertEquals("pod", row.get("record"), where);
        assertEquals(s.getKey(), row.get("service"), where);
        assertEquals(e.getKey(), row.get("pod"), where);
        assertEquals(p.node(), row.get("node"), where);
        assertEquals(p.zone(), row.get("zone"), where);
        assertEquals(p.connections(), Long.parseLong(row.get("connections")), where);
        assertEquals(p.requests(), Long.parseLong(row.get("requests")), where);
        assertEquals(num(p.share()), row.get("share"), where);
        assertEquals(p.readyWholeWindow() ? num(s.getValue().uniformShare()) : "", row.get("uniformShare"), where);
        assertEquals(num(p.utilization()), row.get("utilization"), where);
        assertEquals(num(p.latencyMs().p50()), row.get("latencyP50Ms"), where);
        assertEquals(num(p.latencyMs().p99()), row.get("latencyP99Ms"), where);
        assertEquals(Boolean.toString(p.readyWholeWindow()), row.get("readyWholeWindow"), where);
        for (String c : CsvReportWriter.EXPECTATION_COLUMNS) {
          assertEquals("", row.get(c), where + ": " + c + " is empty on a pod row");
        }
      }
    }
    for (ExpectationRow x : report.expectations()) {
      Map<String, String> row = rows.get(r++);
      String where = "row " + (r + 1) + " " + row;
      assertEquals("expectation", row.get("record"), where);
      assertEquals(x.name(), row.get("expectation"), where);
      assertEquals(x.metric(), row.get("metric"), where);
      assertEquals(x.op().symbol(), row.get("op"), where);
      assertEquals(x.value(), Double.parseDouble(row.get("value")), Math.abs(x.value()) * 1e-11, where);
      assertEquals(x.tolerance(), Double.parseDouble(row.get("tolerance")), x.tolerance() * 1e-11, where);
      if (x.actual() == null) {
        assertEquals("", row.get("actual"), where);
      } else if (x.actual() instanceof Long n) {
        assertEquals(n.longValue(), Long.parseLong(row.get("actual")), where);
      } else {
        assertEquals(Numbers.json(x.actual().doubleValue()), row.get("actual"), where);
      }
      assertEquals(Boolean.toString(x.passed()), row.get("passed"), where);
      for (String c : CsvReportWriter.POD_COLUMNS) {
        assertEquals("", row.get(c), where + ": " + c + " is empty on an expectation row");
      }
    }
    assertEquals(rows.size(), r, "no other rows");
  }

  @Test
  void aRowPerPodThenAnExpectationRowPerExpectation() throws IOException {
    Report report = Report.of(Fixtures.run(), EXPECTATIONS);
    assertRowsMatch(report);
    String text = csv(report);
    assertEquals(String.join(",", CsvReportWriter.COLUMNS) + "\n", text.substring(0, text.indexOf('\n') + 1));
    assertTrue(text.contains("\npod,default/api,api-0,node-a,zone-1,0,0,,,0.0,,,false,,,,,,,\n"), text);
    assertTrue(text.contains("\npod,default/web,web-b-1,node-b,zone-1,5000,10000,0.5,0.333333333333,0.5,2.0,3.001,true,"
        + ",,,,,,\n"), text);
    assertTrue(text.contains("\nexpectation,,,,,,,,,,,,,\"even, \"\"really\"\"\",\"services[\"\"default/web\"\"]"
        + ".skew.maxOverMean\",==,1.0,0.05,1.5,false\n"), text);
    assertTrue(text.contains("\nexpectation,,,,,,,,,,,,,typo,\"services[\"\"default/webb\"\"].sourceIpPreserved\","
        + ">=,0.99,0.0,,false\n"), "a null actual is an empty field: " + text);
    assertTrue(text.endsWith(",count,\"services[\"\"default/web\"\"].connections.delivered\",>,0.0,0.0,10000,true\n"),
        "an integer actual stays an integer: " + text);
    assertFalse(text.contains("\r"), "lines end with LF");
    assertEquals(text, csv(Report.of(Fixtures.run(), EXPECTATIONS)), "the same report gives the same bytes");
  }

  @Test
  void oddStringsSurviveTheRoundTrip() throws IOException {
    assertRowsMatch(Fixtures.odd());
  }

  @Test
  void noPodsAndNoExpectationsIsTheHeaderAlone() throws IOException {
    RunResult run = new RunResult("empty", 1, ProxyMode.IPVS, 0, Fixtures.SECOND, Fixtures.SECOND,
        List.of(), List.of(), List.of(), 0, 0);
    assertEquals(String.join(",", CsvReportWriter.COLUMNS) + "\n", csv(Report.of(run, List.of())));
  }

  @Test
  void fieldsAreQuotedOnlyWhenTheyMustBe() {
    assertEquals("default/web", CsvReportWriter.field("default/web"));
    assertEquals(" spaces kept ", CsvReportWriter.field(" spaces kept "));
    assertEquals("\"a,b\"", CsvReportWriter.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvReportWriter.field("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvReportWriter.field("two\nlines"));
    assertEquals("\"cr\r\"", CsvReportWriter.field("cr\r"));
    assertEquals("", CsvReportWriter.field(null));
  }
}
