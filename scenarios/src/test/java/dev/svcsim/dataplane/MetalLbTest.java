package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.ALPHA;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertBetween;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.binomialRange;
import static dev.svcsim.dataplane.DataPlaneTestsB.byIngressNode;
import static dev.svcsim.dataplane.DataPlaneTestsB.byPod;
import static dev.svcsim.dataplane.DataPlaneTestsB.failed;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.poissonHigh;
import static dev.svcsim.dataplane.DataPlaneTestsB.poissonLow;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.ServiceResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MetalLB (reference §7): layer 2 sends all traffic for a VIP to one leader node and fails over
 * when the leader is lost; BGP spreads connections over every node by a flow hash, and a change
 * of next hops re-hashes flows, breaking most long-lived connections that move.
 *
 * <p>svcsim's speakers notice a failed node after {@code interval x unhealthyThreshold} (here
 * 1 s x 2 = 2 s).
 */
class MetalLbTest {

  private static String scenario(String provider, String policy, String traffic, String events, String pods) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: metallb}
        spec:
          seed: 37
          duration: 12s
          cluster:
            kubeProxy: {mode: iptables, syncDelay: 1s}
            nodeMonitorGracePeriod: %s
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
              - {name: node-c, zone: z1}
          loadBalancer:
            provider: %s
            healthCheck: {interval: 1s, unhealthyThreshold: 2}
          traffic:
            - %s
          events:
        %s---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          type: LoadBalancer
          externalTrafficPolicy: %s
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(provider.equals("metallb-l2") ? "1s" : "40s", provider, traffic, events, policy) + pods;
  }

  private static final String THREE_PODS = pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web")
      + pod("web-c", "node-c", "web");
  private static final String USERS = "{name: users, from: external, clients: 300, to: service/default/web:80, rate: 500/s}";
  private static final String NO_EVENTS = "    - {at: 100s, action: setRate, target: traffic/users, rate: 500/s}\n";

  private static String leader(ServiceResult s) {
    return byIngressNode(s).entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).findFirst()
        .orElseThrow();
  }

  /**
   * Layer 2: every connection enters the cluster at one node (the leader) and kube-proxy spreads
   * it from there over all pods. failNode of the leader at 2 s: its connections, and every new
   * one, fail nodeDown until the speakers notice (4 s) and another node answers for the VIP.
   */
  @Test
  void layer2SendsEverythingToOneNodeAndFailsOver() {
    ServiceResult s = service(run(scenario("metallb-l2", "Cluster", USERS, NO_EVENTS, THREE_PODS)), "default/web");
    assertNoOtherFailures(s);
    String leader = leader(s);
    assertEquals(s.delivered(), byIngressNode(s).get(leader), "l2: all ingress on the leader; " + byIngressNode(s));
    assertEquals(3, byPod(s).values().stream().filter(v -> v > 0).count(), "kube-proxy spreads over all pods: " + byPod(s));

    String fail = "    - {at: 2s, action: failNode, target: node/" + leader + "}\n";
    ServiceResult f = service(run(scenario("metallb-l2", "Cluster", USERS, fail, THREE_PODS)), "default/web");
    assertNoOtherFailures(f, FailureReason.NODE_DOWN);
    // [2 s, 4 s): everything goes to the dead leader (plus the few connections open at 2 s)
    assertBetween("l2: nodeDown failures while the speakers have not noticed (500/s for 2 s)",
        poissonLow(1000, ALPHA), poissonHigh(1000 + 500 * 0.012, ALPHA), failed(f, FailureReason.NODE_DOWN));
    for (int b = 4; b < 12; b++) {
      assertEquals(0, f.timeline().get(b).failed(), "after failover (4 s) and the endpoints update (2 s + 1 s + 1 s)"
          + " nothing fails; second " + b + ": " + f.timeline().get(b));
    }
    long elsewhere = byIngressNode(f).entrySet().stream().filter(e -> !e.getKey().equals(leader))
        .mapToLong(Map.Entry::getValue).sum();
    long onOneOther = byIngressNode(f).entrySet().stream().filter(e -> !e.getKey().equals(leader))
        .mapToLong(Map.Entry::getValue).max().orElse(0);
    assertTrue(elsewhere > 3000, "after failover about 8 s x 500/s enter elsewhere; ingress " + byIngressNode(f));
    assertEquals(elsewhere, onOneOther, "the new leader alone takes the traffic; ingress " + byIngressNode(f));
  }

  /** Layer 2 with eTP=Local: only a node with a local endpoint may lead, so node-b takes everything. */
  @Test
  void layer2WithLocalPolicyLeadsFromANodeWithEndpoints() {
    String pods = pod("web-b1", "node-b", "web") + pod("web-b2", "node-b", "web");
    ServiceResult s = service(run(scenario("metallb-l2", "Local", USERS, NO_EVENTS, pods)), "default/web");
    assertNoOtherFailures(s);
    assertEquals(Map.of("node-a", 0L, "node-b", s.delivered(), "node-c", 0L), byIngressNode(s),
        "the leader must be node-b, the only node with endpoints");
    assertEquals(s.delivered(), s.byPath().values().iterator().next().sourceIpPreserved(), "eTP=Local keeps the source");
  }

  /**
   * BGP: every node is a next hop and the routers spread connections by a flow hash, so each
   * node takes about a third (binomial). Long keep-alive connections (100 requests, 100 ms
   * apart: over 10 s each). failNode of node-c at 6 s; at 8 s the speakers withdraw it, the
   * routers re-hash over two next hops, and the open flows that move to the other node break
   * (ecmpRehash). With hash h over nodes [a, b, c], a flow stays iff (h mod 3) == (h mod 2) for
   * h mod 3 in {0, 1}: h mod 6 in {3, 4} moves, so a third of all flows, and those among them
   * whose pod is not on node-c (2/3) are still open to break: a Poisson count with mean
   * 50/s x 8 s x 1/3 x 2/3.
   */
  @Test
  void bgpSpreadsOverNodesAndRehashBreaksConnections() {
    String spread = scenario("metallb-bgp", "Cluster", USERS, NO_EVENTS, THREE_PODS).replace("duration: 12s", "duration: 4s");
    ServiceResult s = service(run(spread), "default/web");
    assertNoOtherFailures(s);
    long[] range = binomialRange((int) s.delivered(), 1.0 / 3, ALPHA);
    for (Map.Entry<String, Long> e : byIngressNode(s).entrySet()) {
      assertBetween("bgp: connections entering " + e.getKey() + " of " + s.delivered() + " (ECMP over 3 next hops)",
          range[0], range[1], e.getValue());
    }

    String longLived = "{name: users, from: external, clients: 300, to: service/default/web:80, rate: 50/s,"
        + " requestsPerConnection: 100, thinkTime: 100ms}";
    String fail = "    - {at: 6s, action: failNode, target: node/node-c}\n";
    ServiceResult f = service(run(scenario("metallb-bgp", "Cluster", longLived, fail, THREE_PODS)), "default/web");
    assertNoOtherFailures(f, FailureReason.NODE_DOWN, FailureReason.ECMP_REHASH);
    long rehash = failed(f, FailureReason.ECMP_REHASH);
    double mean = 50 * 8 * (1.0 / 3) * (2.0 / 3);
    assertBetween("bgp: connections broken by the re-hash at 8 s (Poisson, mean " + mean + ")",
        poissonLow(mean, ALPHA), poissonHigh(mean, ALPHA), rehash);
    assertNotEquals(0, failed(f, FailureReason.NODE_DOWN), "flows through node-c fail nodeDown");
  }
}
