package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.result.ServiceResult.PodResult;
import dev.svcsim.models.scenario.Expectation;
import dev.svcsim.models.scenario.Expectation.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

  private static final List<Expectation> EXPECTATIONS = List.of(
      new Expectation("source IP preserved", "services[\"default/web\"].sourceIpPreserved", Op.GE, 0.99, 0),
      new Expectation("typo", "services[\"default/webb\"].sourceIpPreserved", Op.GE, 0.99, 0));

  static String json(RunResult run, List<Expectation> expectations) throws IOException {
    StringWriter out = new StringWriter();
    ReportFormat.JSON.writer().write(Report.of(run, expectations), out);
    return out.toString();
  }

  @Test
  void theSameRunGivesTheSameBytes() throws IOException {
    String first = json(Fixtures.run(), EXPECTATIONS);
    String again = json(Fixtures.run(), EXPECTATIONS);
    assertEquals(first, again, "two reports of equal runs must be byte-identical");
    // Services, pods and nodes handed over in another order change nothing.
    RunResult shuffled = Fixtures.run(List.of(Fixtures.unreachable(), reversed(Fixtures.etpLocal())), List.of());
    assertEquals(first, json(shuffled, EXPECTATIONS), "input order must not matter");
  }

  private static ServiceResult reversed(ServiceResult s) {
    List<PodResult> pods = new ArrayList<>(s.pods());
    java.util.Collections.reverse(pods);
    List<ServiceResult.NodeResult> nodes = new ArrayList<>(s.nodes());
    java.util.Collections.reverse(nodes);
    return new ServiceResult(s.service(), s.generated(), s.delivered(), s.failedBy(), s.requestsGenerated(),
        s.requestsCompleted(), s.requestsFailed(), s.byPath(), s.nodeHops(), s.crossZone(), pods, nodes,
        s.latencyMicros(), s.timeline());
  }

  /** {@code mvn verify -Dsvcsim.updateGolden=true} rewrites the golden file from the code. */
  private static final java.nio.file.Path GOLDEN_SOURCE =
      java.nio.file.Path.of("src/test/resources/dev/svcsim/reports/fixture-report.json");

  @Test
  void matchesTheGoldenFile() throws IOException {
    if (Boolean.getBoolean("svcsim.updateGolden")) {
      java.nio.file.Files.writeString(GOLDEN_SOURCE, json(Fixtures.run(), EXPECTATIONS));
    }
    String golden;
    try (InputStream in = getClass().getResourceAsStream("fixture-report.json")) {
      if (in == null) {
        fail("the golden file fixture-report.json is missing from the test resources");
      }
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String actual = json(Fixtures.run(), EXPECTATIONS);
    if (!golden.equals(actual)) {
      String[] g = golden.split("\n", -1);
      String[] a = actual.split("\n", -1);
      for (int i = 0; i < Math.min(g.length, a.length); i++) {
        if (!g[i].equals(a[i])) {
          fail("the JSON differs from the golden file at line " + (i + 1) + ":\n  golden: " + g[i]
              + "\n  actual: " + a[i] + "\n(if the change is intended, regenerate"
              + " reports/src/test/resources/dev/svcsim/reports/fixture-report.json with"
              + " -Dsvcsim.updateGolden=true)");
        }
      }
      fail("the JSON has " + a.length + " lines, the golden file " + g.length);
    }
  }

  /** Every key of the contract (docs/report.md), as JSON pointers with * for any pod or node. */
  private static final List<String> CONTRACT = List.of(
      "/scenario", "/seed", "/simulatedSeconds", "/kubeProxyMode", "/services", "/timeline",
      "/expectations", "/warnings");

  private static final List<String> SERVICE_CONTRACT = List.of(
      "/connections/generated", "/connections/delivered", "/connections/failed",
      "/connections/failedBy/noEndpoints", "/connections/failedBy/noLocalEndpoints",
      "/connections/failedBy/nodeDown", "/connections/failedBy/lbNoHealthyTarget",
      "/connections/failedBy/sourceRangeBlocked", "/connections/failedBy/podGone",
      "/connections/failedBy/queueFull",
      "/requests/generated", "/requests/completed", "/requests/failed",
      "/sourceIpPreserved",
      "/sourceIpPreservedBy/loadBalancer", "/sourceIpPreservedBy/nodePort", "/sourceIpPreservedBy/clusterIP",
      "/nodeHops/1", "/nodeHops/2", "/crossZoneFraction", "/pods", "/nodes",
      "/skew/maxOverMean", "/skew/minOverMean", "/skew/cv", "/skew/jain", "/skew/gini", "/skew/chiSquareP",
      "/latencyMs/mean", "/latencyMs/p50", "/latencyMs/p90", "/latencyMs/p99", "/latencyMs/p999",
      "/latencyMs/max");

  private static final List<String> POD_CONTRACT = List.of(
      "/node", "/zone", "/connections", "/requests", "/share", "/utilization", "/latencyMs/p50", "/latencyMs/p99");

  private static final List<String> NODE_CONTRACT = List.of("/ingressConnections", "/podConnections", "/share");

  private static final List<String> TIMELINE_CONTRACT = List.of("/t", "/service", "/delivered", "/failed", "/pods");

  private static final List<String> EXPECTATION_CONTRACT =
      List.of("/name", "/metric", "/op", "/value", "/actual", "/passed");

  @Test
  void everyContractKeyExistsInTheContractsOrder() throws IOException {
    JsonNode root = new ObjectMapper().readTree(json(Fixtures.run(), EXPECTATIONS));
    assertKeys(root, CONTRACT, "report");
    assertEquals(List.of("default/api", "default/web"), names(root.get("services")), "services sorted");
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("services").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> svc = it.next();
      assertKeys(svc.getValue(), SERVICE_CONTRACT, svc.getKey());
      List<String> reasons = names(svc.getValue().at("/connections/failedBy"));
      assertEquals(java.util.Arrays.stream(FailureReason.values()).map(FailureReason::key).toList(), reasons,
          svc.getKey() + ": every failure reason, in enum order");
      for (Iterator<Map.Entry<String, JsonNode>> p = svc.getValue().get("pods").fields(); p.hasNext(); ) {
        Map.Entry<String, JsonNode> pod = p.next();
        assertKeys(pod.getValue(), POD_CONTRACT, svc.getKey() + " pod " + pod.getKey());
      }
      for (Iterator<Map.Entry<String, JsonNode>> n = svc.getValue().get("nodes").fields(); n.hasNext(); ) {
        Map.Entry<String, JsonNode> node = n.next();
        assertKeys(node.getValue(), NODE_CONTRACT, svc.getKey() + " node " + node.getKey());
      }
    }
    assertEquals(List.of("web-a-1", "web-a-2", "web-b-1"), names(root.at("/services/default~1web/pods")), "pods sorted");
    assertEquals(4, root.get("timeline").size(), "timeline rows");
    for (JsonNode row : root.get("timeline")) {
      assertKeys(row, TIMELINE_CONTRACT, "timeline row " + row);
    }
    assertEquals(2, root.get("expectations").size(), "expectation rows");
    for (JsonNode row : root.get("expectations")) {
      assertKeys(row, EXPECTATION_CONTRACT, "expectation row " + row);
    }
    assertTrue(root.get("warnings").isArray(), "warnings is a list");
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Each pointer resolves; the first key of each pointer appears in the given order. */
  private static void assertKeys(JsonNode node, List<String> pointers, String what) {
    List<String> missing = new ArrayList<>();
    List<String> firstKeys = new ArrayList<>();
    for (String p : pointers) {
      if (node.at(p).isMissingNode()) {
        missing.add(p);
      }
      String first = p.substring(1).split("/")[0];
      if (!firstKeys.contains(first)) {
        firstKeys.add(first);
      }
    }
    assertTrue(missing.isEmpty(), what + " lacks the contract's keys " + missing + " in " + node);
    List<String> actualOrder = names(node).stream().filter(firstKeys::contains).toList();
    assertEquals(firstKeys, actualOrder, what + ": the contract's keys must come in the contract's order");
  }

  @Test
  void numbersNullsAndTypes() throws IOException {
    String text = json(Fixtures.run(), EXPECTATIONS);
    JsonNode root = new ObjectMapper().readTree(text);
    assertTrue(root.get("seed").isIntegralNumber(), "seed is an integer");
    assertTrue(text.contains("\"simulatedSeconds\": 2.0,"), "a whole double keeps its .0");
    assertTrue(text.contains("\"kubeProxyMode\": \"iptables\","), "the scenario spelling");
    assertTrue(text.contains("\"jain\": 0.888888888889,"), "12 significant digits");
    assertTrue(text.contains("\"gini\": 0.166666666667,"), "gini of 25/25/50");
    assertTrue(text.contains("\"cv\": 0.353553390593,"), "cv of 25/25/50");
    assertTrue(text.contains("\"chiSquareP\": 0.0,"), "chi-square p of 25/25/50 underflows to 0");
    JsonNode api = root.at("/services/default~1api");
    for (String p : List.of("/sourceIpPreserved", "/crossZoneFraction", "/skew/maxOverMean", "/skew/chiSquareP",
        "/latencyMs/p50", "/pods/api-0/share", "/pods/api-0/latencyMs/p99", "/nodes/node-a/share",
        "/sourceIpPreservedBy/loadBalancer")) {
      assertTrue(api.at(p).isNull(), "default/api" + p + " should be null, is " + api.at(p));
    }
    assertEquals(List.of("1", "2"), names(api.get("nodeHops")), "nodeHops 1 and 2 even when empty");
    assertTrue(root.at("/expectations/1/actual").isNull(), "an unresolved metric has a null actual");
    assertFalse(root.at("/expectations/1/passed").asBoolean(), "and did not pass");
    assertEquals("expectation 'typo': services[\"default/webb\"] names no service; services are default/api,"
        + " default/web", root.at("/warnings/0").asText());
    assertFalse(text.contains("NaN") || text.contains("Infinity"), "no NaN or Infinity");
    assertTrue(text.endsWith("}\n"), "ends with a newline");
    assertFalse(text.contains("\t"), "indented with spaces");
  }

  @Test
  void nanBecomesNullAndLargeCountsStayExact() throws IOException {
    ServiceResult s = Fixtures.etpLocal();
    long big = 9_007_199_254_740_993L; // 2^53 + 1: not representable as a double
    ServiceResult odd = new ServiceResult(s.service(), big + 10, big, s.failedBy(), 0, 0, 0,
        Map.of(dev.svcsim.models.scenario.EntryPath.CLUSTER_IP, new ServiceResult.PathCount(big, big)),
        Map.of(1, big), 0,
        List.of(new PodResult("web-0", "node-a", "", big, 0, Double.NaN, true, Fixtures.micros())),
        List.of(), Fixtures.micros(), List.of());
    String text = json(Fixtures.run(List.of(odd), List.of()), List.of());
    assertTrue(text.contains("\"delivered\": 9007199254740993,"), "a long is written exactly");
    assertTrue(text.contains("\"utilization\": null,"), "NaN utilization becomes null");
    assertTrue(text.contains("\"clusterIP\": 1.0"), "big / big is 1.0");
    new ObjectMapper().readTree(text);
  }

  @Test
  void stringsAreEscaped() throws IOException {
    String name = "quote\" back\\slash\nnew\tline \u0001 \u2028 é ✓";
    RunResult run = new RunResult(name, 1, dev.svcsim.models.scenario.ProxyMode.IPVS, 0, Fixtures.SECOND,
        Fixtures.SECOND, List.of(), List.of(), List.of("warn \"x\""), 0, 0);
    String text = json(run, List.of());
    assertTrue(text.contains("\"quote\\\" back\\\\slash\\nnew\\tline \\u0001 \\u2028 é ✓\""), text);
    JsonNode root = new ObjectMapper().readTree(text);
    assertEquals(name, root.get("scenario").asText(), "round trip");
    assertEquals("warn \"x\"", root.at("/warnings/0").asText());
    assertEquals("{}", root.get("services").toString(), "no services");
    assertTrue(text.contains("\"services\": {},"), "an empty object is {}");
    assertTrue(text.contains("\"timeline\": [],"), "an empty list is []");
  }
}
