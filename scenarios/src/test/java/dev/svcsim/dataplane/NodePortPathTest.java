package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.IPVS;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.assertAllDelivered;
import static dev.svcsim.dataplane.DataPlaneTests.assertBinomial;
import static dev.svcsim.dataplane.DataPlaneTests.assertFits;
import static dev.svcsim.dataplane.DataPlaneTests.hops;
import static dev.svcsim.dataplane.DataPlaneTests.ingress;
import static dev.svcsim.dataplane.DataPlaneTests.node;
import static dev.svcsim.dataplane.DataPlaneTests.path;
import static dev.svcsim.dataplane.DataPlaneTests.pod;
import static dev.svcsim.dataplane.DataPlaneTests.podConnections;
import static dev.svcsim.dataplane.DataPlaneTests.service;
import static dev.svcsim.dataplane.DataPlaneTests.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * External clients dialing a NodePort on chosen nodes ({@code via: nodePort, nodes: [...]}):
 * under eTP=Local the node serves only its own endpoints (one hop, source kept); under Cluster
 * any endpoint (a second hop when the pod is elsewhere, cross-zone when that node is in another
 * zone, SNAT). Also the per-node ingress counts and the latency that each kind of leg adds.
 *
 * <p>Layout: node-a and node-b in zone-1, node-c in zone-2, one pod on each (web-a, web-b,
 * web-c), a NodePort Service default/web.
 */
class NodePortPathTest {

  private static final double[] THIRDS = {1.0 / 3, 1.0 / 3, 1.0 / 3};

