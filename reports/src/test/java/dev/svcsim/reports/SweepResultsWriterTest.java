package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.reports.Report.ExpectationRow;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** results.json and results.csv of a small sweep, byte for byte. */
class SweepResultsWriterTest {

  private static final String SKEW = "services[\"shop/web\"].skew.maxOverMean";
  private static final String DELIVERED = "services[\"shop/web\"].connections.delivered";

  private static Map<String, String> values(String policy, String replicas) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("service/shop/web:spec.externalTrafficPolicy", policy);
    m.put("deployment/shop/web:spec.replicas", replicas);
    return m;
  }

  private static Map<String, SweepResults.Stat> stats(SweepResults.Stat skew, SweepResults.Stat delivered) {
    Map<String, SweepResults.Stat> m = new LinkedHashMap<>();
    m.put(SKEW, skew);
    m.put(DELIVERED, delivered);
    return m;
  }

  private static SweepResults results() {
    Expectation even = new Expectation("even, mostly", SKEW, Expectation.Op.LE, 1.2, 0);
    SweepResults.Point p0 = new SweepResults.Point(0, values("Cluster", "2"),
        stats(SweepStatistics.of(List.of(1.0, 2.0, 3.0, 4.0)), SweepStatistics.of(List.of(100.0, 100.0, 100.0, 100.0))), "",
        List.of(new ExpectationRow(even.name(), SKEW, even.op(), 1.2, 0, 2.5, false, null)));
    SweepResults.Point p1 = new SweepResults.Point(1, values("Cluster", "-1"), Map.of(),
        "s.yaml:9:30: spec.replicas: must be between 0 and 100000, inclusive (got -1)", List.of());
    SweepResults.Point p2 = new SweepResults.Point(2, values("Local", "2"),
        stats(SweepStatistics.of(List.of(1.1)), SweepStatistics.of(List.of())), "",
        List.of(new ExpectationRow(even.name(), SKEW, even.op(), 1.2, 0, 1.1, true, null)));
    return new SweepResults("policy", 7, 4, List.copyOf(values("", "").keySet()), List.of(SKEW, DELIVERED),
        List.of(p0, p1, p2), List.of(even.name()));
  }

  @Test
  void csvHasAHeaderAndARowPerPoint() throws IOException {
    StringWriter out = new StringWriter();
    SweepResultsWriter.csv(results(), out);
    assertEquals(String.join("\n",
        "point,service/shop/web:spec.externalTrafficPolicy,deployment/shop/web:spec.replicas,"
            + "\"services[\"\"shop/web\"\"].skew.maxOverMean.mean\",\"services[\"\"shop/web\"\"].skew.maxOverMean.sd\","
            + "\"services[\"\"shop/web\"\"].skew.maxOverMean.ciLow\",\"services[\"\"shop/web\"\"].skew.maxOverMean.ciHigh\","
            + "\"services[\"\"shop/web\"\"].skew.maxOverMean.n\","
            + "\"services[\"\"shop/web\"\"].connections.delivered.mean\",\"services[\"\"shop/web\"\"].connections.delivered.sd\","
            + "\"services[\"\"shop/web\"\"].connections.delivered.ciLow\",\"services[\"\"shop/web\"\"].connections.delivered.ciHigh\","
            + "\"services[\"\"shop/web\"\"].connections.delivered.n\",\"expectation:even, mostly\",error",
        "0,Cluster,2,2.5,1.29099444874,0.445739743239,4.55426025676,4,100.0,0.0,100.0,100.0,4,FAIL,",
        "1,Cluster,-1,,,,,,,,,,,,\"s.yaml:9:30: spec.replicas: must be between 0 and 100000, inclusive (got -1)\"",
        "2,Local,2,1.1,,,,1,,,,,0,PASS,",
        ""), out.toString());
  }

  @Test
  void jsonHasTheSameFigures() throws IOException {
    StringWriter out = new StringWriter();
    SweepResultsWriter.json(results(), out);
    String json = out.toString();
    String p0 = """
            {
              "point": 0,
              "values": {
                "service/shop/web:spec.externalTrafficPolicy": "Cluster",
                "deployment/shop/web:spec.replicas": "2"
              },
              "metrics": {
                "services[\\"shop/web\\"].skew.maxOverMean": {
                  "n": 4,
                  "mean": 2.5,
                  "sd": 1.29099444874,
                  "ciLow": 0.445739743239,
                  "ciHigh": 4.55426025676
                },
                "services[\\"shop/web\\"].connections.delivered": {
                  "n": 4,
                  "mean": 100.0,
                  "sd": 0.0,
                  "ciLow": 100.0,
                  "ciHigh": 100.0
                }
              },
              "expectations": [
                {
                  "name": "even, mostly",
                  "metric": "services[\\"shop/web\\"].skew.maxOverMean",
                  "op": "<=",
                  "value": 1.2,
                  "tolerance": 0.0,
                  "actual": 2.5,
                  "passed": false,
                  "problem": null
                }
              ],
              "error": null
            },
        """;
    String head = """
        {
          "sweep": "policy",
          "seed": 7,
          "replications": 4,
          "parameters": [
            "service/shop/web:spec.externalTrafficPolicy",
            "deployment/shop/web:spec.replicas"
          ],
          "metrics": [
            "services[\\"shop/web\\"].skew.maxOverMean",
            "services[\\"shop/web\\"].connections.delivered"
          ],
          "expectations": [
            "even, mostly"
          ],
          "points": [
        """;
    assertEquals(head + p0, json.substring(0, head.length() + p0.length()));
    String p1 = """
            {
              "point": 1,
              "values": {
                "service/shop/web:spec.externalTrafficPolicy": "Cluster",
                "deployment/shop/web:spec.replicas": "-1"
              },
              "metrics": {
                "services[\\"shop/web\\"].skew.maxOverMean": null,
                "services[\\"shop/web\\"].connections.delivered": null
              },
              "expectations": [],
              "error": "s.yaml:9:30: spec.replicas: must be between 0 and 100000, inclusive (got -1)"
            },
        """;
    assertEquals(p1, json.substring(head.length() + p0.length(), head.length() + p0.length() + p1.length()));
    assertEquals(true, json.endsWith("      \"error\": null\n    }\n  ]\n}\n"));
  }
}
