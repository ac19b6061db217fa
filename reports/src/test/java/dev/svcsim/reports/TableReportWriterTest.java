package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableReportWriterTest {

  private static String table() throws IOException {
    return table(ReportFormat.TABLE.writer());
  }

  private static String table(ReportWriter writer) throws IOException {
    List<Expectation> e = List.of(
        new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
        new Expectation("even spread", "services[\"default/web\"].skew.maxOverMean", Op.EQ, 1.0, 0.05),
        new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0));
    StringWriter out = new StringWriter();
    writer.write(Report.of(Fixtures.run(), e), out);
    return out.toString();
  }

  private static void assertLine(String text, String line) {
    assertTrue(text.lines().anyMatch(line::equals), "no line\n" + line + "\nin\n" + text);
  }

  @Test
  void summaryOfEachService() throws IOException {
    String t = table();
    assertTrue(t.startsWith("Scenario etp-local-imbalance: seed 42, kube-proxy iptables, 2s measured after a 5s warmup\n"), t);
    assertTrue(t.indexOf("Service default/api") < t.indexOf("Service default/web"), "services sorted: " + t);
    assertLine(t, "  connections   10010 generated, 10000 delivered, 10 failed: noLocalEndpoints 10");
    assertLine(t, "  requests      20020 generated, 20000 completed, 20 failed");
    assertLine(t, "  source IP     preserved 100.0% (loadBalancer 100.0%, nodePort -, clusterIP -)");
    assertLine(t, "  node hops     1: 10000 (100.0%), 2: 0 (0.0%)");
    assertLine(t, "  cross-zone    0.0%");
    assertLine(t, "  latency ms    mean 2.251  p50 1.500  p90 4.803  p99 4.803  p99.9 4.803  max 4.803");
    assertLine(t, "  source IP     no connection delivered");
    assertLine(t, "  latency ms    no request completed");
  }

  @Test
  void podAndNodeTablesWithTheUniformShareBeside() throws IOException {
    String t = table();
    // default/api delivered nothing: no bars.
    assertLine(t, "  POD      NODE    ZONE    CONNECTIONS  SHARE  UNIFORM  UTILIZATION  P50 MS  P99 MS");
    assertLine(t, "  api-0 *  node-a  zone-1            0      -        -         0.0%       -       -");
    // default/web: 50% is the longest bar, 20 characters; the uniform 33.3% falls in the 14th.
    assertLine(t, "  POD      NODE    ZONE    CONNECTIONS  SHARE  UNIFORM                        UTILIZATION  P50 MS  P99 MS");
    assertLine(t, "  web-a-1  node-a  zone-1         2500  25.0%    33.3%  ██████████   │              25.0%   1.500   1.500");
    assertLine(t, "  web-b-1  node-b  zone-1         5000  50.0%    33.3%  █████████████│██████        50.0%   2.000   3.001");
    assertLine(t, "  █ the share, scaled so that the longest bar is 20 characters; │ where the uniform share falls");
    assertEquals(1, t.lines().filter(l -> l.contains("the longest bar")).count(), "a footnote where there are bars");
    assertLine(t, "  * not Ready for the whole measured window: left out of the skew figures and the uniform share");
    assertLine(t, "  NODE    ZONE    INGRESS  INGRESS SHARE  POD CONNECTIONS  SHARE");
    assertLine(t, "  node-b  zone-1     5000          50.0%             5000  50.0%");
  }

  @Test
  void skewExpectationsAndWarnings() throws IOException {
    String t = table();
    assertLine(t, "  skew          max/mean 1.500  min/mean 0.750  cv 0.354  jain 0.889  gini 0.167"
        + "  chi-square p <0.001  (over 3 pods Ready the whole window)");
    assertLine(t, "  skew          none: no pod was Ready for the whole measured window");
    assertLine(t, "  PASS  source IP preserved: services[\"default/web\"].sourceIpPreserved >= 0.99 (actual 1.0)");
    assertLine(t, "  FAIL  even spread: services[\"default/web\"].skew.maxOverMean == 1.0 +/- 0.05 (actual 1.5)");
    assertLine(t, "  FAIL  typo: services[\"default/webb\"].sourceIpPreserved >= 0.99 (actual none, see the warnings)");
    assertTrue(t.endsWith("\nWarnings\n  - expectation 'typo': services[\"default/webb\"] names no service;"
        + " services are default/api, default/web\n"), t);
  }

  @Test
  void barsInEighthsWithTheUniformMark() {
    double scale = 40; // 50% is 20 characters
    assertEquals("██████████   │", TableReportWriter.bar(0.25, 1 / 3.0, scale), "the mark after a shorter bar");
    assertEquals("█████████████│██████", TableReportWriter.bar(0.5, 1 / 3.0, scale), "the mark over a longer bar");
    assertEquals("██▎", TableReportWriter.bar(0.05625, null, scale), "2.25 characters, no uniform share");
    assertEquals("▉", TableReportWriter.bar(0.875 / 40, null, scale), "seven eighths");
    assertEquals("▏", TableReportWriter.bar(0.0001, null, scale), "a pod with connections gets at least an eighth");
    assertEquals("", TableReportWriter.bar(0.0, null, scale), "no connections, no bar");
    assertEquals("          │", TableReportWriter.bar(null, 0.25, scale), "no share: the mark alone");
    assertEquals("████████████████████│", TableReportWriter.bar(0.5, 0.5, scale), "the mark just after a full bar");
  }

  @Test
  void colourOnlyWhenAskedAndTheColumnsStillLineUp() throws IOException {
    String plain = table();
    String coloured = table(ReportFormat.TABLE.writer(true));
    assertEquals(plain, table(new TableReportWriter(false)), "no colour is the default");
    assertEquals(plain, coloured.replaceAll("\u001b\\[[0-9;]*m", ""),
        "colour adds escape sequences and nothing else: the same text, the same alignment");
    String bold = "\u001b[1m";
    String red = "\u001b[31m";
    String green = "\u001b[32m";
    String yellow = "\u001b[33m";
    String reset = "\u001b[0m";
    assertTrue(coloured.startsWith(bold + "Scenario etp-local-imbalance: seed 42"), coloured);
    for (String expected : List.of(
        bold + "Service default/web" + reset + "\n",
        bold + "Expectations" + reset + "\n",
        bold + "Warnings" + reset + "\n",
        "  " + green + "PASS" + reset + "  source IP preserved",
        "  " + red + "FAIL" + reset + "  even spread",
        // default/api: all 40 failed, red; default/web: 10 of 10010, under 1%, yellow.
        "0 delivered, " + red + "40 failed" + reset + ": noEndpoints " + red + "40" + reset + "\n",
        "10000 delivered, " + yellow + "10 failed" + reset + ": noLocalEndpoints " + yellow + "10" + reset + "\n",
        "20000 completed, " + yellow + "20 failed" + reset + "\n",
        // web-b-1's 50% is above 1.25 x 33.3%: its share and bar are yellow; web-a-1's are not.
        "5000  " + yellow + "50.0%" + reset + "    33.3%  " + yellow + "█████████████│██████" + reset + "        50.0%",
        "2500  25.0%    33.3%  ██████████   │              25.0%")) {
      assertTrue(coloured.contains(expected), "no\n" + expected + "\nin\n" + coloured);
    }
  }

  @Test
  void aCellsWidthIsItsCodePointsWithoutEscapes() {
    assertEquals(5, TextTable.width("50.0%"));
    assertEquals(3, TextTable.width("█▏│"));
    assertEquals(5, TextTable.width("\u001b[33m50.0%\u001b[0m"));
    assertEquals(2, TextTable.width("\u001b[1;31mok\u001b[0m"));
    assertEquals(1, TextTable.width("\ud83d\ude00"), "one code point");
    String table = new TextTable("A", ">B")
        .row("\u001b[31mred\u001b[0m", "█▌")
        .row("plain", "\u001b[33m12\u001b[0m")
        .render("");
    assertEquals("A       B\n" + "\u001b[31mred\u001b[0m    █▌\n" + "plain  \u001b[33m12\u001b[0m\n", table);
  }

  @Test
  void namesAndTextsFromTheRunCannotEscapeToTheTerminal() throws IOException {
    StringWriter out = new StringWriter();
    new TableReportWriter(false).write(Fixtures.odd(), out);
    String t = out.toString();
    assertTrue(t.chars().noneMatch(c -> c != '\n' && (c < 0x20 || c >= 0x7f && c <= 0x9f)),
        "no control character but the line ends:\n" + t);
    assertTrue(t.contains("  - esc\\u001b[31mred\\u001b[0m\\u001b[2J\n"), "an escape shown as text");
    assertTrue(t.contains("  - multi\\nline\n"), "a line break shown as text, the warning on one line");
    assertTrue(t.contains("  - tab\\there\n"), t);
    assertEquals("back\\slash \u00e9", ReportText.printable("back\\slash \u00e9"), "printable text unchanged");
  }

  @Test
  void deterministicAndWithoutTrailingSpacesOrColour() throws IOException {
    String t = table();
    assertEquals(t, table(), "same report, same text");
    assertFalse(t.contains("\u001b"), "no ANSI escapes");
    assertTrue(t.lines().noneMatch(l -> l.endsWith(" ")), "no trailing spaces:\n" + t);
  }
}
