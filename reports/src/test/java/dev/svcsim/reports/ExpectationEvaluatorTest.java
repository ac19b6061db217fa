package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import dev.svcsim.reports.Report.ExpectationRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationEvaluatorTest {

  private static final JsonValue.Obj TREE = ReportTree.of(Report.of(Fixtures.run(), List.of()));

  private static Number value(String metric) {
    ExpectationEvaluator.Lookup l = ExpectationEvaluator.lookup(TREE, metric);
    assertNull(l.problem(), "unexpected problem for " + metric);
    return l.value();
  }

  private static String problem(String metric) {
    ExpectationEvaluator.Lookup l = ExpectationEvaluator.lookup(TREE, metric);
    assertNull(l.value(), metric + " should not resolve");
    return l.problem();
  }

  @Test
  void pathsNameWhatTheJsonShows() {
    assertEquals(42L, value("seed"), "an integer stays an integer");
    assertEquals(1.0, value("services[\"default/web\"].sourceIpPreserved"));
    assertEquals(1.5, value("services[\"default/web\"].skew.maxOverMean"));
    assertEquals(10L, value("services[\"default/web\"].connections.failedBy.noLocalEndpoints"));
    assertEquals(0.5, value("services['default/web'].pods[\"web-b-1\"].share"), "single quotes");
    assertEquals(0.25, value("services[\"default/web\"].pods.web-a-1.share"), "a dotted pod name");
    assertEquals(10_000L, value("services[\"default/web\"].nodeHops[\"1\"]"));
    assertEquals(10_000L, value("services[\"default/web\"].nodeHops[1]"), "[N] on an object is the key N");
    assertEquals(5000L, value("timeline[1].delivered"), "list index");
    assertEquals(20L, value("timeline[service=default/api].failed"), "the first row of that service");
    assertEquals(2500L, value("timeline[3].pods[\"web-b-1\"]"));
    assertEquals(123_456L, value("engine.eventsFired"), "extra keys work too");
  }

  @Test
  void aMissingServiceListsTheServices() {
    assertEquals("services[\"default/webb\"] names no service; services are default/api, default/web",
        problem("services[\"default/webb\"].sourceIpPreserved"));
    assertEquals("services[\"web\"] names no service; services are default/api, default/web"
            + " (did you mean \"default/web\"?)",
        problem("services[\"web\"].sourceIpPreserved"));
  }

  @Test
  void missingPodsFieldsAndReasonsSayWhatThereIs() {
    assertEquals("services[\"default/web\"].pods[\"web-0\"] names no pod; pods are web-a-1, web-a-2, web-b-1",
        problem("services[\"default/web\"].pods[\"web-0\"].share"));
    assertEquals("services[\"default/web\"].skew.maxovermean names no field; the fields of"
            + " services[\"default/web\"].skew are maxOverMean, minOverMean, cv, jain, gini, chiSquareP,"
            + " podsCounted (did you mean \"maxOverMean\"?)",
        problem("services[\"default/web\"].skew.maxovermean"));
    assertTrue(problem("services[\"default/web\"].connections.failedBy.timeout")
            .startsWith("services[\"default/web\"].connections.failedBy.timeout names no failure reason;"
                + " failure reasons are noEndpoints, noLocalEndpoints,"),
        problem("services[\"default/web\"].connections.failedBy.timeout"));
    assertTrue(problem("services[\"default/web\"].nodeHops[\"0\"]")
            .endsWith("(counts other than 1 and 2 are listed only when not zero)"),
        problem("services[\"default/web\"].nodeHops[\"0\"]"));
    assertTrue(problem("servics").startsWith("servics names no field; the fields of the report are scenario, seed,"),
        problem("servics"));
  }

  @Test
  void nullAndNonNumbersAreNotActualValues() {
    assertTrue(problem("services[\"default/api\"].sourceIpPreserved")
        .startsWith("services[\"default/api\"].sourceIpPreserved is null in this run"));
    assertEquals("scenario is a string (\"etp-local-imbalance\"), not a number", problem("scenario"));
    assertEquals("services[\"default/web\"].pods[\"web-a-1\"].readyWholeWindow is a boolean (true), not a number",
        problem("services[\"default/web\"].pods[\"web-a-1\"].readyWholeWindow"));
    assertEquals("services[\"default/web\"].latencyMs is an object, not a number; name one of its fields:"
            + " mean, p50, p90, p99, p999, max",
        problem("services[\"default/web\"].latencyMs"));
    assertEquals("timeline is a list of 4 entries, not a number", problem("timeline"));
  }

  @Test
  void wrongShapesAndRanges() {
    assertEquals("timeline[9] is out of range: timeline has 4 entries", problem("timeline[9].delivered"));
    assertEquals("timeline is a list of 4 entries; pick one with [N] (from 0) or [field=value]",
        problem("timeline.delivered"));
    assertEquals("timeline[service=x/y] matches no entry of timeline", problem("timeline[service=x/y].failed"));
    assertEquals("seed is a number; it has nothing inside, so seed.x names nothing", problem("seed.x"));
    assertEquals("services is an object, not a list; [field=value] picks an entry of a list",
        problem("services[a=b]"));
    assertTrue(problem("services[\"x").startsWith("bad metric path"), problem("services[\"x"));
    assertEquals("expectations: an expectation cannot check the report's expectations or warnings",
        problem("expectations[0].passed"));
  }

  @Test
  void rowsComeInOrderAndUnresolvedOnesFailWithAWarning() {
    List<Expectation> e = List.of(
        new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
        new Expectation("even spread", "services[\"default/web\"].skew.maxOverMean", Op.EQ, 1.0, 0.05),
        new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0),
        new Expectation("few failures", "services[\"default/web\"].connections.failed", Op.LE, 10, 0));
    Report r = Report.of(Fixtures.run(), e);
    List<ExpectationRow> rows = r.expectations();
    assertEquals(List.of("source IP preserved", "even spread", "typo", "few failures"),
        rows.stream().map(ExpectationRow::name).toList(), "file order");
    assertTrue(rows.get(0).passed(), "1.0 >= 0.99");
    assertEquals(1.0, rows.get(0).actual());
    assertFalse(rows.get(1).passed(), "1.5 is not 1.0 +/- 0.05");
    assertEquals(1.5, rows.get(1).actual());
    assertFalse(rows.get(2).passed(), "nothing to compare");
    assertNull(rows.get(2).actual());
    assertTrue(rows.get(3).passed(), "10 <= 10");
    assertEquals(10L, rows.get(3).actual());
    assertEquals(List.of("expectation 'typo': services[\"default/webb\"] names no service;"
        + " services are default/api, default/web"), r.warnings());
    assertFalse(r.allExpectationsPassed());
  }

  @Test
  void toleranceAppliesToEquality() {
    List<Expectation> e = List.of(
        new Expectation("close", "services[\"default/web\"].skew.jain", Op.EQ, 0.89, 0.002),
        new Expectation("not close", "services[\"default/web\"].skew.jain", Op.NE, 0.89, 0.01));
    Report r = Report.of(Fixtures.run(), e);
    assertTrue(r.expectations().get(0).passed(), "8/9 = 0.8889 is within 0.002 of 0.89");
    assertFalse(r.expectations().get(1).passed(), "8/9 is within 0.01 of 0.89, so != fails");
  }
}
