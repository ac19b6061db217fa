package dev.svcsim.models.dataplane;

import dev.svcsim.models.result.FailureReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MetalLB, which does not probe health but steers traffic by where it announces the VIP. A node
 * may announce while its speaker is known to be alive and, under externalTrafficPolicy Local,
 * while it has a local Ready endpoint. Speakers notice a failed node after
 * {@code healthCheck.interval x unhealthyThreshold} (memberlist-style detection, configured with
 * the same fields as cloud health checks) and a recovered one after one interval.
 *
 * <ul>
 *   <li><b>Layer 2</b>: one leader per VIP receives all traffic: the first eligible node when
 *       sorted by a hash of node name and VIP. Failover happens when the leader's failure is
 *       noticed; until then connections to the VIP fail ({@code nodeDown}).
 *   <li><b>BGP</b>: every eligible node is a next hop and the router spreads connections by a
 *       hash of their 5-tuple modulo the number of next hops. When the set of next hops changes
 *       the hashes move, and open connections re-hashed to another node break
 *       ({@code ecmpRehash}): that node has no conntrack entry for them.
 * </ul>
 */
final class MetalLbLoadBalancer extends LoadBalancer {

  private final boolean bgp;
  private final boolean[] knownAlive;
  private final long[] pendingDetection;
  private NodeState[] nextHops;
  /** Open connections that came through this VIP (BGP), for re-hashing. */
  Connection head;

  MetalLbLoadBalancer(DataPlaneRun run, ServiceState service, boolean bgp) {
    super(run, service);
    this.bgp = bgp;
    knownAlive = new boolean[run.nodes.length];
    pendingDetection = new long[run.nodes.length];
    for (int i = 0; i < knownAlive.length; i++) {
      knownAlive[i] = run.nodes[i].up;
    }
    nextHops = eligible();
  }

  private NodeState[] eligible() {
    boolean local = localPolicy();
    List<NodeState> out = new ArrayList<>();
    for (NodeState n : run.nodes) {
      if (knownAlive[n.index] && (!local || hasLocalReadyEndpoint(n))) {
        out.add(n);
      }
    }
    if (bgp) {
      out.sort(Comparator.comparing(NodeState::name));
    } else {
      String vip = service.service.loadBalancerIPs().isEmpty() ? "" : service.service.loadBalancerIPs().get(0).toString();
      out.sort(Comparator.comparingLong((NodeState n) -> IpvsProxy.mix((n.name() + "#" + vip).hashCode()))
          .thenComparing(NodeState::name));
    }
    return out.toArray(new NodeState[0]);
  }

  @Override
  FailureReason route(Connection c) {
    if (nextHops.length == 0) {
      return FailureReason.LB_NO_HEALTHY_TARGET;
    }
    if (!bgp) {
      chosen = nextHops[0];
      return null;
    }
    c.flowHash = IpvsProxy.mix(((long) c.clientIp << 32) ^ ((long) c.clientPort << 16) ^ c.port.index);
    chosen = nextHops[(int) Long.remainderUnsigned(c.flowHash, nextHops.length)];
    c.loadBalancer = this;
    c.lbNext = head;
    if (head != null) {
      head.lbPrev = c;
    }
    head = c;
    return null;
  }

  @Override
  void explain(Connection c, List<String> lines) {
    boolean local = localPolicy();
    StringBuilder hops = new StringBuilder();
    for (NodeState n : nextHops) {
      hops.append(hops.length() == 0 ? "" : ", ").append(n.name());
    }
    String eligible = "a node announces while its speaker is known alive" + (local ? " and it has a local Ready endpoint (Local policy)" : "");
    if (!bgp) {
      lines.add("MetalLB layer 2: one node answers ARP for the VIP and receives all its traffic; " + eligible);
      lines.add(nextHops.length == 0 ? "no node may announce: nowhere to send the connection"
          : "announcing (leader): " + nextHops[0].name() + " (order of eligible nodes by hash of node and VIP: " + hops + ")");
    } else {
      lines.add("MetalLB BGP: every eligible node is an equal-cost next hop; the router hashes the 5-tuple; " + eligible);
      lines.add(nextHops.length == 0 ? "no next hop: nowhere to send the connection"
          : "next hops: " + hops + "; flow hash mod " + nextHops.length + " = "
              + Long.remainderUnsigned(c.flowHash, nextHops.length) + " -> " + chosen.name());
    }
  }

  @Override
  void closed(Connection c) {
    if (c.lbPrev != null) {
      c.lbPrev.lbNext = c.lbNext;
    } else if (head == c) {
      head = c.lbNext;
    }
    if (c.lbNext != null) {
      c.lbNext.lbPrev = c.lbPrev;
    }
    c.lbPrev = c.lbNext = null;
    c.loadBalancer = null;
  }

  @Override
  void changed() {
    NodeState[] now = eligible();
    if (java.util.Arrays.equals(now, nextHops)) {
      return;
    }
    nextHops = now;
    if (!bgp) {
      return;
    }
    List<Connection> broken = new ArrayList<>();
    for (Connection c = head; c != null; c = c.lbNext) {
      NodeState to = now.length == 0 ? null : now[(int) Long.remainderUnsigned(c.flowHash, now.length)];
      if (to != c.entryNode) {
        broken.add(c);
      }
    }
    for (Connection c : broken) {
      run.fail(c, FailureReason.ECMP_REHASH);
    }
  }

  @Override
  void nodeFailed(NodeState node) {
    run.sim.cancel(pendingDetection[node.index]);
    var lb = run.scenario.loadBalancer();
    pendingDetection[node.index] = run.sim.schedule(lb.healthCheckIntervalNanos() * lb.unhealthyThreshold(),
        i -> {
          knownAlive[(int) i] = false;
          changed();
        }, node.index);
  }

  @Override
  void nodeRecovered(NodeState node) {
    run.sim.cancel(pendingDetection[node.index]);
    pendingDetection[node.index] = run.sim.schedule(run.scenario.loadBalancer().healthCheckIntervalNanos(),
        i -> {
          knownAlive[(int) i] = true;
          changed();
        }, node.index);
  }

  @Override
  void stop() {
    for (long id : pendingDetection) {
      run.sim.cancel(id);
    }
  }
}
