package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.ALPHA;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertBetween;
import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.binomialRange;
import static dev.svcsim.dataplane.DataPlaneTestsB.byPod;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.dataplane.RunOptions;
import dev.svcsim.models.result.ServiceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ClientIP session affinity: stickiness in every mode, expiry after timeoutSeconds, and the exact
 * boundary of the timeout (reference §2.6 for iptables {@code recent --rcheck --seconds T}, which
 * matches a client seen within T seconds; §3 for nftables' per-endpoint sets; §4 for IPVS
 * persistence; §5 for userspace, which keeps the endpoint while
 * {@code int(time.Since(lastUsed).Seconds()) < T}).
 *
 * <p>To see which pod each single connection went to, the expiry tests give every connection its
 * own timeline bucket: constant arrivals at known times, and buckets narrower than the gap
 * between two connections.
 */
class AffinityTest {

  private static final String NODES = """
          - {name: node-a, zone: z1}
          - {name: node-b, zone: z1}
          - {name: node-c, zone: z1}
      """;

  /** Three server pods, one per node, and a Service over them. */
  private static String servers(String affinity) {
    return """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
        %s  ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(affinity)
        + pod("web-0", "node-a", "web") + pod("web-1", "node-b", "web") + pod("web-2", "node-c", "web");
  }

  private static String clientIp(int timeoutSeconds) {
    return "  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: " + timeoutSeconds + "}}\n";
  }

  private static String oneClient(String mode, String affinity, String rate, String arrival, String duration) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: affinity}
        spec:
          seed: 11
          duration: %s
          cluster:
            kubeProxy: {mode: %s}
            nodes:
        %s  traffic:
            - {name: t, from: pod/default/client, to: service/default/web:80, rate: "%s", arrival: %s}
        """.formatted(duration, mode, NODES, rate, arrival)
        + servers(affinity) + pod("client", "node-a", "client");
  }

