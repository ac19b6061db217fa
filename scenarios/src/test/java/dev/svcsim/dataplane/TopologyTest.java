package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTestsB.assertNoOtherFailures;
import static dev.svcsim.dataplane.DataPlaneTestsB.byPod;
import static dev.svcsim.dataplane.DataPlaneTestsB.byPodNode;
import static dev.svcsim.dataplane.DataPlaneTestsB.failed;
import static dev.svcsim.dataplane.DataPlaneTestsB.pod;
import static dev.svcsim.dataplane.DataPlaneTestsB.run;
import static dev.svcsim.dataplane.DataPlaneTestsB.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * internalTrafficPolicy Local and trafficDistribution PreferClose (reference §1: UsesLocalEndpoints,
 * CategorizeEndpoints, topologyModeFromHints and who writes hints; §2.4 and §2.5).
 *
 * <p>To see what each client node gets, each client pod uses its own Service (same selector, same
 * pods), so every Service's result belongs to one client node.
 */
class TopologyTest {

  private static String svc(String name, String extra) {
    return """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: default}
        spec:
          selector: {app: web}
        %s  ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(name, extra);
  }

  private static String traffic(String client, String svc) {
    return "    - {name: " + client + ", from: pod/default/" + client + ", to: service/default/" + svc + ":80, rate: 200/s}\n";
  }

  private static String header(String mode, String nodes, String traffic) {
    return """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: topology}
        spec:
          seed: 23
          duration: 3s
          cluster:
            kubeProxy: {mode: %s}
            nodes:
        %s  traffic:
        %s""".formatted(mode, nodes, traffic);
  }

  private static long nonZero(Map<String, Long> m) {
    return m.values().stream().filter(v -> v > 0).count();
  }

  /**
   * iTP=Local: a pod reaches only the endpoints on its own node (node-a: web-a; node-b: web-b1 and
   * web-b2), and a node with none drops the connection (noLocalEndpoints), though the Service has
   * endpoints elsewhere.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void internalTrafficPolicyLocal(String mode) {
    String nodes = """
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
              - {name: node-c, zone: z1}
        """;
    String local = "  internalTrafficPolicy: Local\n";
    String yaml = header(mode, nodes, traffic("client-a", "via-a") + traffic("client-b", "via-b") + traffic("client-c", "via-c"))
        + svc("via-a", local) + svc("via-b", local) + svc("via-c", local)
        + pod("web-a", "node-a", "web") + pod("web-b1", "node-b", "web") + pod("web-b2", "node-b", "web")
        + pod("client-a", "node-a", "client") + pod("client-b", "node-b", "client") + pod("client-c", "node-c", "client");
    RunResult r = run(yaml);

    ServiceResult a = service(r, "default/via-a");
    assertNoOtherFailures(a);
    assertEquals(Map.of("node-a", a.delivered(), "node-b", 0L, "node-c", 0L), byPodNode(a),
        mode + ": a pod on node-a should reach only node-a's endpoint; pods " + byPod(a));
    assertEquals(a.delivered(), a.nodeHops().get(1), mode + ": local traffic never crosses nodes");

    ServiceResult b = service(r, "default/via-b");
    assertNoOtherFailures(b);
    assertEquals(Map.of("node-a", 0L, "node-b", b.delivered(), "node-c", 0L), byPodNode(b),
        mode + ": a pod on node-b should reach only node-b's endpoints; pods " + byPod(b));
    assertTrue(byPod(b).get("web-b1") > 0 && byPod(b).get("web-b2") > 0, mode + ": both local endpoints are used; " + byPod(b));

    ServiceResult c = service(r, "default/via-c");
    assertNoOtherFailures(c, FailureReason.NO_LOCAL_ENDPOINTS);
    assertEquals(0, c.delivered(), mode + ": node-c has no local endpoint, nothing is delivered; pods " + byPod(c));
    assertEquals(c.generated(), failed(c, FailureReason.NO_LOCAL_ENDPOINTS),
        mode + ": every connection from node-c fails noLocalEndpoints; failedBy " + c.failedBy());
  }

  /**
   * trafficDistribution PreferClose: a node uses only the Ready endpoints of its own zone when its
   * zone has any (node-a in z1: web-a and web-b; node-c in z2: web-c), and all of them otherwise
   * (node-d in z3, which has none).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void preferCloseFiltersByZoneAndFallsBack(String mode) {
    String nodes = """
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
              - {name: node-c, zone: z2}
              - {name: node-d, zone: z3}
        """;
    String close = "  trafficDistribution: PreferClose\n";
    String yaml = header(mode, nodes, traffic("client-a", "via-a") + traffic("client-c", "via-c") + traffic("client-d", "via-d"))
        + svc("via-a", close) + svc("via-c", close) + svc("via-d", close)
        + pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web") + pod("web-c", "node-c", "web")
        + pod("client-a", "node-a", "client") + pod("client-c", "node-c", "client") + pod("client-d", "node-d", "client");
    RunResult r = run(yaml);

    ServiceResult a = service(r, "default/via-a");
    assertNoOtherFailures(a);
    assertEquals(0L, byPod(a).get("web-c"), mode + ": zone z1 has endpoints, so node-a uses only them; pods " + byPod(a));
    assertTrue(byPod(a).get("web-a") > 0 && byPod(a).get("web-b") > 0, mode + ": both z1 endpoints are used; " + byPod(a));
    assertEquals(0, a.crossZone(), mode + ": no connection leaves z1");

    ServiceResult c = service(r, "default/via-c");
    assertNoOtherFailures(c);
    assertEquals(c.delivered(), byPod(c).get("web-c"), mode + ": node-c (z2) uses only web-c; pods " + byPod(c));

    ServiceResult d = service(r, "default/via-d");
    assertNoOtherFailures(d);
    assertEquals(3, nonZero(byPod(d)), mode + ": z3 has no endpoint, so node-d falls back to all three; pods " + byPod(d));
    assertEquals(d.delivered(), d.crossZone(), mode + ": every connection from z3 crosses zones");
  }

  /**
   * PreferClose hints need a zone on every Ready endpoint: the EndpointSlice controller gives none
   * to an endpoint without a zone, and kube-proxy then ignores hints for the whole Service
   * (reference §1, "Who writes hints"). A pod on a node without a zone label turns the filtering
   * off: a client in z1 reaches the pod on the zoneless node too. A client on the zoneless node
   * gets no filtering either.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void preferCloseNeedsAZoneOnEveryEndpoint(String mode) {
    String nodes = """
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z2}
              - {name: node-x}
        """;
    String close = "  trafficDistribution: PreferClose\n";
    String yaml = header(mode, nodes, traffic("client-a", "via-a") + traffic("client-x", "via-x"))
        + svc("via-a", close) + svc("via-x", close)
        + pod("web-a", "node-a", "web") + pod("web-b", "node-b", "web") + pod("web-x", "node-x", "web")
        + pod("client-a", "node-a", "client") + pod("client-x", "node-x", "client");
    RunResult r = run(yaml);
    for (String via : new String[] {"default/via-a", "default/via-x"}) {
      ServiceResult s = service(r, via);
      assertNoOtherFailures(s);
      assertEquals(3, nonZero(byPod(s)), mode + ", " + via + ": an endpoint without a zone means no hints, so every"
          + " pod is used; pods " + byPod(s));
    }
  }

  /**
   * Topology is never applied to local endpoints (§1 step 4). A selector-less Service whose
   * EndpointSlice puts endpoint 10.244.0.50 on node-a but labels it zone z2 (node-a is in z1), and
   * 10.244.1.50 on node-b in z1. Cluster-policy traffic from node-a is filtered to z1 (only
   * 10.244.1.50); external eTP=Local traffic entering node-a uses its local endpoint
   * 10.244.0.50, whatever its zone hint says.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables", "nftables", "ipvs"})
  void preferCloseIsNotAppliedToLocalEndpoints(String mode) {
    String yaml = """
        apiVersion: svcsim.dev/v1
        kind: Scenario
        metadata: {name: topology-local}
        spec:
          seed: 29
          duration: 3s
          cluster:
            kubeProxy: {mode: %s}
            nodes:
              - {name: node-a, zone: z1}
              - {name: node-b, zone: z1}
          traffic:
            - {name: users, from: external, to: service/default/manual:80, via: nodePort, nodes: [node-a], rate: 200/s}
            - {name: pods, from: pod/default/client, to: service/default/manual:80, via: clusterIP, rate: 200/s}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: manual, namespace: default}
        spec:
          type: NodePort
          externalTrafficPolicy: Local
          trafficDistribution: PreferClose
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: manual-1
          namespace: default
          labels: {kubernetes.io/service-name: manual}
        addressType: IPv4
        endpoints:
          - {addresses: [10.244.0.50], nodeName: node-a, zone: z2, conditions: {ready: true}}
          - {addresses: [10.244.1.50], nodeName: node-b, zone: z1, conditions: {ready: true}}
        ports: [{name: http, port: 8080, protocol: TCP}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: back-a, namespace: default, labels: {app: back}}
        spec: {nodeName: node-a, containers: [{name: c, image: x}]}
        status: {podIP: 10.244.0.50}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: back-b, namespace: default, labels: {app: back}}
        spec: {nodeName: node-b, containers: [{name: c, image: x}]}
        status: {podIP: 10.244.1.50}
        """.formatted(mode) + pod("client", "node-a", "client");
    ServiceResult s = service(run(yaml), "default/manual");
    assertNoOtherFailures(s);
    ServiceResult.PathCount viaNodePort = s.byPath().get(dev.svcsim.models.scenario.EntryPath.NODE_PORT);
    ServiceResult.PathCount viaClusterIp = s.byPath().get(dev.svcsim.models.scenario.EntryPath.CLUSTER_IP);
    assertTrue(viaNodePort != null && viaNodePort.delivered() > 400,
        mode + ": external traffic to node-a's NodePort is served by node-a's local endpoint; paths " + s.byPath()
            + ", failures " + s.failedBy());
    assertTrue(viaClusterIp != null && viaClusterIp.delivered() > 400, mode + ": pod traffic is delivered; paths " + s.byPath());
    // every external connection stays on node-a (local); every pod connection goes to z1's 10.244.1.50 on node-b
    assertEquals(viaNodePort.delivered(), byPod(s).get("back-a"),
        mode + ": back-a gets exactly the external connections (local endpoints ignore topology); pods " + byPod(s));
    assertEquals(viaClusterIp.delivered(), byPod(s).get("back-b"),
        mode + ": back-b gets exactly the pod connections (cluster endpoints filtered to z1); pods " + byPod(s));
  }
}
