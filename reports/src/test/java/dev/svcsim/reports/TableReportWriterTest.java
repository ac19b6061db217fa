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
    List<Expectation> e = List.of(
        new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
        new Expectation("even spread", "services[\"default/web\"].skew.maxOverMean", Op.EQ, 1.0, 0.05),
        new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0));
    StringWriter out = new StringWriter();
    ReportFormat.TABLE.writer().write(Report.of(Fixtures.run(), e), out);
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
    assertLine(t, "  POD      NODE    ZONE    CONNECTIONS  SHARE  UNIFORM  UTILIZATION  P50 MS  P99 MS");
    assertLine(t, "  web-b-1  node-b  zone-1         5000  50.0%    33.3%        50.0%   2.000   3.001");
    assertLine(t, "  api-0 *  node-a  zone-1            0      -        -         0.0%       -       -");
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
  void deterministicAndWithoutTrailingSpacesOrColour() throws IOException {
    String t = table();
    assertEquals(t, table(), "same report, same text");
    assertFalse(t.contains("\u001b"), "no ANSI escapes");
    assertTrue(t.lines().noneMatch(l -> l.endsWith(" ")), "no trailing spaces:\n" + t);
  }
}