  private static ServiceResult run(String mode, String etp, String dialed) {
    return service(DataPlaneTests.scenario("nodeport")
        .seed(31)
        .duration("10s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .node("node-c", "zone-2")
        .pod("web-a", "node-a", "web")
        .pod("web-b", "node-b", "web")
        .pod("web-c", "node-c", "web")
        .service("web", "NodePort", etp, null, "web")
        .traffic("users", "external", "web", "nodePort", "3000/s", "nodes: " + dialed, "clients: 500")
        .run(), "default/web");
  }

  private static void assertIngressOnlyAt(String ctx, ServiceResult s, String entry) {
    for (String n : new String[] {"node-a", "node-b", "node-c"}) {
      long expected = n.equals(entry) ? s.delivered() : 0;
      assertEquals(expected, node(s, n).ingressConnections(),
          ctx + ": expected " + n + "'s ingressConnections " + expected + " (clients dial only " + entry + "); ingress "
              + ingress(s));
    }
  }

  /** Each pod's median latency: two legs each way, plus the 100us service time (constant latencies). */
  private static void assertMedianLatency(String ctx, ServiceResult s, String podName, double expectedMicros) {
    double p50 = pod(s, podName).latencyMicros().getValueAtPercentile(50);
    assertTrue(Math.abs(p50 - expectedMicros) <= 0.02 * expectedMicros,
        ctx + ": expected " + podName + "'s median latency about " + expectedMicros + "us (within 2%), got " + p50 + "us");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void localServesOnTheDialedNodeOnly(String mode) {
    String ctx = mode + ", eTP=Local, dial node-b";
    ServiceResult s = run(mode, "Local", "[node-b]");
    assertAllDelivered(s);
    assertEquals(s.delivered(), podConnections(s, "web-b"), ctx + ": expected every connection on node-b's web-b; " + summary(s));
    assertEquals(s.delivered(), hops(s, 1), ctx + ": expected nodeHops {1: all, 2: 0}; " + summary(s));
    assertEquals(0, s.crossZone(), ctx + ": expected no cross-zone connection; " + summary(s));
    ServiceResult.PathCount np = path(s, EntryPath.NODE_PORT);
    assertEquals(np.delivered(), np.sourceIpPreserved(), ctx + ": expected the client address kept; " + summary(s));
    assertIngressOnlyAt(ctx, s, "node-b");
    assertEquals(s.delivered(), node(s, "node-b").podConnections(), ctx + ": expected node-b's podConnections == delivered; "
        + summary(s));
    assertMedianLatency(ctx, s, "web-b", 2 * (5000 + 10) + 100);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void localOnTheOtherZonesNodeStaysInThatZone(String mode) {
    String ctx = mode + ", eTP=Local, dial node-c";
    ServiceResult s = run(mode, "Local", "[node-c]");
    assertAllDelivered(s);
    assertEquals(s.delivered(), podConnections(s, "web-c"), ctx + ": expected every connection on node-c's web-c; " + summary(s));
    assertEquals(s.delivered(), hops(s, 1), ctx + ": expected one hop only; " + summary(s));
    assertEquals(0, s.crossZone(), ctx + ": expected no cross-zone connection; " + summary(s));
    assertIngressOnlyAt(ctx, s, "node-c");
  }

  /**
   * Cluster through node-b: a third stays on node-b (one hop), a third goes to web-a (second
   * hop, same zone) and a third to web-c (second hop, other zone) — so nodeHops "2" is exactly
   * web-a + web-c and crossZone exactly web-c.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void clusterForwardsFromTheDialedNode(String mode) {
    String ctx = mode + ", eTP=Cluster, dial node-b";
    ServiceResult s = run(mode, "Cluster", "[node-b]");
    assertAllDelivered(s);
    long a = podConnections(s, "web-a");
    long b = podConnections(s, "web-b");
    long c = podConnections(s, "web-c");
    assertFits(ctx + ", per-pod connections (web-a, web-b, web-c)", THIRDS, new long[] {a, b, c});
    assertEquals(b, hops(s, 1), ctx + ": expected nodeHops 1 == web-b's connections (" + b + "); " + summary(s));
    assertEquals(a + c, hops(s, 2), ctx + ": expected nodeHops 2 == web-a + web-c (" + (a + c) + "); " + summary(s));
    assertEquals(c, s.crossZone(), ctx + ": expected crossZone == web-c's connections (" + c + "); " + summary(s));
    assertEquals(0, path(s, EntryPath.NODE_PORT).sourceIpPreserved(), ctx + ": expected every connection SNATed; " + summary(s));
    assertIngressOnlyAt(ctx, s, "node-b");
    for (String n : new String[] {"node-a", "node-b", "node-c"}) {
      String p = "web-" + n.substring(5);
      assertEquals(podConnections(s, p), node(s, n).podConnections(),
          ctx + ": expected " + n + "'s podConnections to equal its pod " + p + "'s connections; " + summary(s));
    }
    assertMedianLatency(ctx, s, "web-b", 2 * (5000 + 10) + 100);
    assertMedianLatency(ctx, s, "web-a", 2 * (5000 + 100) + 100);
    assertMedianLatency(ctx, s, "web-c", 2 * (5000 + 1000) + 100);
  }

  /**
   * Cluster with clients dialing node-a or node-c: each gets about half the ingress; from node-a
   * web-c is cross-zone, from node-c web-a and web-b are, so half of all connections cross zones
   * and two thirds take a second hop.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void clusterIngressSplitsOverTheDialedNodes(String mode) {
    String ctx = mode + ", eTP=Cluster, dial node-a and node-c";
    ServiceResult s = run(mode, "Cluster", "[node-a, node-c]");
    assertAllDelivered(s);
    long inA = node(s, "node-a").ingressConnections();
    long inC = node(s, "node-c").ingressConnections();
    assertEquals(0, node(s, "node-b").ingressConnections(), ctx + ": expected no ingress at node-b; ingress " + ingress(s));
    assertEquals(s.delivered(), inA + inC, ctx + ": expected ingress at node-a and node-c to add up to delivered; ingress "
        + ingress(s));
    assertBinomial(ctx + ", node-a's ingress", inA, s.delivered(), 0.5);
    assertBinomial(ctx + ", cross-zone connections", s.crossZone(), s.delivered(), 0.5);
    assertBinomial(ctx + ", second hops", hops(s, 2), s.delivered(), 2.0 / 3);
  }
}
