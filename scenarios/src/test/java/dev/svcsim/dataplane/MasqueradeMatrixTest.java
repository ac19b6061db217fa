package dev.svcsim.dataplane;

import static dev.svcsim.dataplane.DataPlaneTests.IPTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.IPVS;
import static dev.svcsim.dataplane.DataPlaneTests.NFTABLES;
import static dev.svcsim.dataplane.DataPlaneTests.USERSPACE;
import static dev.svcsim.dataplane.DataPlaneTests.assertAllDelivered;
import static dev.svcsim.dataplane.DataPlaneTests.hops;
import static dev.svcsim.dataplane.DataPlaneTests.path;
import static dev.svcsim.dataplane.DataPlaneTests.podConnections;
import static dev.svcsim.dataplane.DataPlaneTests.service;
import static dev.svcsim.dataplane.DataPlaneTests.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcsim.models.result.ServiceResult;
import dev.svcsim.models.scenario.EntryPath;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The masquerade (SNAT) matrix of kube-proxy-reference.md section 2.4 (IPT-T
 * {@code TestInternalExternalMasquerade}, base case: a working local detector, no
 * masqueradeAll), row by row, for clients in a pod, on a node and outside the cluster, reaching a
 * Service through its ClusterIP, a NodePort and its load-balancer IP, under eTP/iTP Cluster,
 * eTP=Local and iTP=Local. For each row it checks whether the pods saw the client's address
 * (byPath sourceIpPreserved) and which endpoints were eligible (all, or only the entry node's).
 * IPVS has its own table where section 4 differs: no short-circuit, so pods and the node reach
 * NodePort and LB IPs under eTP=Local through the local endpoints only, without SNAT.
 *
 * <p>Layout: node-a and node-b (same zone), pod web-a on node-a and web-b on node-b behind a
 * LoadBalancer Service default/web; the client pod and the client node are on node-a, and
 * NodePort clients dial node-a.
 *
 * <p>A node client's traffic is SNATed to its own address, which the pod cannot tell apart from
 * the client's address, so those rows check only the endpoints ({@link Source#ANY}). External →
 * ClusterIP is not a valid svcsim traffic source (a ClusterIP is unreachable from outside), and
 * localhost → NodePort is not modelled; those rows of the reference table are not covered.
 */
class MasqueradeMatrixTest {

  enum Origin {
    POD("pod/default/client"),
    NODE("node/node-a"),
    EXTERNAL("external");

    final String from;

    Origin(String from) {
      this.from = from;
    }
  }

  enum Via {
    CLUSTER_IP("clusterIP", EntryPath.CLUSTER_IP),
    NODE_PORT("nodePort", EntryPath.NODE_PORT),
    LOAD_BALANCER("loadBalancer", EntryPath.LOAD_BALANCER);

    final String word;
    final EntryPath path;

    Via(String word, EntryPath path) {
      this.word = word;
      this.path = path;
    }
  }

  enum Policy {
    CLUSTER("Cluster", "Cluster"),
    ETP_LOCAL("Local", "Cluster"),
    ITP_LOCAL("Cluster", "Local");

    final String etp;
    final String itp;

    Policy(String etp, String itp) {
      this.etp = etp;
      this.itp = itp;
    }
  }

  /** What the pods see as the source. */
  enum Source {
    /** Every delivered connection kept the client's address. */
    PRESERVED,
    /** No delivered connection kept it (SNAT to the node). */
    MASQUERADED,
    /** Not checked (a node SNATed to its own address looks preserved). */
    ANY
  }

  /** Which endpoints a row may reach. */
  enum Eligible {
    /** Cluster endpoints: both pods get connections, some of them forwarded to the other node. */
    ALL,
    /** Local endpoints of the node the connection entered: every connection is served there. */
    LOCAL
  }

  record Row(Origin origin, Via via, Policy policy, Source source, Eligible eligible) {
    @Override
    public String toString() {
      return origin.name().toLowerCase() + " -> " + via.word + ", eTP=" + policy.etp + " iTP=" + policy.itp
          + " => " + source + ", " + eligible + " endpoints";
    }
  }

  /** The reference's table for iptables and nftables (section 2.4; nftables "matches exactly", section 3). */
  static final List<Row> NETFILTER = List.of(
      new Row(Origin.POD, Via.CLUSTER_IP, Policy.CLUSTER, Source.PRESERVED, Eligible.ALL),
      new Row(Origin.POD, Via.CLUSTER_IP, Policy.ETP_LOCAL, Source.PRESERVED, Eligible.ALL),
      new Row(Origin.POD, Via.CLUSTER_IP, Policy.ITP_LOCAL, Source.PRESERVED, Eligible.LOCAL),
      new Row(Origin.POD, Via.NODE_PORT, Policy.CLUSTER, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.POD, Via.NODE_PORT, Policy.ETP_LOCAL, Source.PRESERVED, Eligible.ALL),
      new Row(Origin.POD, Via.NODE_PORT, Policy.ITP_LOCAL, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.POD, Via.LOAD_BALANCER, Policy.CLUSTER, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.POD, Via.LOAD_BALANCER, Policy.ETP_LOCAL, Source.PRESERVED, Eligible.ALL),
      new Row(Origin.POD, Via.LOAD_BALANCER, Policy.ITP_LOCAL, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.NODE, Via.CLUSTER_IP, Policy.CLUSTER, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.CLUSTER_IP, Policy.ETP_LOCAL, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.CLUSTER_IP, Policy.ITP_LOCAL, Source.ANY, Eligible.LOCAL),
      new Row(Origin.NODE, Via.NODE_PORT, Policy.CLUSTER, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.NODE_PORT, Policy.ETP_LOCAL, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.NODE_PORT, Policy.ITP_LOCAL, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.LOAD_BALANCER, Policy.CLUSTER, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.LOAD_BALANCER, Policy.ETP_LOCAL, Source.ANY, Eligible.ALL),
      new Row(Origin.NODE, Via.LOAD_BALANCER, Policy.ITP_LOCAL, Source.ANY, Eligible.ALL),
      new Row(Origin.EXTERNAL, Via.NODE_PORT, Policy.CLUSTER, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.EXTERNAL, Via.NODE_PORT, Policy.ETP_LOCAL, Source.PRESERVED, Eligible.LOCAL),
      new Row(Origin.EXTERNAL, Via.NODE_PORT, Policy.ITP_LOCAL, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.EXTERNAL, Via.LOAD_BALANCER, Policy.CLUSTER, Source.MASQUERADED, Eligible.ALL),
      new Row(Origin.EXTERNAL, Via.LOAD_BALANCER, Policy.ETP_LOCAL, Source.PRESERVED, Eligible.LOCAL),
      new Row(Origin.EXTERNAL, Via.LOAD_BALANCER, Policy.ITP_LOCAL, Source.MASQUERADED, Eligible.ALL));

  /**
   * IPVS (section 4): the NodePort and LB virtual servers use eTP for everyone, with no
   * short-circuit for pods or the node, and KUBE-NODE-PORT-LOCAL / KUBE-LOAD-BALANCER-LOCAL
   * RETURN before any masquerade mark; everything else as iptables.
   */
  static final List<Row> IPVS_ROWS = ipvsRows();

  private static List<Row> ipvsRows() {
    List<Row> rows = new ArrayList<>();
    for (Row r : NETFILTER) {
      boolean nodeLocalVip = r.policy == Policy.ETP_LOCAL && r.via != Via.CLUSTER_IP && r.origin != Origin.EXTERNAL;
      rows.add(nodeLocalVip ? new Row(r.origin, r.via, r.policy, r.source, Eligible.LOCAL) : r);
    }
    return List.copyOf(rows);
  }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (String mode : List.of(IPTABLES, NFTABLES)) {
      NETFILTER.forEach(r -> out.add(Arguments.of(mode, r)));
    }
    IPVS_ROWS.forEach(r -> out.add(Arguments.of(IPVS, r)));
    return out.stream();
  }

  /** The two-node layout with one Service; one traffic source. */
  static DataPlaneTests.Yaml layout(String mode, Policy policy) {
    return DataPlaneTests.scenario("masquerade")
        .seed(11)
        .duration("4s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .pod("web-a", "node-a", "web")
        .pod("web-b", "node-b", "web")
        .pod("client", "node-a", "client")
        .service("web", "LoadBalancer", policy.etp, policy.itp, "web");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void masqueradeAndEligibleEndpoints(String mode, Row row) {
    DataPlaneTests.Yaml y = layout(mode, row.policy);
    if (row.via == Via.NODE_PORT) {
      y.traffic("t", row.origin.from, "web", row.via.word, "500/s", "nodes: [node-a]");
    } else {
      y.traffic("t", row.origin.from, "web", row.via.word, "500/s");
    }
    ServiceResult s = service(y.run(), "default/web");
    String ctx = mode + ", " + row + ": ";

    assertAllDelivered(s);
    ServiceResult.PathCount pc = path(s, row.via.path);
    assertEquals(s.delivered(), pc.delivered(), ctx + "expected every connection on path " + row.via.path + "; " + summary(s));
    switch (row.source) {
      case PRESERVED -> assertEquals(pc.delivered(), pc.sourceIpPreserved(),
          ctx + "expected the pods to see the client's own address on every connection (no SNAT); " + summary(s));
      case MASQUERADED -> assertEquals(0, pc.sourceIpPreserved(),
          ctx + "expected every connection SNATed to the node (sourceIpPreserved 0); " + summary(s));
      case ANY -> { }
    }
    long a = podConnections(s, "web-a");
    long b = podConnections(s, "web-b");
    boolean entersAtNodeA = row.origin != Origin.EXTERNAL || row.via == Via.NODE_PORT;
    switch (row.eligible) {
      case ALL -> {
        assertTrue(a > 0 && b > 0, ctx + "expected both endpoints (web-a, web-b) to get connections; " + summary(s));
        assertTrue(hops(s, 2) > 0, ctx + "expected some connections forwarded to the other node (nodeHops 2 > 0); " + summary(s));
      }
      case LOCAL -> {
        assertEquals(s.delivered(), hops(s, 1),
            ctx + "expected every connection served on the node it entered (nodeHops 1 == delivered); " + summary(s));
        if (entersAtNodeA) {
          assertEquals(0, b, ctx + "expected node-b's pod web-b to be ineligible (only node-a's local endpoint); " + summary(s));
        } else {
          assertTrue(a > 0 && b > 0, ctx + "expected the LB to reach both nodes' local endpoints; " + summary(s));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ masqueradeAll

  /**
   * masqueradeAll adds a mark rule matching the ClusterIP destination only (iptables/nftables
   * internal chain; the ipvs KUBE-CLUSTER-IP set): pod → ClusterIP is SNATed, while eTP=Local
   * traffic to the LB IP keeps its source, both from outside and (short-circuited in
   * iptables/nftables, local VS in ipvs) from pods.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS})
  void masqueradeAllSnatsPodToClusterIpOnly(String mode) {
    DataPlaneTests.Yaml y = layout(mode, Policy.ETP_LOCAL).masqueradeAll(true)
        .service("web2", "LoadBalancer", "Local", null, "web")
        .service("web3", "LoadBalancer", "Local", null, "web")
        .traffic("pod-cip", "pod/default/client", "web", "clusterIP", "500/s")
        .traffic("ext-lb", "external", "web2", "loadBalancer", "500/s")
        .traffic("pod-lb", "pod/default/client", "web3", "loadBalancer", "500/s");
    var r = y.run();

    ServiceResult cip = service(r, "default/web");
    assertAllDelivered(cip);
    assertEquals(0, path(cip, EntryPath.CLUSTER_IP).sourceIpPreserved(),
        mode + ": masqueradeAll, pod -> ClusterIP: expected every connection SNATed; " + summary(cip));

    ServiceResult ext = service(r, "default/web2");
    assertAllDelivered(ext);
    ServiceResult.PathCount e = path(ext, EntryPath.LOAD_BALANCER);
    assertEquals(e.delivered(), e.sourceIpPreserved(),
        mode + ": masqueradeAll, external -> LB eTP=Local: expected the client address kept (the rule matches"
            + " ClusterIP destinations only); " + summary(ext));

    ServiceResult podLb = service(r, "default/web3");
    assertAllDelivered(podLb);
    ServiceResult.PathCount p = path(podLb, EntryPath.LOAD_BALANCER);
    assertEquals(p.delivered(), p.sourceIpPreserved(),
        mode + ": masqueradeAll, pod -> LB eTP=Local: expected the pod's address kept; " + summary(podLb));
  }

  // ------------------------------------------------------------------------------ hairpin

  /**
   * A pod reaching its own Service and landing on itself is SNATed (iptables/nftables: the
   * {@code -s <epIP> -j KUBE-MARK-MASQ} rule in every endpoint chain; ipvs: KUBE-LOOP-BACK;
   * userspace: always), whichever way it entered — even through eTP=Local, which otherwise keeps
   * a pod's address. The Service has exactly that one pod.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {IPTABLES, NFTABLES, IPVS, USERSPACE})
  void hairpinToItselfIsMasqueraded(String mode) {
    DataPlaneTests.Yaml y = DataPlaneTests.scenario("hairpin")
        .seed(5)
        .duration("4s")
        .mode(mode)
        .node("node-a", "zone-1")
        .node("node-b", "zone-1")
        .pod("lonely", "node-a", "lonely")
        .service("self", "ClusterIP", null, null, "lonely")
        .service("self-lb", "LoadBalancer", "Local", null, "lonely")
        .traffic("to-self", "pod/default/lonely", "self", "clusterIP", "500/s")
        .traffic("to-self-lb", "pod/default/lonely", "self-lb", "loadBalancer", "500/s");
    var r = y.run();
    for (String key : List.of("default/self", "default/self-lb")) {
      ServiceResult s = service(r, key);
      assertAllDelivered(s);
      assertEquals(s.delivered(), podConnections(s, "lonely"),
          mode + ": expected every connection of " + key + " to land on the pod itself; " + summary(s));
      long preserved = s.byPath().values().stream().mapToLong(ServiceResult.PathCount::sourceIpPreserved).sum();
      assertEquals(0, preserved, mode + ": hairpin via " + key + ": expected every connection SNATed (sourceIpPreserved 0); "
          + summary(s));
    }
  }

  // ------------------------------------------------------------------------------ userspace

  /**
   * The userspace proxy terminates the client's connection and dials the pod itself (reference
   * section 5), so the pod never sees the client's address, even pod → ClusterIP; it predates
   * traffic policies, so iTP=Local still reaches every endpoint.
   */
  @org.junit.jupiter.api.Test
  void userspaceAlwaysHidesTheClientAndIgnoresInternalTrafficPolicy() {
    DataPlaneTests.Yaml y = layout(USERSPACE, Policy.ITP_LOCAL)
        .traffic("pod-cip", "pod/default/client", "web", "clusterIP", "500/s")
        .traffic("ext-np", "external", "web", "nodePort", "500/s", "nodes: [node-a]");
    ServiceResult s = service(y.run(), "default/web");
    assertAllDelivered(s);
    for (EntryPath p : List.of(EntryPath.CLUSTER_IP, EntryPath.NODE_PORT)) {
      assertEquals(0, path(s, p).sourceIpPreserved(), "userspace, " + p + ": expected the node's address on every"
          + " connection (sourceIpPreserved 0); " + summary(s));
    }
    assertTrue(podConnections(s, "web-a") > 0 && podConnections(s, "web-b") > 0,
        "userspace with iTP=Local: expected both endpoints used (policies are ignored); " + summary(s));
  }
}
