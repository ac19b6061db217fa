package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.ALPHA;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertBetween;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.binomialRange;
import static dev.svcsim.dataplane.DataPlaneTestsB.byPod;
import static dev.svcsim.dataplane.DataPlaneTestsB.deployment;
import static dev.svcsim.dataplane.DataPlaneTestsB.failed;
import static dev.svcsim.dataplane.DataPlaneTestsB.load;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.poissonHigh;
import static dev.svcsim.dataplane.DataPlaneTestsB.poissonLow;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.cluster.Pod;
import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The timeline's events as a user sees them in the report: killPod and its replacement, scale,
 * rollout, setRate and a runtime patch of externalTrafficPolicy. One-second buckets; the sync
 * delay is 1 s.
 */
class TimelineTest {

  private static String scenario(String duration, String trafficLine, String events, String docs) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: timeline}
        spec:
          seed: 31
          duration: %s
          cluster:
            kubeProxy: {mode: iptables, syncDelay: 1s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
              - {name: node-c, zone: z1}
          traffic:
            - %s
          events:
        %s---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(duration, trafficLine, events) + docs;
  }

  private static Set<String> podsIn(ServiceResult s, int bucket) {
    return s.timeline().get(bucket).podConnections().entrySet().stream().filter(e -> e.getValue() > 0)
        .map(java.util.Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> initialPods(String yaml, String owner) {
    return load(yaml).pods().stream().filter(p -> p.owner().equals(owner)).map(Pod::name).sorted().toList();
  }

  /**
   * killPod of a Deployment's pod at 2 s: its open keep-alive connections fail podGone at once,
   * the Deployment creates a replacement with a new name, and until the sync (3 s) the rules
   * still send a third of the new connections to the dead pod (podGone). From 3 s the
   * replacement takes its share and nothing fails.
   */
  @Test
  void killPodIsReplacedAndStaleRulesFailUntilTheSync() {
    String traffic = "{name: t, from: pod/default/client, to: service/default/web:80, rate: 300/s,"
        + " requestsPerConnection: 10, thinkTime: 50ms}";
    String docs = deployment("web", 3, "web", null) + pod("client", "node-a", "client");
    String probe = scenario("6s", traffic, "    - {at: 100s, action: scale, target: deployment/default/web, replicas: 3}\n", docs);
    List<String> before = initialPods(probe, "deployment/default/web");
    assertEquals(3, before.size(), "three initial pods: " + before);
    String victim = before.get(1);
    String yaml = scenario("6s", traffic, "    - {at: 2s, action: killPod, target: pod/default/" + victim + "}\n", docs);
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE);

    List<String> names = s.pods().stream().map(ServiceResult.PodResult::name).toList();
    assertEquals(4, names.size(), "the three pods and the replacement: " + names);
    String replacement = names.stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
    assertTrue(replacement.startsWith("web-"), "the replacement is named after the Deployment: " + replacement);
    assertEquals(0, s.timeline().get(0).failed(), "nothing fails before the kill: " + s.timeline().get(0));
    // connections opened in [1.5 s, 2 s) on the victim are still open at 2 s (10 requests, 50 ms apart)
    assertTrue(s.timeline().get(1).failed() > 10, "keep-alive connections open on " + victim + " at 2 s fail podGone;"
        + " second 1: " + s.timeline().get(1));
    // new connections in [2 s, 3 s): a third go to the dead pod through the stale rules
    assertBetween("podGone failures of connections opened between the kill and the sync (a third of 300/s for 1 s)",
        poissonLow(100, ALPHA), poissonHigh(100, ALPHA), s.timeline().get(2).failed());
    for (int b = 3; b < 6; b++) {
      assertEquals(0, s.timeline().get(b).failed(), "after the sync nothing fails; second " + b + ": " + s.timeline().get(b));
      assertFalse(podsIn(s, b).contains(victim), "no connection to the killed pod after the sync: " + podsIn(s, b));
      assertTrue(podsIn(s, b).contains(replacement), "the replacement serves from 3 s: " + podsIn(s, b));
    }
    assertEquals(s.failed(), failed(s, FailureReason.POD_GONE));
  }

  /**
   * The same kill in userspace mode: kube-proxy dials the pod itself, and a dial to the dead pod
   * fails and is retried on the next endpoint after its 250 ms dial timeout (reference §5), so
   * the stale second costs latency instead of failures.
   */
  @Test
  void userspaceRetriesADeadPodInsteadOfFailing() {
    String traffic = "{name: t, from: pod/default/client, to: service/default/web:80, rate: 300/s}";
    String docs = deployment("web", 3, "web", null) + pod("client", "node-a", "client");
    String probe = scenario("6s", traffic, "    - {at: 100s, action: scale, target: deployment/default/web, replicas: 3}\n", docs);
    String victim = initialPods(probe, "deployment/default/web").get(0);
    String yaml = scenario("6s", traffic, "    - {at: 2s, action: killPod, target: pod/default/" + victim + "}\n", docs)
        .replace("mode: iptables", "mode: userspace");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s, FailureReason.POD_GONE);
    // only a request in service on the victim at the kill fails (1 ms of 100/s)
    assertTrue(failed(s, FailureReason.POD_GONE) <= 3, "userspace retries, so the stale rules cost no failures; failedBy "
        + s.failedBy());
    long slow = s.latencyMicros().getCountBetweenValues(250_000, 10_000_000);
    // The round robin over [dead, x, y] advances on the retry too: dead+x, y, dead+x, y, ... so
    // half of the connections of the stale second hit the dead pod first (1 / (n - 1)), each
    // 250 ms late: a Poisson count with mean 300/s x 1 s / 2.
    assertBetween("requests delayed by a failed 250 ms dial (half of 300/s for the 1 s sync)",
        poissonLow(150, ALPHA), poissonHigh(150, ALPHA), slow);
  }

  /**
   * scale 2 -> 4 at 2 s: four pods serve from 3 s. scale 4 -> 1 at 5 s: the three newest pods
   * terminate gracefully and get no new connections from 6 s; nothing fails.
   */
  @Test
  void scaleUpAndDown() {
    String traffic = "{name: t, from: pod/default/client, to: service/default/web:80, rate: 400/s}";
    String events = """
            - {at: 2s, action: scale, target: deployment/default/web, replicas: 4}
            - {at: 5s, action: scale, target: deployment/default/web, replicas: 1}
        """;
    String docs = deployment("web", 2, "web", null) + pod("client", "node-a", "client");
    String yaml = scenario("8s", traffic, events, docs);
    List<String> before = initialPods(yaml, "deployment/default/web");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    assertEquals(4, s.pods().size(), "two initial pods and two added: " + byPod(s));
    for (int b = 0; b < 2; b++) {
      assertEquals(new TreeSet<>(before), podsIn(s, b), "second " + b + ": the two initial pods");
    }
    for (int b = 3; b < 5; b++) {
      assertEquals(4, podsIn(s, b).size(), "second " + b + ": four pods after scaling up: " + podsIn(s, b));
    }
    for (int b = 6; b < 8; b++) {
      Set<String> serving = podsIn(s, b);
      assertEquals(1, serving.size(), "second " + b + ": one pod after scaling down: " + serving);
      assertTrue(before.contains(serving.iterator().next()), "scale-down removes the newest pods first, so the survivor"
          + " is an initial pod; got " + serving + ", initial " + before);
    }
  }

  /**
   * A rollout of 4 replicas (pods Ready 1 s after creation) replaces every pod while keeping at
   * least replicas - maxUnavailable pods Ready and at most replicas + maxSurge pods in all.
   *
   * <p>Readiness is not directly visible in the report, and terminating pods keep serving when no
   * Ready pod is left (so a rollout that deleted every old pod at once would still show four
   * serving pods in each second). What is visible is the pace: at any moment at most
   * {@code (replicas + maxSurge) - (replicas - maxUnavailable) = maxSurge + maxUnavailable} pods
   * can be new and not yet Ready, and each takes 1 s to become Ready and reach the rules, so the
   * number of new pods serving grows by at most that much per second. Also every second shows at
   * least replicas - maxUnavailable serving pods, nothing fails, and at the end four new pods
   * serve.
   */
  @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}")
  @CsvSource({"1, 0", "0, 1", "25%, 25%", "2, 2"})
  void rolloutKeepsEnoughPodsReady(String maxSurge, String maxUnavailable) {
    int replicas = 4;
    String traffic = "{name: t, from: pod/default/client, to: service/default/web:80, rate: 800/s}";
    String events = "    - {at: 2s, action: rollout, target: deployment/default/web, maxSurge: " + maxSurge
        + ", maxUnavailable: " + maxUnavailable + "}\n";
    String docs = deployment("web", replicas, "web", null, "svcsim.dev/ready-after: 1s") + pod("client", "node-a", "client");
    String yaml = scenario("14s", traffic, events, docs);
    List<String> before = initialPods(yaml, "deployment/default/web");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    int unavailable = maxUnavailable.endsWith("%") ? replicas * Integer.parseInt(maxUnavailable.replace("%", "")) / 100
        : Integer.parseInt(maxUnavailable);
    for (int b = 0; b < s.timeline().size(); b++) {
      assertTrue(podsIn(s, b).size() >= replicas - unavailable, "second " + b + ": at least " + (replicas - unavailable)
          + " pods must be serving during the rollout; got " + podsIn(s, b));
    }
    int surge = maxSurge.endsWith("%") ? (replicas * Integer.parseInt(maxSurge.replace("%", "")) + 99) / 100
        : Integer.parseInt(maxSurge);
    long previousNew = 0;
    for (int b = 0; b < s.timeline().size(); b++) {
      long fresh = podsIn(s, b).stream().filter(p -> !before.contains(p)).count();
      assertTrue(fresh - previousNew <= surge + unavailable, "second " + b + ": new pods serving went from "
          + previousNew + " to " + fresh + "; at most maxSurge + maxUnavailable = " + (surge + unavailable)
          + " pods can be on their way to Ready at once (pods serving: " + podsIn(s, b) + ")");
      previousNew = fresh;
    }
    assertEquals(2 * replicas, s.pods().size(), "four old and four new pods: " + byPod(s));
    Set<String> last = podsIn(s, s.timeline().size() - 1);
    assertEquals(replicas, last.size(), "four pods at the end: " + last);
    for (String p : last) {
      assertFalse(before.contains(p), "every pod at the end is new; " + p + " is an old one (old: " + before + ")");
    }
  }

  /**
   * setRate from 100/s to 300/s at 5 s with constant arrivals: 100 connections in each of the
   * first five seconds, then 300 (the first new arrival comes one new gap after the event).
   */
  @Test
  void setRateChangesTheConnectionCount() {
    String traffic = "{name: t, from: pod/default/client, to: service/default/web:80, rate: 100/s, arrival: constant}";
    String events = "    - {at: 5s, action: setRate, target: traffic/t, rate: 300/s}\n";
    String yaml = scenario("10s", traffic, events, deployment("web", 2, "web", null) + pod("client", "node-a", "client"));
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    for (int b = 0; b < 10; b++) {
      long expected = b < 5 ? 100 : 300;
      assertBetween("connections in second " + b, expected - 1, expected, s.timeline().get(b).delivered());
    }
  }

  /**
   * A Poisson source that starts at time s has its first arrival at s + Exp(rate), not at s:
   * 200 sources of 1/s each starting together give a Poisson stream of 200/s from the start, so
   * the first millisecond holds about 0.2 connections, not 200. (Constant sources do start with
   * an arrival at their start; see {@link AffinityTest}.)
   */
  @Test
  void poissonSourcesDoNotAllArriveAtTheirStart() {
    StringBuilder traffic = new StringBuilder("{name: t0, from: pod/default/client, to: service/default/web:80, rate: 1/s}");
    for (int i = 1; i < 200; i++) {
      traffic.append("\n    - {name: t").append(i).append(", from: pod/default/client, to: service/default/web:80, rate: 1/s}");
    }
    String yaml = scenario("2s", traffic.toString(), "    - {at: 100s, action: scale, target: deployment/default/web, replicas: 2}\n",
        deployment("web", 2, "web", null) + pod("client", "node-a", "client"));
    ServiceResult s = service(run(yaml, new dev.svcsim.models.dataplane.RunOptions(1_000_000L, 0)), "default/web");
    assertNoOtherFailures(s);
    assertBetween("connections in the first millisecond (Poisson, mean 200/s x 1 ms = 0.2)", 0, poissonHigh(0.2, ALPHA),
        s.timeline().get(0).delivered());
    assertBetween("connections in 2 s (Poisson, mean 400)", poissonLow(400, ALPHA), poissonHigh(400, ALPHA), s.generated());
  }

  /**
   * A runtime patch of externalTrafficPolicy from Cluster to Local at 5 s: the load balancer's
   * connections are masqueraded before the proxies have the change (6 s) and keep the client's
   * address after it. With constant arrivals at 100/s: exactly the 400 connections from 6 s on
   * keep it; before it, about half crossed to the other node (2 hops), after it none.
   */
  @Test
  void patchOfExternalTrafficPolicyChangesSourceIpPreservation() {
    String traffic = "{name: t, from: external, clients: 100, to: service/default/web:80, rate: 100/s, arrival: constant}";
    String events = """
            - at: 5s
              action: patch
              target: service/default/web
              set: {spec.externalTrafficPolicy: Local}
        """;
    String yaml = scenario("10s", traffic, events, pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web")
        + pod("web-c", "node-c", "web"))
        .replace("  selector: {app: web}\n", "  type: LoadBalancer\n  externalTrafficPolicy: Cluster\n  selector: {app: web}\n");
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    assertEquals(1000, s.delivered(), "constant 100/s for 10 s");
    ServiceResult.PathCount lb = s.byPath().get(EntryPath.LOAD_BALANCER);
    assertEquals(400, lb.sourceIpPreserved(), "connections that kept the client address: exactly those from 6 s on"
        + " (the patch at 5 s plus the 1 s sync); byPath " + s.byPath());
    // before 6 s: 600 connections, each on another node than its entry with probability 2/3
    long[] range = binomialRange(600, 2.0 / 3, ALPHA);
    assertBetween("two-hop connections (all before the change: eTP=Cluster forwards 2/3 of them to another node)",
        range[0], range[1], s.nodeHops().get(2));
  }
}
