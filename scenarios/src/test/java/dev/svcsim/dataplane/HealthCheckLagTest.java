package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.ALPHA;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertBetween;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.failed;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.poissonHigh;
import static dev.svcsim.dataplane.DataPlaneTestsB.poissonLow;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load balancer learns of node health only through its probes ("failures close to rate x
 * share x detection time"). A cloud LB in front of an eTP=Local Service on two nodes, one pod
 * each (bare Pods, so nothing is replaced); the LB sends each node half of the traffic.
 *
 * <p>Detection: the probes of a node start at a random phase and repeat every {@code interval};
 * the node is taken out at the {@code unhealthyThreshold}-th failed probe, so the detection time
 * after the node starts answering 503 lies between {@code (threshold - 1) x interval} and
 * {@code threshold x interval}. Failures are a Poisson count (the LB's share of a Poisson
 * stream) whose mean lies between the rates times those two bounds; the tests accept the lower
 * Poisson quantile of the smaller mean up to the upper quantile of the larger one.
 *
 * <p>Here: rate 1000/s (500/s per node), syncDelay 1 s, interval 2 s, threshold 3, so detection
 * takes 4 s to 6 s.
 */
class HealthCheckLagTest {

  private static final double PER_NODE = 500;
  /** Connections open at the moment of a kill: 500/s times about 11 ms (5 ms each way plus 1 ms). */
  private static final double IN_FLIGHT = PER_NODE * 0.012;

  private static String scenario(String mode, String events, String extraSpec, String extraDocs) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: hc-lag}
        spec:
          seed: 17
          duration: 16s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 1s}
            nodeMonitorGracePeriod: 5s
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          loadBalancer:
            healthCheck: {interval: 2s, unhealthyThreshold: 3, healthyThreshold: 1}
          traffic:
            - {name: users, from: external, clients: 1000, to: service/default/web:80, rate: 1000/s}
        %s  events:
        %s---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          type: LoadBalancer
          externalTrafficPolicy: Local
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode, extraSpec, events) + pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web")
        + extraDocs;
  }

  /** What a node with no local endpoint does with external eTP=Local traffic (reference §10.3). */
  private static FailureReason noLocal(String mode) {
    // iptables/nftables DROP; IPVS forwards to a remote pod without SNAT and the reply is lost
    return mode.equals("ipvs") ? FailureReason.REPLY_DISCARDED : FailureReason.NO_LOCAL_ENDPOINTS;
  }

  private static void assertNoFailuresFrom(ServiceResult s, int second) {
    for (int b = second; b < s.timeline().size(); b++) {
      assertEquals(0, s.timeline().get(b).failed(), s.service() + ": no failures expected from " + second
          + " s on, once the LB has taken node-b out; second " + b + ": " + s.timeline().get(b));
    }
  }

  /**
   * killPod of node-b's only pod at 2 s: until the sync (3 s) node-b's rules still point at the
   * dead pod (podGone); then node-b has no local endpoint (dropped) until the LB's probes take it
   * out, 4 s to 6 s after the sync.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void killedPodFailsUntilTheProbesCatchUp(String mode) {
    String yaml = scenario(mode, "    - {at: 2s, action: killPod, target: pod/default/web-b}\n", "", "");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE, noLocal(mode));
    assertBetween(mode + ": podGone failures (half of 1000/s for the 1 s sync delay, plus the in-flight ones)",
        poissonLow(PER_NODE * 1, ALPHA), poissonHigh(PER_NODE * 1 + IN_FLIGHT, ALPHA), failed(s, FailureReason.POD_GONE));
    assertBetween(mode + ": " + noLocal(mode).key() + " failures (half of 1000/s for the 4-6 s detection time)",
        poissonLow(PER_NODE * 4, ALPHA), poissonHigh(PER_NODE * 6, ALPHA), failed(s, noLocal(mode)));
    assertBetween(mode + ": all failures, rate x share x (sync + detection)",
        poissonLow(PER_NODE * 5, ALPHA), poissonHigh(PER_NODE * 7 + IN_FLIGHT, ALPHA), s.failed());
    assertNoFailuresFrom(s, 9);
  }

  /**
   * drainNode of node-b with a 2 s grace period at 2 s: web-b is terminating and still serves
   * (local fallback) until 4 s; the health check counts Ready endpoints only and fails from the
   * sync (3 s), so node-b leaves at 7 s to 9 s. Between the pod's end (4 s) and its removal from
   * the rules (5 s): podGone; from 5 s until the LB catches up: no local endpoint.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void drainedNodeFailsFromTheEndOfTheGracePeriodUntilTheProbesCatchUp(String mode) {
    String yaml = scenario(mode, "    - {at: 2s, action: drainNode, target: node/node-b, gracePeriod: 2s}\n", "", "");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE, noLocal(mode));
    for (int b = 0; b < 3; b++) {
      assertEquals(0, s.timeline().get(b).failed(), mode + ": web-b serves while terminating, until 4 s; second " + b
          + ": " + s.timeline().get(b));
    }
    // second 3: only the connections still open on web-b when its grace period ends at 4 s
    assertBetween(mode + ": failures of connections started in second 3 (in flight on web-b at 4 s)",
        0, poissonHigh(IN_FLIGHT, ALPHA), s.timeline().get(3).failed());
    assertBetween(mode + ": podGone failures (half of 1000/s from the pod's end at 4 s to the sync at 5 s)",
        poissonLow(PER_NODE * 1, ALPHA), poissonHigh(PER_NODE * 1 + IN_FLIGHT, ALPHA), failed(s, FailureReason.POD_GONE));
    // the LB takes node-b out 4-6 s after 3 s; failures from 5 s until then: 2-4 s of 500/s
    assertBetween(mode + ": " + noLocal(mode).key() + " failures (half of 1000/s from 5 s to the LB's 7-9 s)",
        poissonLow(PER_NODE * 2, ALPHA), poissonHigh(PER_NODE * 4, ALPHA), failed(s, noLocal(mode)));
    assertNoFailuresFrom(s, 9);
  }

  /**
   * eTP=Cluster: the LB probes kube-proxy's own health port, which answers while the node is up.
   * failNode of node-b at 2 s, recoverNode at 8 s. The LB takes node-b out 4-6 s after the failure
   * and puts it back after healthyThreshold (2) good probes, 2-4 s after the recovery; the
   * recovered node forwards to the pod on node-a (its own pod did not come back).
   */
  @Test
  void recoveredNodeIsPutBackAfterHealthyThresholdProbes() {
    String yaml = scenario("iptables", """
            - {at: 2s, action: failNode, target: node/node-b}
            - {at: 8s, action: recoverNode, target: node/node-b}
        """, "", "")
        .replace("externalTrafficPolicy: Local", "externalTrafficPolicy: Cluster")
        .replace("healthyThreshold: 1", "healthyThreshold: 2");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.NODE_DOWN);
    // half of 1000/s enter node-b until the LB notices (4-6 s), half of those entering node-a go
    // to the dead pod until nodeMonitorGracePeriod + sync (5 s + 1 s)
    assertBetween("nodeDown failures: 500/s for 4-6 s (entering node-b) + 250/s for 6 s (node-a to web-b)",
        poissonLow(PER_NODE * 4 + 250 * 6, ALPHA), poissonHigh(PER_NODE * 6 + 250 * 6 + IN_FLIGHT, ALPHA),
        failed(s, FailureReason.NODE_DOWN));
    for (int b = 8; b < s.timeline().size(); b++) {
      assertEquals(0, s.timeline().get(b).failed(), "nothing fails once node-b is out and web-b left the endpoints;"
          + " second " + b + ": " + s.timeline().get(b));
    }
    long webBAfter = 0;
    for (int b = 8; b < 16; b++) {
      webBAfter += s.timeline().get(b).podConnections().getOrDefault("web-b", 0L);
    }
    assertEquals(0, webBAfter, "web-b died with its node and is not brought back");
    // node-b's ingress: only before 2 s and from 10-12 s on; a 1 s bucket of ingress is not in
    // the report, so compare the total with both windows: 2 s + 4-6 s of 500/s
    long ingressB = DataPlaneTestsB.byIngressNode(s).get("node-b");
    assertBetween("connections delivered through node-b (before 2 s, and from its return 2-4 s after 8 s until 16 s)",
        poissonLow(PER_NODE * (2 + 4), ALPHA), poissonHigh(PER_NODE * (2 + 6), ALPHA), ingressB);
  }

  /**
   * failNode of node-b at 2 s: its health check fails at once (nothing answers), so the LB takes
   * it out 4 s to 6 s later; until then the connections it sends there fail nodeDown. The control
   * plane notices only after nodeMonitorGracePeriod (5 s); until then plus the sync (1 s), every
   * other node's proxy keeps sending pod traffic to the dead pod: a pod client on node-a using
   * another Service over the same pods fails half of its connections from 2 s to 8 s.
   */
  @Test
  void failedNodeIsDetectedByTheProbesAndByTheControlPlaneLater() {
    String internal = """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: internal, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """ + pod("client", "node-a", "client");
    String yaml = scenario("iptables", "    - {at: 2s, action: failNode, target: node/node-b}\n",
        "    - {name: pods, from: pod/default/client, to: service/default/internal:80, rate: 400/s}\n", internal);
    RunResult r = run(yaml);
    ServiceResult lb = service(r, "default/web");
    assertNoOtherFailures(lb, FailureReason.NODE_DOWN);
    assertBetween("external traffic: nodeDown failures (half of 1000/s for the 4-6 s detection time, plus in-flight)",
        poissonLow(PER_NODE * 4, ALPHA), poissonHigh(PER_NODE * 6 + IN_FLIGHT, ALPHA), failed(lb, FailureReason.NODE_DOWN));
    assertNoFailuresFrom(lb, 8);

    ServiceResult in = service(r, "default/internal");
    assertNoOtherFailures(in, FailureReason.NODE_DOWN);
    // 200/s of the pod client's 400/s go to web-b, from 2 s to 2 s + 5 s + 1 s
    assertBetween("pod traffic: nodeDown failures (half of 400/s for nodeMonitorGracePeriod 5 s + sync 1 s)",
        poissonLow(200 * 6, ALPHA), poissonHigh(200 * 6 + 200 * 0.001, ALPHA), failed(in, FailureReason.NODE_DOWN));
    for (int b = 8; b < in.timeline().size(); b++) {
      assertEquals(0, in.timeline().get(b).failed(), "pod traffic: once the endpoints lost web-b (8 s) nothing"
          + " fails; second " + b + ": " + in.timeline().get(b));
    }
  }
}
