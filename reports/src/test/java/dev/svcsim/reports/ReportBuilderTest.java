package dev.svcsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.result.ServiceResult.NodeResult;
import dev.svcsim.models.result.ServiceResult.PathCount;
import dev.svcsim.models.result.ServiceResult.PodResult;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.reports.Report.TimelineRow;
import dev.svcsim.reports.ServiceReport.PodReport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

  private static final double EXACT = 1e-12;

  private static Report report() {
    return Report.of(Fixtures.run(), List.of());
  }

  @Test
  void topLevelFigures() {
    Report r = report();
    assertEquals("etp-local-imbalance", r.scenario());
    assertEquals(42, r.seed());
    assertEquals(2.0, r.simulatedSeconds(), 0.0, "measuredNanos / 1e9");
    assertEquals(5.0, r.warmupSeconds(), 0.0, "warmup");
    assertEquals(1.0, r.intervalSeconds(), 0.0, "interval");
    assertEquals("iptables", r.kubeProxyMode(), "the mode's scenario spelling");
    assertEquals(List.of("default/api", "default/web"), List.copyOf(r.services().keySet()), "services sorted by key");
    assertEquals(List.of(new Report.EventRow(-0.5, "failNode", "node/node-c")), r.events(), "marks in seconds");
    assertEquals(new Report.Engine(123_456, 10_050), r.engine());
    assertEquals(List.of(), r.warnings(), "a consistent run has no warnings");
  }

  @Test
  void connectionAndRequestAccounting() {
    ServiceReport web = report().services().get("default/web");
    assertEquals(10_010, web.connections().generated());
    assertEquals(10_000, web.connections().delivered());
    assertEquals(10, web.connections().failed());
    assertEquals(Arrays.asList(FailureReason.values()), List.copyOf(web.connections().failedBy().keySet()),
        "every reason, in enum order");
    assertEquals(10L, web.connections().failedBy().get(FailureReason.NO_LOCAL_ENDPOINTS));
    assertEquals(0L, web.connections().failedBy().get(FailureReason.ECMP_REHASH), "zeros included");
    assertEquals(new ServiceReport.Requests(20_020, 20_000, 20), web.requests());
  }

  @Test
  void sharesAndFractions() {
    ServiceReport web = report().services().get("default/web");
    assertEquals(1.0, web.sourceIpPreserved(), EXACT, "every connection kept its source IP");
    assertEquals(0.0, web.crossZoneFraction(), EXACT, "one zone");
    PodReport b = web.pods().get("web-b-1");
    assertEquals(0.5, b.share(), EXACT, "5000 of 10000");
    assertEquals(0.25, web.pods().get("web-a-1").share(), EXACT, "2500 of 10000");
    assertEquals(List.of("web-a-1", "web-a-2", "web-b-1"), List.copyOf(web.pods().keySet()), "pods sorted");
    assertEquals(List.of("node-a", "node-b"), List.copyOf(web.nodes().keySet()), "nodes sorted");
    assertEquals(0.5, web.nodes().get("node-a").share(), EXACT, "node share = podConnections / delivered");
    assertEquals(0.5, web.nodes().get("node-a").ingressShare(), EXACT, "ingress share");
    assertEquals(0.5, b.utilization(), EXACT, "utilization as given");
    assertEquals(2.0, b.latencyMs().p50(), 0.002, "median of 1, 2 and 3 ms");
    assertEquals(3.0, b.latencyMs().p99(), 0.003, "p99 of 1, 2 and 3 ms");
  }

  @Test
  void sourceIpPreservedByListsTheThreeMainPathsAlwaysAndOthersWhenTaken() {
    ServiceReport web = report().services().get("default/web");
    assertEquals(List.of("loadBalancer", "nodePort", "clusterIP"), List.copyOf(web.sourceIpPreservedBy().keySet()));
    assertEquals(1.0, web.sourceIpPreservedBy().get("loadBalancer"), EXACT);
    assertNull(web.sourceIpPreservedBy().get("nodePort"), "no connection took the NodePort path");

    ServiceResult mixed = withPaths(Map.of(
        EntryPath.DNS, new PathCount(100, 100),
        EntryPath.NODE_PORT, new PathCount(300, 0),
        EntryPath.EXTERNAL_IP, new PathCount(0, 0)));
    ServiceReport m = Report.of(Fixtures.run(List.of(mixed), List.of()), List.of()).services().get("default/web");
    assertEquals(List.of("loadBalancer", "nodePort", "clusterIP", "externalIP", "dns"),
        List.copyOf(m.sourceIpPreservedBy().keySet()), "EntryPath order; externalIP and dns when taken");
    assertEquals(0.0, m.sourceIpPreservedBy().get("nodePort"), EXACT, "NodePort SNATs");
    assertEquals(1.0, m.sourceIpPreservedBy().get("dns"), EXACT);
    assertNull(m.sourceIpPreservedBy().get("externalIP"), "taken but nothing delivered: null");
    assertEquals(0.25, m.sourceIpPreserved(), EXACT, "100 of 400 over all paths");
  }

  private static ServiceResult withPaths(Map<EntryPath, PathCount> paths) {
    ServiceResult s = Fixtures.etpLocal();
    return new ServiceResult(s.service(), 410, 400, Map.of(FailureReason.NO_ENDPOINTS, 10L), 400, 400, 0,
        paths, Map.of(1, 300L, 2, 100L), 100,
        List.of(new PodResult("web-0", "node-a", "zone-1", 400, 400, 0.1, true, Fixtures.micros(10))),
        List.of(new NodeResult("node-a", "zone-1", 400, 400)), Fixtures.micros(10), List.of());
  }

  @Test
  void nodeHopsAlwaysHaveOneAndTwoAndZeroOnlyWhenNotZero() {
    ServiceReport web = report().services().get("default/web");
    assertEquals(Map.of("1", 10_000L, "2", 0L), web.nodeHops());
    assertEquals(List.of("1", "2"), List.copyOf(web.nodeHops().keySet()));

    ServiceResult s = Fixtures.etpLocal();
    ServiceResult withZero = new ServiceResult(s.service(), s.generated(), s.delivered(), s.failedBy(),
        s.requestsGenerated(), s.requestsCompleted(), s.requestsFailed(), s.byPath(),
        Map.of(2, 4000L, 0, 1000L, 1, 5000L), s.crossZone(), s.pods(), s.nodes(), s.latencyMicros(), s.timeline());
    ServiceReport z = Report.of(Fixtures.run(List.of(withZero), List.of()), List.of()).services().get("default/web");
    assertEquals(List.of("0", "1", "2"), List.copyOf(z.nodeHops().keySet()), "numeric order");
    assertEquals(1000L, z.nodeHops().get("0"));
  }

  @Test
  void nothingDeliveredGivesNullFractionsAndEmptyLatencies() {
    ServiceReport api = report().services().get("default/api");
    assertEquals(40L, api.connections().failedBy().get(FailureReason.NO_ENDPOINTS));
    assertNull(api.sourceIpPreserved(), "sourceIpPreserved");
    assertNull(api.crossZoneFraction(), "crossZoneFraction");
    assertNull(api.pods().get("api-0").share(), "pod share");
    assertNull(api.pods().get("api-0").latencyMs().p50(), "pod p50 with no request completed");
    assertNull(api.pods().get("api-0").latencyMs().p99(), "pod p99 with no request completed");
    assertNull(api.nodes().get("node-a").share(), "node share");
    assertNull(api.nodes().get("node-a").ingressShare(), "node ingress share");
    assertEquals(Latency.NONE, api.latencyMs(), "service latency");
    assertNull(api.skew().maxOverMean(), "skew with no pod ready the whole window");
    assertEquals(0, api.skew().podsCounted());
    assertTrue(api.sourceIpPreservedBy().values().stream().allMatch(v -> v == null), "no path taken");
  }

  @Test
  void skewCountsOnlyPodsReadyForTheWholeWindow() {
    ServiceResult s = Fixtures.etpLocal();
    List<PodResult> pods = new java.util.ArrayList<>(s.pods());
    pods.add(new PodResult("web-late", "node-b", "zone-1", 0, 0, 0.0, false, Fixtures.micros()));
    ServiceResult withLate = new ServiceResult(s.service(), s.generated(), s.delivered(), s.failedBy(),
        s.requestsGenerated(), s.requestsCompleted(), s.requestsFailed(), s.byPath(), s.nodeHops(),
        s.crossZone(), pods, s.nodes(), s.latencyMicros(), s.timeline());
    ServiceReport web = Report.of(Fixtures.run(List.of(withLate), List.of()), List.of()).services().get("default/web");
    assertEquals(4, web.pods().size(), "the late pod is listed");
    assertFalse(web.pods().get("web-late").readyWholeWindow());
    assertEquals(3, web.skew().podsCounted(), "but not counted for skew");
    assertEquals(1.5, web.skew().maxOverMean(), EXACT, "skew of 2500/2500/5000 alone");
    assertEquals(0.75, web.skew().minOverMean(), EXACT, "a pod with 0 connections would make this 0");
  }

  @Test
  void serviceLatencyIsInMilliseconds() {
    Latency l = report().services().get("default/web").latencyMs();
    // 1.0, 1.2, 1.5, 2.0, 3.0, 4.8 ms
    assertEquals(2.25, l.mean(), 0.005, "mean");
    assertEquals(1.5, l.p50(), 0.002, "p50");
    assertEquals(4.8, l.p99(), 0.005, "p99");
    assertEquals(4.8, l.p999(), 0.005, "p99.9");
    assertEquals(4.8, l.max(), 0.005, "max");
    assertEquals(4.8, l.p90(), 0.005, "p90: the 6th of 6 values (90% of 6 is 5.4)");
  }

  @Test
  void timelineRowsAreByTimeThenService() {
    List<TimelineRow> t = report().timeline();
    assertEquals(4, t.size(), "2 buckets x 2 services");
    assertEquals(List.of("0.0 default/api", "0.0 default/web", "1.0 default/api", "1.0 default/web"),
        t.stream().map(r -> r.t() + " " + r.service()).toList());
    TimelineRow web0 = t.get(1);
    assertEquals(5000, web0.delivered());
    assertEquals(5, web0.failed());
    assertEquals(List.of("web-a-1", "web-a-2", "web-b-1"), List.copyOf(web0.pods().keySet()), "pods sorted");
    assertEquals(Map.of(), t.get(0).pods(), "no pod got anything");
  }

  @Test
  void accountingMismatchesBecomeWarnings() {
    ServiceResult s = Fixtures.etpLocal();
    ServiceResult off = new ServiceResult(s.service(), 10_011, s.delivered(), s.failedBy(),
        20_021, s.requestsCompleted(), s.requestsFailed(), s.byPath(), Map.of(1, 9_999L),
        s.crossZone(), s.pods().subList(0, 2), s.nodes(), s.latencyMicros(), s.timeline());
    Report r = Report.of(Fixtures.run(List.of(off), List.of("the run's own warning")), List.of());
    String all = String.join("\n", r.warnings());
    assertEquals("the run's own warning", r.warnings().get(0), "the run's warnings come first");
    assertTrue(all.contains("default/web: 10011 connections generated but 10000 delivered + 10 failed = 10010"), all);
    assertTrue(all.contains("default/web: 20021 requests generated but 20000 completed + 20 failed = 20020"), all);
    assertTrue(all.contains("default/web: nodeHops add up to 9999, not the 10000 delivered connections"), all);
    assertTrue(all.contains("default/web: the pods' connections add up to 7500, not the 10000 delivered"), all);
    assertEquals(5, r.warnings().size(), all);
  }

  /** Cluster policy: node-a takes every connection and forwards half to node-b's pod. */
  @Test
  void forwardingBetweenNodesReachesTheReportAndItsJson() {
    ServiceResult cluster = Fixtures.forwarding(5000, 0);
    Report r = Report.of(Fixtures.run(List.of(cluster), List.of()), List.of());
    ServiceReport s = r.services().get("default/web");
    assertEquals(Map.of("node-b", 5000L), s.nodes().get("node-a").forwardedTo());
    assertTrue(s.nodes().get("node-b").forwardedTo().isEmpty());
    JsonValue.Obj tree = ReportTree.of(r);
    assertEquals(5000L, ExpectationEvaluator.lookup(tree,
        "services[\"default/web\"].nodes[\"node-a\"].forwardedTo[\"node-b\"]").value());
  }
}
