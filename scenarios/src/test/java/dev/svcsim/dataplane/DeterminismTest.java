package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.deployment;
import static dev.svcsim.dataplane.DataPlaneTestsB.load;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.Scenario;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same scenario and seed give the same result; another seed (or replication) gives another.
 * The scenario exercises every source of randomness: Poisson arrivals, random clients, a cloud
 * LB with probes, keep-alive connections with random request counts, exponential service times,
 * queueing, a rollout with generated pod names, a kill and a node failure.
 */
class DeterminismTest {

  private static String scenario(String mode, int seed) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: determinism}
        spec:
          seed: %d
          duration: 6s
          warmup: 1s
          cluster:
            kubeProxy: {mode: %s, syncDelay: 500ms}
            nodeMonitorGracePeriod: 2s
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z2}
              - {name: node-c, zone: z2}
          loadBalancer:
            healthCheck: {interval: 1s, unhealthyThreshold: 2}
          traffic:
            - {name: users, from: external, clients: 50, to: service/default/web:80, rate: 400/s,
               requestsPerConnection: "uniform(1, 5)", thinkTime: "exp(5ms)"}
            - {name: inside, from: deployment/default/client, to: service/default/web:80, via: clusterIP, rate: 300/s}
          events:
            - {at: 2s, action: rollout, target: deployment/default/web, maxSurge: 1, maxUnavailable: 1}
            - {at: 3s, action: failNode, target: node/node-c}
            - {at: 4s, action: scale, target: deployment/default/web, replicas: 5}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(seed, mode)
        + deployment("web", 4, "web", null, "svcsim.dev/service-time: exp(2ms)", "svcsim.dev/concurrency: 2",
            "svcsim.dev/ready-after: 300ms")
        + deployment("client", 2, "client", "node-a") + pod("lonely", "node-b", "other");
  }

  /** Everything a run reports, as text, so that a difference shows where it is. */
  static String describe(RunResult r) {
    StringBuilder b = new StringBuilder();
    b.append("events ").append(r.eventsFired()).append(" connections ").append(r.connectionsSimulated())
        .append(" marks ").append(r.marks()).append(" warnings ").append(r.warnings()).append('\n');
    for (ServiceResult s : r.services()) {
      b.append(s.service()).append(" generated ").append(s.generated()).append(" delivered ").append(s.delivered())
          .append(" failedBy ").append(s.failedBy()).append(" requests ").append(s.requestsGenerated()).append('/')
          .append(s.requestsCompleted()).append('/').append(s.requestsFailed()).append(" paths ").append(s.byPath())
          .append(" hops ").append(new java.util.TreeMap<>(s.nodeHops())).append(" crossZone ").append(s.crossZone())
          .append(" latency ").append(histogram(s.latencyMicros())).append('\n');
      for (ServiceResult.PodResult p : s.pods()) {
        b.append("  pod ").append(p.name()).append(' ').append(p.node()).append(' ').append(p.connections()).append(' ')
            .append(p.requests()).append(' ').append(p.utilization()).append(' ').append(p.readyWholeWindow()).append(' ')
            .append(histogram(p.latencyMicros())).append('\n');
      }
      for (ServiceResult.NodeResult n : s.nodes()) {
        b.append("  node ").append(n).append('\n');
      }
      for (ServiceResult.TimelineBucket t : s.timeline()) {
        b.append("  bucket ").append(t).append('\n');
      }
    }
    return b.toString();
  }

  private static String histogram(Histogram h) {
    return "n=" + h.getTotalCount() + " mean=" + h.getMean() + " p50=" + h.getValueAtPercentile(50) + " p90="
        + h.getValueAtPercentile(90) + " p99=" + h.getValueAtPercentile(99) + " p99.9=" + h.getValueAtPercentile(99.9)
        + " max=" + h.getMaxValue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs", "userspace"})
  void sameSeedSameResultOtherSeedOtherResult(String mode) {
    Scenario scenario = load(scenario(mode, 42));
    RunResult first = run(scenario, RunOptions.DEFAULT);
    RunResult again = run(load(scenario(mode, 42)), RunOptions.DEFAULT);
    assertEquals(describe(first), describe(again), mode + ": the same scenario and seed must give the same result");
    assertEquals(first.services().get(0).latencyMicros(), again.services().get(0).latencyMicros(),
        mode + ": identical latency histograms");

    RunResult otherSeed = run(load(scenario(mode, 43)), RunOptions.DEFAULT);
    assertNotEquals(describe(first), describe(otherSeed), mode + ": another seed must give another result");
    RunResult otherReplication = run(scenario, new RunOptions(RunOptions.DEFAULT.intervalNanos(), 1));
    assertNotEquals(describe(first), describe(otherReplication), mode + ": another replication must give another result");
  }

  /** The width of the timeline's buckets is only a view: it must not change anything else. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "ipvs"})
  void bucketWidthChangesOnlyTheTimeline(String mode) {
    Scenario scenario = load(scenario(mode, 7));
    String oneSecond = describe(run(scenario, RunOptions.DEFAULT)).replaceAll("(?m)^  bucket .*\n", "");
    String quarter = describe(run(scenario, new RunOptions(250_000_000L, 0))).replaceAll("(?m)^  bucket .*\n", "");
    assertEquals(oneSecond, quarter, mode + ": 1 s and 250 ms buckets must give the same totals");
  }

  /** Watching a run's progress pauses it about a thousand times: the result must not change. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "ipvs", "userspace"})
  void watchingProgressChangesNothing(String mode) {
    Scenario scenario = load(scenario(mode, 11));
    String unwatched = describe(run(scenario, RunOptions.DEFAULT));
    java.util.List<long[]> calls = new java.util.ArrayList<>();
    RunOptions watched = new RunOptions(RunOptions.DEFAULT.intervalNanos(), 0,
        (now, end) -> calls.add(new long[] {now, end}));
    assertEquals(unwatched, describe(run(scenario, watched)), mode + ": progress calls must not change the run");
    long end = 7_000_000_000L; // warmup 1s + duration 6s
    assertEquals(1000, calls.size(), "one call per step of end/1000");
    long last = 0;
    for (long[] c : calls) {
      assertEquals(end, c[1], "the end is the end of the measured window");
      assertTrue(c[0] > last && c[0] <= end, "simulated time only moves forward: " + c[0] + " after " + last);
      last = c[0];
    }
    assertEquals(end, last, "the last call is at the end of the window");
  }
}
