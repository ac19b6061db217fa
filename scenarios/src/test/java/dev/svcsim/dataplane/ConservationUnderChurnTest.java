package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.service;
import static dev.svcsim.dataplane.DataPlaneTests.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The accounting invariants (checked by {@link DataPlaneTests#run}) must hold however connections
 * end: a node failing and recovering, a client pod killed, a rollout, a scale-up, a drain and a
 * policy patch, with keep-alive connections, think time and bounded queues, for every mode and
 * load-balancer provider. On top of those: every delivered connection entered at some node and
 * was served by a pod on some node, so both per-node columns add up to delivered too.
 */
class ConservationUnderChurnTest {

  private static final String EVENTS = """
        events:
          - {at: 5s, action: failNode, target: node/node-b}
          - {at: 8s, action: killPod, target: pod/default/client}
          - {at: 10s, action: rollout, target: deployment/default/web}
          - {at: 15s, action: recoverNode, target: node/node-b}
          - {at: 18s, action: scale, target: deployment/default/web, replicas: 6}
          - {at: 20s, action: drainNode, target: node/node-c, gracePeriod: 5s}
          - {at: 25s, action: patch, target: service/default/web, set: {spec.externalTrafficPolicy: Cluster}}
      """;

  @ParameterizedTest(name = "{0}, {1}, eTP={2}")
  @CsvSource({
      "iptables, cloud, Local", "iptables, metallb-l2, Local", "iptables, metallb-bgp, Local", "iptables, cloud, Cluster",
      "nftables, cloud, Local", "nftables, metallb-bgp, Cluster",
      "ipvs, cloud, Local", "ipvs, metallb-l2, Local", "ipvs, metallb-bgp, Local", "ipvs, cloud, Cluster",
      "userspace, cloud, Local", "userspace, metallb-bgp, Cluster"})
  void everyConnectionIsAccountedFor(String mode, String provider, String etp) {
    String yaml = DataPlaneTests.scenario("churn")
        .seed(3)
        .duration("30s")
        .warmup("2s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .node("node-c", "zone-2")
        .loadBalancer("    provider: " + provider + "\n")
        .manifest("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              replicas: 4
              selector: {matchLabels: {app: web}}
              template:
                metadata:
                  labels: {app: web}
                  annotations:
                    svcsim.dev/service-time: exp(2ms)
                    svcsim.dev/concurrency: "2"
                    svcsim.dev/queue-limit: "5"
                    svcsim.dev/ready-after: 2s
                spec:
                  containers:
                    - name: main
                      image: nginx
                      ports: [{name: http, containerPort: 8080}]
            """)
        .pod("client", "node-a", "client")
        .service("web", "LoadBalancer", etp, null, "web")
        .traffic("ext", "external", "web", "loadBalancer", "800/s", "requestsPerConnection: 5", "thinkTime: 10ms")
        .traffic("pods", "pod/default/client", "web", "clusterIP", "800/s", "requestsPerConnection: 3")
        .traffic("np", "external", "web", "nodePort", "300/s")
        .text()
        .replace("  traffic:\n", EVENTS + "  traffic:\n");
    RunResult r = DataPlaneTests.run(yaml);
    ServiceResult s = service(r, "default/web");
    assertTrue(s.delivered() > 0 && s.failed() > 0,
        "expected both delivered and failed connections under this much churn; " + summary(s));
    long ingress = s.nodes().stream().mapToLong(ServiceResult.NodeResult::ingressConnections).sum();
    long served = s.nodes().stream().mapToLong(ServiceResult.NodeResult::podConnections).sum();
    assertEquals(s.delivered(), ingress, "expected the nodes' ingressConnections to add up to delivered; " + summary(s));
    assertEquals(s.delivered(), served, "expected the nodes' podConnections to add up to delivered; " + summary(s));
  }
}
