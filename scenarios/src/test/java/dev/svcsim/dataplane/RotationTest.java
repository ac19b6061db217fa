package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.assertBetween;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.byPod;
import static dev.svcsim.dataplane.DataPlaneTestsB.deployment;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.ServiceResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deterministic pickers: IPVS rr is a rotation per virtual server on each node (reference §4,
 * "not random"), userspace round-robins per node over its shuffled list (§5), IPVS lc sends a new
 * connection to the real server with the fewest connections, sh hashes the client address.
 */
class RotationTest {

  /**
   * Four server pods on three nodes, clients from {@code from}, via the ClusterIP.
   *
   * @param clientDocs the client manifests
   */
  private static String scenario(String mode, String scheduler, String from, String rate, String servers,
      String clientDocs) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: rotation}
        spec:
          seed: 21
          duration: 4s
          cluster:
            kubeProxy: {mode: %s, ipvsScheduler: %s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
              - {name: node-c, zone: z1}
          traffic:
            - {name: t, from: %s, to: service/default/web:80, rate: %s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode, scheduler, from, rate) + servers + clientDocs;
  }

  private static final String FOUR_PODS = pod("web-0", "node-a", "web") + pod("web-1", "node-b", "web")
      + pod("web-2", "node-c", "web") + pod("web-3", "node-c", "web");

  /** Three client pods, all on node-a. */
  private static final String CLIENTS_ON_A = deployment("client", 3, "client", "node-a");

  /**
   * IPVS rr and userspace round robin: the clients on one node share its rotation, so every pod
   * gets the same number of connections, give or take one. iptables draws at random, so its
   * counts differ by far more (this shows the check can fail).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ipvs", "userspace", "iptables"})
  void roundRobinFromOneNodeIsExact(String mode) {
    ServiceResult s = service(run(scenario(mode, "rr", "deployment/default/client", "500/s", FOUR_PODS, CLIENTS_ON_A)),
        "default/web");
    assertNoOtherFailures(s);
    Map<String, Long> pods = byPod(s);
    assertEquals(4, pods.size(), "four server pods: " + pods);
    long max = pods.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = pods.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(s.delivered() > 1500, "about 2000 connections expected, got " + s.delivered());
    if (mode.equals("iptables")) {
      // a uniform random pick: the spread of 4 counts of ~500 is ~2 x 25; <= 1 has probability ~1e-3
      assertTrue(max - min > 1, "iptables picks at random; counts this even would mean a rotation: " + pods);
    } else {
      assertTrue(max - min <= 1, mode + ": a rotation from one node gives every pod the same count +- 1; got " + pods);
    }
  }

  /**
   * IPVS rr keeps one rotation per virtual server per node: with clients on two nodes each node
   * is exact on its own, so the totals differ by at most 2.
   */
  @Test
  void ipvsRoundRobinIsPerNode() {
    String clients = deployment("ca", 2, "client", "node-a") + deployment("cb", 2, "client", "node-b");
    String yaml = scenario("ipvs", "rr", "deployment/default/ca", "300/s", FOUR_PODS, clients)
        .replace("  traffic:\n", "  traffic:\n    - {name: t2, from: deployment/default/cb, to: service/default/web:80, rate: 170/s}\n");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    Map<String, Long> pods = byPod(s);
    long max = pods.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = pods.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(max - min <= 2, "two nodes' rotations, each exact: the totals differ by at most 2; got " + pods);
  }

  /**
   * IPVS lc: a new connection goes to the real server with the fewest active connections. One pod
   * answers in 50 ms, the other in 1 ms; the slow pod holds its connections 50 times longer, so
   * it is the busier one almost always and gets far fewer new connections — even though it sorts
   * first and wins every tie. rr over the same pair splits exactly in half.
   */
  @Test
  void leastConnectionAvoidsTheSlowPod() {
    String servers = pod("web-slow", "node-a", "web", "svcsim.dev/service-time: const(50ms)", "svcsim.dev/concurrency: 100")
        + pod("web-fast", "node-b", "web", "svcsim.dev/service-time: const(1ms)", "svcsim.dev/concurrency: 100");
    String clients = pod("client", "node-c", "client");
    ServiceResult lc = service(run(scenario("ipvs", "lc", "pod/default/client", "200/s", servers, clients)), "default/web");
    assertNoOtherFailures(lc);
    double slowShare = (double) byPod(lc).get("web-slow") / lc.delivered();
    assertBetween("lc: the slow pod's share of connections (pods " + byPod(lc) + ")", 0.0, 0.25, slowShare);

    ServiceResult rr = service(run(scenario("ipvs", "rr", "pod/default/client", "200/s", servers, clients)), "default/web");
    long diff = Math.abs(byPod(rr).get("web-slow") - byPod(rr).get("web-fast"));
    assertTrue(diff <= 1, "rr splits exactly in half whatever the pods' speed; got " + byPod(rr));
  }

  /**
   * IPVS lc with short connections and identical pods: most of the time every real server has no
   * active connection, and the kernel ranks them by its overhead {@code activeconns * 256 +
   * inactconns} (ip_vs_lc.c, ip_vs_dest_conn_overhead), where inactconns counts the connections
   * that have closed but are still in the IPVS table (TCP TIME_WAIT, 2 minutes). The inactive
   * counts even each other out, so each pod gets a third — not everything on the pod that sorts
   * first, as a count of active connections alone would give.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lc", "wlc"})
  void leastConnectionWithShortConnectionsSpreadsEvenly(String scheduler) {
    String servers = pod("web-0", "node-a", "web") + pod("web-1", "node-b", "web") + pod("web-2", "node-c", "web");
    ServiceResult s = service(run(scenario("ipvs", scheduler, "pod/default/client", "300/s", servers,
        pod("client", "node-a", "client"))), "default/web");
    assertNoOtherFailures(s);
    for (Map.Entry<String, Long> e : byPod(s).entrySet()) {
      assertBetween(scheduler + ": share of " + e.getKey() + " (pods " + byPod(s) + ")", 0.30, 0.37,
          (double) e.getValue() / s.delivered());
    }
  }

  /**
   * IPVS sh: the real server is a hash of the client address, so one client always lands on one
   * pod (no affinity configured), while many clients spread over all of them.
   */
  @Test
  void sourceHashingKeepsAClientOnOnePod() {
    String one = scenario("ipvs", "sh", "pod/default/client", "200/s", FOUR_PODS, pod("client", "node-a", "client"));
    ServiceResult s = service(run(one), "default/web");
    assertNoOtherFailures(s);
    long busiest = byPod(s).values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertEquals(s.delivered(), busiest, "sh: one client's connections should all land on one pod; got " + byPod(s));

    String many = scenario("ipvs", "sh", "external", "400/s", FOUR_PODS, "")
        .replace("from: external,", "from: external, clients: 200, via: nodePort,")
        .replace("  selector: {app: web}\n", "  type: NodePort\n  selector: {app: web}\n");
    ServiceResult m = service(run(many), "default/web");
    assertNoOtherFailures(m);
    assertEquals(4, byPod(m).values().stream().filter(v -> v > 0).count(),
        "sh: 200 clients should reach all four pods; got " + byPod(m));
  }
}
