package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;
import dev.svcsim.models.scenario.EntryPath;
import dev.svcsim.models.service.Service;
import dev.svcsim.models.service.SessionAffinity;

/**
 * The iptables and nftables modes. Both program the same decisions (pkg/proxy/iptables and
 * pkg/proxy/nftables {@code syncProxyRules}); they differ in how the random pick is written —
 * iptables chains {@code -m statistic --probability 1/(n-i)} rules, nftables uses one
 * {@code numgen random mod n} verdict map — and both give each endpoint exactly 1/n per new
 * connection, which is what this class draws. Affinity ({@code recent} lists in iptables,
 * per-endpoint sets in nftables) is checked before the random pick, in endpoint order.
 *
 * <p>Decisions, per the reference's masquerade matrix: ClusterIP traffic uses
 * internalTrafficPolicy and is masqueraded when {@code masqueradeAll} is set or its source is
 * outside the pod network; NodePort, LB and externalIP traffic uses externalTrafficPolicy:
 * Cluster masquerades, Local keeps the source and uses local endpoints only — except that
 * traffic from pods (source in the pod network) and from this node itself is short-circuited to
 * the cluster endpoints (pods without masquerade, the node with). A pod reaching itself is
 * always masqueraded (hairpin). No usable endpoint at all: REJECT; a Local policy with none
 * local: DROP. A pod on another node that dials this node's NodePort under eTP=Local is
 * short-circuited too, without SNAT, so only an endpoint on this node can answer it: a reply
 * from any other pod bypasses this node's conntrack and is discarded
 * ({@link FailureReason#REPLY_DISCARDED}, kubernetes/kubernetes#74383).
 */
final class NetfilterProxy extends KubeProxy {

  private AffinityTable[] affinity = new AffinityTable[4];

  private final boolean nftables;

  NetfilterProxy(DataPlaneRun run, NodeState node) {
    super(run, node);
    this.nftables = run.scenario.cluster().kubeProxy().mode() == dev.svcsim.models.scenario.ProxyMode.NFTABLES;
  }

  @Override
  FailureReason connect(Connection c, PortState p, EntryPath kind) {
    Choice ch = choose(c, p, kind);
    if (ch.refused() != null) {
      return traced(c, p, kind, ch, null, false, "", ch.refused());
    }
    Endpoint e = pick(c, p, p.publishedService, ch.list());
    boolean masquerade = ch.masquerade();
    String why = ch.masqueradeWhy();
    if (e.ip.bits() == c.clientIp) {
      masquerade = true;
      why = HAIRPIN;
    }
    if (!masquerade && e.node != node && !fromThisNode(c) && fromPodNetwork(c)) {
      // A pod on another node short-circuited here without SNAT: the pod's reply goes straight
      // back to the client pod, bypassing this node's conntrack, and is discarded
      // (kubernetes/kubernetes#74383).
      return traced(c, p, kind, ch, e, false, why, FailureReason.REPLY_DISCARDED);
    }
    c.endpoint = e;
    c.seenSourceIp = masquerade ? node.ipBits : c.clientIp;
    return traced(c, p, kind, ch, e, masquerade, why, null);
  }