  /** Every connection of one client lands on one pod while within the timeout, in every mode. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs", "userspace"})
  void oneClientStaysOnOnePod(String mode) {
    ServiceResult s = service(run(oneClient(mode, clientIp(60), "50/s", "poisson", "10s")), "default/web");
    assertNoOtherFailures(s);
    assertTrue(s.delivered() > 300, "expected about 500 delivered connections, got " + s.delivered());
    long onBusiest = byPod(s).values().stream().mapToLong(Long::longValue).max().orElse(0);
    assertEquals(s.delivered(), onBusiest,
        mode + ": with ClientIP affinity every connection of the one client should land on one pod; got " + byPod(s));

    // the same client without affinity spreads (so the check above can fail)
    ServiceResult none = service(run(oneClient(mode, "", "50/s", "poisson", "10s")), "default/web");
    assertEquals(3, byPod(none).values().stream().filter(v -> v > 0).count(),
        mode + ": without affinity all three pods should get connections; got " + byPod(none));
  }

  /**
   * The affine pod is deleted (killed; bare pods, no replacement): only endpoints in the current
   * list are checked (reference §2.6), so once the proxies drop it the client is sent to another
   * pod, and sticks to that one. Until the sync, netfilter and IPVS still send the client to the
   * dead pod (podGone); userspace dials, fails and retries the next endpoint (§5), so nothing
   * fails there.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs", "userspace"})
  void clientMovesToAnotherPodWhenItsPodIsGone(String mode) {
    String first = oneClient(mode, clientIp(600), "100/s", "poisson", "6s");
    ServiceResult before = service(run(first), "default/web");
    String affine = byPod(before).entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
    String yaml = first.replace("  traffic:\n", "  events:\n    - {at: 2s, action: killPod, target: pod/default/" + affine
        + "}\n  traffic:\n");
    ServiceResult s = service(run(yaml), "default/web");
    long stale = DataPlaneTestsB.failed(s, dev.svcsim.models.result.FailureReason.POD_GONE);
    if (mode.equals("userspace")) {
      assertNoOtherFailures(s);
    } else {
      assertNoOtherFailures(s, dev.svcsim.models.result.FailureReason.POD_GONE);
      // the client's connections from the kill to the sync (1 s at 100/s) went to the dead pod
      assertBetween(mode + ": podGone failures between the kill and the sync", DataPlaneTestsB.poissonLow(100, ALPHA),
          DataPlaneTestsB.poissonHigh(100 + 1, ALPHA), stale);
    }
    java.util.Set<String> after = new java.util.TreeSet<>();
    for (int b = 3; b < 6; b++) {
      after.addAll(s.timeline().get(b).podConnections().keySet());
    }
    assertEquals(1, after.size(), mode + ": after the sync the client sticks to one new pod; pods from 3 s: " + after);
    assertTrue(!after.contains(affine), mode + ": the new pod is not the killed " + affine + "; got " + after);
  }

  /**
   * An external client through a cloud load balancer. kube-proxy's affinity state is per node
   * (each node has its own {@code recent} lists), so the client stays on one pod only if the load
   * balancer keeps it on one node, which cloud load balancers do for ClientIP Services: GCE maps
   * ClientIP to its CLIENT_IP affinity (reference §6.3), Azure to SourceIP load distribution.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void externalClientThroughCloudLbStaysOnOnePod(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: affinity-lb}
        spec:
          seed: 3
          duration: 10s
          cluster:
            kubeProxy: {mode: %s}
            nodes:
        %s  traffic:
            - {name: t, from: external, clients: 1, to: service/default/web:80, rate: 50/s}
        """.formatted(mode, NODES)
        + servers("  type: LoadBalancer\n" + clientIp(600));
    ServiceResult s = service(run(yaml), "default/web");
    assertNoOtherFailures(s);
    long onBusiest = byPod(s).values().stream().mapToLong(Long::longValue).max().orElse(0);
    assertEquals(s.delivered(), onBusiest,
        mode + ": one external client with ClientIP affinity should land on one pod; got pods " + byPod(s)
            + ", entry nodes " + DataPlaneTestsB.byIngressNode(s));
  }

  /**
   * Exactly one connection every T seconds: iptables' {@code --rcheck --seconds T} matches a
   * client seen exactly T seconds ago (xt_recent skips a stamp only when {@code time_after(now -
   * T, stamp)}), so the client stays; nftables' affinity set element expires when {@code now >=
   * expiration} (nf_tables.h {@code __nft_set_elem_expired}), so exactly T seconds is too old and
   * the pod is re-drawn; userspace requires whole elapsed seconds {@code < T}, so exactly T
   * seconds is too old and the round robin moves on. Slightly less than T keeps them all,
   * slightly more than T re-draws them all.
   *
   * <p>IPVS persistence (reference §4) is different: the template is refreshed by every new
   * connection and expires T seconds later, but the kernel does not expire a template while
   * connections it controls are still in the table, and a closed TCP connection stays there in
   * TIME_WAIT for two minutes ({@code ip_vs_proto_tcp.c} {@code tcp_timeouts}; the template is
   * then re-armed for 60 s at a time). kubernetes issue #89358 ("kube-proxy ipvs session affinity
   * is always sticky and doesn't honor the timeout") shows it on a real cluster. So with T = 10 s
   * a client that comes back after 15 s keeps its pod; one that comes back after 200 s does not,
   * and rr moves on.
   *
   * @param gapMillis the time between two connections of the client
   */
  @ParameterizedTest(name = "{0}, gap {1} ms, T 10 s: sticky {2}")
  @CsvSource({
      "iptables, 10000, true",
      "iptables, 9999, true",
      "iptables, 10001, false",
      "nftables, 10000, false",
      "nftables, 9999, true",
      "nftables, 10001, false",
      "userspace, 10000, false",
      "userspace, 9999, true",
      "userspace, 10001, false",
      "ipvs, 9999, true",
      "ipvs, 15000, true",
      "ipvs, 200000, false",
  })
  void timeoutBoundary(String mode, int gapMillis, boolean sticky) {
    int connections = 30;
    String rate = new java.math.BigDecimal(1000).divide(new java.math.BigDecimal(gapMillis), 20,
        java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "/s";
    String duration = (long) connections * gapMillis - gapMillis / 2 + "ms";
    // one-second buckets: each bucket holds at most one connection, so the bucket order is the
    // connection order
    ServiceResult s = service(run(oneClient(mode, clientIp(10), rate, "constant", duration)), "default/web");
    assertNoOtherFailures(s);
    List<String> sequence = sequence(s);
    assertEquals(connections, sequence.size(), "one connection every " + gapMillis + " ms; got " + sequence);
    int changes = changes(sequence);
    if (sticky) {
      assertEquals(0, changes, mode + ", gap " + gapMillis + " ms, timeout 10 s: the client should keep its pod; pods in"
          + " connection order: " + sequence);
    } else if (mode.equals("userspace") || mode.equals("ipvs")) {
      // expired affinity falls through to the round robin, which moves on every time
      assertEquals(connections - 1, changes, mode + ", gap " + gapMillis + " ms, timeout 10 s: the round robin should"
          + " move to the next pod on every connection; pods in connection order: " + sequence);
    } else {
      // re-drawn uniformly: each of the 29 successors differs from its predecessor with p = 2/3
      long[] range = binomialRange(connections - 1, 2.0 / 3, ALPHA);
      assertBetween(mode + ", gap " + gapMillis + " ms, timeout 10 s: connections that changed pod (uniform re-draw,"
          + " p = 2/3 each; pods in order " + sequence + ")", range[0], range[1], changes);
    }
  }

  /**
   * Many clients, each opening two connections {@code gap} apart, with a 10 s timeout. Within the
   * timeout every client keeps its pod; past it the pod is re-drawn uniformly (iptables,
   * nftables), so the number of clients that keep their pod is Binomial(clients, 1/3).
   */
  @ParameterizedTest(name = "{0}, gap {1} s")
  @CsvSource({"iptables, 5", "iptables, 15", "nftables, 5", "nftables, 15"})
  void expiryRedrawsUniformly(String mode, int gapSeconds) {
    int clients = 150;
    // the first connections all start before the first second connection: one per 25 ms bucket
    long slotMillis = 25;
    StringBuilder traffic = new StringBuilder();
    StringBuilder clientPods = new StringBuilder();
    String[] nodes = {"node-a", "node-b", "node-c"};
    String rate = new java.math.BigDecimal(60).divide(new java.math.BigDecimal(gapSeconds), 20,
        java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "/m";
    for (int i = 0; i < clients; i++) {
      long start = i * slotMillis;
      traffic.append("    - {name: t").append(i).append(", from: pod/default/client-").append(i)
          .append(", to: service/default/web:80, rate: \"").append(rate).append("\", arrival: constant, start: ")
          .append(start).append("ms, stop: ").append(start + gapSeconds * 1000L + 1000).append("ms}\n");
      clientPods.append(pod("client-" + i, nodes[i % 3], "client"));
    }
    long secondStart = (long) gapSeconds * 1000;
    long durationMillis = secondStart + clients * slotMillis + 1000;
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: affinity-expiry}
        spec:
          seed: 5
          duration: %dms
          cluster:
            kubeProxy: {mode: %s}
            nodes:
        %s  traffic:
        %s""".formatted(durationMillis, mode, NODES, traffic) + servers(clientIp(10)) + clientPods;
    ServiceResult s = service(run(yaml, new RunOptions(slotMillis * 1_000_000L, 0)), "default/web");
    assertNoOtherFailures(s);
    assertEquals(2L * clients, s.delivered(), "each client opens exactly two connections");
    int stayed = 0;
    int offset = (int) (secondStart / slotMillis);
    for (int i = 0; i < clients; i++) {
      String first = only(s.timeline().get(i));
      String second = only(s.timeline().get(offset + i));
      if (first.equals(second)) {
        stayed++;
      }
    }
    if (gapSeconds < 10) {
      assertEquals(clients, stayed, mode + ": within the 10 s timeout every client should keep its pod");
    } else {
      long[] range = binomialRange(clients, 1.0 / 3, ALPHA);
      assertBetween(mode + ": clients whose second connection (" + gapSeconds + " s later, timeout 10 s) landed on the"
          + " same pod, of " + clients + " (uniform re-draw over 3 pods)", range[0], range[1], stayed);
    }
  }

  /** The one pod that got the bucket's one connection. */
  private static String only(ServiceResult.TimelineBucket b) {
    Map<String, Long> m = b.podConnections();
    assertEquals(1, m.values().stream().mapToLong(Long::longValue).sum(),
        "bucket at " + b.startNanos() / 1e9 + " s should hold exactly one connection; got " + m);
    return m.keySet().iterator().next();
  }

  /** The pod of each connection, in order, from buckets that hold at most one connection each. */
  private static List<String> sequence(ServiceResult s) {
    List<String> out = new ArrayList<>();
    for (ServiceResult.TimelineBucket b : s.timeline()) {
      assertTrue(b.delivered() <= 1, "a bucket holds more than one connection: " + b.podConnections());
      out.addAll(b.podConnections().keySet());
    }
    return out;
  }

  private static int changes(List<String> sequence) {
    int n = 0;
    for (int i = 1; i < sequence.size(); i++) {
      if (!sequence.get(i).equals(sequence.get(i - 1))) {
        n++;
      }
    }
    return n;
  }
}
