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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.ServiceResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Terminating endpoints (reference §1 CategorizeEndpoints, §6.1, §10.5): Ready endpoints always
 * win; serving-and-terminating ones are used only when no Ready one exists, decided separately
 * for the cluster and the local sets; the health check counts Ready endpoints only.
 *
 * <p>All pods here are bare Pods, so nothing replaces a deleted one. Times are in whole seconds
 * and the timeline has one-second buckets; the sync delay is 1 s.
 */
class TerminatingTest {

  private static long podIn(ServiceResult s, String pod, int fromSecond, int toSecond) {
    long n = 0;
    List<ServiceResult.TimelineBucket> t = s.timeline();
    for (int b = fromSecond; b < toSecond && b < t.size(); b++) {
      n += t.get(b).podConnections().getOrDefault(pod, 0L);
    }
    return n;
  }

  /**
   * A pod deleted with a long grace period while other Ready pods exist: it keeps getting new
   * connections only until the proxies learn of it (the sync delay), then none, and nothing fails.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs", "userspace"})
  void terminatingPodGetsNoNewConnectionsAfterTheSync(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: terminating}
        spec:
          seed: 4
          duration: 6s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 1s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          traffic:
            - {name: t, from: pod/default/client, to: service/default/web:80, rate: 300/s}
          events:
            - {at: 2s, action: deletePod, target: pod/default/web-1, gracePeriod: 60s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode) + pod("web-0", "node-a", "web") + pod("web-1", "node-b", "web")
        + pod("web-2", "node-b", "web") + pod("client", "node-a", "client");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    assertTrue(podIn(s, "web-1", 0, 3) > 100, mode + ": web-1 is Ready (or not yet known to be terminating) until 3 s"
        + " and should get about a third of 900 connections; got " + podIn(s, "web-1", 0, 3));
    assertEquals(0, podIn(s, "web-1", 3, 6), mode + ": once the proxies know web-1 is terminating (2 s + 1 s sync) it"
        + " should get no new connection while web-0 and web-2 are Ready; timeline " + s.timeline());
    assertTrue(podIn(s, "web-0", 3, 6) > 300 && podIn(s, "web-2", 3, 6) > 300,
        mode + ": the Ready pods take over; timeline " + s.timeline());
  }

  /**
   * When every endpoint is terminating, the cluster set falls back to the serving-and-terminating
   * ones (§1 step 1): traffic goes on while the pods drain. When their grace period ends they are
   * gone: connections to the stale rules fail podGone until the sync, then the Service has no
   * endpoints at all and kube-proxy REJECTs (noEndpoints).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void allTerminatingStillServeThenReject(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: all-terminating}
        spec:
          seed: 9
          duration: 9s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 1s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          traffic:
            - {name: t, from: pod/default/client, to: service/default/web:80, rate: 200/s}
          events:
            - {at: 2s, action: deletePod, target: pod/default/web-0, gracePeriod: 4s}
            - {at: 2s, action: deletePod, target: pod/default/web-1, gracePeriod: 4s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode) + pod("web-0", "node-a", "web") + pod("web-1", "node-b", "web")
        + pod("client", "node-a", "client");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE, FailureReason.NO_ENDPOINTS);
    for (int b = 0; b < 6; b++) {
      assertEquals(0, s.timeline().get(b).failed(), mode + ": the terminating pods serve until their grace period ends"
          + " at 6 s; second " + b + " had failures: " + s.timeline().get(b));
    }
    assertTrue(podIn(s, "web-0", 3, 6) > 100 && podIn(s, "web-1", 3, 6) > 100,
        mode + ": both terminating pods keep serving from 3 s to 6 s; timeline " + s.timeline());
    // 6 s to 7 s: the pods are gone but the rules still point at them; after 7 s: no endpoints
    long gone = failed(s, FailureReason.POD_GONE);
    assertBetween(mode + ": podGone failures between the pods' end (6 s) and the sync (7 s), at 200/s",
        poissonLow(200, ALPHA), poissonHigh(200, ALPHA), gone);
    long reject = failed(s, FailureReason.NO_ENDPOINTS);
    assertBetween(mode + ": noEndpoints (REJECT) failures from 7 s to 9 s, at 200/s",
        poissonLow(400, ALPHA), poissonHigh(400, ALPHA), reject);
    assertEquals(0, s.timeline().get(7).delivered() + s.timeline().get(8).delivered(),
        mode + ": nothing is delivered once there are no endpoints");
  }

  /**
   * eTP=Local behind a cloud LB. Every pod of node-b is deleted with a long grace period: node-b's
   * local set falls back to its terminating pod, so the traffic the LB still sends to node-b is
   * served, not dropped; meanwhile node-b's healthCheckNodePort counts Ready endpoints only and
   * answers 503, and the LB takes node-b out after unhealthyThreshold failed probes. With a 1 s
   * interval and threshold 3, the probes start failing at the sync (3 s) and node-b leaves
   * between 5 s and 6 s (random probe phase). Nothing fails.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void localFallbackServesUntilTheHealthCheckCatchesUp(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: local-fallback}
        spec:
          seed: 13
          duration: 10s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 1s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          loadBalancer:
            healthCheck: {interval: 1s, unhealthyThreshold: 3, healthyThreshold: 1}
          traffic:
            - {name: t, from: external, clients: 500, to: service/default/web:80, rate: 400/s}
          events:
            - {at: 2s, action: deletePod, target: pod/default/web-b, gracePeriod: 30s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          type: LoadBalancer
          externalTrafficPolicy: Local
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode) + pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web");
    ServiceResult s = service(run(yaml), "default/web");
    assertEquals(0, s.failed(), mode + ": the terminating pod covers the health-check lag; failures " + s.failedBy());
    long drained = podIn(s, "web-b", 3, 10);
    // node-b gets half of 400/s for the detection time D after the sync, 2 s <= D <= 3 s
    assertBetween(mode + ": connections the terminating web-b served after the sync (half of 400/s for 2-3 s)",
        poissonLow(200 * 2, ALPHA), poissonHigh(200 * 3, ALPHA), drained);
    assertEquals(0, podIn(s, "web-b", 6, 10), mode + ": by 6 s the LB has taken node-b out; timeline " + s.timeline());
    assertEquals(s.delivered(), s.byPath().values().stream().mapToLong(p -> p.sourceIpPreserved()).sum(),
        mode + ": eTP=Local keeps the client address on every connection, terminating fallback included");
  }

  // ------------------------------------------------------- terminatingEndpointFallback: false

  /**
   * The eTP=Local case above with {@code terminatingEndpointFallback: false}, kube-proxy before
   * ProxyTerminatingEndpoints: once node-b's proxy knows its only pod is terminating (the sync,
   * 3 s) its local set is empty, and the traffic the LB still sends there until the health check
   * takes node-b out (5-6 s) fails: iptables and nftables DROP it ({@code noLocalEndpoints}),
   * ipvs forwards it to node-a's pod without SNAT and the reply is lost ({@code replyDiscarded}).
   * The terminating web-b gets no new connection after the sync.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void withoutTheFallbackTheLocalNodeDropsUntilTheHealthCheckCatchesUp(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: local-no-fallback}
        spec:
          seed: 13
          duration: 10s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 1s, terminatingEndpointFallback: false}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          loadBalancer:
            healthCheck: {interval: 1s, unhealthyThreshold: 3, healthyThreshold: 1}
          traffic:
            - {name: t, from: external, clients: 500, to: service/default/web:80, rate: 400/s}
          events:
            - {at: 2s, action: deletePod, target: pod/default/web-b, gracePeriod: 30s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          type: LoadBalancer
          externalTrafficPolicy: Local
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode) + pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web");
    ServiceResult s = service(run(yaml), "default/web");
    FailureReason reason = mode.equals("ipvs") ? FailureReason.REPLY_DISCARDED : FailureReason.NO_LOCAL_ENDPOINTS;
    assertNoOtherFailures(s, reason);
    for (int b = 0; b < 3; b++) {
      assertEquals(0, s.timeline().get(b).failed(), mode + ": nothing fails before the sync at 3 s; second " + b
          + ": " + s.timeline().get(b));
    }
    // node-b gets half of 400/s for the detection time D after the sync, 2 s <= D <= 3 s
    assertBetween(mode + ": " + reason + " failures while the LB still sends to node-b (half of 400/s for 2-3 s)",
        poissonLow(200 * 2, ALPHA), poissonHigh(200 * 3, ALPHA), failed(s, reason));
    assertEquals(0, podIn(s, "web-b", 3, 10), mode + ": without the fallback the terminating web-b gets no new"
        + " connection after the sync; timeline " + s.timeline());
    for (int b = 6; b < 10; b++) {
      assertEquals(0, s.timeline().get(b).failed(), mode + ": by 6 s the LB has taken node-b out; second " + b
          + ": " + s.timeline().get(b));
    }
  }

  /**
   * Every endpoint terminating with {@code terminatingEndpointFallback: false}: from the sync
   * (3 s) the Service has no usable endpoint, so kube-proxy REJECTs ({@code noEndpoints}) at once,
   * although both pods still serve until 6 s; nothing is delivered after 3 s and no connection
   * reaches a pod after it has gone.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void withoutTheFallbackAllTerminatingRejectFromTheSync(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: all-terminating-no-fallback}
        spec:
          seed: 9
          duration: 9s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 1s, terminatingEndpointFallback: false}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          traffic:
            - {name: t, from: pod/default/client, to: service/default/web:80, rate: 200/s}
          events:
            - {at: 2s, action: deletePod, target: pod/default/web-0, gracePeriod: 4s}
            - {at: 2s, action: deletePod, target: pod/default/web-1, gracePeriod: 4s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(mode) + pod("web-0", "node-a", "web") + pod("web-1", "node-b", "web")
        + pod("client", "node-a", "client");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.NO_ENDPOINTS);
    for (int b = 0; b < 3; b++) {
      assertEquals(0, s.timeline().get(b).failed(), mode + ": the rules still hold the Ready pods until the sync at"
          + " 3 s; second " + b + ": " + s.timeline().get(b));
    }
    for (int b = 3; b < 9; b++) {
      assertEquals(0, s.timeline().get(b).delivered(), mode + ": nothing is delivered once the proxies know both"
          + " pods are terminating; second " + b + ": " + s.timeline().get(b));
    }
    assertBetween(mode + ": noEndpoints (REJECT) failures from 3 s to 9 s, at 200/s",
        poissonLow(1200, ALPHA), poissonHigh(1200, ALPHA), failed(s, FailureReason.NO_ENDPOINTS));
  }
}