  /**
   * The rules' decision for a new connection before the random pick: which endpoints, whether
   * to masquerade, or why the connection is refused.
   */
  private Choice choose(Connection c, PortState p, EntryPath kind) {
    if (!proxied(p)) {
      return choice.refuse(FailureReason.NO_ENDPOINTS);
    }
    Service s = p.publishedService;
    EndpointCategorizer.Categorized r = rules(p);
    // nftables checks source ranges in a filter chain before DNAT (firewall-ips, priority -110),
    // ahead of the no-endpoints verdicts; iptables writes its KUBE-FW chain only when the
    // Service has endpoints, so without any the REJECT comes first
    if (nftables && !sourceRangeAllows(s, kind, c, node)) {
      return choice.refuse(FailureReason.SOURCE_RANGE_BLOCKED);
    }
    if (!r.hasAnyEndpoints()) {
      return choice.refuse(FailureReason.NO_ENDPOINTS);
    }
    if (!sourceRangeAllows(s, kind, c, node)) {
      return choice.refuse(FailureReason.SOURCE_RANGE_BLOCKED);
    }
    Choice ch;
    if (kind == EntryPath.CLUSTER_IP) {
      boolean local = s.internalPolicyLocal();
      Endpoint[] list = local ? r.local() : r.cluster();
      if (list.length == 0) {
        return choice.refuse(local ? FailureReason.NO_LOCAL_ENDPOINTS : FailureReason.NO_ENDPOINTS);
      }
      boolean masquerade = run.masqueradeAll || !fromPodNetwork(c);
      ch = choice.set(list, local ? "local (internalTrafficPolicy: Local)" : "cluster", masquerade,
          run.masqueradeAll ? "masqueradeAll: every ClusterIP connection is masqueraded"
              : masquerade ? "the source is outside the pod network, so the ClusterIP rule marks it for masquerade"
              : "the source is a pod (inside the pod network): no SNAT");
    } else if (!s.externalPolicyLocal()) {
      ch = choice.set(r.cluster(), "cluster (externalTrafficPolicy: Cluster)", true,
          "externalTrafficPolicy Cluster: KUBE-EXT marks every connection for masquerade");
    } else if (fromPodNetwork(c)) {
      ch = choice.set(r.cluster(), "cluster (short-circuit: the source is a pod)", false,
          "externalTrafficPolicy Local short-circuits pod traffic to the cluster endpoints without SNAT");
    } else if (fromThisNode(c)) {
      ch = choice.set(r.cluster(), "cluster (short-circuit: the source is this node)", true,
          "externalTrafficPolicy Local: traffic from the node's own address goes to the cluster endpoints, masqueraded");
    } else {
      if (r.local().length == 0) {
        return choice.refuse(FailureReason.NO_LOCAL_ENDPOINTS);
      }
      ch = choice.set(r.local(), "local (externalTrafficPolicy: Local)", false,
          "externalTrafficPolicy Local: no SNAT, the pod sees the client's own address");
    }
    return ch.list().length == 0 ? choice.refuse(FailureReason.NO_ENDPOINTS) : ch;
  }

  private Endpoint pick(Connection c, PortState p, Service s, Endpoint[] list) {
    if (s.sessionAffinity() != SessionAffinity.CLIENT_IP) {
      return list.length == 1 ? list[0] : list[rng.nextInt(list.length)];
    }
    AffinityTable t = affinityTable(p, s);
    long now = run.sim.nowNanos();
    Endpoint e = t.lookup(c.clientIp, list, now);
    if (c.traced) {
      pickNote = e != null
          ? "session affinity: this client was sent to " + e.key + " less than " + s.affinityTimeoutSeconds()
              + " s ago, so the recent-list rule sends it there again"
          : "session affinity: no live entry for this client (none within " + s.affinityTimeoutSeconds()
              + " s), so a random pick, then recorded";
    }
    if (e == null) {
      e = list.length == 1 ? list[0] : list[rng.nextInt(list.length)];
    }
    t.set(c.clientIp, e, now);
    return e;
  }

  /** The port's affinity table, created anew when the Service's affinity settings change. */
  private AffinityTable affinityTable(PortState p, Service s) {
    if (p.index >= affinity.length) {
      int n = Math.max(p.index + 1, affinity.length * 2);
      affinity = java.util.Arrays.copyOf(affinity, n);
    }
    AffinityTable t = affinity[p.index];
    long timeout = s.affinityTimeoutSeconds() * 1_000_000_000L;
    if (t == null || t.timeoutNanos() != timeout) {
      t = new AffinityTable(timeout, run.scenario.cluster().kubeProxy().mode() == dev.svcsim.models.scenario.ProxyMode.NFTABLES);
      affinity[p.index] = t;
    }
    return t;
  }
}
