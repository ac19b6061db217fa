package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.IPVS;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.USERSPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.cluster.Protocol;
import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.explain.Decision;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.explain.Step;
import dev.svcsim.models.net.Ipv4Address;
import dev.svcsim.models.rules.ChainNames;
import dev.svcsim.models.scenario.Scenario;
import dev.svcsim.reports.ExplainWriter;
import dev.svcsim.scenario.Problem;
import dev.svcsim.scenario.load.LoadResult;
import dev.svcsim.scenario.load.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code svcsim explain}: for every row of the masquerade matrix in every mode, the explained
 * connection's decision says what the reference says (SNAT or not, which endpoints), and the
 * special cases (REJECT, DROP, hairpin, the short-circuit, the IPVS fallback, DNS names, a load
 * balancer with no target) are told as they happen.
 */
class ExplainTest {

  /** web-a on node-a, web-b on node-b. */
  static final String WEB_A = "10.244.0.2:8080";
  static final String WEB_B = "10.244.1.2:8080";

  static Scenario load(DataPlaneTests.Yaml y) {
    String yaml = y.text();
    LoadResult loaded = new ScenarioLoader().load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), null);
    assertTrue(loaded.errors().isEmpty(), () -> "expected no errors, got:\n"
        + loaded.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")) + "\n" + yaml);
    return loaded.scenario();
  }

  static Explanation explain(DataPlaneTests.Yaml y, ExplainRequest r) {
    Explanation e = DataPlane.explain(load(y), RunOptions.DEFAULT, r);
    assertTrue(e.found(), () -> "expected a connection to explain, got: " + e.notFound());
    return e;
  }

  static String text(Explanation e) {
    return ExplainWriter.text(e, false);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("dev.svcsim.dataplane.MasqueradeMatrixTest#matrix")
  void everyRowOfTheMasqueradeMatrixIsExplainedAsTheReferenceSays(String mode, MasqueradeMatrixTest.Row row) {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, row.policy());
    if (row.via() == MasqueradeMatrixTest.Via.NODE_PORT) {
      y.traffic("t", row.origin().from, "web", row.via().word, "500/s", "nodes: [node-a]");
    } else {
      y.traffic("t", row.origin().from, "web", row.via().word, "500/s");
    }
    Explanation e = explain(y, ExplainRequest.first("t"));
    String ctx = mode + ", " + row + ":\n" + text(e);
    assertEquals("delivered", e.outcome(), ctx);
    Decision d = e.decision();
    assertNotNull(d, ctx);
    assertEquals(mode, d.mode(), ctx);
    assertEquals(row.via().word, d.entryPath(), ctx);
    boolean expectMasq = switch (row.source()) {
      case PRESERVED -> false;
      case MASQUERADED -> true;
      // a node's own connections are always masqueraded (they leave from the node's address)
      case ANY -> true;
    };
    assertEquals(expectMasq, d.masquerade(), ctx);
    Set<String> expected = row.eligible() == MasqueradeMatrixTest.Eligible.ALL
        ? Set.of(WEB_A, WEB_B) : Set.of(d.node().equals("node-a") ? WEB_A : WEB_B);
    assertEquals(expected, new TreeSet<>(d.candidates()), ctx);
    assertTrue(d.candidates().contains(d.chosen()), ctx);
    assertEquals(row.origin() == MasqueradeMatrixTest.Origin.NODE, d.fromThisNode(), ctx);
    List<String> kinds = e.steps().stream().map(Step::kind).toList();
    assertEquals("client", kinds.get(0), ctx);
    assertTrue(kinds.containsAll(List.of("kubeProxy", "forward", "request", "pod", "response", "closed")), ctx);
    Step forward = e.steps().stream().filter(s -> s.kind().equals("forward")).findFirst().orElseThrow();
    assertEquals(expectMasq, forward.facts().get("masquerade"), ctx);
    if (row.source() != MasqueradeMatrixTest.Source.ANY) {
      assertEquals(!expectMasq, forward.facts().get("sourcePreserved"), ctx);
    }
  }

  static DataPlaneTests.Yaml twoNodes(String mode, String etp, String itp) {
    return MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.CLUSTER)
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: other, namespace: default}
            spec:
              type: LoadBalancer
              externalTrafficPolicy: %s
              internalTrafficPolicy: %s
              selector: {app: web}
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """.formatted(etp, itp));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS, USERSPACE})
  void aServiceWithNoEndpointsIsRejectedAndTheClientIsRefused(String mode) {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.CLUSTER)
        .service("empty", "ClusterIP", null, null, "nothing-has-this-label")
        .traffic("t", "pod/default/client", "empty", "clusterIP", "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertEquals("failed", e.outcome(), t);
    assertEquals("noEndpoints", e.failure(), t);
    assertEquals("REJECT", e.decision().verdict(), t);
    assertTrue(e.decision().candidates().isEmpty(), t);
    assertTrue(t.contains("connection refused"), t);
    if (mode.equals(IPTABLES)) {
      assertTrue(t.contains("-j REJECT") && t.contains("\"default/empty:http has no endpoints\""), t);
    }
    if (mode.equals(NFTABLES)) {
      assertTrue(t.contains("goto reject-chain"), t);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES})
  void externalTrafficToANodeWithoutALocalEndpointIsDroppedUnderLocal(String mode) {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.ETP_LOCAL)
        .node("node-c", "zone-1")
        .traffic("t", "external", "web", "nodePort", "100/s", "nodes: [node-c]");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertEquals("noLocalEndpoints", e.failure(), t);
    assertEquals("DROP", e.decision().verdict(), t);
    assertEquals("node-c", e.decision().node(), t);
    assertTrue(t.contains("retransmits"), t);
    if (mode.equals(IPTABLES)) {
      assertTrue(t.contains("KUBE-EXTERNAL-SERVICES") && t.contains("has no local endpoints"), t);
      assertTrue(t.contains("-> KUBE-NODEPORTS -> KUBE-EXT-") && t.contains("there is no -j KUBE-SVL-"), t);
    } else {
      assertTrue(t.contains("@no-endpoint-nodeports") && t.contains("drop"), t);
    }
  }

  @Test
  void ipvsFallsBackToEveryEndpointAndTheReplyIsDiscarded() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPVS, MasqueradeMatrixTest.Policy.ETP_LOCAL)
        .node("node-c", "zone-1")
        .traffic("t", "external", "web", "nodePort", "100/s", "nodes: [node-c]");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertEquals("replyDiscarded", e.failure(), t);
    assertEquals(Set.of(WEB_A, WEB_B), new TreeSet<>(e.decision().candidates()), t);
    assertTrue(e.decision().policy().contains("97081"), t);
    assertTrue(t.contains("IPVS virtual server TCP 192.168.0.3:"), t);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void aPodReachingItselfThroughItsServiceIsHairpinMasqueraded(String mode) {
    // internalTrafficPolicy Local leaves web-a only itself to reach
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.ITP_LOCAL)
        .traffic("t", "pod/default/web-a", "web", "clusterIP", "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertEquals(List.of(WEB_A), e.decision().candidates(), t);
    assertEquals(WEB_A, e.decision().chosen(), t);
    assertTrue(e.decision().masquerade(), t);
    assertTrue(t.contains("hairpin"), t);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES})
  void podTrafficToALocalPolicyLbIpIsShortCircuited(String mode) {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.ETP_LOCAL)
        .traffic("t", "pod/default/client", "web", "loadBalancer", "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertTrue(e.decision().policy().contains("short-circuit"), t);
    assertFalse(e.decision().masquerade(), t);
    assertTrue(t.contains(mode.equals(IPTABLES) ? "pod traffic for default/web:http external destinations"
        : "short-circuit pod traffic"), t);
  }

  @Test
  void iptablesChainNamesAndProbabilitiesAreKubeProxys() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "pod/default/client", "web", "clusterIP", "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    String svc = ChainNames.svc("default/web:http", Protocol.TCP);
    assertTrue(t.contains("nat PREROUTING -> KUBE-SERVICES: -m comment --comment \"default/web:http cluster IP\" -m tcp -p tcp"
        + " -d " + e.decision().destination().replace(":80", "") + " --dport 80 -j " + svc + "\n"), t);
    assertTrue(t.contains(svc + " has 2 endpoint rules: " + WEB_A + " (--probability 0.5000000000) " + WEB_B + " (catch-all)"), t);
    assertTrue(t.contains(ChainNames.sep("default/web:http", Protocol.TCP, e.decision().chosen()) + ": -m comment --comment default/web:http"
        + " -m tcp -p tcp -j DNAT --to-destination " + e.decision().chosen() + "\n"), t);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {NFTABLES, IPVS, USERSPACE})
  void eachModeTellsItsOwnMechanism(String mode) {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "pod/default/client", "web", "clusterIP", "100/s");
    String t = text(explain(y, ExplainRequest.first("t")));
    String expected = switch (mode) {
      case NFTABLES -> "numgen random mod 2 vmap";
      case IPVS -> "IPVS virtual server TCP ";
      default -> "KUBE-PORTALS-CONTAINER";
    };
    assertTrue(t.contains(expected), t);
    if (mode.equals(NFTABLES)) {
      assertTrue(t.contains("goto service-" + ChainNames.nftServiceBase("default", "web", Protocol.TCP, "http")), t);
    }
    if (mode.equals(USERSPACE)) {
      assertTrue(t.contains("round robin position 1 of 2"), t);
    }
  }

  @Test
  void explainingIsDeterministicAndTheNthConnectionIsAnotherOne() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "external", "web", "loadBalancer", "200/s");
    Explanation first = explain(y, ExplainRequest.first("t"));
    assertEquals(first, explain(y, ExplainRequest.first("t")));
    Explanation fifth = explain(y, new ExplainRequest("t", 5, null, 0, false));
    assertTrue(fifth.steps().get(0).atNanos() > first.steps().get(0).atNanos());
    Explanation late = explain(y, new ExplainRequest("t", 1, null, 2_000_000_000L, false));
    assertTrue(late.steps().get(0).atNanos() >= 2_000_000_000L);
  }

  @Test
  void aConnectionThatIsNotThereIsReportedWithTheReason() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "external", "web", "loadBalancer", "10/s");
    Explanation e = DataPlane.explain(load(y), RunOptions.DEFAULT, new ExplainRequest("t", 1_000_000, null, 0, false));
    assertFalse(e.found());
    assertTrue(e.notFound().startsWith("only 4"), e.notFound());
    Explanation failed = DataPlane.explain(load(y), RunOptions.DEFAULT, new ExplainRequest("t", 1, null, 0, true));
    assertFalse(failed.found());
    assertEquals("only 0 matching connections failed", failed.notFound());
    Explanation stranger = DataPlane.explain(load(y), RunOptions.DEFAULT,
        new ExplainRequest("t", 1, Ipv4Address.parse("1.2.3.4"), 0, false));
    assertFalse(stranger.found());
    assertTrue(stranger.notFound().endsWith("from 1.2.3.4"), stranger.notFound());
  }

  @Test
  void failedOnlyFindsTheFirstFailureAfterANodeFails() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "external", "web", "loadBalancer", "200/s")
        .duration("6s");
    String text = y.text().replace("  traffic:\n", "  events:\n    - at: 2s\n      action: failNode\n      target: node/node-b\n  traffic:\n");
    Scenario s = loadText(text);
    Explanation e = DataPlane.explain(s, RunOptions.DEFAULT, new ExplainRequest("t", 1, null, 0, true));
    assertTrue(e.found(), e.notFound());
    assertEquals("failed", e.outcome());
    assertEquals("nodeDown", e.failure(), text(e));
    assertTrue(e.steps().get(0).atNanos() >= 0);
    Step last = e.steps().get(e.steps().size() - 1);
    assertEquals("failed", last.kind());
    assertTrue(last.atNanos() >= 2_000_000_000L, text(e));
  }

  static Scenario loadText(String yaml) {
    LoadResult loaded = new ScenarioLoader().load("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), null);
    assertTrue(loaded.errors().isEmpty(), () -> loaded.problems().toString() + "\n" + yaml);
    return loaded.scenario();
  }

  @Test
  void theClientFilterFollowsOneClient() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "pod/default/client", "web", "clusterIP", "100/s");
    Explanation any = explain(y, ExplainRequest.first("t"));
    String ip = any.decision().sourceIp();
    Explanation e = explain(y, new ExplainRequest("t", 3, Ipv4Address.parse(ip), 0, false));
    assertEquals(ip, e.decision().sourceIp());
  }

  @Test
  void aHeadlessServiceIsExplainedAsADnsAnswerWithNoKubeProxy() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: direct, namespace: default}
            spec:
              clusterIP: None
              selector: {app: web}
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """)
        .traffic("t", "pod/default/client", "direct", null, "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertNull(e.decision(), t);
    assertEquals("dns", e.steps().get(1).kind(), t);
    assertTrue(t.contains("direct.default.svc.cluster.local is headless"), t);
    assertEquals(Set.of("10.244.0.2", "10.244.1.2"), Set.copyOf((List<?>) e.steps().get(1).facts().get("answer")), t);
    assertEquals("delivered", e.outcome(), t);
  }

  @Test
  void manyRequestsOnOneConnectionAreShownUpToTen() {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .traffic("t", "pod/default/client", "web", "clusterIP", "10/s", "requestsPerConnection: 25", "thinkTime: 1ms");
    Explanation e = explain(y, ExplainRequest.first("t"));
    long requests = e.steps().stream().filter(s -> s.kind().equals("request")).count();
    assertEquals(10, requests);
    Step closed = e.steps().get(e.steps().size() - 1);
    assertEquals("closed", closed.kind());
    assertEquals(List.of("requests 11 to 25 took the same path and are not shown"), closed.lines());
    assertEquals(1, e.steps().stream().filter(s -> s.kind().equals("kubeProxy")).count(),
        "kube-proxy decides once per connection, not per request");
  }

  @Test
  void aLoadBalancerWithNoHealthyTargetSaysSo() {
    // Local policy, and no node has a local endpoint: every probe fails from the start
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.CLUSTER)
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: lonely, namespace: default}
            spec:
              type: LoadBalancer
              externalTrafficPolicy: Local
              selector: {app: nobody}
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """)
        .traffic("t", "external", "lonely", "loadBalancer", "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    String t = text(e);
    assertEquals("lbNoHealthyTarget", e.failure(), t);
    assertNull(e.decision(), t);
    assertTrue(t.contains("no healthy target"), t);
  }

  @Test
  void jsonCarriesTheSameStepsAndDecision() throws Exception {
    DataPlaneTests.Yaml y = MasqueradeMatrixTest.layout(IPTABLES, MasqueradeMatrixTest.Policy.ETP_LOCAL)
        .traffic("t", "external", "web", "loadBalancer", "100/s");
    Explanation e = explain(y, ExplainRequest.first("t"));
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ExplainWriter.json(e));
    assertEquals(e.steps().size(), tree.get("steps").size());
    assertEquals(e.decision().chosen(), tree.get("decision").get("chosen").asText());
    assertEquals(e.decision().candidates().size(), tree.get("decision").get("candidates").size());
    assertEquals("delivered", tree.get("outcome").asText());
    assertEquals(e.steps().get(0).title(), tree.get("steps").get(0).get("title").asText());
  }

  static DataPlaneTests.Yaml rangedWithoutEndpoints(String mode) {
    return MasqueradeMatrixTest.layout(mode, MasqueradeMatrixTest.Policy.CLUSTER)
        .manifest("""
            apiVersion: v1
            kind: Service
            metadata: {name: ranged, namespace: default}
            spec:
              type: LoadBalancer
              loadBalancerSourceRanges: ["100.64.0.0/16"]
              selector: {app: nobody}
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """)
        .traffic("t", "external", "ranged", "loadBalancer", "100/s");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, USERSPACE})
  void sourceRangesWithNoEndpointsFailAsEachModeOrdersItsChecks(String mode) {
    // nftables filters source ranges before DNAT, ahead of its no-endpoint verdicts; iptables has
    // no KUBE-FW chain without endpoints, so it REJECTs; userspace never had source ranges
    Scenario s = load(rangedWithoutEndpoints(mode));
    var result = DataPlane.run(s, RunOptions.DEFAULT);
    var svc = DataPlaneTests.service(result, "default/ranged");
    var expected = mode.equals(NFTABLES) ? dev.svcsim.models.result.FailureReason.SOURCE_RANGE_BLOCKED
        : dev.svcsim.models.result.FailureReason.NO_ENDPOINTS;
    DataPlaneTests.assertAllFailed(svc, expected);
  }

  @Test
  void nftablesSourceRangeDropNamesTheFirewallRuleAsRulesPrintsIt() {
    Explanation e = explain(rangedWithoutEndpoints(NFTABLES), ExplainRequest.first("t"));
    String text = text(e);
    String base = dev.svcsim.models.rules.ChainNames.nftServiceBase("default", "ranged",
        dev.svcsim.models.cluster.Protocol.TCP, "http");
    assertTrue(text.contains("goto firewall-" + base + ": ip saddr != { 100.64.0.0/16 } drop"), text);
  }
}
