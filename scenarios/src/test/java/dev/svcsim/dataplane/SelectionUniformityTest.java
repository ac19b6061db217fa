package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.IPVS;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.assertAllDelivered;
import static dev.svcsim.dataplane.DataPlaneTests.assertFits;
import static dev.svcsim.dataplane.DataPlaneTests.assertRejects;
import static dev.svcsim.dataplane.DataPlaneTests.pod;
import static dev.svcsim.dataplane.DataPlaneTests.podConnections;
import static dev.svcsim.dataplane.DataPlaneTests.service;
import static dev.svcsim.dataplane.DataPlaneTests.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.ServiceResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoint selection per new connection (kube-proxy-reference.md sections 2.3, 3 and 10.1):
 * iptables' chained {@code --probability 1/(n-i)} rules and nftables' {@code numgen random mod n}
 * both give every endpoint 1/n per connection, independently; conntrack then pins the
 * connection, so its requests all go to the same pod. IPVS rr is a deterministic rotation.
 */
class SelectionUniformityTest {

  private static final String[] PODS = {"web-0", "web-1", "web-2", "web-3", "web-4"};

  /** Five endpoints on three nodes and one client pod on node-a. */
  private static DataPlaneTests.Yaml fivePods(String mode, long seed) {
    return DataPlaneTests.scenario("uniform")
        .seed(seed)
        .duration("10s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .node("node-c", "zone-1")
        .pod("web-0", "node-a", "web")
        .pod("web-1", "node-a", "web")
        .pod("web-2", "node-b", "web")
        .pod("web-3", "node-b", "web")
        .pod("web-4", "node-c", "web")
        .pod("client", "node-a", "client")
        .service("web", "ClusterIP", null, null, "web");
  }

  private static long[] perPod(ServiceResult s) {
    return Arrays.stream(PODS).mapToLong(p -> podConnections(s, p)).toArray();
  }

  private static double[] uniform(int n) {
    double[] u = new double[n];
    Arrays.fill(u, 1.0 / n);
    return u;
  }

  /**
   * The classic mistake of a rule chain where every rule has probability 1/n instead of
   * 1/(n-i): 1/n, (1-1/n)/n, ..., with the catch-all taking the rest. The test must be able to
   * tell this from uniform.
   */
  private static double[] naiveChain(int n) {
    double[] s = new double[n];
    double left = 1.0;
    for (int i = 0; i < n - 1; i++) {
      s[i] = left / n;
      left -= s[i];
    }
    s[n - 1] = left;
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES})
  void connectionsAreSpreadUniformly(String mode) {
    ServiceResult s = service(fivePods(mode, 2024)
        .traffic("t", "pod/default/client", "web", "clusterIP", "4000/s")
        .run(), "default/web");
    assertAllDelivered(s);
    long[] counts = perPod(s);
    assertFits(mode + ", per-pod connections over " + Arrays.toString(PODS), uniform(PODS.length), counts);
    assertRejects(mode + ", per-pod connections must not look like a 1/n-per-rule chain", naiveChain(PODS.length), counts);
  }

  /**
   * Connections, not requests, are balanced: each connection carries exactly 10 requests, all to
   * the pod its first packet was sent to, so every pod completes exactly 10 x its connections.
   * The source stops a second before the end so that no connection is cut short by the end of
   * the run.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void requestsFollowTheirConnection(String mode) {
    ServiceResult s = service(fivePods(mode, 77)
        .traffic("t", "pod/default/client", "web", "clusterIP", "1000/s", "requestsPerConnection: 10", "stop: 9s")
        .run(), "default/web");
    assertAllDelivered(s);
    assertEquals(10 * s.delivered(), s.requestsCompleted(),
        mode + ": expected 10 completed requests per delivered connection; " + summary(s)
            + ", requests completed " + s.requestsCompleted());
    for (String p : PODS) {
      ServiceResult.PodResult r = pod(s, p);
      assertTrue(r.connections() > 0, mode + ": expected " + p + " to get connections; " + summary(s));
      assertEquals(10 * r.connections(), r.requests(),
          mode + ": expected " + p + "'s requests to be 10 x its " + r.connections() + " connections, got " + r.requests());
    }
    assertFits(mode + ", per-pod connections with keep-alive", uniform(PODS.length), perPod(s));
  }

  /**
   * IPVS rr rotates deterministically per virtual server on each node: from one client node the
   * five pods' counts differ by at most one.
   */
  @Test
  void ipvsRoundRobinIsExactFromOneNode() {
    ServiceResult s = service(fivePods(IPVS, 5)
        .traffic("t", "pod/default/client", "web", "clusterIP", "2000/s")
        .run(), "default/web");
    assertAllDelivered(s);
    long[] counts = perPod(s);
    long max = Arrays.stream(counts).max().orElseThrow();
    long min = Arrays.stream(counts).min().orElseThrow();
    assertTrue(max - min <= 1, "ipvs rr from one node: expected per-pod counts within 1 of each other, got "
        + Arrays.toString(counts));
  }
}
