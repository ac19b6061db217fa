package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.reports.Comparison.Figure;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static final List<Expectation> EXPECT = List.of(
      new Expectation("api delivers", "services[\"default/api\"].connections.delivered", Op.GT, 0, 0),
      new Expectation("web skew", "services[\"default/web\"].skew.maxOverMean", Op.LE, 1.6, 0));

  private static Report both() {
    return Report.of(Fixtures.run(), EXPECT);
  }

  private static Report webOnly() {
    return Report.of(Fixtures.run(List.of(Fixtures.etpLocal()), List.of()), EXPECT);
  }

  private static Figure figure(Comparison c, String metric) {
    return c.figures().stream().filter(f -> f.metric().equals(metric)).findFirst()
        .orElseThrow(() -> new AssertionError("no figure " + metric + " in " + c.figures()));
  }

  private static String write(Comparison c, ComparisonWriter.Format format, boolean colour, boolean onlyChanged)
      throws Exception {
    StringWriter w = new StringWriter();
    new ComparisonWriter(format, colour, onlyChanged).write(c, w);
    return w.toString();
  }

  @Test
  void aReportEqualsItself() {
    Comparison c = Comparison.of("a", both(), "b", both());
    assertTrue(c.differences().isEmpty(), c.differences().toString());
    assertTrue(c.figures().size() > 50, "every figure is listed: " + c.figures().size());
    assertTrue(c.expectations().stream().noneMatch(Comparison.ExpectationPair::differs));
  }

  @Test
  void figuresAreNamedByTheirMetricPathWithTheChange() {
    Comparison c = Comparison.of("web only", webOnly(), "both", both());
    Figure delivered = figure(c, "services[\"default/api\"].connections.generated");
    assertNull(delivered.a(), "A had no api Service");
    assertEquals(new JsonValue.Int(40), delivered.b());
    assertEquals("only in B", ComparisonWriter.change(delivered));
    Figure jain = figure(c, "services[\"default/web\"].skew.jain");
    assertFalse(jain.differs(), "web is the same in both");
    assertEquals("", ComparisonWriter.change(jain));
    Figure failed = figure(c, "services[\"default/web\"].connections.failedBy.noLocalEndpoints");
    assertFalse(failed.differs());
    assertEquals("api delivers", c.expectations().get(0).name());
    assertTrue(c.expectations().get(0).differs() == false, "the metric names nothing in A and 0 in B: both fail");
  }

  @Test
  void numericChangesShowDeltaAndPercent() {
    Figure f = new Figure("x", new JsonValue.Dbl(0.25), new JsonValue.Dbl(0.5));
    assertEquals("+0.25 (+100.0%)", ComparisonWriter.change(f));
    Figure g = new Figure("x", new JsonValue.Int(40), new JsonValue.Int(30));
    assertEquals("-10 (-25.0%)", ComparisonWriter.change(g));
    Figure h = new Figure("x", new JsonValue.Int(0), new JsonValue.Int(3));
    assertEquals("+3", ComparisonWriter.change(h), "no percentage of 0");
    Figure s = new Figure("x", new JsonValue.Str("iptables"), new JsonValue.Str("ipvs"));
    assertEquals("changed", ComparisonWriter.change(s));
    Figure n = new Figure("x", JsonValue.Null.NULL, new JsonValue.Dbl(1.0));
    assertEquals("changed", ComparisonWriter.change(n));
    assertEquals("0.498214", ComparisonWriter.value(new JsonValue.Dbl(0.498213749124)), "six significant digits");
  }

  @Test
  void tableMarksDifferencesAndColoursThemOnlyWhenAsked() throws Exception {
    Comparison c = Comparison.of("web only", webOnly(), "both", both());
    String plain = write(c, ComparisonWriter.Format.TABLE, false, false);
    assertFalse(plain.contains("\u001b"), plain);
    assertTrue(plain.contains("* services[\"default/api\"].connections.generated"), plain);
    assertTrue(plain.contains("\n  services[\"default/web\"].skew.jain"), "equal rows unmarked: " + plain);
    assertTrue(plain.contains("Warnings of A\n  - expectation 'api delivers'"), plain);
    String coloured = write(c, ComparisonWriter.Format.TABLE, true, false);
    assertTrue(coloured.contains("\u001b[33m* services[\"default/api\"].connections.generated"), coloured);
    String changed = write(c, ComparisonWriter.Format.TABLE, false, true);
    assertFalse(changed.contains("services[\"default/web\"].skew.jain"), "equal rows left out: " + changed);
  }

  @Test
  void markdownTablesAreWellFormed() throws Exception {
    String md = write(Comparison.of("a|b", webOnly(), "both", both()), ComparisonWriter.Format.MD, false, false);
    for (String line : md.split("\n")) {
      if (line.startsWith("| Metric") || line.startsWith("| `") || line.startsWith("| **`")) {
        assertEquals(6, line.replace("\\|", "").split("\\|", -1).length, "4 cells: " + line);
      }
    }
    assertTrue(md.contains("| **`services[\"default/api\"].connections.generated`** | - | 40 | only in B |"), md);
  }

  @Test
  void jsonParsesAndCarriesBothSides() throws Exception {
    String json = write(Comparison.of("web only", webOnly(), "both", both()), ComparisonWriter.Format.JSON, false, true);
    JsonNode root = new ObjectMapper().readTree(json);
    assertEquals("web only", root.get("a").asText());
    assertTrue(root.get("differences").asInt() > 0);
    JsonNode first = root.get("figures").get(0);
    assertTrue(first.get("differs").asBoolean(), "only changed figures were asked for");
    assertTrue(first.has("inA") && first.has("inB") && first.has("delta"), first.toString());
  }
}
