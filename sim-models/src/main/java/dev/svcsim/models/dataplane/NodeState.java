package dev.svcsim.models.dataplane;

import dev.svcsim.models.cluster.Node;

/** A node while the run goes on: up or failed, cordoned or not, and its kube-proxy. */
final class NodeState {

  final Node node;
  final int index;
  final int ipBits;
  /** False from failNode until recoverNode: nothing on the node answers. */
  boolean up = true;
  /** Cordoned by drainNode: the scheduler places no new pod here. */
  boolean cordoned;
  /** True once the control plane has noticed a failure (after nodeMonitorGracePeriod). */
  boolean markedNotReady;
  /** Bumped on every failure, so that stale "grace period over" events can tell. */
  int failures;
  /** This node's kube-proxy. */
  KubeProxy proxy;
  /** Pods placed here and not yet deleted (for the scheduler's per-node limit). */
  int podCount;
  /** Pod IPs in use on this node. */
  final java.util.HashSet<Integer> usedIps = new java.util.HashSet<>();
  /** Where the next pod IP search starts (index into the node's pod CIDR). */
  long nextIpIndex = 2;
  /** Open connections that entered here and were forwarded to a pod on another node. */
  Connection forwardedHead;

  NodeState(Node node, int index) {
    this.node = node;
    this.index = index;
    this.ipBits = node.ip().bits();
  }

  String name() {
    return node.name();
  }

  @Override
  public String toString() {
    return node.name();
  }
}
