package dev.svcsim.models.dataplane;

import dev.svcsim.models.net.Ipv4Address;

/**
 * One endpoint of a Service port as an EndpointSlice publishes it: an address, a port, the node
 * it runs on and its conditions. Immutable; a new snapshot is made whenever anything changes.
 *
 * <p>Conditions follow kube-proxy's reading (pkg/proxy/endpointslicecache.go): {@code ready},
 * {@code serving}, {@code terminating}. An endpoint with no node ({@link #node} null) is never
 * local to any node.
 */
final class Endpoint {

  final Ipv4Address ip;
  final int port;
  /** The node it runs on, or null (an external backend, or an address with no nodeName). */
  final NodeState node;
  /** Its zone ("" when unknown); from the node for pods, from the slice for manual endpoints. */
  final String zone;
  final boolean ready;
  final boolean serving;
  final boolean terminating;
  /** The pod behind it, or null for an address outside the cluster. */
  final PodState pod;
  /** {@code ip:port}, the string kube-proxy sorts endpoints by. */
  final String key;

  Endpoint(Ipv4Address ip, int port, NodeState node, String zone, boolean ready, boolean serving,
      boolean terminating, PodState pod) {
    this.ip = ip;
    this.port = port;
    this.node = node;
    this.zone = zone;
    this.ready = ready;
    this.serving = serving;
    this.terminating = terminating;
    this.pod = pod;
    this.key = ip + ":" + port;
  }

  /** kube-proxy's {@code IsServing() && IsTerminating()}: usable only as a fallback. */
  boolean servingTerminating() {
    return serving && terminating;
  }

  boolean isLocalTo(NodeState n) {
    return node != null && node == n;
  }

  @Override
  public String toString() {
    return key + (ready ? "" : " notReady") + (terminating ? " terminating" : "")
        + (node == null ? "" : " @" + node.node.name());
  }
}
