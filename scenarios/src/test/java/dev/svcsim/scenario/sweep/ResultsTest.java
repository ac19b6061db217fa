package dev.svcsim.scenario.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.Report.ExpectationRow;
import dev.svcsim.reports.SweepResults;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From points' outcomes to results: statistics over the runs that gave a value, verdicts on the mean. */
class ResultsTest {

  private static final String A = "services[\"default/web\"].skew.maxOverMean";
  private static final String B = "services[\"default/web\"].pods[\"x\"].share";

  private static final SweepInfo INFO = new SweepInfo("s", 1, 3, List.of("p"), List.of(A, B),
      List.of(new Expectation("a", A, Expectation.Op.LT, 2.5, 0), new Expectation("b", B, Expectation.Op.GT, 0, 0)), 2);

  private static RunOutcome run(int r, Number a, Number b) {
    Map<String, Number> m = new HashMap<>();
    m.put(A, a);
    m.put(B, b);
    Map<String, String> none = new HashMap<>();
    if (b == null) {
      none.put(B, "services[\"default/web\"].pods[\"x\"] names no pod");
    }
    return new RunOutcome(r, 100 + r, m, none, "");
  }

  @Test
  void statisticsCountTheRunsThatRanAndGaveAValue() {
    PointOutcome p0 = new PointOutcome(0, Map.of("p", "1"),
        List.of(run(0, 1.0, null), new RunOutcome(1, 101, Map.of(), Map.of(), "the run failed: boom"), run(2, 3L, null)),
        "replication 1 (seed 101): the run failed: boom");
    PointOutcome p1 = new PointOutcome(1, Map.of("p", "2"), List.of(), "s.yaml:1:1: bad value");
    SweepResults r = Results.of(INFO, List.of(p1, p0));
    SweepResults.Point first = r.points().get(0);
    assertEquals(0, first.index());
    assertEquals(2, first.stats().get(A).n());
    assertEquals(2.0, first.stats().get(A).mean());
    assertEquals(0, first.stats().get(B).n());
    assertNull(first.stats().get(B).mean());
    assertFalse(first.ok());
    ExpectationRow a = first.expectations().get(0);
    assertEquals(2.0, a.actual());
    assertTrue(a.passed());
    ExpectationRow b = first.expectations().get(1);
    assertNull(b.actual());
    assertFalse(b.passed());
    assertEquals("no replication gave a value: services[\"default/web\"].pods[\"x\"] names no pod", b.problem());
    SweepResults.Point second = r.points().get(1);
    assertEquals(List.of(), second.expectations(), "no run, no verdict");
    assertEquals(0, second.stats().get(A).n());
    assertEquals(List.of("a", "b"), r.expectations());
  }

  @Test
  void everyPointExactlyOnce() {
    PointOutcome p0 = new PointOutcome(0, Map.of("p", "1"), List.of(), "x");
    assertThrows(IllegalArgumentException.class, () -> Results.of(INFO, List.of(p0)));
    assertThrows(IllegalArgumentException.class, () -> Results.of(INFO, List.of(p0, p0)));
    assertThrows(IllegalArgumentException.class,
        () -> Results.of(INFO, List.of(p0, new PointOutcome(2, Map.of("p", "3"), List.of(), "x"))));
  }
}
