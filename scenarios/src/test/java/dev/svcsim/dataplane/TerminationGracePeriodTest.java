package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.failed;
import static dev.svcsim.dataplane.DataPlaneTestsB.load;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.DataPlane;
import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.explain.ExplainRequest;
import dev.svcsim.models.explain.Explanation;
import dev.svcsim.models.explain.Step;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.reports.ExplainWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code terminationGracePeriodSeconds}: a pod deleted without a grace period of its own (by a
 * rollout, a scale-down, a {@code deletePod} or {@code drainNode} without {@code gracePeriod})
 * keeps serving its open connections for its own grace period, then stops and they fail
 * podGone; an event's {@code gracePeriod} wins over it.
 *
 * <p>The client opens 20 connections a second that each last about 100 s (1,000 requests, 100
 * ms apart), so a pod that stops still holds open connections, and {@code svcsim explain} of the
 * first connection that fails tells when the pod stopped: all of them fail at that moment. The
 * sync delay is 1 s.
 */
class TerminationGracePeriodTest {

  private static final long SECOND = 1_000_000_000L;

  private static String scenario(String duration, String events, String docs) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: grace}
        spec:
          seed: 8
          duration: %s
          cluster:
            kubeProxy: {mode: iptables, syncDelay: 1s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          traffic:
            - {name: t, from: pod/default/client, to: service/default/web:80, rate: 20/s, requestsPerConnection: 1000, thinkTime: 100ms}
          events:
        %s---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: default, labels: {app: client}}
        spec:
          nodeName: node-a
          containers: [{name: c, image: x}]
        """.formatted(duration, events) + docs;
  }

  /** {@code spec.terminationGracePeriodSeconds: <grace>}, or nothing when grace is null. */
  private static String graceLine(String indent, Integer grace) {
    return grace == null ? "" : indent + "terminationGracePeriodSeconds: " + grace + "\n";
  }

  /** A bare Pod on node-b serving app web. */
  private static String pod(String name, Integer grace) {
    return "---\napiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: default, labels: {app: web}}\n"
        + "spec:\n  nodeName: node-b\n" + graceLine("  ", grace)
        + "  containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]\n";
  }

  /** A workload of pods serving app web, Ready 1 s after they are created during the run. */
  private static String workload(String kind, int replicas, Integer grace) {
    return "---\napiVersion: apps/v1\nkind: " + kind + "\nmetadata: {name: web, namespace: default}\n"
        + "spec:\n  replicas: " + replicas + "\n  selector:\n    matchLabels: {app: web}\n"
        + "  template:\n    metadata:\n      labels: {app: web}\n"
        + "      annotations: {svcsim.dev/ready-after: 1s}\n"
        + "    spec:\n" + graceLine("      ", grace)
        + "      containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]\n";
  }

  /** The first connection that fails, explained. */
  private static Explanation firstFailure(String yaml) {
    return DataPlane.explain(load(yaml), RunOptions.DEFAULT, new ExplainRequest("t", 1, null, 0, true));
  }

  /** When the first failed connection failed, asserting that it failed podGone. */
  private static long firstFailureAt(String yaml) {
    Explanation e = firstFailure(yaml);
    assertTrue(e.found(), () -> "expected a connection to fail: " + e.notFound());
    String text = ExplainWriter.text(e, false);
    assertEquals("podGone", e.failure(), text);
    Step last = e.steps().get(e.steps().size() - 1);
    assertEquals("failed", last.kind(), text);
    return last.atNanos();
  }

  /**
   * A rollout with maxSurge 1, maxUnavailable 0 at 2 s: the new pod is Ready at 3 s, when the
   * old one is deleted. With terminationGracePeriodSeconds 5 the old pod serves its open
   * connections until 8 s; without the field, until 33 s (30 s, Kubernetes' default).
   */
  @ParameterizedTest(name = "terminationGracePeriodSeconds {0}: the old pod stops at {1} s")
  @CsvSource(value = {"5, 8", "null, 33", "0, 3"}, nullValues = "null")
  void aRolloutDeletesTheOldPodWithItsGracePeriod(Integer grace, int stopsAt) {
    String events = "    - {at: 2s, action: rollout, target: deployment/default/web, maxSurge: 1, maxUnavailable: 0}\n";
    String yaml = scenario("40s", events, workload("Deployment", 1, grace));
    assertEquals(stopsAt * SECOND, firstFailureAt(yaml));
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE);
    assertTrue(failed(s, FailureReason.POD_GONE) > 20, "the old pod's open connections fail when it stops: " + s.failedBy());
  }

  /**
   * Scaling a StatefulSet from 2 to 1 at 2 s deletes web-1 with its grace period (4 s): it stops
   * at 6 s.
   */
  @Test
  void aScaleDownDeletesThePodWithItsGracePeriod() {
    String events = "    - {at: 2s, action: scale, target: statefulset/default/web, replicas: 1}\n";
    assertEquals(6 * SECOND, firstFailureAt(scenario("12s", events, workload("StatefulSet", 2, 4))));
  }

  /**
   * deletePod at 2 s of a pod with terminationGracePeriodSeconds 5: without gracePeriod the pod's
   * own applies (it stops at 7 s), as with kubectl delete pod; an event's gracePeriod wins
   * (2s: at 4 s; 0s: at once); without the field, 30 s (at 32 s); 0 stops it at once; a negative
   * value counts as 1 s (the API server's rule; loading warns about it).
   */
  @ParameterizedTest(name = "pod {0}, event {1}: stops at {2} s")
  @CsvSource(value = {"5, null, 7", "5, 2s, 4", "5, 0s, 2", "null, null, 32", "null, 3s, 5", "0, null, 2", "-5, null, 3"},
      nullValues = "null")
  void deletePodUsesTheEventsGracePeriodElseThePods(Integer podGrace, String eventGrace, int stopsAt) {
    String events = "    - {at: 2s, action: deletePod, target: pod/default/web-0"
        + (eventGrace == null ? "" : ", gracePeriod: " + eventGrace) + "}\n";
    assertEquals(stopsAt * SECOND, firstFailureAt(scenario("40s", events, pod("web-0", podGrace))));
  }

  /**
   * A patch of a Deployment's terminationGracePeriodSeconds (4 -> 1) at 1 s is a template change:
   * the Deployment rolls out (25%/25% of 1 replica: one new pod first), the new pod is Ready at
   * 2 s and the old one is deleted then with the grace period it was created with, 4 s, as in
   * Kubernetes, where each pod carries its own copy: it stops at 6 s, not 3 s.
   */
  @Test
  void aPatchRollsOutAndTheOldPodKeepsItsOwnGracePeriod() {
    String events = "    - {at: 1s, action: patch, target: deployment/default/web,"
        + " set: {spec.template.spec.terminationGracePeriodSeconds: 1}}\n";
    assertEquals(6 * SECOND, firstFailureAt(scenario("12s", events, workload("Deployment", 1, 4))));
  }

  /** A Deployment's pod deleted by deletePod without gracePeriod takes the template's value. */
  @Test
  void deletePodOfAWorkloadsPodUsesTheTemplatesGracePeriod() {
    String docs = workload("Deployment", 1, 3);
    String victim = load(scenario("1s", "    - {at: 100s, action: scale, target: deployment/default/web, replicas: 1}\n", docs))
        .pods().stream().filter(p -> p.owner().equals("deployment/default/web")).findFirst().orElseThrow().name();
    String events = "    - {at: 2s, action: deletePod, target: pod/default/" + victim + "}\n";
    assertEquals(5 * SECOND, firstFailureAt(scenario("12s", events, docs)));
  }

  /**
   * drainNode of node-b at 2 s: without gracePeriod each pod keeps its own. web-0 (3 s) stops at
   * 5 s, so that is when the first connection fails; web-1 (6 s) stops at 8 s, so a connection
   * opened after web-0 has left the rules (6 s), which can only go to web-1, fails at 8 s. With
   * gracePeriod 1s both stop at 3 s.
   */
  @Test
  void drainNodeUsesEachPodsOwnGracePeriodUnlessTheEventGivesOne() {
    String docs = pod("web-0", 3) + pod("web-1", 6);
    String own = scenario("12s", "    - {at: 2s, action: drainNode, target: node/node-b}\n", docs);
    assertEquals(5 * SECOND, firstFailureAt(own));
    Explanation late = DataPlane.explain(load(own), RunOptions.DEFAULT,
        new ExplainRequest("t", 1, null, 6_500_000_000L, true));
    assertTrue(late.found(), late.notFound());
    String text = ExplainWriter.text(late, false);
    assertEquals("podGone", late.failure(), text);
    assertTrue(text.matches("(?s).*chosen: \\S+ \\(pod default/web-1\\).*"), text);
    assertEquals(8 * SECOND, late.steps().get(late.steps().size() - 1).atNanos(), text);
    ServiceResult s = service(run(own), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE, FailureReason.NO_ENDPOINTS);

    String event = scenario("12s", "    - {at: 2s, action: drainNode, target: node/node-b, gracePeriod: 1s}\n", docs);
    assertEquals(3 * SECOND, firstFailureAt(event));
  }

  /** Without a deletion, nothing fails: the field changes nothing by itself. */
  @Test
  void theFieldAloneChangesNothing() {
    String yaml = scenario("6s", "    - {at: 100s, action: deletePod, target: pod/default/web-0}\n", pod("web-0", 1));
    assertFalse(firstFailure(yaml).found());
  }
}
