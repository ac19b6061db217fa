package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.IPVS;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.USERSPACE;
import static dev.svcsim.dataplane.DataPlaneTests.assertAllDelivered;
import static dev.svcsim.dataplane.DataPlaneTests.assertAllFailed;
import static dev.svcsim.dataplane.DataPlaneTests.path;
import static dev.svcsim.dataplane.DataPlaneTests.podConnections;
import static dev.svcsim.dataplane.DataPlaneTests.service;
import static dev.svcsim.dataplane.DataPlaneTests.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.result.RunResult;
import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What happens when a Service has no usable endpoint, or a Local policy has none on the node
 * (kube-proxy-reference.md sections 2.5, 3 "No endpoints", 4 "Local policy" and 10.3-10.4):
 * REJECT when there is no endpoint anywhere; DROP for iTP=Local or eTP=Local with none on the
 * node in iptables and nftables; the ipvs fallback to the cluster endpoints, which works for
 * clients on that node and loses the reply for everyone else.
 */
class RejectAndDropTest {

  // ------------------------------------------------------------------------------ REJECT

  /**
   * A selector that matches no pod: no endpoint anywhere, so every mode fails every connection
   * fast (iptables/nftables REJECT, an ipvs virtual server with no real server, userspace with
   * nothing to dial), from pods and nodes through the ClusterIP and from outside through the
   * NodePort and (eTP=Cluster: every node passes kube-proxy's health check) the LB.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS, USERSPACE})
  void noEndpointsAnywhereRejectsEveryPath(String mode) {
    RunResult r = DataPlaneTests.scenario("no-endpoints")
        .seed(3)
        .duration("2s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .pod("client", "node-a", "client")
        .service("cip", "ClusterIP", null, null, "nothing")
        .service("lb", "LoadBalancer", "Cluster", null, "nothing")
        .traffic("pod-cip", "pod/default/client", "cip", "clusterIP", "300/s")
        .traffic("node-cip", "node/node-b", "cip", "clusterIP", "300/s")
        .traffic("ext-np", "external", "lb", "nodePort", "300/s")
        .traffic("ext-lb", "external", "lb", "loadBalancer", "300/s")
        .traffic("pod-lb", "pod/default/client", "lb", "loadBalancer", "300/s")
        .run();
    assertAllFailed(service(r, "default/cip"), FailureReason.NO_ENDPOINTS);
    assertAllFailed(service(r, "default/lb"), FailureReason.NO_ENDPOINTS);
  }

  /**
   * eTP=Local with no endpoint anywhere: every node fails the healthCheckNodePort probe from the
   * start, so the cloud LB has no target; a client that dials a NodePort directly is REJECTed
   * (no endpoint anywhere beats "no local endpoint").
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void externalLocalWithNoEndpointsAnywhere(String mode) {
    RunResult r = DataPlaneTests.scenario("no-endpoints-local")
        .seed(3)
        .duration("2s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .service("lb", "LoadBalancer", "Local", null, "nothing")
        .service("np", "NodePort", "Local", null, "nothing")
        .traffic("ext-lb", "external", "lb", "loadBalancer", "300/s")
        .traffic("ext-np", "external", "np", "nodePort", "300/s")
        .run();
    assertAllFailed(service(r, "default/lb"), FailureReason.LB_NO_HEALTHY_TARGET);
    assertAllFailed(service(r, "default/np"), FailureReason.NO_ENDPOINTS);
  }

  // ------------------------------------------------------------------------------ iTP=Local

  /** The layout for the Local-policy cases: the only endpoint, web-b, runs on node-b. */
  private static DataPlaneTests.Yaml onlyOnNodeB(String mode) {
    return DataPlaneTests.scenario("local-policy")
        .seed(9)
        .duration("2s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .node("node-c", "zone-1")
        .pod("web-b", "node-b", "web")
        .pod("client-a", "node-a", "client")
        .pod("client-c", "node-c", "client");
  }

  /**
   * iTP=Local on a ClusterIP Service, client on a node without a local endpoint:
   * iptables/nftables DROP ({@code "has no local endpoints"} in filter KUBE-SERVICES). In ipvs
   * a ClusterIP-only Service with iTP=Local does not use cluster endpoints, so the fallback is
   * empty and the virtual server has no real server; svcsim counts it as noLocalEndpoints too.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void internalLocalWithoutLocalEndpointFails(String mode) {
    RunResult r = onlyOnNodeB(mode)
        .service("web", "ClusterIP", null, "Local", "web")
        .traffic("pod-a", "pod/default/client-a", "web", "clusterIP", "300/s")
        .traffic("node-c", "node/node-c", "web", "clusterIP", "300/s")
        .run();
    assertAllFailed(service(r, "default/web"), FailureReason.NO_LOCAL_ENDPOINTS);
  }

  /**
   * iTP=Local on an externally accessible Service (NodePort), so the cluster endpoints are in
   * use: iptables/nftables still DROP ClusterIP traffic from a node without a local endpoint,
   * while ipvs falls back to the cluster endpoints (PR 97081), which works for a client on that
   * node, without SNAT for a pod.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void internalLocalOnNodePortServiceFromNodeWithoutLocalEndpoint(String mode) {
    RunResult r = onlyOnNodeB(mode)
        .service("web", "NodePort", "Cluster", "Local", "web")
        .traffic("pod-a", "pod/default/client-a", "web", "clusterIP", "300/s")
        .run();
    ServiceResult s = service(r, "default/web");
    if (mode.equals(IPVS)) {
      assertAllDelivered(s);
      assertEquals(s.delivered(), podConnections(s, "web-b"), "ipvs: expected the fallback to the remote web-b; " + summary(s));
      ServiceResult.PathCount p = path(s, EntryPath.CLUSTER_IP);
      assertEquals(p.delivered(), p.sourceIpPreserved(), "ipvs: expected the pod's address kept; " + summary(s));
    } else {
      assertAllFailed(s, FailureReason.NO_LOCAL_ENDPOINTS);
    }
  }

  // ------------------------------------------------------------------------------ eTP=Local

  /**
   * External clients dial the NodePort of node-a, which has no local endpoint, under eTP=Local:
   * iptables/nftables DROP (filter KUBE-EXTERNAL-SERVICES, "has no local endpoints");
   * ipvs forwards to the remote endpoint without SNAT and the reply, which carries the pod's
   * address and bypasses node-a, is discarded by the client (reference 4, comment of PR 97081).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void externalLocalToNodeWithoutLocalEndpoint(String mode) {
    RunResult r = onlyOnNodeB(mode)
        .service("web", "NodePort", "Local", null, "web")
        .traffic("ext", "external", "web", "nodePort", "300/s", "nodes: [node-a]")
        .run();
    ServiceResult s = service(r, "default/web");
    assertAllFailed(s, mode.equals(IPVS) ? FailureReason.REPLY_DISCARDED : FailureReason.NO_LOCAL_ENDPOINTS);
  }

  /**
   * A pod on node-a, which has no local endpoint, reaches the eTP=Local Service through its own
   * node's NodePort and through the LB IP (caught on its own node): iptables/nftables
   * short-circuit pod traffic to the cluster endpoints; ipvs falls back to them because the
   * client is on this node. Either way the remote web-b serves it, and the pod's address is kept.
   * A process on node-a itself is served too (iptables: src-type LOCAL short-circuit, SNAT;
   * ipvs: fallback).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void podsAndNodesOnNodeWithoutLocalEndpointAreServedRemotely(String mode) {
    RunResult r = onlyOnNodeB(mode)
        .service("web", "LoadBalancer", "Local", null, "web")
        .service("web-np", "NodePort", "Local", null, "web")
        .service("web-node", "NodePort", "Local", null, "web")
        .traffic("pod-lb", "pod/default/client-a", "web", "loadBalancer", "300/s")
        .traffic("pod-np", "pod/default/client-a", "web-np", "nodePort", "300/s", "nodes: [node-a]")
        .traffic("node-np", "node/node-a", "web-node", "nodePort", "300/s", "nodes: [node-a]")
        .run();
    for (String key : new String[] {"default/web", "default/web-np"}) {
      ServiceResult s = service(r, key);
      assertAllDelivered(s);
      assertEquals(s.delivered(), podConnections(s, "web-b"), mode + ": expected " + key + " served by the remote web-b; "
          + summary(s));
      long preserved = s.byPath().values().stream().mapToLong(ServiceResult.PathCount::sourceIpPreserved).sum();
      assertEquals(s.delivered(), preserved, mode + ": expected the client pod's address kept on " + key + "; " + summary(s));
    }
    ServiceResult node = service(r, "default/web-node");
    assertAllDelivered(node);
    assertEquals(node.delivered(), podConnections(node, "web-b"), mode + ": expected node-a's own traffic served by web-b; "
        + summary(node));
  }

  /**
   * A pod on node-a dials the NodePort of node-b under eTP=Local. iptables/nftables
   * short-circuit pod traffic to the cluster endpoints without SNAT (KUBE-EXT
   * {@code -s <clusterCIDR> -j KUBE-SVC}), so a connection sent to a pod off node-b gets its
   * reply straight from that pod, bypassing node-b's conntrack: the client sees the pod's
   * address instead of node-b's and discards it (kubernetes/kubernetes#74383, never fixed in
   * kube-proxy). Only the third that lands on node-b's own pod works. IPVS has no
   * short-circuit: node-b's NodePort virtual server uses its local endpoint, so all of it works.
   * Under eTP=Cluster the traffic is SNATed to node-b and everything works.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void podToAnotherNodesNodePortUnderLocal(String mode) {
    RunResult r = DataPlaneTests.scenario("pod-remote-nodeport")
        .seed(21)
        .duration("4s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .node("node-c", "zone-1")
        .pod("web-a", "node-a", "web")
        .pod("web-b", "node-b", "web")
        .pod("web-c", "node-c", "web")
        .pod("client", "node-a", "client")
        .service("local", "NodePort", "Local", null, "web")
        .service("cluster", "NodePort", "Cluster", null, "web")
        .traffic("to-local", "pod/default/client", "local", "nodePort", "600/s", "nodes: [node-b]")
        .traffic("to-cluster", "pod/default/client", "cluster", "nodePort", "600/s", "nodes: [node-b]")
        .run();
    ServiceResult local = service(r, "default/local");
    assertEquals(local.delivered(), podConnections(local, "web-b"),
        mode + ": eTP=Local: expected only connections served on node-b itself to be delivered; " + summary(local));
    ServiceResult.PathCount np = path(local, EntryPath.NODE_PORT);
    assertEquals(np.delivered(), np.sourceIpPreserved(), mode + ": eTP=Local: expected the pod's address kept; " + summary(local));
    if (mode.equals(IPVS)) {
      assertAllDelivered(local);
    } else {
      assertEquals(local.generated() - local.delivered(), local.failedBy().get(FailureReason.REPLY_DISCARDED),
          mode + ": eTP=Local: expected every other connection to fail with replyDiscarded; " + summary(local));
      DataPlaneTests.assertBinomial(mode + ", eTP=Local, connections short-circuited to node-b's pod",
          local.delivered(), local.generated(), 1.0 / 3);
    }
    ServiceResult cluster = service(r, "default/cluster");
    assertAllDelivered(cluster);
    assertEquals(0, path(cluster, EntryPath.NODE_PORT).sourceIpPreserved(),
        mode + ": eTP=Cluster: expected every connection SNATed to node-b; " + summary(cluster));
  }

  /** The userspace proxy knows no traffic policies: eTP=Local external traffic is proxied anyway, SNATed. */
  @Test
  void userspaceIgnoresExternalLocal() {
    RunResult r = onlyOnNodeB(USERSPACE)
        .service("web", "NodePort", "Local", null, "web")
        .traffic("ext", "external", "web", "nodePort", "300/s", "nodes: [node-a]")
        .run();
    ServiceResult s = service(r, "default/web");
    assertAllDelivered(s);
    assertEquals(0, path(s, EntryPath.NODE_PORT).sourceIpPreserved(),
        "userspace: expected every connection to carry node-a's address; " + summary(s));
  }
}
