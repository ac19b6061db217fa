package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.IPVS;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.assertAllDelivered;
import static dev.svcsim.dataplane.DataPlaneTests.assertBinomial;
import static dev.svcsim.dataplane.DataPlaneTests.assertFits;
import static dev.svcsim.dataplane.DataPlaneTests.assertRejects;
import static dev.svcsim.dataplane.DataPlaneTests.hops;
import static dev.svcsim.dataplane.DataPlaneTests.node;
import static dev.svcsim.dataplane.DataPlaneTests.path;
import static dev.svcsim.dataplane.DataPlaneTests.podConnections;
import static dev.svcsim.dataplane.DataPlaneTests.service;
import static dev.svcsim.dataplane.DataPlaneTests.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cloud load balancer's equal weight per healthy node (kube-proxy-reference.md section 7,
 * W-ELB "Caveats and Limitations when preserving source IPs"; MetalLB's usage page): with two
 * pods on node-a and one on node-b, eTP=Local gives 25% / 25% / 50% and keeps the client
 * address, while eTP=Cluster gives a third to each pod and SNATs. Each split is checked with a
 * chi-square goodness-of-fit test at a fixed seed (p > 1e-4) and, so that the check can fail,
 * the other policy's split must be rejected (p < 1e-6).
 */
class LoadBalancerSplitTest {

  private static final double[] LOCAL_SHARES = {0.25, 0.25, 0.5};
  private static final double[] THIRDS = {1.0 / 3, 1.0 / 3, 1.0 / 3};

  /** Two pods on node-a, one on node-b, and optionally an empty node-c; external traffic via the LB. */
  private static ServiceResult run(String mode, String etp, boolean withEmptyNode) {
    DataPlaneTests.Yaml y = DataPlaneTests.scenario("lb-split")
        .seed(42)
        .duration("10s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1");
    if (withEmptyNode) {
      y.node("node-c", "zone-1");
    }
    return service(y
        .pod("web-a1", "node-a", "web")
        .pod("web-a2", "node-a", "web")
        .pod("web-b", "node-b", "web")
        .service("web", "LoadBalancer", etp, null, "web")
        .traffic("internet", "external", "web", "loadBalancer", "3000/s", "clients: 1000", "clientCIDR: 198.18.0.0/16")
        .run(), "default/web");
  }

  private static long[] perPod(ServiceResult s) {
    return new long[] {podConnections(s, "web-a1"), podConnections(s, "web-a2"), podConnections(s, "web-b")};
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void localSplitsEquallyPerNodeAndKeepsTheSource(String mode) {
    ServiceResult s = run(mode, "Local", false);
    assertAllDelivered(s);
    long[] pods = perPod(s);
    assertFits(mode + ", eTP=Local, per-pod connections (web-a1, web-a2, web-b)", LOCAL_SHARES, pods);
    assertRejects(mode + ", eTP=Local must not look like a per-pod split", THIRDS, pods);
    ServiceResult.PathCount lb = path(s, EntryPath.LOAD_BALANCER);
    assertEquals(lb.delivered(), lb.sourceIpPreserved(),
        mode + ": eTP=Local: expected sourceIpPreserved 1.0 for external traffic; " + summary(s));
    assertEquals(s.delivered(), hops(s, 1), mode + ": eTP=Local: expected no second hop (nodeHops 1 == delivered); " + summary(s));
    assertBinomial(mode + ", eTP=Local, node-a's share of LB ingress", node(s, "node-a").ingressConnections(), s.delivered(), 0.5);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void clusterSplitsEquallyPerPodAndSnats(String mode) {
    ServiceResult s = run(mode, "Cluster", false);
    assertAllDelivered(s);
    long[] pods = perPod(s);
    assertFits(mode + ", eTP=Cluster, per-pod connections (web-a1, web-a2, web-b)", THIRDS, pods);
    assertRejects(mode + ", eTP=Cluster must not look like the per-node split", LOCAL_SHARES, pods);
    assertEquals(0, path(s, EntryPath.LOAD_BALANCER).sourceIpPreserved(),
        mode + ": eTP=Cluster: expected sourceIpPreserved 0.0 for external traffic; " + summary(s));
    // Half the connections enter node-a (1/3 of those leave for web-b), half node-b (2/3 leave).
    assertBinomial(mode + ", eTP=Cluster, second hops", hops(s, 2), s.delivered(), 0.5);
  }

  /**
   * Three nodes with 2 + 1 + 0 pods. Under Local the empty node-c fails the healthCheckNodePort
   * probe from the start, so it never receives a connection and nothing fails; under Cluster
   * every node passes kube-proxy's own health check, node-c takes a third of the traffic and
   * forwards all of it, and every pod still gets a third.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void emptyNodeGetsNothingUnderLocalAndAThirdUnderCluster(String mode) {
    ServiceResult local = run(mode, "Local", true);
    assertAllDelivered(local);
    assertEquals(0, node(local, "node-c").ingressConnections(),
        mode + ": eTP=Local: expected no LB traffic to node-c, which has no endpoint; " + summary(local));
    assertFits(mode + ", eTP=Local with an empty node, per-pod connections", LOCAL_SHARES, perPod(local));
    assertRejects(mode + ", eTP=Local with an empty node must not look like a per-pod split", THIRDS, perPod(local));

    ServiceResult cluster = run(mode, "Cluster", true);
    assertAllDelivered(cluster);
    assertBinomial(mode + ", eTP=Cluster, node-c's share of LB ingress", node(cluster, "node-c").ingressConnections(),
        cluster.delivered(), 1.0 / 3);
    assertEquals(0, node(cluster, "node-c").podConnections(),
        mode + ": eTP=Cluster: expected no pod connections on node-c, which runs no pod; " + summary(cluster));
    assertFits(mode + ", eTP=Cluster with an empty node, per-pod connections", THIRDS, perPod(cluster));
    assertRejects(mode + ", eTP=Cluster with an empty node must not look like the per-node split", LOCAL_SHARES,
        perPod(cluster));
    // Second hops: node-a 1/3, node-b 2/3, node-c always: (1/3 + 2/3 + 1) / 3 = 2/3.
    assertBinomial(mode + ", eTP=Cluster with an empty node, second hops", hops(cluster, 2), cluster.delivered(), 2.0 / 3);
  }
}
